//! Per-document digests for `verify` (core `digest`). The facade adds each async `foo` around
//! `fooSync`.

use crate::convert::{options, out, result};
use kuzzle_dump_core::digest;
use wasm_bindgen::prelude::*;

/// Digests the whole lines of a `documents.jsonl` chunk.
#[wasm_bindgen(js_name = digestLinesSync)]
pub fn digest_lines_sync(chunk: &[u8], opts: JsValue) -> Result<JsValue, JsValue> {
    out(options(opts).and_then(|o| digest::digest_lines(chunk, &o)))
}

/// Digests the hits of a Kuzzle search or scroll response.
#[wasm_bindgen(js_name = digestKuzzlePageSync)]
pub fn digest_kuzzle_page_sync(response: &[u8]) -> Result<JsValue, JsValue> {
    out(digest::digest_kuzzle_page(response))
}

/// Compares a dump's digests with the live ones.
#[wasm_bindgen(js_name = compareDigestsSync)]
pub fn compare_digests_sync(expected: &[u8], actual: &[u8], opts: JsValue) -> Result<JsValue, JsValue> {
    result(options(opts).and_then(|o| digest::compare_digests(expected, actual, &o)))
}
