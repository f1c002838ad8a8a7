//! The parallel phase of the pipeline: parse a run of lines on its own.

use super::offset_in;
use super::InputFormat;
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
    /// Line feeds in the run: where the next run's line numbers start.
    pub line_feeds: u64,
}

impl Parsed {
    /// What a run of lines reports when parsing it panicked (a bug, never the data's fault).
    #[cfg(all(feature = "parallel", not(target_family = "wasm")))]
    pub(crate) fn internal_error(first_line: u64, line_feeds: u64) -> Self {
        let f = Finding::error(
            Code::Internal,
            "internal error while checking the lines from here on (please report it)",
            first_line,
            1,
        );
        Parsed {
            findings: vec![f],
            line_feeds,
            ..Parsed::default()
        }
    }
}

/// Parses every line of `block`; offsets are relative to `base` (the whole pushed block).
pub(crate) fn parse_block(
    block: Block<'_>,
    base: &[u8],
    input: InputFormat,
    checker: Option<&dyn BodyCheck>,
) -> Parsed {
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
        match parse_line(line.bytes, line.number, input) {
            Ok(d) => {
                let start = offset_in(base, line.bytes);
                let id_raw = &line.bytes[d.id.0..d.id.1];
                let fingerprint = if d.id_escaped {
                    xxh3_64(&escape::unescape(id_raw))
                } else {
                    xxh3_64(id_raw)
                };
                let mut errors = 0;
                if let Some(c) = checker {
                    let before = out.findings.len();
                    c.check(&line.bytes[d.body.0..d.body.1], &mut out.findings);
                    for f in &mut out.findings[before..] {
                        f.location.line = line.number;
                        f.location.column += d.body.0 as u64;
                        if f.severity == crate::error::Severity::Error {
                            errors += 1;
                        }
                    }
                }
                out.docs.push(DocSpan {
                    line: line.number,
                    start,
                    end: start + line.bytes.len(),
                    id: (start + d.id.0, start + d.id.1),
                    body: (start + d.body.0, start + d.body.1),
                    canonical: d.canonical,
                    has_ws: d.has_ws,
                    fingerprint,
                    errors,
                });
            }
            Err(f) => out.findings.push(f),
        }
    }
    out.line_feeds = memchr::memchr_iter(b'\n', block.bytes).count() as u64;
    out
}

/// Several checks run one after the other.
pub(crate) struct Checks(pub Vec<Box<dyn BodyCheck>>);

impl BodyCheck for Checks {
    fn check(&self, body: &[u8], out: &mut Vec<Finding>) {
        for c in &self.0 {
            c.check(body, out);
        }
    }
}

/// The parts of a document line, as offsets into the line.
struct LineDoc {
    id: (usize, usize),
    id_escaped: bool,
    body: (usize, usize),
    canonical: bool,
    has_ws: bool,
}

fn parse_line(line: &[u8], number: u64, input: InputFormat) -> Result<LineDoc, Finding> {
    match input {
        InputFormat::Kourou => document::parse_doc_line(line, number).map(|d| LineDoc {
            id: (d.id.start, d.id.end),
            id_escaped: d.id.escaped,
            body: (d.body_start, d.body_end),
            canonical: d.canonical,
            has_ws: d.has_ws,
        }),
        InputFormat::Hits => {
            let hit = crate::elasticdump::hits::parse_hit(line).map_err(|mut f| {
                f.location.line = number;
                f
            })?;
            let id = (offset_in(line, hit.id), offset_in(line, hit.id) + hit.id.len());
            let body = (
                offset_in(line, hit.source),
                offset_in(line, hit.source) + hit.source.len(),
            );
            let id_len = if hit.id.contains(&b'\\') {
                escape::unescape(hit.id).len()
            } else {
                hit.id.len()
            };
            if hit.id.is_empty() {
                return Err(Finding::error(
                    crate::error::Code::IdEmpty,
                    "\"_id\" is empty",
                    number,
                    hit.id_column,
                ));
            }
            if id_len > crate::names::MAX_ID_BYTES {
                return Err(Finding::error(
                    crate::error::Code::IdTooLong,
                    format!(
                        "\"_id\" is {id_len} bytes long; Elasticsearch allows at most {}",
                        crate::names::MAX_ID_BYTES
                    ),
                    number,
                    hit.id_column,
                ));
            }
            let has_ws = hit.source.iter().any(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'));
            Ok(LineDoc {
                id,
                id_escaped: hit.id.contains(&b'\\'),
                body,
                canonical: false,
                has_ws,
            })
        }
    }
}
