//! The viewer's helpers (core `viewer`): `class LineIndexer`, `class FieldStats`, and rows,
//! pretty-printing and search over a slice of lines. The facade adds each async `foo`.

use crate::convert::{options, result, to_js, value};
use crate::error::throw;
use kuzzle_dump_core::viewer::{self, LineIndexOptions, RowOptions, SearchQuery};
use wasm_bindgen::prelude::*;

/// The offset index of one file's document lines, over the core's `LineIndexer`.
#[wasm_bindgen]
pub struct LineIndexer {
    inner: viewer::LineIndexer,
}

#[wasm_bindgen]
impl LineIndexer {
    /// An indexer; bad options throw `INVALID_OPTIONS`.
    #[wasm_bindgen(constructor)]
    pub fn new(opts: JsValue) -> Result<LineIndexer, JsValue> {
        let opts = throw(options::<LineIndexOptions>(opts))?;
        Ok(LineIndexer {
            inner: viewer::LineIndexer::new(opts),
        })
    }

    /// Pushes the next chunk (as stored); returns the packed entries of the lines it completed.
    pub fn push(&mut self, chunk: &[u8]) -> Result<Vec<u8>, JsValue> {
        throw(self.inner.push(chunk))
    }

    /// Ends the file; returns the entry of a last line without a line feed.
    pub fn finish(&mut self) -> Result<Vec<u8>, JsValue> {
        throw(self.inner.finish())
    }

    /// The inflated bytes of a gzip input produced since the last call (`keepInflated`).
    #[wasm_bindgen(js_name = takeInflated)]
    pub fn take_inflated(&mut self) -> Vec<u8> {
        self.inner.take_inflated()
    }

    /// Totals so far.
    pub fn summary(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.summary())
    }
}

/// Field presence, value types and the `createdAt` histogram, over the core's `FieldStats`.
#[wasm_bindgen]
pub struct FieldStats {
    inner: viewer::FieldStats,
}

#[wasm_bindgen]
impl FieldStats {
    /// Empty statistics.
    #[wasm_bindgen(constructor)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> FieldStats {
        FieldStats {
            inner: viewer::FieldStats::new(),
        }
    }

    /// Pushes the next plain bytes of a documents file.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), JsValue> {
        throw(self.inner.push(chunk))
    }

    /// Ends the input; returns the statistics.
    pub fn finish(&mut self) -> Result<JsValue, JsValue> {
        result(self.inner.finish())
    }
}

/// Table rows of the non-blank lines of `bytes`.
#[wasm_bindgen(js_name = viewRowsSync)]
pub fn view_rows_sync(bytes: &[u8], opts: JsValue) -> Result<JsValue, JsValue> {
    let opts = throw(options::<RowOptions>(opts))?;
    to_js(&viewer::view_rows(bytes, &opts))
}

/// One line pretty-printed with its tokens as written.
#[wasm_bindgen(js_name = prettyLineSync)]
pub fn pretty_line_sync(line: &[u8]) -> Result<JsValue, JsValue> {
    to_js(&viewer::pretty_line(line))
}

/// The 0-based numbers of the non-blank lines of `bytes` that match `query`.
#[wasm_bindgen(js_name = searchLinesSync)]
pub fn search_lines_sync(bytes: &[u8], query: JsValue) -> Result<JsValue, JsValue> {
    let q = throw(value::<SearchQuery>("query", query))?;
    // An Array, as on the addon (a `Vec<u32>` would come out as a Uint32Array).
    to_js(&viewer::search_lines(bytes, &q))
}
