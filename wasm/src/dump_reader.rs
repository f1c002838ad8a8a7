//! `class DumpReader`: a whole dump pushed file by file; the report says what it holds and
//! what is wrong with it. The facade adds `push`.

use crate::convert::{options, result};
use crate::error::throw;
use kuzzle_dump_core::dump::{self, DumpOptions};
use wasm_bindgen::prelude::*;

/// Reads a dump over the core's `DumpReader`.
#[wasm_bindgen]
pub struct DumpReader {
    inner: dump::DumpReader,
}

#[wasm_bindgen]
impl DumpReader {
    /// A reader; bad options throw `INVALID_OPTIONS`.
    #[wasm_bindgen(constructor)]
    pub fn new(opts: JsValue) -> Result<DumpReader, JsValue> {
        let opts = throw(options::<DumpOptions>(opts))?;
        Ok(DumpReader {
            inner: dump::DumpReader::new(opts),
        })
    }

    /// Starts a file (its path relative to the dump root, `/`-separated).
    #[wasm_bindgen(js_name = beginFile)]
    pub fn begin_file(&mut self, path: &str) -> Result<(), JsValue> {
        throw(self.inner.begin_file(path))
    }

    /// Pushes the next chunk of the open file.
    #[wasm_bindgen(js_name = pushSync)]
    pub fn push_sync(&mut self, chunk: &[u8]) -> Result<(), JsValue> {
        throw(self.inner.push(chunk))
    }

    /// Ends the open file.
    #[wasm_bindgen(js_name = endFile)]
    pub fn end_file(&mut self) -> Result<(), JsValue> {
        throw(self.inner.end_file())
    }

    /// Ends the dump and returns the report.
    pub fn finish(&mut self) -> Result<JsValue, JsValue> {
        result(self.inner.finish())
    }
}
