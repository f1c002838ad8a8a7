//! Whole files and folders: mappings and security files read into JS objects, a collection's
//! `mappings.json` from API responses, dump formats and orders, the import plan. The facade
//! adds each async `foo` around `fooSync`.

use crate::convert::{byte_map, out, result, to_js, value};
use crate::error::throw;
use kuzzle_dump_core::api;
use kuzzle_dump_core::mapping::mappings_file_from_responses;
use std::collections::BTreeMap;
use wasm_bindgen::prelude::*;

/// Parses a `mappings.json` (any shape); `dirs` are its two parent folders.
#[wasm_bindgen(js_name = parseMappingsFileSync)]
pub fn parse_mappings_file_sync(bytes: &[u8], dirs: Option<Vec<String>>) -> Result<JsValue, JsValue> {
    out(api::parse_mappings_file(bytes, dirs))
}

/// A collection's `mappings.json` from its `getMapping` (and `getSettings`) responses.
#[wasm_bindgen(js_name = mappingsFileSync)]
pub fn mappings_file_sync(
    index: &str,
    collection: &str,
    get_mapping_response: &[u8],
    get_settings_response: Option<Vec<u8>>,
) -> Result<Vec<u8>, JsValue> {
    throw(mappings_file_from_responses(
        index,
        collection,
        get_mapping_response,
        get_settings_response.as_deref(),
    ))
}

/// Parses a security file: its kind, entries with positions and request bodies, findings.
#[wasm_bindgen(js_name = parseSecurityFileSync)]
pub fn parse_security_file_sync(bytes: &[u8]) -> Result<JsValue, JsValue> {
    out(api::parse_security_file(bytes))
}

/// The import plan of a Kourou tree; `jsonTypes` gives the `type` of each `*.json` file.
#[wasm_bindgen(js_name = planImportSync)]
pub fn plan_import_sync(paths: Vec<String>, json_types: JsValue) -> Result<JsValue, JsValue> {
    let types = throw(value::<BTreeMap<String, Option<String>>>("jsonTypes", json_types))?;
    to_js(&api::plan_import(&paths, &types))
}

/// The format of a dump folder from its paths and the first bytes of its top-level files.
#[wasm_bindgen(js_name = detectFormatSync)]
pub fn detect_format_sync(paths: Vec<String>, heads: JsValue) -> Result<JsValue, JsValue> {
    let heads = throw(byte_map(&heads))?;
    to_js(&api::detect_format(&paths, &heads))
}

/// The order to push a dump's files in (what describes collections before the documents).
#[wasm_bindgen(js_name = dumpOrderSync)]
pub fn dump_order_sync(format: &str, paths: Vec<String>) -> Result<JsValue, JsValue> {
    result(api::dump_order(format, &paths))
}
