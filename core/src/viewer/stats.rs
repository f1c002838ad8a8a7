//! `FieldStats`: per collection, how often each body field is present and with which JSON
//! types, and a histogram of `_kuzzle_info.createdAt`, from the documents file's plain bytes
//! pushed in any chunking (computed when the viewer's charts are opened, not while loading).

use super::doc::is_header;
use crate::json::escape::unescape_lossy;
use crate::json::{Kind, Scanner, SyntaxError};
use crate::lines::LineSplitter;
use crate::Result;
use serde::Serialize;
use std::collections::BTreeMap;

/// Most distinct field paths counted (the rest are counted in `fieldsDropped`).
const MAX_FIELDS: usize = 1000;
/// Deepest object nesting walked into.
const MAX_DEPTH: usize = 8;
/// Histogram bars.
const BUCKETS: usize = 40;

/// Presence and types of one field path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldStat {
    /// Dotted path inside the body.
    pub path: String,
    /// Documents holding it.
    pub count: u64,
    /// JSON type (`string`, `number`, `boolean`, `null`, `object`, `array`) → documents.
    pub types: BTreeMap<&'static str, u64>,
}

/// Documents per `createdAt` interval.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Histogram {
    /// Earliest `createdAt` (ms since the epoch).
    pub min: f64,
    /// Latest.
    pub max: f64,
    /// Width of a bar in ms (bar `i` starts at `min + i * width`).
    pub width: f64,
    /// Documents per bar.
    pub counts: Vec<u64>,
}

/// What [`FieldStats::finish`] returns.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldStatsReport {
    /// Document lines that parse.
    pub documents: u64,
    /// Lines that do not parse (left out).
    pub unparsable: u64,
    /// Field paths by decreasing presence, then path.
    pub fields: Vec<FieldStat>,
    /// Paths not counted past the cap.
    pub fields_dropped: u64,
    /// The `_kuzzle_info.createdAt` histogram, when any document has a numeric one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Histogram>,
    /// Documents without a numeric `_kuzzle_info.createdAt`.
    pub without_created_at: u64,
}

/// Type names, indexed by the type numbers [`walk`] records.
const TYPES: [&str; 6] = ["string", "number", "boolean", "null", "object", "array"];

/// Counts of one path.
#[derive(Debug)]
struct Field {
    count: u64,
    /// Documents per type, indexed like [`TYPES`].
    types: [u64; 6],
    /// The last document counted (a duplicate key in it is not counted again).
    last_doc: u64,
}

/// Streaming statistics; see the module docs.
#[derive(Debug, Default)]
pub struct FieldStats {
    splitter: LineSplitter,
    documents: u64,
    unparsable: u64,
    fields: std::collections::HashMap<String, Field>,
    dropped: std::collections::BTreeSet<String>,
    created: Vec<f64>,
    finished: bool,
    /// Whether a non-blank line was seen (only the first may be a header).
    started: bool,
    scratch: DocFields,
}

impl FieldStats {
    /// Empty statistics.
    pub fn new() -> Self {
        Self::default()
    }

    /// Pushes the next plain bytes of a documents file.
    pub fn push(&mut self, chunk: &[u8]) -> Result<()> {
        self.check_open()?;
        // The splitter is taken out so that its blocks (borrowing `chunk`) are read in place.
        let mut splitter = std::mem::take(&mut self.splitter);
        splitter.push(chunk, |b| {
            b.lines().filter(|l| !l.is_blank()).for_each(|l| self.line(l.bytes))
        });
        self.splitter = splitter;
        Ok(())
    }

