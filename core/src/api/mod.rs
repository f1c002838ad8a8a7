//! The operations as both bindings expose them. Each takes bytes and plain values and returns
//! serializable data, plus, where the result carries bytes, the buffers to set into it at given
//! paths ([`Out`]). A binding only converts types, schedules and maps errors, so the native and
//! WebAssembly backends cannot drift apart.
//!
//! Bulk bytes (request bodies, encoded lines, file contents) never go through serde: they are
//! handed over as they are and become `Buffer` / `Uint8Array` values in place.

mod batches;
mod convert;
mod files;

pub use batches::{
    batch_from_js, es_bulk_result, es_page, export_page, halve_batch, kuzzle_page, mwrite_result, pipeline_finish,
    pipeline_push, select_batch, BatchView, Finished, Page, PageFormat, Pushed,
};
pub use convert::{converter_begin, converter_end, converter_finish, converter_push, ChunkView, ConvertFinished};
pub use files::{
    detect_format, dump_order, parse_mappings_file, parse_security_file, plan_import, root_format, security_finish,
    CollectionView, EntryView, KeyView, MappingsView, SecurityView, WrittenView,
};

use crate::error::{DumpError, Result};
use serde::de::DeserializeOwned;
use serde::{Serialize, Serializer};

/// An options object (as a JSON tree, from either binding) into a core options struct. A
/// top-level `null` member counts as absent, as JS code passes `{threads: opts.threads}` with
/// `undefined` (which becomes `null` on the way); a wrong field or type is `INVALID_OPTIONS`.
pub fn options_from_tree<T: DeserializeOwned>(mut tree: serde_json::Value) -> Result<T> {
    if let serde_json::Value::Object(members) = &mut tree {
        members.retain(|_, v| !v.is_null());
    }
    serde_json::from_value(tree).map_err(|e| DumpError::InvalidOptions(e.to_string()))
}

/// One step of a path into a result: an object field or an array index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathKey {
    /// A property of an object.
    Field(&'static str),
    /// An item of an array.
    Index(usize),
}

/// Bytes to set into a result at `path` (the last key is created or replaced).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Buffer {
    /// Where, from the root of the result.
    pub path: Vec<PathKey>,
    /// The bytes, ready to write or send.
    pub bytes: Vec<u8>,
}

/// A result for JS: `info` becomes a plain value, then each buffer is set into it.
#[derive(Debug, Clone, PartialEq)]
pub struct Out<T> {
    /// The small part: counts, findings, reports.
    pub info: T,
    /// The bulk part.
    pub buffers: Vec<Buffer>,
}

impl<T> Out<T> {
    /// A result without bytes (yet).
    pub fn new(info: T) -> Self {
        Out {
            info,
            buffers: Vec::new(),
        }
    }

    /// Adds bytes at `path`.
    pub fn with(mut self, path: &[PathKey], bytes: Vec<u8>) -> Self {
        self.buffers.push(Buffer {
            path: path.to_vec(),
            bytes,
        });
        self
    }
}

/// A field whose value is set as bytes afterwards; `null` until then (so an absent body reads
/// `null`, and the field keeps its place among the others).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Slot;

impl Serialize for Slot {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn null_options_are_absent() {
        let o: crate::pipeline::PipelineOptions =
            options_from_tree(serde_json::json!({"threads": null, "file": null, "batchDocuments": 3})).unwrap();
        assert_eq!((o.threads, o.file, o.batch_documents), (1, None, 3));
        let e = options_from_tree::<crate::pipeline::PipelineOptions>(serde_json::json!({"treads": 2})).unwrap_err();
        assert_eq!(e.code(), crate::Code::InvalidOptions);
        let e = options_from_tree::<crate::pipeline::PipelineOptions>(serde_json::json!({"threads": "2"})).unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid options: invalid type: string \"2\", expected usize"
        );
    }

    #[test]
    fn buffers_are_listed_with_their_paths() {
        let out = Out::new(Slot).with(&[PathKey::Field("a"), PathKey::Index(2)], b"x".to_vec());
        assert_eq!(
            out.buffers,
            vec![Buffer {
                path: vec![PathKey::Field("a"), PathKey::Index(2)],
                bytes: b"x".to_vec()
            }]
        );
        assert_eq!(serde_json::to_string(&out.info).unwrap(), "null");
    }
}
