//! `class Pipeline`: one dump file pushed in chunks; ready request bodies (or re-encoded
//! lines) come back as bytes, the report at the end. The facade adds `push` and `finish`.

use crate::convert::{options, out};
use crate::error::throw;
use kuzzle_dump_core::api;
use kuzzle_dump_core::pipeline::{self, PipelineOptions};
use wasm_bindgen::prelude::*;

/// Streaming decoder, validator and encoder over the core's `Pipeline`.
#[wasm_bindgen]
pub struct Pipeline {
    inner: pipeline::Pipeline,
}

#[wasm_bindgen]
impl Pipeline {
    /// A pipeline; bad options throw `INVALID_OPTIONS`.
    #[wasm_bindgen(constructor)]
    pub fn new(opts: JsValue) -> Result<Pipeline, JsValue> {
        let inner = throw(options::<PipelineOptions>(opts).and_then(pipeline::Pipeline::new))?;
        Ok(Pipeline { inner })
    }

    /// Pushes a chunk of the file; returns the request bodies it completed and encoded lines.
    #[wasm_bindgen(js_name = pushSync)]
    pub fn push_sync(&mut self, chunk: &[u8]) -> Result<JsValue, JsValue> {
        out(api::pipeline_push(&mut self.inner, chunk))
    }

    /// Ends the file: the last bodies and lines, and the report.
    #[wasm_bindgen(js_name = finishSync)]
    pub fn finish_sync(&mut self) -> Result<JsValue, JsValue> {
        out(api::pipeline_finish(&mut self.inner))
    }
}
