//! # kuzzle-dump-core
//!
//! Every Kuzzle dump format, byte for byte: streaming decoders and encoders, validation returned
//! as data, and request batching bounded by document count and bytes. Pure Rust with no I/O
//! beyond byte slices, so the Node addon and the WebAssembly build share this one implementation.
#![deny(missing_docs)]

pub mod error;
pub mod json;
pub mod lines;
pub mod names;
pub mod ops;
pub mod options;
pub mod position;

pub use error::{Code, DumpError, Finding, Location, Result, Severity};