    /// Ends the input; returns the statistics. Later calls throw `INVALID_STATE`.
    pub fn finish(&mut self) -> Result<FieldStatsReport> {
        self.check_open()?;
        let mut splitter = std::mem::take(&mut self.splitter);
        splitter.finish(|b| b.lines().filter(|l| !l.is_blank()).for_each(|l| self.line(l.bytes)));
        self.splitter = splitter;
        self.finished = true;
        let mut fields: Vec<FieldStat> = std::mem::take(&mut self.fields)
            .into_iter()
            .map(|(path, f)| FieldStat {
                path,
                count: f.count,
                types: TYPES
                    .iter()
                    .zip(f.types)
                    .filter(|(_, n)| *n > 0)
                    .map(|(t, n)| (*t, n))
                    .collect(),
            })
            .collect();
        fields.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.path.cmp(&b.path)));
        Ok(FieldStatsReport {
            documents: self.documents,
            unparsable: self.unparsable,
            fields,
            fields_dropped: self.dropped.len() as u64,
            without_created_at: self.documents - self.created.len() as u64,
            created_at: histogram(&self.created),
        })
    }

    fn check_open(&self) -> Result<()> {
        if self.finished {
            return Err(crate::DumpError::InvalidState("the field stats are finished".into()));
        }
        Ok(())
    }

    fn line(&mut self, line: &[u8]) {
        let first = !std::mem::replace(&mut self.started, true);
        if first && is_header(line) {
            return;
        }
        let mut doc = std::mem::take(&mut self.scratch);
        doc.clear();
        if scan_line(line, &mut doc).is_err() {
            self.unparsable += 1;
            self.scratch = doc;
            return;
        }
        self.documents += 1;
        if let Some(t) = doc.created {
            self.created.push(t);
        }
        let doc_no = self.documents;
        for &(from, to, ty) in &doc.fields {
            let path = &doc.paths[from..to];
            if let Some(f) = self.fields.get_mut(path) {
                if f.last_doc == doc_no {
                    continue; // a duplicate key counts once per document
                }
                f.last_doc = doc_no;
                f.count += 1;
                f.types[ty] += 1;
            } else if self.fields.len() < MAX_FIELDS {
                let mut types = [0; 6];
                types[ty] = 1;
                self.fields.insert(
                    path.to_owned(),
                    Field {
                        count: 1,
                        types,
                        last_doc: doc_no,
                    },
                );
            } else if self.dropped.len() < 100_000 && !self.dropped.contains(path) {
                self.dropped.insert(path.to_owned());
            }
        }
        self.scratch = doc;
    }
}

/// One document's fields, gathered before they are counted: a line that turns out not to parse
/// counts for nothing. Paths are ranges of `paths` (no allocation per field).
#[derive(Debug, Default)]
struct DocFields {
    paths: String,
    fields: Vec<(usize, usize, usize)>,
    created: Option<f64>,
}

impl DocFields {
    fn clear(&mut self) {
        self.paths.clear();
        self.fields.clear();
        self.created = None;
    }
}

/// Scans a document line without building a tree: the body's (`body` or `_source`) fields at
/// every depth up to [`MAX_DEPTH`], and `_kuzzle_info.createdAt`. Any syntax error fails the line.
fn scan_line(line: &[u8], doc: &mut DocFields) -> Result<(), SyntaxError> {
    if let Err(e) = std::str::from_utf8(line) {
        return Err(SyntaxError {
            offset: e.valid_up_to(),
            message: "invalid UTF-8",
        });
    }
    let mut s = Scanner::new(line);
    match s.start_value()? {
        Kind::Object => {}
        kind => {
            // Valid JSON but not an object: a document without fields.
            if kind == Kind::Array {
                s.skip_container_rest(false)?;
            }
            return s.end();
        }
    }
    let mut body_seen = false;
    s.skip_ws();
    if !s.eat(b'}') {
        loop {
            s.skip_ws();
            let k = s.string()?;
            s.skip_ws();
            s.expect(b':', "expected ':' after the key")?;
            s.skip_ws();
            let key = &line[k.start..k.end];
            if !body_seen && !k.escaped && (key == b"body" || key == b"_source") && s.peek() == Some(b'{') {
                body_seen = true;
                s.start_value()?;
                walk(&mut s, doc, (0, 0), 0)?;
            } else {
                s.skip_value()?;
            }
            s.skip_ws();
            if s.eat(b',') {
                continue;
            }
            s.expect(b'}', "expected ',' or '}'")?;
            break;
        }
    }
    s.end()
}

