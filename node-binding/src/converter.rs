//! `class Converter`: a dump pushed file by file, rewritten in another layout; every call hands
//! back chunks of output files to write under the destination folder.

use crate::convert::{options, JsOut};
use crate::tasks::{run, Op, Shared};
use kuzzle_dump_core::api::{self, ChunkView, ConvertFinished};
use kuzzle_dump_core::convert::{self, ConvertOptions};
use napi::bindgen_prelude::{AbortSignal, AsyncTask, Env, Uint8Array, Unknown};
use napi_derive::napi;
use std::sync::Arc;

/// Converts a dump, over the core's `Converter`.
#[napi]
pub struct Converter {
    shared: Arc<Shared<convert::Converter>>,
}

#[napi]
impl Converter {
    /// A converter; bad options (Kourou to Kourou, gzip for Kourou) throw `INVALID_OPTIONS`.
    #[napi(constructor)]
    pub fn new(env: Env, #[napi(ts_arg_type = "ConvertOptions")] opts: Option<Unknown>) -> napi::Result<Self> {
        let c = run(&env, || convert::Converter::new(options::<ConvertOptions>(&env, opts)?))?;
        Ok(Converter { shared: Shared::new(c) })
    }

    /// Starts a source file (its path relative to the source root; a folder's ends in `/`).
    #[napi(catch_unwind, ts_return_type = "OutChunk[]")]
    pub fn begin_file(&self, env: Env, path: String) -> napi::Result<JsOut<Vec<ChunkView>>> {
        self.shared.run(&env, |c| api::converter_begin(c, &path).map(JsOut))
    }

    /// Pushes the next chunk of the open file; returns output chunks to write.
    #[napi(catch_unwind, ts_return_type = "OutChunk[]")]
    pub fn push_sync(&self, env: Env, chunk: Uint8Array) -> napi::Result<JsOut<Vec<ChunkView>>> {
        self.shared.run(&env, |c| api::converter_push(c, &chunk).map(JsOut))
    }

    /// Async `pushSync`, on the thread pool (do not change `chunk` until it settles).
    #[napi(ts_return_type = "Promise<OutChunk[]>")]
    pub fn push(&self, chunk: Uint8Array, signal: Option<AbortSignal>) -> AsyncTask<Op<JsOut<Vec<ChunkView>>>> {
        self.shared
            .spawn(signal, move |c| api::converter_push(c, &chunk).map(JsOut))
    }

    /// Ends the open file.
    #[napi(catch_unwind, ts_return_type = "OutChunk[]")]
    pub fn end_file(&self, env: Env) -> napi::Result<JsOut<Vec<ChunkView>>> {
        self.shared.run(&env, |c| api::converter_end(c).map(JsOut))
    }

    /// Ends the conversion: the last chunks and the report.
    #[napi(catch_unwind, ts_return_type = "ConvertResult")]
    pub fn finish(&self, env: Env) -> napi::Result<JsOut<ConvertFinished>> {
        self.shared.run(&env, |c| api::converter_finish(c).map(JsOut))
    }
}
