//! The streaming pipeline: push chunks of a dump file, get validation findings and ready-to-send
//! request bodies (or re-encoded lines) back.
//!
//! Work is split in two phases so that large chunks use several threads: *parse* (UTF-8, JSON
//! syntax, ids, bodies, per-document checks) runs on independent runs of lines, and *merge*
//! (duplicate ids, batch cutting, output order) runs in line order over what parse found, while
//! the other threads parse the runs after it. Memory is
//! bounded by the pushed chunk, the longest line, and 8 bytes per document for duplicate detection.

mod options;
mod parse;
mod report;

pub use options::{InputFormat, OutputFormat, PipelineOptions};
pub use report::Report;

use crate::batch::{Batch, BatchKind, Batcher};
use crate::document::{self, Header};
use crate::error::{Code, DumpError, Finding, Result};
use crate::lines::{Block, LineSplitter};
pub use parse::BodyCheck;
use parse::{parse_block, Parsed};
use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};

/// What one push produced.
#[derive(Debug, Default)]
pub struct Output {
    /// Request bodies that are complete (`mwrite` and `bulk` outputs).
    pub batches: Vec<Batch>,
    /// Encoded lines (`jsonl` output).
    pub bytes: Vec<u8>,
}

/// A push-based decoder, validator and encoder over one dump file.
pub struct Pipeline {
    opts: PipelineOptions,
    splitter: LineSplitter,
    header: Option<Header>,
    header_error: bool,
    seen: HashSet<u64, BuildHasherDefault<IdentityHasher>>,
    batcher: Option<Batcher>,
    report: Report,
    finished: bool,
    checker: Option<Box<dyn BodyCheck>>,
}

impl Pipeline {
    /// A pipeline with the given options.
    pub fn new(opts: PipelineOptions) -> Result<Self> {
        Self::with_checker(opts, None)
    }

    /// A pipeline that runs `extra` on every body (unless `opts.mapping` is set: it wins).
    pub fn with_checker(opts: PipelineOptions, extra: Option<Box<dyn BodyCheck>>) -> Result<Self> {
        if opts.batch_bytes < 64 {
            return Err(DumpError::InvalidOptions("batchBytes must be at least 64".into()));
        }
        let batcher = match opts.output {
            crate::pipeline::OutputFormat::Mwrite => Some(BatchKind::MWrite),
            crate::pipeline::OutputFormat::Bulk => Some(BatchKind::EsBulk),
            _ => None,
        }
        .map(|kind| {
            let index = opts.es_index.clone().unwrap_or_default();
            Batcher::new(kind, opts.batch_bytes, opts.batch_documents, &index)
        });
        if opts.output == OutputFormat::Bulk && opts.es_index.is_none() {
            return Err(DumpError::InvalidOptions("output \"bulk\" needs esIndex".into()));
        }
        if opts.output == OutputFormat::Hits && opts.es_index.is_none() && opts.input != InputFormat::Hits {
            return Err(DumpError::InvalidOptions(
                "output \"hits\" from Kourou lines needs esIndex".into(),
            ));
        }
        let mut checks: Vec<Box<dyn BodyCheck>> = Vec::new();
        match &opts.mapping {
            Some(m) => {
                let tree = crate::json::Json::parse(m.to_string().as_bytes())
                    .map_err(|e| DumpError::InvalidOptions(format!("mapping: {}", e.message)))?;
                checks.push(Box::new(crate::mapping::DocChecker::new(&tree)));
            }
            None => checks.extend(extra),
        }
        if opts.js_numbers {
            checks.push(Box::new(crate::jsnum::JsNumbers));
        }
        let checker: Option<Box<dyn BodyCheck>> = match checks.len() {
            0 => None,
            1 => checks.pop(),
            _ => Some(Box::new(parse::Checks(checks))),
        };
        let report = Report {
            file: opts.file.clone(),
            ..Report::default()
        };
        Ok(Pipeline {
            opts,
            splitter: LineSplitter::new(),
            header: None,
            header_error: false,
            seen: HashSet::default(),
            batcher,
            report,
            finished: false,
            checker,
        })
    }

