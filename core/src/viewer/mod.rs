//! What the in-browser viewer (viewer/) needs beyond the dump reader: an offset index of a
//! documents file's lines built while streaming, so the page keeps offsets and not documents;
//! and small helpers over a slice of whole lines read back on demand: table rows, one line
//! pretty-printed with its tokens as written (big numbers exact), search by `_id` or field
//! value, and per-collection field statistics with a `_kuzzle_info.createdAt` histogram.
//!
//! Every helper accepts Kourou lines (`{"_id","body"}`) and elasticdump lines
//! (`{"_id","_source"}`), and skips a Kourou collection header line.

mod doc;
mod index;
mod stats;

pub use doc::{pretty_line, search_lines, view_rows, Pretty, Row, RowOptions, SearchQuery};
pub use index::{LineIndexOptions, LineIndexSummary, LineIndexer, ENTRY_BYTES};
pub use stats::{FieldStat, FieldStats, FieldStatsReport, Histogram};
