//! `class LineSplitter`: pushes chunks, counts the whole lines each completed (CRLF, BOM and
//! lines split across chunks handled by the core).

use crate::convert::Js;
use crate::tasks::run;
use kuzzle_dump_core::ops::{LineCount, LineCounter};
use napi::bindgen_prelude::{Env, Uint8Array};
use napi_derive::napi;

/// Streaming line counter over the core's `LineSplitter`.
#[napi]
pub struct LineSplitter {
    inner: LineCounter,
}

#[napi]
impl LineSplitter {
    #[napi(constructor)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        LineSplitter {
            inner: LineCounter::new(),
        }
    }

    /// Pushes a chunk; returns the lines it completed and their bytes.
    #[napi(catch_unwind, ts_return_type = "LineCount")]
    pub fn push(&mut self, env: Env, chunk: Uint8Array) -> napi::Result<Js<LineCount>> {
        run(&env, || self.inner.push(&chunk).map(Js))
    }

    /// Ends the input; returns the last line if it had no line feed. Later calls throw
    /// `INVALID_STATE`.
    #[napi(catch_unwind, ts_return_type = "LineCount")]
    pub fn finish(&mut self, env: Env) -> napi::Result<Js<LineCount>> {
        run(&env, || self.inner.finish().map(Js))
    }
}
