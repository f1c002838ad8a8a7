//! `class LineSplitter`: pushes chunks, counts the whole lines each completed (CRLF, BOM and
//! lines split across chunks handled by the core).

use crate::convert::result;
use kuzzle_dump_core::ops::LineCounter;
use wasm_bindgen::prelude::*;

/// Streaming line counter over the core's `LineSplitter`.
#[wasm_bindgen]
pub struct LineSplitter {
    inner: LineCounter,
}

#[wasm_bindgen]
impl LineSplitter {
    /// A splitter at line 1.
    #[wasm_bindgen(constructor)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> LineSplitter {
        LineSplitter {
            inner: LineCounter::new(),
        }
    }

    /// Pushes a chunk; returns the lines it completed and their bytes.
    pub fn push(&mut self, chunk: &[u8]) -> Result<JsValue, JsValue> {
        result(self.inner.push(chunk))
    }

    /// Ends the input; returns the last line if it had no line feed. Later calls throw
    /// `INVALID_STATE` (not `finish(self)`: the addon cannot consume `this`, and both backends
    /// must behave alike).
    pub fn finish(&mut self) -> Result<JsValue, JsValue> {
        result(self.inner.finish())
    }
}
