//! `class Converter`: a dump pushed file by file, rewritten in another layout; every call hands
//! back chunks of output files to write under the destination folder. The facade adds `push`.

use crate::convert::{options, out};
use crate::error::throw;
use kuzzle_dump_core::api;
use kuzzle_dump_core::convert::{self, ConvertOptions};
use wasm_bindgen::prelude::*;

/// Converts a dump, over the core's `Converter`.
#[wasm_bindgen]
pub struct Converter {
    inner: convert::Converter,
}

#[wasm_bindgen]
impl Converter {
    /// A converter; bad options throw `INVALID_OPTIONS`.
    #[wasm_bindgen(constructor)]
    pub fn new(opts: JsValue) -> Result<Converter, JsValue> {
        let inner = throw(options::<ConvertOptions>(opts).and_then(convert::Converter::new))?;
        Ok(Converter { inner })
    }

    /// Starts a source file (a folder's path ends in `/`).
    #[wasm_bindgen(js_name = beginFile)]
    pub fn begin_file(&mut self, path: &str) -> Result<JsValue, JsValue> {
        out(api::converter_begin(&mut self.inner, path))
    }

    /// Pushes the next chunk of the open file.
    #[wasm_bindgen(js_name = pushSync)]
    pub fn push_sync(&mut self, chunk: &[u8]) -> Result<JsValue, JsValue> {
        out(api::converter_push(&mut self.inner, chunk))
    }

    /// Ends the open file.
    #[wasm_bindgen(js_name = endFile)]
    pub fn end_file(&mut self) -> Result<JsValue, JsValue> {
        out(api::converter_end(&mut self.inner))
    }

    /// Ends the conversion: the last chunks and the report.
    pub fn finish(&mut self) -> Result<JsValue, JsValue> {
        out(api::converter_finish(&mut self.inner))
    }
}
