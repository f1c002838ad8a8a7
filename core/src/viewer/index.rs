//! `LineIndexer`: the byte offset, length and line number of every document line of one file,
//! built from pushed chunks (gzip detected and inflated). Entries are packed as bytes,
//! [`ENTRY_BYTES`] each: offset as a little-endian f64 (exact below 2^53, and what JS reads
//! without BigInt), length as u32, 1-based line as u32. Offsets count the plain bytes, so for a
//! gzip file they point into its inflated stream ([`LineIndexer::take_inflated`]).

use crate::document::parse_header;
use crate::gzip::AutoGunzip;
use crate::Result;
use serde::{Deserialize, Serialize};

/// Bytes per packed entry: f64 offset, u32 length, u32 line.
pub const ENTRY_BYTES: usize = 16;

/// The longest first line kept to check whether it is a Kourou collection header.
const HEADER_MAX: usize = 64 * 1024;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Options of [`LineIndexer`].
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct LineIndexOptions {
    /// Keep the inflated bytes of a gzip input for [`LineIndexer::take_inflated`]. @default false
    pub keep_inflated: bool,
}

/// Totals of an indexed file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LineIndexSummary {
    /// Lines seen (blank ones and the header included).
    pub lines: u64,
    /// Entries written (non-blank lines but a leading collection header).
    pub entries: u64,
    /// Plain bytes (inflated, for gzip).
    pub bytes: u64,
    /// Whether the input was gzip.
    pub gzip: bool,
}

/// Streaming line indexer; see the module docs.
#[derive(Debug, Default)]
pub struct LineIndexer {
    opts: LineIndexOptions,
    gunzip: AutoGunzip,
    plain: Vec<u8>,
    inflated: Vec<u8>,
    /// Plain bytes seen so far.
    offset: u64,
    /// Start of the current (unfinished) line.
    line_start: u64,
    line_blank: bool,
    line_no: u64,
    /// The first line's bytes while it is being read (header check).
    first: Option<Vec<u8>>,
    bom_checked: bool,
    /// The first plain bytes, while fewer than a BOM's.
    head: Vec<u8>,
    finished_input: bool,
    /// Whether the current line's last byte so far is CR (left out of its length).
    last_cr: bool,
    entries: u64,
    finished: bool,
}

impl LineIndexer {
    /// An indexer at the start of a file.
    pub fn new(opts: LineIndexOptions) -> Self {
        LineIndexer {
            opts,
            line_blank: true,
            line_no: 1,
            first: Some(Vec::new()),
            ..Default::default()
        }
    }

    /// Pushes the next chunk of the file (as stored); returns the packed entries of the lines
    /// it completed.
    pub fn push(&mut self, chunk: &[u8]) -> Result<Vec<u8>> {
        self.check_open()?;
        self.plain.clear();
        let mut plain = std::mem::take(&mut self.plain);
        self.gunzip.push(chunk, &mut plain)?;
        let out = self.scan(&plain);
        self.plain = plain;
        Ok(out)
    }

    /// Ends the file; returns the entry of a last line without a line feed. Later calls throw
    /// `INVALID_STATE`.
    pub fn finish(&mut self) -> Result<Vec<u8>> {
        self.check_open()?;
        let mut plain = Vec::new();
        self.gunzip.finish(&mut plain)?;
        self.finished_input = true;
        let mut out = self.scan(&plain);
        self.finished = true;
        if self.offset > self.line_start {
            self.end_line(self.offset, &mut out);
        }
        Ok(out)
    }

