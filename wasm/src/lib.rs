//! WebAssembly build of kuzzle-dump: the addon's API minus file-path helpers. Rust exports the
//! sync functions and the classes; the JS facade (`js/wasm-backend.js`, `js/browser.mjs`) adds
//! each `foo` as a Promise around `fooSync`, since wasm has no background thread here.

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
mod viewer;

use convert::{options, result, to_js, with_data};
use kuzzle_dump_core::ops;
use kuzzle_dump_core::options::JsonValidateOptions;
use kuzzle_dump_core::DumpError;
use wasm_bindgen::prelude::*;

pub use converter::Converter;
pub use digest::*;
pub use dump_reader::DumpReader;
pub use exporter::{Exporter, SecurityExporter};
pub use files::*;
pub use line_splitter::LineSplitter;
pub use pipeline::Pipeline;
pub use responses::*;
pub use viewer::*;

/// Installs the panic hook (runs once, when the module is instantiated).
#[wasm_bindgen(start, js_name = __start)]
fn start() {
    error::install_panic_hook();
}

/// Checks an index name against Kuzzle's rules.
#[wasm_bindgen(js_name = checkIndexNameSync)]
pub fn check_index_name_sync(name: &str) -> Result<JsValue, JsValue> {
    to_js(&ops::check_index_name(name))
}

/// Checks a collection name against Kuzzle's rules.
#[wasm_bindgen(js_name = checkCollectionNameSync)]
pub fn check_collection_name_sync(name: &str) -> Result<JsValue, JsValue> {
    to_js(&ops::check_collection_name(name))
}

/// Takes a physical index name apart; `null` for names that are not Kuzzle's.
#[wasm_bindgen(js_name = parsePhysicalNameSync)]
pub fn parse_physical_name_sync(name: &str) -> Result<JsValue, JsValue> {
    to_js(&ops::parse_physical_name(name))
}

/// Checks that the bytes are one JSON value; problems are returned, not thrown.
#[wasm_bindgen(js_name = jsonValidateSync)]
pub fn json_validate_sync(bytes: &[u8], opts: JsValue) -> Result<JsValue, JsValue> {
    result(options::<JsonValidateOptions>(opts).map(|o| ops::json_validate(bytes, &o)))
}

/// Fails on purpose so the JS suite can check error mapping: `data`, `options`, `panic`.
/// Internal: not re-exported by `js/index.js`.
#[wasm_bindgen(js_name = __testFailureSync)]
#[allow(clippy::panic)] // the point: prove that a panic reaches JS as an INTERNAL error
pub fn test_failure_sync(what: &str) -> Result<JsValue, JsValue> {
    result::<ops::NameCheck>(match what {
        "data" => Err(
            DumpError::data(kuzzle_dump_core::Code::JsonSyntax, "expected ',' or '}'", 3, 7)
                .in_file(Some("idx/col/documents.jsonl")),
        ),
        "panic" => std::panic::panic_any(format!("deliberate panic ({what})")),
        _ => Err(DumpError::InvalidOptions(format!("unknown failure {what:?}"))),
    })
}

/// What `__echo` returns besides the bytes.
#[derive(serde::Serialize)]
struct Echo {
    length: usize,
}

/// Internal: returns a copy of the bytes as `data` (and their `length`), so the JS suite checks
/// the bytes-out path (`with_data`) that streaming classes use, on both backends.
#[wasm_bindgen(js_name = __echoSync)]
pub fn echo_sync(chunk: &[u8]) -> Result<JsValue, JsValue> {
    with_data(&Echo { length: chunk.len() }, chunk)
}