    /// Pushes a chunk of the file.
    pub fn push(&mut self, chunk: &[u8]) -> Result<Output> {
        if self.finished {
            return Err(DumpError::InvalidState("push after finish".into()));
        }
        let mut out = Output::default();
        let mut splitter = std::mem::take(&mut self.splitter);
        splitter.push_counted(chunk, |block| self.block(block, &mut out));
        self.splitter = splitter;
        if let Some(b) = &mut self.batcher {
            out.batches = b.take_ready();
        }
        self.report.batches += out.batches.len() as u64;
        Ok(out)
    }

    /// Ends the file: returns the last output and the report.
    pub fn finish(&mut self) -> Result<(Output, Report)> {
        if self.finished {
            return Err(DumpError::InvalidState("finish called twice".into()));
        }
        self.finished = true;
        let mut out = Output::default();
        let mut splitter = std::mem::take(&mut self.splitter);
        splitter.finish(|block| {
            self.block(block, &mut out);
        });
        self.report.bytes = splitter.bytes_in();
        self.report.lines = splitter.next_line() - 1;
        if self.header.is_none() && !self.header_error && self.opts.input == InputFormat::Kourou {
            let f = Finding::error(
                Code::HeaderMissing,
                "the file has no collection header line (is it empty?)",
                0,
                0,
            );
            self.report
                .add_findings([f], self.opts.max_findings, self.opts.file.as_deref());
        }
        if let Some(b) = &mut self.batcher {
            b.close();
            out.batches = b.take_ready();
        }
        self.report.batches += out.batches.len() as u64;
        self.report.header = self.header.clone();
        self.report.ok = self.report.errors == 0;
        Ok((out, std::mem::take(&mut self.report)))
    }

    /// Findings and counts so far (for progress).
    pub fn progress(&self) -> (u64, u64, u64) {
        (self.splitter.bytes_in(), self.report.documents, self.report.errors)
    }

    /// Checks and encodes a run of whole lines; returns its line feeds (counted while parsing).
    fn block(&mut self, block: Block<'_>, out: &mut Output) -> u64 {
        let mut block = block;
        let mut header_lines = 0;
        if self.header.is_none() && !self.header_error && self.opts.input == InputFormat::Kourou {
            match self.take_header(block, out) {
                Some(rest) => {
                    header_lines = rest.first_line - block.first_line;
                    block = rest;
                }
                None => return block.line_feeds(),
            }
        }
        #[cfg(all(feature = "parallel", not(target_family = "wasm")))]
        if self.opts.threads > 1 && block.bytes.len() >= 1 << 18 {
            return header_lines + self.parse_and_merge_overlapped(block, out);
        }
        let part = parse_block(block, block.bytes, self.opts.input, self.checker.as_deref());
        let feeds = part.line_feeds;
        self.merge(block, part, 0, out);
        header_lines + feeds
    }

