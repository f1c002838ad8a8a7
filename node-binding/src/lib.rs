//! Node-API addon of kuzzle-dump: every operation is a `fooSync` / `foo` pair over one core
//! call (STYLE §4.1). This file only declares them; conversions are in `convert`, scheduling in
//! `tasks`, error mapping in `error`. The public types are `js/index.d.ts`.

mod convert;
mod converter;
mod digest;
mod dump_reader;
mod error;
mod exporter;
mod files;
mod line_splitter;
mod pipeline;
mod responses;
mod tasks;
mod viewer;

use convert::{options, Js, WithData};
use kuzzle_dump_core::ops::{self, JsonCheck, NameCheck, PhysicalName};
use kuzzle_dump_core::options::JsonValidateOptions;
use kuzzle_dump_core::DumpError;
use napi::bindgen_prelude::{AbortSignal, AsyncTask, Env, Uint8Array, Unknown};
use napi_derive::napi;
use tasks::{run, spawn, Op};

pub use converter::Converter;
pub use digest::*;
pub use dump_reader::DumpReader;
pub use exporter::{Exporter, SecurityExporter};
pub use files::*;
pub use line_splitter::LineSplitter;
pub use pipeline::Pipeline;
pub use responses::*;
pub use viewer::*;

/// Checks an index name against Kuzzle's rules.
#[napi(catch_unwind, ts_return_type = "NameCheck")]
pub fn check_index_name_sync(env: Env, name: String) -> napi::Result<Js<NameCheck>> {
    run(&env, || Ok(Js(ops::check_index_name(&name))))
}

/// Async `checkIndexNameSync`.
#[napi(ts_return_type = "Promise<NameCheck>")]
pub fn check_index_name(name: String, signal: Option<AbortSignal>) -> AsyncTask<Op<Js<NameCheck>>> {
    spawn(signal, move || Ok(Js(ops::check_index_name(&name))))
}

/// Checks a collection name against Kuzzle's rules.
#[napi(catch_unwind, ts_return_type = "NameCheck")]
pub fn check_collection_name_sync(env: Env, name: String) -> napi::Result<Js<NameCheck>> {
    run(&env, || Ok(Js(ops::check_collection_name(&name))))
}

/// Async `checkCollectionNameSync`.
#[napi(ts_return_type = "Promise<NameCheck>")]
pub fn check_collection_name(name: String, signal: Option<AbortSignal>) -> AsyncTask<Op<Js<NameCheck>>> {
    spawn(signal, move || Ok(Js(ops::check_collection_name(&name))))
}

/// Takes a physical index name apart; `null` for names that are not Kuzzle's.
#[napi(catch_unwind, ts_return_type = "PhysicalName | null")]
pub fn parse_physical_name_sync(env: Env, name: String) -> napi::Result<Js<Option<PhysicalName>>> {
    run(&env, || Ok(Js(ops::parse_physical_name(&name))))
}

/// Async `parsePhysicalNameSync`.
#[napi(ts_return_type = "Promise<PhysicalName | null>")]
pub fn parse_physical_name(name: String, signal: Option<AbortSignal>) -> AsyncTask<Op<Js<Option<PhysicalName>>>> {
    spawn(signal, move || Ok(Js(ops::parse_physical_name(&name))))
}

/// Checks that the bytes are one JSON value; problems are returned, not thrown.
#[napi(catch_unwind, ts_return_type = "JsonCheck")]
pub fn json_validate_sync(
    env: Env,
    bytes: Uint8Array,
    #[napi(ts_arg_type = "JsonValidateOptions")] opts: Option<Unknown>,
) -> napi::Result<Js<JsonCheck>> {
    run(&env, || {
        let opts: JsonValidateOptions = options(&env, opts)?;
        Ok(Js(ops::json_validate(&bytes, &opts)))
    })
}

/// Async `jsonValidateSync`, on the libuv thread pool.
#[napi(catch_unwind, ts_return_type = "Promise<JsonCheck>")]
pub fn json_validate(
    env: Env,
    bytes: Uint8Array,
    #[napi(ts_arg_type = "JsonValidateOptions")] opts: Option<Unknown>,
    signal: Option<AbortSignal>,
) -> AsyncTask<Op<Js<JsonCheck>>> {
    // Options are read here, on the JS thread (a bad one rejects, it does not throw); the bytes
    // stay in the caller's buffer, not copied, and must not change until the promise settles.
    let opts = options::<JsonValidateOptions>(&env, opts);
    spawn(signal, move || Ok(Js(ops::json_validate(&bytes, &opts?))))
}

/// Fails on purpose so the JS suite can check error mapping on both backends: `data` (a data
/// error with a location), `options`, `panic`. Internal: not re-exported by `js/index.js`.
#[allow(clippy::panic)] // the point: prove that a panic reaches JS as an INTERNAL error
fn test_failure(what: &str) -> kuzzle_dump_core::Result<NameCheck> {
    match what {
        "data" => Err(
            DumpError::data(kuzzle_dump_core::Code::JsonSyntax, "expected ',' or '}'", 3, 7)
                .in_file(Some("idx/col/documents.jsonl")),
        ),
        "panic" => std::panic::panic_any(format!("deliberate panic ({what})")),
        _ => Err(DumpError::InvalidOptions(format!("unknown failure {what:?}"))),
    }
}

/// Internal: see `test_failure`.
#[napi(js_name = "__testFailureSync", catch_unwind, ts_return_type = "never")]
pub fn test_failure_sync(env: Env, what: String) -> napi::Result<Js<NameCheck>> {
    run(&env, || test_failure(&what).map(Js))
}

/// Internal: see `test_failure`.
#[napi(js_name = "__testFailure", ts_return_type = "Promise<never>")]
pub fn test_failure_async(what: String) -> AsyncTask<Op<Js<NameCheck>>> {
    spawn(None, move || test_failure(&what).map(Js))
}

/// What `__echo` returns besides the bytes.
#[derive(serde::Serialize)]
pub struct Echo {
    /// Bytes received.
    pub length: usize,
}

/// Internal: returns a copy of the bytes as `data` (and their `length`), so the JS suite checks
/// the bytes-out path (`WithData`) that streaming classes use, on both backends.
#[napi(
    js_name = "__echoSync",
    catch_unwind,
    ts_return_type = "{ length: number, data: Buffer }"
)]
pub fn echo_sync(env: Env, chunk: Uint8Array) -> napi::Result<WithData<Echo>> {
    run(&env, || Ok(echo(&chunk)))
}

/// Internal: async `__echoSync`.
#[napi(js_name = "__echo", ts_return_type = "Promise<{ length: number, data: Buffer }>")]
pub fn echo_async(chunk: Uint8Array) -> AsyncTask<Op<WithData<Echo>>> {
    spawn(None, move || Ok(echo(&chunk)))
}

fn echo(chunk: &[u8]) -> WithData<Echo> {
    WithData {
        info: Echo { length: chunk.len() },
        data: chunk.to_vec(),
    }
}
