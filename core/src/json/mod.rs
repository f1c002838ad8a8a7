//! JSON without loss: a validating scanner, `JSON.stringify`-compatible escaping and layout,
//! and a token-preserving tree for small files.

mod compact;
pub mod escape;
pub mod scan;
mod serialize;
pub mod tree;

pub use compact::compact;
pub use scan::{Kind, Scanner, StrSpan, SyntaxError};
pub use tree::{Json, RawStr};
