//! Server responses and batches: write results mapped back to source lines, batches narrowed
//! or halved for retries, Kuzzle errors, search pages to dump lines. The facade adds each
//! async `foo` around `fooSync`.

use crate::convert::{batch, out, result, value};
use kuzzle_dump_core::api::{self, PageFormat};
use kuzzle_dump_core::response;
use wasm_bindgen::prelude::*;

/// Reads a Kuzzle `bulk:mWrite` response for `batch`.
#[wasm_bindgen(js_name = mwriteResultSync)]
pub fn mwrite_result_sync(response: &[u8], batch_: JsValue) -> Result<JsValue, JsValue> {
    out(batch(&batch_).and_then(|b| api::mwrite_result(response, &b)))
}

/// Reads an Elasticsearch `_bulk` response for `batch`.
#[wasm_bindgen(js_name = esBulkResultSync)]
pub fn es_bulk_result_sync(response: &[u8], batch_: JsValue) -> Result<JsValue, JsValue> {
    out(batch(&batch_).and_then(|b| api::es_bulk_result(response, &b)))
}

/// The documents of `batch` at `positions`, as a new batch.
#[wasm_bindgen(js_name = selectBatchSync)]
pub fn select_batch_sync(kind: &str, batch_: JsValue, positions: Vec<u32>) -> Result<JsValue, JsValue> {
    out(batch(&batch_).and_then(|b| api::select_batch(kind, &b, &positions)))
}

/// `batch` cut in two halves.
#[wasm_bindgen(js_name = halveBatchSync)]
pub fn halve_batch_sync(kind: &str, batch_: JsValue) -> Result<JsValue, JsValue> {
    out(batch(&batch_).and_then(|b| api::halve_batch(kind, &b)))
}

/// The error of a Kuzzle response, or `null`.
#[wasm_bindgen(js_name = kuzzleErrorSync)]
pub fn kuzzle_error_sync(response: &[u8]) -> Result<JsValue, JsValue> {
    result(response::kuzzle_error(response))
}

/// A Kuzzle search or scroll response to dump lines.
#[wasm_bindgen(js_name = kuzzlePageSync)]
pub fn kuzzle_page_sync(response: &[u8], format: JsValue) -> Result<JsValue, JsValue> {
    out(value::<PageFormat>("format", format).and_then(|f| api::kuzzle_page(response, f)))
}

/// An Elasticsearch search or scroll response to dump lines.
#[wasm_bindgen(js_name = esPageSync)]
pub fn es_page_sync(response: &[u8], format: JsValue) -> Result<JsValue, JsValue> {
    out(value::<PageFormat>("format", format).and_then(|f| api::es_page(response, f)))
}