    /// The inflated bytes produced since the last call (empty unless the input is gzip and
    /// `keepInflated` is set).
    pub fn take_inflated(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.inflated)
    }

    /// Totals so far.
    pub fn summary(&self) -> LineIndexSummary {
        LineIndexSummary {
            lines: if self.finished && self.offset == self.line_start {
                self.line_no - 1
            } else {
                self.line_no
            },
            entries: self.entries,
            bytes: self.offset,
            gzip: self.gunzip.is_gzip() == Some(true),
        }
    }

    fn check_open(&self) -> Result<()> {
        if self.finished {
            return Err(crate::DumpError::InvalidState("the line indexer is finished".into()));
        }
        Ok(())
    }

    fn scan(&mut self, plain: &[u8]) -> Vec<u8> {
        if plain.is_empty() && (self.bom_checked || !self.finished_input) {
            return Vec::new();
        }
        if self.opts.keep_inflated && self.gunzip.is_gzip() == Some(true) {
            self.inflated.extend_from_slice(plain);
        }
        let joined;
        let mut plain = plain;
        let mut skip = 0usize;
        if !self.bom_checked {
            // The BOM may be split across the first plain chunks: hold them until decided.
            self.head.extend_from_slice(plain);
            if self.head.len() < BOM.len() && BOM.starts_with(&self.head) && !self.finished_input {
                return Vec::new();
            }
            self.bom_checked = true;
            joined = std::mem::take(&mut self.head);
            plain = &joined;
            if plain.starts_with(BOM) {
                skip = BOM.len();
                self.line_start = BOM.len() as u64;
            }
        }
        let base = self.offset;
        let mut out = Vec::new();
        let mut from = skip;
        for nl in memchr::memchr_iter(b'\n', &plain[skip..]).map(|i| i + skip) {
            self.note(&plain[from..nl]);
            self.end_line(base + nl as u64, &mut out);
            self.line_start = base + nl as u64 + 1;
            from = nl + 1;
        }
        self.note(&plain[from..]);
        self.offset = base + plain.len() as u64;
        out
    }

    /// Records the bytes of the current line seen in this chunk.
    fn note(&mut self, part: &[u8]) {
        if let Some(&last) = part.last() {
            self.last_cr = last == b'\r';
        }
        if self.line_blank && !part.iter().all(|b| matches!(b, b' ' | b'\t' | b'\r')) {
            self.line_blank = false;
        }
        if let Some(first) = &mut self.first {
            if first.len() + part.len() <= HEADER_MAX {
                first.extend_from_slice(part);
            } else {
                self.first = None;
            }
        }
    }

    /// Ends the current line at `end` (its LF, or the end of input).
    fn end_line(&mut self, end: u64, out: &mut Vec<u8>) {
        let first = self.first.take();
        let is_header = self.line_no == 1 && first.as_deref().is_some_and(|l| parse_header(l, 1).is_ok());
        if !self.line_blank && !is_header {
            let mut len = end - self.line_start;
            if self.last_cr {
                len = len.saturating_sub(1);
            }
            out.extend_from_slice(&(self.line_start as f64).to_le_bytes());
            out.extend_from_slice(&(len.min(u32::MAX as u64) as u32).to_le_bytes());
            out.extend_from_slice(&(self.line_no.min(u32::MAX as u64) as u32).to_le_bytes());
            self.entries += 1;
        }
        self.line_no += 1;
        self.line_blank = true;
        self.last_cr = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(bytes: &[u8]) -> Vec<(u64, u32, u32)> {
        bytes
            .chunks(ENTRY_BYTES)
            .map(|e| {
                let off = f64::from_le_bytes(e[0..8].try_into().unwrap()) as u64;
                let len = u32::from_le_bytes(e[8..12].try_into().unwrap());
                let line = u32::from_le_bytes(e[12..16].try_into().unwrap());
                (off, len, line)
            })
            .collect()
    }

    fn index_test(input: &[u8], step: usize, expected: &[(u64, u32, u32)]) {
        let mut ix = LineIndexer::new(LineIndexOptions::default());
        let mut out = Vec::new();
        for c in input.chunks(step.max(1)) {
            out.extend(ix.push(c).unwrap());
        }
        out.extend(ix.finish().unwrap());
        assert_eq!(entries(&out), expected, "step {step}");
        assert!(ix.finish().is_err());
    }

    #[test]
    fn index_lines() {
        let input = b"\xEF\xBB\xBF{\"type\":\"collection\",\"index\":\"i\",\"collection\":\"c\"}\r\n{\"_id\":\"a\"}\r\n\n  \n{\"_id\":\"b\"}";
        for step in [1, 2, 5, input.len()] {
            index_test(input, step, &[(55, 11, 2), (72, 11, 5)]);
        }
        // No header: line 1 is a document.
        index_test(b"{\"_id\":\"a\"}\n{\"_id\":\"b\"}\n", 3, &[(0, 11, 1), (12, 11, 2)]);
    }

    #[test]
    fn index_gzip_keeps_inflated() {
        let plain = b"{\"_id\":\"a\"}\n{\"_id\":\"b\"}\n";
        let gz = crate::gzip::gzip(plain).unwrap();
        let mut ix = LineIndexer::new(LineIndexOptions { keep_inflated: true });
        let mut out = Vec::new();
        let mut inflated = Vec::new();
        for c in gz.chunks(4) {
            out.extend(ix.push(c).unwrap());
            inflated.extend(ix.take_inflated());
        }
        out.extend(ix.finish().unwrap());
        inflated.extend(ix.take_inflated());
        assert_eq!(entries(&out), [(0, 11, 1), (12, 11, 2)]);
        assert_eq!(inflated, plain);
        assert_eq!(
            ix.summary(),
            LineIndexSummary {
                lines: 2,
                entries: 2,
                bytes: 24,
                gzip: true
            }
        );
    }
}
