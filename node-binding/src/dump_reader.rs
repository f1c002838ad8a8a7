//! `class DumpReader`: a whole dump pushed file by file; the report says what it holds and
//! what is wrong with it.

use crate::convert::{options, Js};
use crate::tasks::{run, Op, Shared};
use kuzzle_dump_core::dump::{self, DumpOptions, DumpReport};
use napi::bindgen_prelude::{AbortSignal, AsyncTask, Env, Uint8Array, Unknown};
use napi_derive::napi;
use std::sync::Arc;

/// Reads a dump over the core's `DumpReader`.
#[napi]
pub struct DumpReader {
    shared: Arc<Shared<dump::DumpReader>>,
}

#[napi]
impl DumpReader {
    /// A reader; bad options throw `INVALID_OPTIONS`.
    #[napi(constructor)]
    pub fn new(env: Env, #[napi(ts_arg_type = "DumpOptions")] opts: Option<Unknown>) -> napi::Result<Self> {
        let opts = run(&env, || options::<DumpOptions>(&env, opts))?;
        Ok(DumpReader {
            shared: Shared::new(dump::DumpReader::new(opts)),
        })
    }

    /// Starts a file (its path relative to the dump root, `/`-separated).
    #[napi(catch_unwind)]
    pub fn begin_file(&self, env: Env, path: String) -> napi::Result<()> {
        self.shared.run(&env, |r| r.begin_file(&path))
    }

    /// Pushes the next chunk of the open file.
    #[napi(catch_unwind)]
    pub fn push_sync(&self, env: Env, chunk: Uint8Array) -> napi::Result<()> {
        self.shared.run(&env, |r| r.push(&chunk))
    }

    /// Async `pushSync`, on the thread pool (do not change `chunk` until it settles).
    #[napi(ts_return_type = "Promise<void>")]
    pub fn push(&self, chunk: Uint8Array, signal: Option<AbortSignal>) -> AsyncTask<Op<()>> {
        self.shared.spawn(signal, move |r| r.push(&chunk))
    }

    /// Ends the open file.
    #[napi(catch_unwind)]
    pub fn end_file(&self, env: Env) -> napi::Result<()> {
        self.shared.run(&env, |r| r.end_file())
    }

    /// Ends the dump and returns the report.
    #[napi(catch_unwind, ts_return_type = "DumpReport")]
    pub fn finish(&self, env: Env) -> napi::Result<Js<DumpReport>> {
        self.shared.run(&env, |r| r.finish().map(Js))
    }
}