    /// Parses `block` on `threads` threads while this one merges what is parsed, in order.
    ///
    /// The block is cut into more parts than threads: while part k is merged (a sequential
    /// phase: duplicate ids, batches), the other threads parse the parts after it, and this
    /// thread parses too whenever part k is not ready yet. Parse and merge thus share the cores
    /// instead of the merge leaving all but one idle.
    ///
    /// Parts are cut without counting lines and parsed as if each started at line 1; the merge,
    /// which takes them in order, shifts their line numbers once the earlier parts' line feeds
    /// are known. Returns the block's line feeds.
    #[cfg(all(feature = "parallel", not(target_family = "wasm")))]
    fn parse_and_merge_overlapped(&mut self, block: Block<'_>, out: &mut Output) -> u64 {
        use std::sync::atomic::{AtomicUsize, Ordering};
        use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
        fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
            m.lock().unwrap_or_else(PoisonError::into_inner)
        }
        let parts: Vec<Block<'_>> = block
            .cut(self.opts.threads * 4)
            .into_iter()
            .map(|bytes| Block { bytes, first_line: 1 })
            .collect();
        let n = parts.len();
        // Moved out for the scope: the parsing threads share it while `merge` borrows `self`.
        let checker = self.checker.take();
        let input = self.opts.input;
        let next = AtomicUsize::new(0);
        let ready: Mutex<Vec<Option<Parsed>>> = Mutex::new((0..n).map(|_| None).collect());
        let filled = Condvar::new();
        // Claims the next unparsed part and parses it; false when none is left.
        let parse_next = || -> bool {
            let k = next.fetch_add(1, Ordering::Relaxed);
            let Some(&part) = parts.get(k) else {
                return false;
            };
            let run = || parse_block(part, block.bytes, input, checker.as_deref());
            let parsed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(run))
                .unwrap_or_else(|_| Parsed::internal_error(part.first_line, part.line_feeds()));
            if let Some(slot) = lock(&ready).get_mut(k) {
                *slot = Some(parsed);
            }
            filled.notify_all();
            true
        };
        let parse_next = &parse_next;
        let mut first_line = block.first_line;
        std::thread::scope(|s| {
            for _ in 1..self.opts.threads.min(n) {
                s.spawn(move || while parse_next() {});
            }
            for m in 0..n {
                let part = loop {
                    if let Some(p) = lock(&ready).get_mut(m).and_then(Option::take) {
                        break p;
                    }
                    if parse_next() {
                        continue;
                    }
                    // Every part is claimed: wait for part m's parser to finish.
                    let mut slots = lock(&ready);
                    while let Some(None) = slots.get(m) {
                        slots = filled.wait(slots).unwrap_or_else(PoisonError::into_inner);
                    }
                    break slots.get_mut(m).and_then(Option::take).unwrap_or_default();
                };
                let feeds = part.line_feeds;
                self.merge(block, part, first_line - 1, out);
                first_line += feeds;
            }
        });
        self.checker = checker;
        first_line - block.first_line
    }

    /// Reads the header from the first non-blank line; returns the rest of the block.
    fn take_header<'a>(&mut self, block: Block<'a>, out: &mut Output) -> Option<Block<'a>> {
        for line in block.lines() {
            if line.is_blank() {
                continue;
            }
            // The rest starts after this line's LF (a CR before it is not part of the line).
            let end = offset_in(block.bytes, line.bytes) + line.bytes.len();
            let rest_start = memchr::memchr(b'\n', &block.bytes[end..]).map_or(block.bytes.len(), |i| end + i + 1);
            let rest = Block {
                bytes: &block.bytes[rest_start..],
                first_line: line.number + 1,
            };
            let parsed = match std::str::from_utf8(line.bytes) {
                Ok(_) => document::parse_header(line.bytes, line.number),
                Err(e) => Err(Finding::error(
                    Code::InvalidUtf8,
                    "invalid UTF-8",
                    line.number,
                    e.valid_up_to() as u64 + 1,
                )),
            };
            match parsed {
                Ok(h) => {
                    if self.opts.output == OutputFormat::Jsonl {
                        document::write_header(&h.index, &h.collection, &mut out.bytes);
                    }
                    self.header = Some(h);
                }
                Err(f) => {
                    self.header_error = true;
                    if document::parse_doc_line(line.bytes, line.number).is_ok() {
                        // The header line is missing: say it once, and read this line as a document.
                        let f = Finding::error(
                            Code::HeaderMissing,
                            "the first line is a document, not the collection header: the header line is missing",
                            line.number,
                            1,
                        );
                        self.report
                            .add_findings([f], self.opts.max_findings, self.opts.file.as_deref());
                        return Some(Block {
                            bytes: &block.bytes[offset_in(block.bytes, line.bytes)..],
                            first_line: line.number,
                        });
                    }
                    let f = if f.code == Code::JsonSyntax || f.code == Code::InvalidUtf8 {
                        f
                    } else {
                        Finding {
                            code: Code::HeaderInvalid,
                            ..f
                        }
                    };
                    self.report
                        .add_findings([f], self.opts.max_findings, self.opts.file.as_deref());
                }
            }
            return Some(rest);
        }
        None
    }

    /// Takes a parsed run in line order; `line_offset` turns its line numbers (relative to the
    /// run when it was parsed as a part) into the file's.
    fn merge(&mut self, block: Block<'_>, mut part: Parsed, line_offset: u64, out: &mut Output) {
        if line_offset > 0 {
            for d in &mut part.docs {
                d.line += line_offset;
            }
            for f in &mut part.findings {
                if f.location.line > 0 {
                    f.location.line += line_offset;
                }
            }
        }
        let max_request = self.opts.max_request_bytes.unwrap_or(self.opts.batch_bytes);
        let mut findings = part.findings;
        let bytes = block.bytes;
        self.report.documents += part.documents;
        for d in &part.docs {
            let line = &bytes[d.start..d.end];
            self.report.largest_document = self.report.largest_document.max(line.len() as u64);
            let id = &bytes[d.id.0..d.id.1];
            let mut valid = d.errors == 0;
            if self.opts.duplicates && !self.seen.insert(d.fingerprint) {
                valid = false;
                findings.push(Finding::error(
                    Code::DuplicateId,
                    format!(
                        "duplicate _id \"{}\": an earlier document of this file has it",
                        String::from_utf8_lossy(id)
                    ),
                    d.line,
                    (d.id.0 - d.start) as u64,
                ));
            }
            let body = &bytes[d.body.0..d.body.1];
            let compacted;
            let body = if d.has_ws {
                compacted = crate::json::compact(body);
                &*compacted
            } else {
                body
            };
            let canonical = d.canonical.then_some(line);
            let too_large = match &self.batcher {
                Some(b) => !b.fits(b.doc_cost(id, body.len(), canonical.map(<[u8]>::len))),
                None => id.len() + body.len() + 18 + 16 > max_request,
            };
            if too_large {
                findings.push(Finding::error(
                    Code::DocumentTooLarge,
                    format!(
                        "the document is {} bytes, larger than the request limit of {max_request} bytes",
                        line.len()
                    ),
                    d.line,
                    1,
                ));
                continue;
            }
            if valid {
                self.report.valid_documents += 1;
            }
            if d.line <= self.opts.skip_through_line {
                continue; // already imported by an interrupted run
            }
            if let Some(b) = &mut self.batcher {
                b.push(d.line, id, body, canonical);
            } else if self.opts.output == OutputFormat::Jsonl {
                match canonical {
                    Some(l) => {
                        out.bytes.extend_from_slice(l);
                        out.bytes.push(b'\n');
                    }
                    None => document::write_doc_line(id, body, &mut out.bytes),
                }
            } else if self.opts.output == OutputFormat::Hits {
                match &self.opts.es_index {
                    Some(index) => crate::elasticdump::write_hit(index, id, body, false, &mut out.bytes),
                    None => {
                        out.bytes.extend_from_slice(&crate::json::compact(line));
                        out.bytes.push(b'\n');
                    }
                }
            }
        }
        findings.sort_by_key(|f| f.location.line);
        self.report
            .add_findings(findings, self.opts.max_findings, self.opts.file.as_deref());
    }
}

/// Offset of `inner` inside `outer` (both from the same allocation).
pub(crate) fn offset_in(outer: &[u8], inner: &[u8]) -> usize {
    (inner.as_ptr() as usize).saturating_sub(outer.as_ptr() as usize)
}

/// Fingerprints are already uniform hashes: use them as they are.
#[derive(Default)]
struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | b as u64;
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}
