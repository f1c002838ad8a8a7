//! Options of the streaming pipeline, deserialized from plain objects by both bindings.

use crate::batch::DEFAULT_MAX_REQUEST_BYTES;
use serde::Deserialize;

/// What the pushed bytes are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub enum InputFormat {
    /// Kourou `documents.jsonl` (or Kuzzle `document:export`): a header line, then documents.
    #[default]
    Kourou,
    /// elasticdump / es:migrate data lines: one raw search hit (`_id`, `_source`) per line.
    Hits,
}

/// What the pipeline produces from the documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub enum OutputFormat {
    /// Nothing: validate only.
    #[default]
    None,
    /// Kuzzle `bulk:mWrite` request bodies.
    Mwrite,
    /// Elasticsearch `_bulk` request bodies.
    Bulk,
    /// Kourou `documents.jsonl` lines (header included), canonical and compact.
    Jsonl,
    /// elasticdump data lines. With `esIndex`: synthesized hits
    /// `{"_index":<esIndex>,"_type":"_doc","_id",…,"_score":1,"_source":<body>}`. Without it
    /// (hits input only): each hit line as read, compacted (`_routing` and other keys kept).
    Hits,
}

/// Options of [`crate::pipeline::Pipeline`].
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct PipelineOptions {
    /// Input format. @default "kourou"
    pub input: InputFormat,
    /// Output format. @default "none"
    pub output: OutputFormat,
    /// Label of the file in findings (its path relative to the dump root).
    pub file: Option<String>,
    /// Most documents per request body. @default 500
    pub batch_documents: u32,
    /// Most bytes per request body (Kuzzle's `server.maxRequestSize`). @default 1048576
    pub batch_bytes: usize,
    /// `_index` written in Elasticsearch `_bulk` action lines and in `hits` output.
    pub es_index: Option<String>,
    /// Report duplicate `_id`s (keeps 8 bytes per document). @default true
    pub duplicates: bool,
    /// A document larger than this is reported as `DOCUMENT_TOO_LARGE` even when no batches are
    /// built (`validate --max-request-size`). Defaults to `batchBytes`.
    pub max_request_bytes: Option<usize>,
    /// Most findings kept in the report (all are counted). @default 1000
    pub max_findings: usize,
    /// Threads used on large chunks (native only; 1 on wasm). @default 1
    pub threads: usize,
    /// Mapping to check documents against: the collection's `mappings` (`{dynamic, properties}`),
    /// as `collection:getMapping` returns it or as `mappings.json` holds it.
    pub mapping: Option<serde_json::Value>,
    /// Warn (`PRECISION_LOSS`) about numbers a JavaScript server would change, as any import
    /// through Kuzzle's API does. @default false
    pub js_numbers: bool,
    /// Documents on lines up to this one are checked but not batched: an interrupted import
    /// resumed from its checkpoint. @default 0
    pub skip_through_line: u64,
}

impl Default for PipelineOptions {
    fn default() -> Self {
        PipelineOptions {
            input: InputFormat::default(),
            output: OutputFormat::default(),
            file: None,
            batch_documents: 500,
            batch_bytes: DEFAULT_MAX_REQUEST_BYTES,
            es_index: None,
            duplicates: true,
            max_request_bytes: None,
            max_findings: 1000,
            threads: 1,
            mapping: None,
            js_numbers: false,
            skip_through_line: 0,
        }
    }
}