/// The members of an object whose `{` was just consumed; its own path is `doc.paths[prefix]`
/// (empty at the body).
fn walk(s: &mut Scanner<'_>, doc: &mut DocFields, prefix: (usize, usize), depth: usize) -> Result<(), SyntaxError> {
    s.skip_ws();
    if s.eat(b'}') {
        return Ok(());
    }
    loop {
        s.skip_ws();
        let k = s.string()?;
        s.skip_ws();
        s.expect(b':', "expected ':' after the key")?;
        s.skip_ws();
        // The path: the prefix (copied to the end of `paths`), a dot, the key's text.
        let from = doc.paths.len();
        if prefix.1 > prefix.0 {
            // (String::extend_from_within is newer than the MSRV; nested fields are few.)
            let parent = doc.paths[prefix.0..prefix.1].to_owned();
            doc.paths.push_str(&parent);
            doc.paths.push('.');
        }
        let raw = &s.bytes()[k.start..k.end];
        if k.escaped {
            doc.paths.push_str(&unescape_lossy(raw));
        } else {
            doc.paths.push_str(std::str::from_utf8(raw).unwrap_or_default());
        }
        let to = doc.paths.len();
        // Indexes of TYPES.
        let ty = match s.peek() {
            Some(b'"') => 0,
            Some(b'-' | b'0'..=b'9') => 1,
            Some(b't' | b'f') => 2,
            Some(b'{') => 4,
            Some(b'[') => 5,
            _ => 3,
        };
        match ty {
            4 => {
                s.start_value()?;
                doc.fields.push((from, to, ty));
                if depth + 1 < MAX_DEPTH {
                    walk(s, doc, (from, to), depth + 1)?;
                } else {
                    s.skip_container_rest(true)?;
                }
            }
            1 => {
                let (a, b) = s.number()?;
                doc.fields.push((from, to, ty));
                if depth == 1 && &doc.paths[from..to] == "_kuzzle_info.createdAt" {
                    let t = std::str::from_utf8(&s.bytes()[a..b])
                        .ok()
                        .and_then(|n| n.parse::<f64>().ok());
                    doc.created = t.filter(|t| t.is_finite());
                }
            }
            _ => {
                s.skip_value()?;
                doc.fields.push((from, to, ty));
            }
        }
        s.skip_ws();
        if s.eat(b',') {
            continue;
        }
        s.expect(b'}', "expected ',' or '}'")?;
        return Ok(());
    }
}

fn histogram(times: &[f64]) -> Option<Histogram> {
    let min = times.iter().copied().reduce(f64::min)?;
    let max = times.iter().copied().reduce(f64::max)?;
    let bars = if max > min { BUCKETS } else { 1 };
    let width = if max > min { (max - min) / bars as f64 } else { 1.0 };
    let mut counts = vec![0u64; bars];
    for &t in times {
        let i = (((t - min) / width) as usize).min(bars - 1);
        counts[i] += 1;
    }
    Some(Histogram {
        min,
        max,
        width,
        counts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stats_any_chunking() {
        let input: &[u8] = b"{\"type\":\"collection\",\"index\":\"i\",\"collection\":\"c\"}\n\
{\"_id\":\"a\",\"body\":{\"city\":\"x\",\"n\":{\"x\":1},\"_kuzzle_info\":{\"createdAt\":1000}}}\n\
{\"_id\":\"b\",\"body\":{\"city\":null,\"_kuzzle_info\":{\"createdAt\":3000}}}\n\
{\"_id\":\"c\",\"body\":{\"city\":\"y\"}\n";
        for step in [input.len(), 7, 1] {
            let mut s = FieldStats::new();
            for c in input.chunks(step) {
                s.push(c).unwrap();
            }
            let r = s.finish().unwrap();
            assert_eq!((r.documents, r.unparsable, r.without_created_at), (2, 1, 0));
            assert_eq!(r.fields[0].path, "_kuzzle_info");
            let city = r.fields.iter().find(|f| f.path == "city").unwrap();
            assert_eq!(city.types, BTreeMap::from([("null", 1), ("string", 1)]));
            let h = r.created_at.unwrap();
            assert_eq!((h.min, h.max, h.counts.len()), (1000.0, 3000.0, BUCKETS));
            assert_eq!((h.counts[0], h.counts[BUCKETS - 1]), (1, 1));
            assert!(s.push(b"x").is_err());
        }
    }

    #[test]
    fn stats_paths_duplicates_escapes() {
        let mut s = FieldStats::new();
        s.push(b"{\"_id\":\"d\",\"_source\":{\"a\":{\"b\":{\"c\":1},\"x\":[1]},\"a\":2,\"k\\u0065y\":true}}\n[1]\n{\"_id\":\"e\",\"body\":{\"a\":1} trailing}\n")
            .unwrap();
        let r = s.finish().unwrap();
        assert_eq!((r.documents, r.unparsable), (2, 1));
        let paths: Vec<(&str, u64)> = r.fields.iter().map(|f| (f.path.as_str(), f.count)).collect();
        assert_eq!(paths, [("a", 1), ("a.b", 1), ("a.b.c", 1), ("a.x", 1), ("key", 1)]);
        assert_eq!(r.fields[0].types, BTreeMap::from([("object", 1)]));
        assert_eq!(r.fields[3].types, BTreeMap::from([("array", 1)]));
        assert!(r.created_at.is_none());
    }
}
