//! Server responses and batches: write results mapped back to source lines, batches narrowed
//! or halved for retries, Kuzzle errors, search pages to dump lines. `fooSync` / `foo` pairs.

use crate::convert::{batch, value, Js, JsOut};
use crate::tasks::{run, spawn, Op};
use kuzzle_dump_core::api::{self, BatchView, Page, PageFormat};
use kuzzle_dump_core::response::{self, ApiError, WriteResult};
use napi::bindgen_prelude::{AbortSignal, AsyncTask, Env, Uint8Array, Unknown};
use napi_derive::napi;

/// Reads a Kuzzle `bulk:mWrite` response for `batch`: counts, the source lines of refused
/// documents, and one `documents-errors.jsonl` line per refused document.
#[napi(
    catch_unwind,
    ts_args_type = "response: Uint8Array, batch: BatchInput",
    ts_return_type = "WriteOutput"
)]
pub fn mwrite_result_sync(env: Env, response: Uint8Array, batch_: Unknown) -> napi::Result<JsOut<WriteResult>> {
    run(&env, || api::mwrite_result(&response, &batch(&env, batch_)?).map(JsOut))
}

/// Async `mwriteResultSync`.
#[napi(
    ts_args_type = "response: Uint8Array, batch: BatchInput, signal?: AbortSignal",
    ts_return_type = "Promise<WriteOutput>"
)]
pub fn mwrite_result(
    env: Env,
    response: Uint8Array,
    batch_: Unknown,
    signal: Option<AbortSignal>,
) -> AsyncTask<Op<JsOut<WriteResult>>> {
    let b = batch(&env, batch_);
    spawn(signal, move || api::mwrite_result(&response, &b?).map(JsOut))
}

/// Reads an Elasticsearch `_bulk` response for `batch`, like `mwriteResultSync`.
#[napi(
    catch_unwind,
    ts_args_type = "response: Uint8Array, batch: BatchInput",
    ts_return_type = "WriteOutput"
)]
pub fn es_bulk_result_sync(env: Env, response: Uint8Array, batch_: Unknown) -> napi::Result<JsOut<WriteResult>> {
    run(&env, || {
        api::es_bulk_result(&response, &batch(&env, batch_)?).map(JsOut)
    })
}

/// Async `esBulkResultSync`.
#[napi(
    ts_args_type = "response: Uint8Array, batch: BatchInput, signal?: AbortSignal",
    ts_return_type = "Promise<WriteOutput>"
)]
pub fn es_bulk_result(
    env: Env,
    response: Uint8Array,
    batch_: Unknown,
    signal: Option<AbortSignal>,
) -> AsyncTask<Op<JsOut<WriteResult>>> {
    let b = batch(&env, batch_);
    spawn(signal, move || api::es_bulk_result(&response, &b?).map(JsOut))
}

/// The documents of `batch` at `positions`, as a new batch.
#[napi(
    catch_unwind,
    ts_args_type = "kind: BatchKind, batch: BatchInput, positions: number[]",
    ts_return_type = "Batch"
)]
pub fn select_batch_sync(
    env: Env,
    kind: String,
    batch_: Unknown,
    positions: Vec<u32>,
) -> napi::Result<JsOut<BatchView>> {
    run(&env, || {
        api::select_batch(&kind, &batch(&env, batch_)?, &positions).map(JsOut)
    })
}

/// Async `selectBatchSync`.
#[napi(
    ts_args_type = "kind: BatchKind, batch: BatchInput, positions: number[], signal?: AbortSignal",
    ts_return_type = "Promise<Batch>"
)]
pub fn select_batch(
    env: Env,
    kind: String,
    batch_: Unknown,
    positions: Vec<u32>,
    signal: Option<AbortSignal>,
) -> AsyncTask<Op<JsOut<BatchView>>> {
    let b = batch(&env, batch_);
    spawn(signal, move || api::select_batch(&kind, &b?, &positions).map(JsOut))
}

/// `batch` cut in two halves (after a 413).
#[napi(
    catch_unwind,
    ts_args_type = "kind: BatchKind, batch: BatchInput",
    ts_return_type = "[Batch, Batch]"
)]
pub fn halve_batch_sync(env: Env, kind: String, batch_: Unknown) -> napi::Result<JsOut<Vec<BatchView>>> {
    run(&env, || api::halve_batch(&kind, &batch(&env, batch_)?).map(JsOut))
}

/// Async `halveBatchSync`.
#[napi(
    ts_args_type = "kind: BatchKind, batch: BatchInput, signal?: AbortSignal",
    ts_return_type = "Promise<[Batch, Batch]>"
)]
pub fn halve_batch(
    env: Env,
    kind: String,
    batch_: Unknown,
    signal: Option<AbortSignal>,
) -> AsyncTask<Op<JsOut<Vec<BatchView>>>> {
    let b = batch(&env, batch_);
    spawn(signal, move || api::halve_batch(&kind, &b?).map(JsOut))
}

/// The error of a Kuzzle response, or `null`.
#[napi(catch_unwind, ts_return_type = "ApiError | null")]
pub fn kuzzle_error_sync(env: Env, response: Uint8Array) -> napi::Result<Js<Option<ApiError>>> {
    run(&env, || response::kuzzle_error(&response).map(Js))
}

/// Async `kuzzleErrorSync`.
#[napi(ts_return_type = "Promise<ApiError | null>")]
pub fn kuzzle_error(response: Uint8Array, signal: Option<AbortSignal>) -> AsyncTask<Op<Js<Option<ApiError>>>> {
    spawn(signal, move || response::kuzzle_error(&response).map(Js))
}

/// A Kuzzle search or scroll response to dump lines.
#[napi(
    catch_unwind,
    ts_args_type = "response: Uint8Array, format: PageFormat",
    ts_return_type = "PageOutput"
)]
pub fn kuzzle_page_sync(env: Env, response: Uint8Array, format: Unknown) -> napi::Result<JsOut<Page>> {
    run(&env, || {
        api::kuzzle_page(&response, value::<PageFormat>(&env, "format", format)?).map(JsOut)
    })
}

/// Async `kuzzlePageSync`.
#[napi(
    ts_args_type = "response: Uint8Array, format: PageFormat, signal?: AbortSignal",
    ts_return_type = "Promise<PageOutput>"
)]
pub fn kuzzle_page(
    env: Env,
    response: Uint8Array,
    format: Unknown,
    signal: Option<AbortSignal>,
) -> AsyncTask<Op<JsOut<Page>>> {
    let f = value::<PageFormat>(&env, "format", format);
    spawn(signal, move || api::kuzzle_page(&response, f?).map(JsOut))
}

/// An Elasticsearch search or scroll response to dump lines.
#[napi(
    catch_unwind,
    ts_args_type = "response: Uint8Array, format: PageFormat",
    ts_return_type = "PageOutput"
)]
pub fn es_page_sync(env: Env, response: Uint8Array, format: Unknown) -> napi::Result<JsOut<Page>> {
    run(&env, || {
        api::es_page(&response, value::<PageFormat>(&env, "format", format)?).map(JsOut)
    })
}

/// Async `esPageSync`.
#[napi(
    ts_args_type = "response: Uint8Array, format: PageFormat, signal?: AbortSignal",
    ts_return_type = "Promise<PageOutput>"
)]
pub fn es_page(
    env: Env,
    response: Uint8Array,
    format: Unknown,
    signal: Option<AbortSignal>,
) -> AsyncTask<Op<JsOut<Page>>> {
    let f = value::<PageFormat>(&env, "format", format);
    spawn(signal, move || api::es_page(&response, f?).map(JsOut))
}
