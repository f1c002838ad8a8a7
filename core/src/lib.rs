//! # kuzzle-dump-core
//!
//! Every Kuzzle dump format, byte for byte: streaming decoders and encoders, validation returned
//! as data, and request batching bounded by document count and bytes. Pure Rust with no I/O
//! beyond byte slices, so the Node addon and the WebAssembly build share this one implementation.
#![deny(missing_docs)]

pub mod api;
pub mod batch;
pub mod convert;
pub mod digest;
pub mod document;
pub mod dump;
pub mod elasticdump;
pub mod error;
pub mod export;
pub mod gzip;
pub mod jsnum;
pub mod json;
pub mod kourou;
pub mod lines;
pub mod mapping;
pub mod names;
pub mod ops;
pub mod options;
pub mod pipeline;
pub mod plan;
pub mod position;
pub mod response;
pub mod security;
pub mod specs;
pub mod viewer;

pub use error::{Code, DumpError, Finding, Location, Result, Severity};
