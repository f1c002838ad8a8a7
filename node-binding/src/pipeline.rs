//! `class Pipeline`: one dump file pushed in chunks; ready request bodies (or re-encoded
//! lines) come back as bytes, the report at the end.

use crate::convert::{options, JsOut};
use crate::tasks::{run, Op, Shared};
use kuzzle_dump_core::api::{self, Finished, Pushed};
use kuzzle_dump_core::pipeline::{self, PipelineOptions};
use napi::bindgen_prelude::{AbortSignal, AsyncTask, Env, Uint8Array, Unknown};
use napi_derive::napi;
use std::sync::Arc;

/// Streaming decoder, validator and encoder over the core's `Pipeline`.
#[napi]
pub struct Pipeline {
    shared: Arc<Shared<pipeline::Pipeline>>,
}

#[napi]
impl Pipeline {
    /// A pipeline; bad options throw `INVALID_OPTIONS`.
    #[napi(constructor)]
    pub fn new(env: Env, #[napi(ts_arg_type = "PipelineOptions")] opts: Option<Unknown>) -> napi::Result<Self> {
        let p = run(&env, || {
            pipeline::Pipeline::new(options::<PipelineOptions>(&env, opts)?)
        })?;
        Ok(Pipeline { shared: Shared::new(p) })
    }

    /// Pushes a chunk of the file; returns the request bodies it completed and encoded lines.
    #[napi(catch_unwind, ts_return_type = "PipelineOutput")]
    pub fn push_sync(&self, env: Env, chunk: Uint8Array) -> napi::Result<JsOut<Pushed>> {
        self.shared.run(&env, |p| api::pipeline_push(p, &chunk).map(JsOut))
    }

    /// Async `pushSync`, on the thread pool (do not change `chunk` until it settles).
    #[napi(ts_return_type = "Promise<PipelineOutput>")]
    pub fn push(&self, chunk: Uint8Array, signal: Option<AbortSignal>) -> AsyncTask<Op<JsOut<Pushed>>> {
        self.shared
            .spawn(signal, move |p| api::pipeline_push(p, &chunk).map(JsOut))
    }

    /// Ends the file: the last bodies and lines, and the report. Later calls throw `INVALID_STATE`.
    #[napi(catch_unwind, ts_return_type = "PipelineResult")]
    pub fn finish_sync(&self, env: Env) -> napi::Result<JsOut<Finished>> {
        self.shared.run(&env, |p| api::pipeline_finish(p).map(JsOut))
    }

    /// Async `finishSync`.
    #[napi(ts_return_type = "Promise<PipelineResult>")]
    pub fn finish(&self, signal: Option<AbortSignal>) -> AsyncTask<Op<JsOut<Finished>>> {
        self.shared.spawn(signal, |p| api::pipeline_finish(p).map(JsOut))
    }
}
