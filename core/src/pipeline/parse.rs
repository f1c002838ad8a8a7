//! The parallel phase of the pipeline: parse a run of lines on its own.

use super::offset_in;
use crate::document;
use crate::error::{Code, Finding};
use crate::json::escape;
use crate::lines::Block;
use xxhash_rust::xxh3::xxh3_64;

/// A per-document check over a body's raw JSON; findings carry 1-based byte columns inside the body.
pub trait BodyCheck: Send + Sync {
    /// Checks one body, pushing findings.
    fn check(&self, body: &[u8], out: &mut Vec<Finding>);
}

/// A good document line, as offsets into the pushed chunk.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DocSpan {
    pub line: u64,
    /// The line's bytes (without line ending).
    pub start: usize,
    pub end: usize,
    /// The `_id` token content.
    pub id: (usize, usize),
    /// The body's raw JSON.
    pub body: (usize, usize),
    pub canonical: bool,
    pub has_ws: bool,
    /// Hash of the decoded `_id`.
    pub fingerprint: u64,
    /// Error findings the per-document checks found.
    pub errors: u32,
}

/// What parsing a run of lines found.
#[derive(Debug, Default)]
pub(crate) struct Parsed {
    pub docs: Vec<DocSpan>,
    pub findings: Vec<Finding>,
    /// Document lines seen, good or bad.
    pub documents: u64,
}

/// Parses every line of `block`; offsets are relative to `base` (the whole pushed block).
pub(crate) fn parse_block(block: Block<'_>, base: &[u8], checker: Option<&dyn BodyCheck>) -> Parsed {
    let mut out = Parsed {
        docs: Vec::with_capacity(block.bytes.len() / 256),
        ..Parsed::default()
    };
    // One UTF-8 check for the whole run is much cheaper than one per line.
    let utf8_ok = std::str::from_utf8(block.bytes).is_ok();
    for line in block.lines() {
        if line.is_blank() {
            continue;
        }
        out.documents += 1;
        if !utf8_ok {
            if let Err(e) = std::str::from_utf8(line.bytes) {
                out.findings.push(Finding::error(
                    Code::InvalidUtf8,
                    "invalid UTF-8",
                    line.number,
                    e.valid_up_to() as u64 + 1,
                ));
                continue;
            }
        }
        match document::parse_doc_line(line.bytes, line.number) {
            Ok(d) => {
                let start = offset_in(base, line.bytes);
                let id_raw = &line.bytes[d.id.start..d.id.end];
                let fingerprint = if d.id.escaped {
                    xxh3_64(&escape::unescape(id_raw))
                } else {
                    xxh3_64(id_raw)
                };
                let mut errors = 0;
                if let Some(c) = checker {
                    let before = out.findings.len();
                    c.check(&line.bytes[d.body_start..d.body_end], &mut out.findings);
                    for f in &mut out.findings[before..] {
                        f.location.line = line.number;
                        f.location.column += d.body_start as u64;
                        if f.severity == crate::error::Severity::Error {
                            errors += 1;
                        }
                    }
                }
                out.docs.push(DocSpan {
                    line: line.number,
                    start,
                    end: start + line.bytes.len(),
                    id: (start + d.id.start, start + d.id.end),
                    body: (start + d.body_start, start + d.body_end),
                    canonical: d.canonical,
                    has_ws: d.has_ws,
                    fingerprint,
                    errors,
                });
            }
            Err(f) => out.findings.push(f),
        }
    }
    out
}
