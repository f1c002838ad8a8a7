//! The viewer's helpers (core `viewer`): `class LineIndexer`, `class FieldStats`, and rows,
//! pretty-printing and search over a slice of lines, each function as a sync/async pair.

use crate::convert::{options, value, Js};
use crate::tasks::{run, spawn, Op};
use kuzzle_dump_core::viewer::{
    self, FieldStatsReport, LineIndexOptions, LineIndexSummary, Pretty, Row, RowOptions, SearchQuery,
};
use napi::bindgen_prelude::{AbortSignal, AsyncTask, Buffer, Env, Uint8Array, Unknown};
use napi_derive::napi;

/// The offset index of one file's document lines, over the core's `LineIndexer`.
#[napi]
pub struct LineIndexer {
    inner: viewer::LineIndexer,
}

#[napi]
impl LineIndexer {
    /// An indexer; bad options throw `INVALID_OPTIONS`.
    #[napi(constructor)]
    pub fn new(env: Env, #[napi(ts_arg_type = "LineIndexOptions")] opts: Option<Unknown>) -> napi::Result<Self> {
        let opts = run(&env, || options::<LineIndexOptions>(&env, opts))?;
        Ok(LineIndexer {
            inner: viewer::LineIndexer::new(opts),
        })
    }

    /// Pushes the next chunk (as stored); returns the packed entries of the lines it completed.
    #[napi(catch_unwind)]
    pub fn push(&mut self, env: Env, chunk: Uint8Array) -> napi::Result<Buffer> {
        run(&env, || self.inner.push(&chunk).map(Buffer::from))
    }

    /// Ends the file; returns the entry of a last line without a line feed.
    #[napi(catch_unwind)]
    pub fn finish(&mut self, env: Env) -> napi::Result<Buffer> {
        run(&env, || self.inner.finish().map(Buffer::from))
    }

    /// The inflated bytes of a gzip input produced since the last call (`keepInflated`).
    #[napi(catch_unwind)]
    pub fn take_inflated(&mut self) -> Buffer {
        Buffer::from(self.inner.take_inflated())
    }

    /// Totals so far.
    #[napi(catch_unwind, ts_return_type = "LineIndexSummary")]
    pub fn summary(&self) -> Js<LineIndexSummary> {
        Js(self.inner.summary())
    }
}

/// Field presence, value types and the `createdAt` histogram, over the core's `FieldStats`.
#[napi]
pub struct FieldStats {
    inner: viewer::FieldStats,
}

#[napi]
impl FieldStats {
    #[napi(constructor)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        FieldStats {
            inner: viewer::FieldStats::new(),
        }
    }

    /// Pushes the next plain bytes of a documents file.
    #[napi(catch_unwind)]
    pub fn push(&mut self, env: Env, chunk: Uint8Array) -> napi::Result<()> {
        run(&env, || self.inner.push(&chunk))
    }

    /// Ends the input; returns the statistics.
    #[napi(catch_unwind, ts_return_type = "FieldStatsReport")]
    pub fn finish(&mut self, env: Env) -> napi::Result<Js<FieldStatsReport>> {
        run(&env, || self.inner.finish().map(Js))
    }
}

/// Table rows of the non-blank lines of `bytes`.
#[napi(
    catch_unwind,
    ts_args_type = "bytes: Uint8Array, opts?: RowOptions",
    ts_return_type = "Row[]"
)]
pub fn view_rows_sync(env: Env, bytes: Uint8Array, opts: Option<Unknown>) -> napi::Result<Js<Vec<Row>>> {
    run(&env, || {
        let opts = options::<RowOptions>(&env, opts)?;
        Ok(Js(viewer::view_rows(&bytes, &opts)))
    })
}

/// Async `viewRowsSync`.
#[napi(
    ts_args_type = "bytes: Uint8Array, opts?: RowOptions, signal?: AbortSignal",
    ts_return_type = "Promise<Row[]>"
)]
pub fn view_rows(
    env: Env,
    bytes: Uint8Array,
    opts: Option<Unknown>,
    signal: Option<AbortSignal>,
) -> napi::Result<AsyncTask<Op<Js<Vec<Row>>>>> {
    let opts = run(&env, || options::<RowOptions>(&env, opts))?;
    Ok(spawn(signal, move || Ok(Js(viewer::view_rows(&bytes, &opts)))))
}

/// One line pretty-printed with its tokens as written.
#[napi(catch_unwind, ts_return_type = "PrettyLine")]
pub fn pretty_line_sync(env: Env, line: Uint8Array) -> napi::Result<Js<Pretty>> {
    run(&env, || Ok(Js(viewer::pretty_line(&line))))
}

/// Async `prettyLineSync`.
#[napi(ts_return_type = "Promise<PrettyLine>")]
pub fn pretty_line(line: Uint8Array, signal: Option<AbortSignal>) -> AsyncTask<Op<Js<Pretty>>> {
    spawn(signal, move || Ok(Js(viewer::pretty_line(&line))))
}

/// The 0-based numbers of the non-blank lines of `bytes` that match `query`.
#[napi(catch_unwind, ts_args_type = "bytes: Uint8Array, query: SearchQuery")]
pub fn search_lines_sync(env: Env, bytes: Uint8Array, query: Unknown) -> napi::Result<Vec<u32>> {
    run(&env, || {
        let q = value::<SearchQuery>(&env, "query", query)?;
        Ok(viewer::search_lines(&bytes, &q))
    })
}

/// Async `searchLinesSync`.
#[napi(
    ts_args_type = "bytes: Uint8Array, query: SearchQuery, signal?: AbortSignal",
    ts_return_type = "Promise<number[]>"
)]
pub fn search_lines(
    env: Env,
    bytes: Uint8Array,
    query: Unknown,
    signal: Option<AbortSignal>,
) -> napi::Result<AsyncTask<Op<Vec<u32>>>> {
    let q = run(&env, || value::<SearchQuery>(&env, "query", query))?;
    Ok(spawn(signal, move || Ok(viewer::search_lines(&bytes, &q))))
}
