//! `class Exporter` (search pages to one dump file) and `class SecurityExporter` (security
//! search pages to one security file). The facade adds `pushPage`.

use crate::convert::{options, out, result};
use crate::error::throw;
use kuzzle_dump_core::api;
use kuzzle_dump_core::export::{self, ExportOptions};
use kuzzle_dump_core::security::{self, SecurityExportOptions, SecurityFinishOptions};
use wasm_bindgen::prelude::*;

/// Turns search pages into the bytes of one dump file, over the core's `Exporter`.
#[wasm_bindgen]
pub struct Exporter {
    inner: export::Exporter,
}

#[wasm_bindgen]
impl Exporter {
    /// An exporter; bad options throw `INVALID_OPTIONS`.
    #[wasm_bindgen(constructor)]
    pub fn new(opts: JsValue) -> Result<Exporter, JsValue> {
        let inner = throw(options::<ExportOptions>(opts).and_then(export::Exporter::new))?;
        Ok(Exporter { inner })
    }

    /// The bytes that start the file.
    pub fn header(&self) -> Vec<u8> {
        self.inner.header().to_vec()
    }

    /// Encodes one page (a raw search response).
    #[wasm_bindgen(js_name = pushPageSync)]
    pub fn push_page_sync(&mut self, response: &[u8]) -> Result<JsValue, JsValue> {
        out(api::export_page(&mut self.inner, response))
    }

    /// Documents written so far.
    pub fn documents(&self) -> f64 {
        self.inner.documents() as f64
    }

    /// The bytes that end the file.
    pub fn finish(&mut self) -> Vec<u8> {
        self.inner.finish()
    }
}

/// Builds one security file from Kuzzle responses, over the core's `SecurityExporter`.
#[wasm_bindgen]
pub struct SecurityExporter {
    inner: security::SecurityExporter,
}

#[wasm_bindgen]
impl SecurityExporter {
    /// An exporter of `{kind}`; bad options throw `INVALID_OPTIONS`.
    #[wasm_bindgen(constructor)]
    pub fn new(opts: JsValue) -> Result<SecurityExporter, JsValue> {
        let inner = throw(options::<SecurityExportOptions>(opts).and_then(security::SecurityExporter::new))?;
        Ok(SecurityExporter { inner })
    }

    /// Reads one search page (or the `getUserMapping` response).
    #[wasm_bindgen(js_name = pushPageSync)]
    pub fn push_page_sync(&mut self, response: &[u8]) -> Result<JsValue, JsValue> {
        result(self.inner.push_page(response))
    }

    /// Entries pushed so far.
    pub fn count(&self) -> f64 {
        self.inner.count() as f64
    }

    /// The file's bytes; `passwords` give users generated credentials.
    pub fn finish(&mut self, opts: JsValue) -> Result<JsValue, JsValue> {
        let opts = throw(options::<SecurityFinishOptions>(opts))?;
        out(api::security_finish(&mut self.inner, opts))
    }
}
