//! Whole files and folders: mappings and security files read into JS objects, a collection's
//! `mappings.json` from API responses, dump formats and orders, the import plan.

use crate::convert::{byte_map, Js, JsOut};
use crate::tasks::{run, spawn, Op};
use kuzzle_dump_core::api::{self, MappingsView, SecurityView};
use kuzzle_dump_core::elasticdump::RootFormat;
use kuzzle_dump_core::mapping::mappings_file_from_responses;
use kuzzle_dump_core::plan::PlannedFile;
use napi::bindgen_prelude::{AbortSignal, AsyncTask, Buffer, Env, Uint8Array};
use napi_derive::napi;
use std::collections::BTreeMap;

/// Parses a `mappings.json` (any shape); `dirs` are its two parent folders.
#[napi(
    catch_unwind,
    ts_args_type = "bytes: Uint8Array, dirs?: [string, string]",
    ts_return_type = "MappingsFile"
)]
pub fn parse_mappings_file_sync(
    env: Env,
    bytes: Uint8Array,
    dirs: Option<Vec<String>>,
) -> napi::Result<JsOut<MappingsView>> {
    run(&env, || api::parse_mappings_file(&bytes, dirs).map(JsOut))
}

/// Async `parseMappingsFileSync`.
#[napi(
    ts_args_type = "bytes: Uint8Array, dirs?: [string, string], signal?: AbortSignal",
    ts_return_type = "Promise<MappingsFile>"
)]
pub fn parse_mappings_file(
    bytes: Uint8Array,
    dirs: Option<Vec<String>>,
    signal: Option<AbortSignal>,
) -> AsyncTask<Op<JsOut<MappingsView>>> {
    spawn(signal, move || api::parse_mappings_file(&bytes, dirs).map(JsOut))
}

/// A collection's `mappings.json` from its `getMapping` (and `getSettings`) responses.
#[napi(catch_unwind)]
pub fn mappings_file_sync(
    env: Env,
    index: String,
    collection: String,
    get_mapping_response: Uint8Array,
    get_settings_response: Option<Uint8Array>,
) -> napi::Result<Buffer> {
    run(&env, || {
        let settings = get_settings_response.as_deref();
        mappings_file_from_responses(&index, &collection, &get_mapping_response, settings).map(Buffer::from)
    })
}

/// Async `mappingsFileSync`.
#[napi(ts_return_type = "Promise<Buffer>")]
pub fn mappings_file(
    index: String,
    collection: String,
    get_mapping_response: Uint8Array,
    get_settings_response: Option<Uint8Array>,
    signal: Option<AbortSignal>,
) -> AsyncTask<Op<Buffer>> {
    spawn(signal, move || {
        let settings = get_settings_response.as_deref();
        mappings_file_from_responses(&index, &collection, &get_mapping_response, settings).map(Buffer::from)
    })
}

/// Parses a security file: its kind, entries with positions and request bodies, findings.
#[napi(catch_unwind, ts_return_type = "SecurityFile")]
pub fn parse_security_file_sync(env: Env, bytes: Uint8Array) -> napi::Result<JsOut<SecurityView>> {
    run(&env, || api::parse_security_file(&bytes).map(JsOut))
}

/// Async `parseSecurityFileSync`.
#[napi(ts_return_type = "Promise<SecurityFile>")]
pub fn parse_security_file(bytes: Uint8Array, signal: Option<AbortSignal>) -> AsyncTask<Op<JsOut<SecurityView>>> {
    spawn(signal, move || api::parse_security_file(&bytes).map(JsOut))
}

/// The import plan of a Kourou tree; `jsonTypes` gives the `type` of each `*.json` file.
#[napi(
    catch_unwind,
    ts_args_type = "paths: string[], jsonTypes: Record<string, string | null>",
    ts_return_type = "PlannedFile[]"
)]
pub fn plan_import_sync(
    env: Env,
    paths: Vec<String>,
    json_types: BTreeMap<String, Option<String>>,
) -> napi::Result<Js<Vec<PlannedFile>>> {
    run(&env, || Ok(Js(api::plan_import(&paths, &json_types))))
}

/// Async `planImportSync`.
#[napi(
    ts_args_type = "paths: string[], jsonTypes: Record<string, string | null>, signal?: AbortSignal",
    ts_return_type = "Promise<PlannedFile[]>"
)]
pub fn plan_import(
    paths: Vec<String>,
    json_types: BTreeMap<String, Option<String>>,
    signal: Option<AbortSignal>,
) -> AsyncTask<Op<Js<Vec<PlannedFile>>>> {
    spawn(signal, move || Ok(Js(api::plan_import(&paths, &json_types))))
}

/// The format of a dump folder from its paths and the first bytes of its top-level files.
#[napi(
    catch_unwind,
    ts_args_type = "paths: string[], heads: Record<string, Uint8Array>",
    ts_return_type = "DumpFormat"
)]
pub fn detect_format_sync(
    env: Env,
    paths: Vec<String>,
    heads: BTreeMap<String, Uint8Array>,
) -> napi::Result<Js<RootFormat>> {
    run(&env, || Ok(Js(api::detect_format(&paths, &byte_map(heads)))))
}

/// Async `detectFormatSync`.
#[napi(
    ts_args_type = "paths: string[], heads: Record<string, Uint8Array>, signal?: AbortSignal",
    ts_return_type = "Promise<DumpFormat>"
)]
pub fn detect_format(
    paths: Vec<String>,
    heads: BTreeMap<String, Uint8Array>,
    signal: Option<AbortSignal>,
) -> AsyncTask<Op<Js<RootFormat>>> {
    let heads = byte_map(heads);
    spawn(signal, move || Ok(Js(api::detect_format(&paths, &heads))))
}

/// The order to push a dump's files in (what describes collections before the documents).
#[napi(
    catch_unwind,
    ts_args_type = "format: DumpFormat, paths: string[]",
    ts_return_type = "string[]"
)]
pub fn dump_order_sync(env: Env, format: String, paths: Vec<String>) -> napi::Result<Js<Vec<String>>> {
    run(&env, || api::dump_order(&format, &paths).map(Js))
}

/// Async `dumpOrderSync`.
#[napi(
    ts_args_type = "format: DumpFormat, paths: string[], signal?: AbortSignal",
    ts_return_type = "Promise<string[]>"
)]
pub fn dump_order(format: String, paths: Vec<String>, signal: Option<AbortSignal>) -> AsyncTask<Op<Js<Vec<String>>>> {
    spawn(signal, move || api::dump_order(&format, &paths).map(Js))
}
