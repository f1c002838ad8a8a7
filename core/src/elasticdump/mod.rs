//! Elasticsearch-level dumps: elasticdump / multielasticdump directories (formats.md §4), Kourou
//! `es:migrate` directories (§5), and the rules mapping physical ES indices to Kourou's
//! `<index>/<collection>/` layout and back (§6).
//!
//! Everything here works on bytes and small trees; reading directories and files is the caller's.
//! Inputs may be gzip whatever their name: undo that first with [`crate::gzip::AutoGunzip`].

pub mod convert;
pub mod double;
pub mod files;
pub mod hits;
pub mod layout;
pub mod migrate;

pub use convert::{es_target, kourou_entry};
pub use double::{decode_double, encode_double, parse_mapping_file, write_mapping_file, IndexMapping};
pub use files::{
    classify_by_content, detect_root, file_name, parse_file_name, resolve_file, Content, EsFile, FileKind, RootFormat,
};
pub use hits::{big_integer_tokens, parse_hit, write_hit, Hit};

use crate::error::{Code, DumpError};
use crate::json::SyntaxError;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The bytes without one leading UTF-8 BOM, and how many bytes were dropped (for columns).
fn strip_bom(bytes: &[u8]) -> (&[u8], usize) {
    match bytes.strip_prefix(BOM) {
        Some(rest) => (rest, BOM.len()),
        None => (bytes, 0),
    }
}

/// 1-based line and byte column of `offset` in `bytes` (every LF ends a line).
fn line_col(bytes: &[u8], offset: usize) -> (u64, u64) {
    let head = bytes.get(..offset).unwrap_or(bytes);
    let line = memchr::memchr_iter(b'\n', head).count() as u64 + 1;
    let line_start = memchr::memrchr(b'\n', head).map_or(0, |i| i + 1);
    (line, (offset - line_start) as u64 + 1)
}

/// A JSON syntax error of a small file as a data error: `TRUNCATED` when the input ended inside
/// the value, `JSON_SYNTAX` otherwise. `file` is the whole file, `offset` where the error is in it.
fn syntax_error(file: &[u8], offset: usize, truncated: bool, what: &str, message: &str) -> DumpError {
    let (line, column) = line_col(file, offset);
    let code = if truncated { Code::Truncated } else { Code::JsonSyntax };
    DumpError::data(code, format!("{what}: {message}"), line, column)
}

/// Whether a scanner error means the input ended too soon.
fn ended_early(e: &SyntaxError, len: usize) -> bool {
    e.offset >= len
}

/// UTF-8 check of `file[from..]`, with the position of the first bad byte.
fn check_utf8(file: &[u8], from: usize) -> Result<(), DumpError> {
    let body = file.get(from..).unwrap_or_default();
    std::str::from_utf8(body).map(|_| ()).map_err(|e| {
        let (line, column) = line_col(file, from + e.valid_up_to());
        DumpError::data(Code::InvalidUtf8, "invalid UTF-8", line, column)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions() {
        assert_eq!(line_col(b"ab\ncd", 0), (1, 1));
        assert_eq!(line_col(b"ab\ncd", 4), (2, 2));
        assert_eq!(line_col(b"ab\n", 3), (2, 1));
        assert_eq!(strip_bom(b"\xEF\xBB\xBF{}"), (&b"{}"[..], 3));
    }
}
