//! Collection mappings: Kourou's `mappings.json` in its three shapes, the conversions between
//! Kourou's mapping `M` and the mapping Elasticsearch holds, Kuzzle's checks on a mapping, and a
//! compiled mapping that checks document bodies as Elasticsearch would.
//!
//! `M` is what `collection:getMapping` returns: `_meta` (if set), `dynamic`, `properties`, with
//! `properties._kuzzle_info` removed (formats.md §1.3).

mod checker;
mod compile;
mod convert;
mod file;
mod geo;
mod responses;
mod rules;
mod values;

pub use checker::DocChecker;
pub use convert::{from_es_mapping, kuzzle_info_mapping, normalize_get_mapping, to_es_mapping};
pub use file::{parse_mappings_file, write_mappings_file, CollectionMappings, MappingsFile, Shape};
pub use responses::mappings_file_from_responses;
pub use rules::check_mapping;
