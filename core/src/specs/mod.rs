//! Kuzzle validation specifications (`collection:updateSpecifications`): checking a
//! specification as Kuzzle would, and checking document bodies against one.
//!
//! Kuzzle's own code is followed closely (`lib/core/validation`), down to the libraries it
//! calls: moment.js for dates, validator.js for emails, URLs and IPs, Koncorde for geopoints.

mod calendar;
mod check;
mod checker;
pub mod dates;
mod formats;
mod geo;
mod iso;
pub mod js;
mod options;
pub mod path;
mod types;

pub use check::{check_specification, check_specification_paths, type_options, FIELD_KEYS, SPEC_KEYS, TYPES};
pub use checker::SpecChecker;
pub use formats::{is_email, is_fqdn, is_ip, is_url};
pub use geo::{is_geo_point, SHAPE_TYPES};
