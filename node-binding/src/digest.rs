//! Per-document digests for `verify` (core `digest`): `fooSync` / `foo` pairs.

use crate::convert::{options, Js, JsOut};
use crate::tasks::{run, spawn, Op};
use kuzzle_dump_core::digest::{self, CompareOptions, DigestDiff, DigestLinesOptions, LineDigests, PageDigests};
use napi::bindgen_prelude::{AbortSignal, AsyncTask, Env, Uint8Array, Unknown};
use napi_derive::napi;

/// Digests the whole lines of a `documents.jsonl` chunk.
#[napi(
    catch_unwind,
    ts_args_type = "chunk: Uint8Array, opts?: DigestLinesOptions",
    ts_return_type = "LineDigests"
)]
pub fn digest_lines_sync(env: Env, chunk: Uint8Array, opts: Option<Unknown>) -> napi::Result<JsOut<LineDigests>> {
    run(&env, || digest::digest_lines(&chunk, &options(&env, opts)?).map(JsOut))
}

/// Async `digestLinesSync`.
#[napi(
    ts_args_type = "chunk: Uint8Array, opts?: DigestLinesOptions, signal?: AbortSignal",
    ts_return_type = "Promise<LineDigests>"
)]
pub fn digest_lines(
    env: Env,
    chunk: Uint8Array,
    opts: Option<Unknown>,
    signal: Option<AbortSignal>,
) -> AsyncTask<Op<JsOut<LineDigests>>> {
    let o = options::<DigestLinesOptions>(&env, opts);
    spawn(signal, move || digest::digest_lines(&chunk, &o?).map(JsOut))
}

/// Digests the hits of a Kuzzle search or scroll response.
#[napi(catch_unwind, ts_args_type = "response: Uint8Array", ts_return_type = "PageDigests")]
pub fn digest_kuzzle_page_sync(env: Env, response: Uint8Array) -> napi::Result<JsOut<PageDigests>> {
    run(&env, || digest::digest_kuzzle_page(&response).map(JsOut))
}

/// Async `digestKuzzlePageSync`.
#[napi(
    ts_args_type = "response: Uint8Array, signal?: AbortSignal",
    ts_return_type = "Promise<PageDigests>"
)]
pub fn digest_kuzzle_page(response: Uint8Array, signal: Option<AbortSignal>) -> AsyncTask<Op<JsOut<PageDigests>>> {
    spawn(signal, move || digest::digest_kuzzle_page(&response).map(JsOut))
}

/// Compares a dump's digests with the live ones.
#[napi(
    catch_unwind,
    ts_args_type = "expected: Uint8Array, actual: Uint8Array, opts?: CompareDigestsOptions",
    ts_return_type = "DigestDiff"
)]
pub fn compare_digests_sync(
    env: Env,
    expected: Uint8Array,
    actual: Uint8Array,
    opts: Option<Unknown>,
) -> napi::Result<Js<DigestDiff>> {
    run(&env, || {
        digest::compare_digests(&expected, &actual, &options::<CompareOptions>(&env, opts)?).map(Js)
    })
}

/// Async `compareDigestsSync`.
#[napi(
    ts_args_type = "expected: Uint8Array, actual: Uint8Array, opts?: CompareDigestsOptions, signal?: AbortSignal",
    ts_return_type = "Promise<DigestDiff>"
)]
pub fn compare_digests(
    env: Env,
    expected: Uint8Array,
    actual: Uint8Array,
    opts: Option<Unknown>,
    signal: Option<AbortSignal>,
) -> AsyncTask<Op<Js<DigestDiff>>> {
    let o = options::<CompareOptions>(&env, opts);
    spawn(signal, move || digest::compare_digests(&expected, &actual, &o?).map(Js))
}
