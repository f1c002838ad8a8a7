//! `FieldStats`: per collection, how often each body field is present and with which JSON
//! types, and a histogram of `_kuzzle_info.createdAt`, from the documents file's plain bytes
//! pushed in any chunking (computed when the viewer's charts are opened, not while loading).

use super::doc::{body, is_header, parse};
use crate::json::Json;
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

/// Streaming statistics; see the module docs.
#[derive(Debug, Default)]
pub struct FieldStats {
    splitter: LineSplitter,
    documents: u64,
    unparsable: u64,
    fields: BTreeMap<String, (u64, BTreeMap<&'static str, u64>)>,
    dropped: std::collections::BTreeSet<String>,
    created: Vec<f64>,
    finished: bool,
    /// Whether a non-blank line was seen (only the first may be a header).
    started: bool,
}

impl FieldStats {
    /// Empty statistics.
    pub fn new() -> Self {
        Self::default()
    }

    /// Pushes the next plain bytes of a documents file.
    pub fn push(&mut self, chunk: &[u8]) -> Result<()> {
        self.check_open()?;
        let mut lines = Vec::new();
        self.splitter.push(chunk, |b| {
            lines.extend(b.lines().filter(|l| !l.is_blank()).map(|l| l.bytes.to_vec()))
        });
        for l in lines {
            self.line(&l);
        }
        Ok(())
    }

    /// Ends the input; returns the statistics. Later calls throw `INVALID_STATE`.
    pub fn finish(&mut self) -> Result<FieldStatsReport> {
        self.check_open()?;
        let mut lines = Vec::new();
        self.splitter
            .finish(|b| lines.extend(b.lines().filter(|l| !l.is_blank()).map(|l| l.bytes.to_vec())));
        for l in lines {
            self.line(&l);
        }
        self.finished = true;
        let mut fields: Vec<FieldStat> = std::mem::take(&mut self.fields)
            .into_iter()
            .map(|(path, (count, types))| FieldStat { path, count, types })
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
        let Ok(v) = parse(line) else {
            self.unparsable += 1;
            return;
        };
        self.documents += 1;
        let Some(b) = body(&v) else { return };
        if let Some(Json::Number(n)) = b.pointer(&["_kuzzle_info", "createdAt"]) {
            if let Ok(t) = n.parse::<f64>() {
                if t.is_finite() {
                    self.created.push(t);
                }
            }
        }
        if let Json::Object(m) = b {
            let mut seen = std::collections::HashSet::new();
            self.walk(m, "", 0, &mut seen);
        }
    }

    fn walk(
        &mut self,
        members: &[(crate::json::RawStr, Json)],
        prefix: &str,
        depth: usize,
        seen: &mut std::collections::HashSet<String>,
    ) {
        for (k, v) in members {
            let path = if prefix.is_empty() {
                k.text().into_owned()
            } else {
                format!("{prefix}.{}", k.text())
            };
            if !seen.insert(path.clone()) {
                continue; // a duplicate key counts once per document
            }
            let ty = type_name(v);
            if let Some((count, types)) = self.fields.get_mut(&path) {
                *count += 1;
                *types.entry(ty).or_default() += 1;
            } else if self.fields.len() < MAX_FIELDS {
                self.fields.insert(path.clone(), (1, BTreeMap::from([(ty, 1)])));
            } else if self.dropped.len() < 100_000 {
                self.dropped.insert(path.clone());
            }
            if let Json::Object(inner) = v {
                if depth + 1 < MAX_DEPTH {
                    self.walk(inner, &path, depth + 1, seen);
                }
            }
        }
    }
}

fn type_name(v: &Json) -> &'static str {
    match v {
        Json::Null => "null",
        Json::Bool(_) => "boolean",
        Json::Number(_) => "number",
        Json::String(_) => "string",
        Json::Array(_) => "array",
        Json::Object(_) => "object",
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
}
