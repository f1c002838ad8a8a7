//! Per-document digests for `verify`: a dump's document lines and a live search page both become
//! the same compact records (decoded `_id`, 128-bit xxh3 of the compact body bytes), and two
//! record sets are compared in the core, so that JS never holds one object per document.
//!
//! Record layout (little endian): `u32` id length, id bytes (UTF-8, unescaped), 16 hash bytes.
//! The body hashed is the compact JSON text: the bytes Kuzzle returns as `_source` and the
//! bytes `collection:export` writes as `body`, so an unchanged document gives the same record.

use crate::api::{Out, PathKey, Slot};
use crate::document::{parse_doc_line, parse_header};
use crate::error::{DumpError, Result};
use crate::json::{compact, escape};
use crate::response::{kuzzle_hits, SearchPage};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use xxhash_rust::xxh3::xxh3_128;

fn push_record(id: &[u8], body: &[u8], out: &mut Vec<u8>) {
    let id = escape::unescape(id);
    out.extend_from_slice(&(id.len() as u32).to_le_bytes());
    out.extend_from_slice(&id);
    out.extend_from_slice(&xxh3_128(&compact(body)).to_le_bytes());
}

/// Digests of the whole lines of a chunk of a `documents.jsonl`.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LineDigests {
    /// The records (set as bytes).
    pub digests: Slot,
    /// Document lines digested.
    pub documents: u64,
    /// Bytes of the chunk consumed (whole lines); the rest starts the next chunk.
    pub consumed: u64,
    /// Lines consumed (for the next call's `first_line`).
    pub lines: u64,
}

/// Options of [`digest_lines`].
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct DigestLinesOptions {
    /// The 1-based number of the chunk's first line. @default 1
    pub first_line: Option<u64>,
    /// The chunk ends the file: its last line has no line feed. @default false
    pub last: bool,
    /// File label for errors.
    pub file: Option<String>,
}

/// Digests every whole line of `chunk` (the collection header and blank lines are skipped);
/// with `last`, the unterminated tail too. A line that is neither a header nor a document is
/// an error with its line and column.
pub fn digest_lines(chunk: &[u8], opts: &DigestLinesOptions) -> Result<Out<LineDigests>> {
    let mut out = Vec::new();
    let mut info = LineDigests::default();
    let mut line_no = opts.first_line.unwrap_or(1);
    let mut start = 0usize;
    while start < chunk.len() {
        let end = match memchr::memchr(b'\n', &chunk[start..]) {
            Some(i) => start + i,
            None if opts.last => chunk.len(),
            None => break,
        };
        let mut line = &chunk[start..end];
        if line_no == 1 && line.starts_with("\u{feff}".as_bytes()) {
            line = &line[3..];
        }
        if line.last() == Some(&b'\r') {
            line = &line[..line.len() - 1];
        }
        if !line.iter().all(|b| b.is_ascii_whitespace()) {
            if std::str::from_utf8(line).is_err() {
                return Err(
                    DumpError::data(crate::Code::InvalidUtf8, "the line is not UTF-8", line_no, 1)
                        .in_file(opts.file.as_deref()),
                );
            }
            match parse_doc_line(line, line_no) {
                Ok(d) => {
                    push_record(&line[d.id.start..d.id.end], &line[d.body_start..d.body_end], &mut out);
                    info.documents += 1;
                }
                Err(f) => {
                    if parse_header(line, line_no).is_err() {
                        return Err(DumpError::from(f).in_file(opts.file.as_deref()));
                    }
                }
            }
        }
        start = (end + 1).min(chunk.len());
        line_no += 1;
        info.lines += 1;
    }
    info.consumed = start as u64;
    Ok(Out::new(info).with(&[PathKey::Field("digests")], out))
}

/// Digests of a Kuzzle search or scroll page.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PageDigests {
    /// The records (set as bytes).
    pub digests: Slot,
    /// What the page said besides its hits (scroll id, total, …).
    pub page: SearchPage,
}

/// Digests every hit of a Kuzzle `document:search` / `document:scroll` response.
pub fn digest_kuzzle_page(response: &[u8]) -> Result<Out<PageDigests>> {
    let mut out = Vec::new();
    let page = kuzzle_hits(response, |hit| {
        push_record(hit.id, hit.source, &mut out);
        Ok(())
    })?;
    Ok(Out::new(PageDigests { digests: Slot, page }).with(&[PathKey::Field("digests")], out))
}

/// Options of [`compare_digests`].
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct CompareOptions {
    /// Most ids listed per kind of difference (all are counted). @default 1000
    pub limit: Option<usize>,
}

/// What differs between a dump (`expected`) and the live data (`actual`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DigestDiff {
    /// Documents in the dump.
    pub expected: u64,
    /// Documents live.
    pub actual: u64,
    /// Documents identical on both sides.
    pub same: u64,
    /// Ids on both sides whose bodies differ.
    pub changed: Vec<String>,
    /// Ids in the dump, not live.
    pub missing: Vec<String>,
    /// Ids live, not in the dump.
    pub extra: Vec<String>,
    /// Ids found more than once in the dump.
    pub duplicates: Vec<String>,
    /// Counts of each kind (the lists stop at `limit`).
    pub changed_count: u64,
    /// See `changed_count`.
    pub missing_count: u64,
    /// See `changed_count`.
    pub extra_count: u64,
    /// See `changed_count`.
    pub duplicate_count: u64,
    /// Whether dump and live data are identical.
    pub ok: bool,
}

fn records(bytes: &[u8]) -> Result<Vec<(&[u8], [u8; 16])>> {
    let bad = || DumpError::InvalidOptions("digest records are truncated or corrupt".into());
    let mut v = Vec::new();
    let mut i = 0usize;
    while i < bytes.len() {
        let len_bytes: [u8; 4] = bytes.get(i..i + 4).and_then(|s| s.try_into().ok()).ok_or_else(bad)?;
        let len = u32::from_le_bytes(len_bytes) as usize;
        let id = bytes.get(i + 4..i + 4 + len).ok_or_else(bad)?;
        let hash: [u8; 16] = bytes
            .get(i + 4 + len..i + 20 + len)
            .and_then(|s| s.try_into().ok())
            .ok_or_else(bad)?;
        v.push((id, hash));
        i += 20 + len;
    }
    Ok(v)
}

fn note(list: &mut Vec<String>, count: &mut u64, limit: usize, id: &[u8]) {
    *count += 1;
    if list.len() < limit {
        list.push(String::from_utf8_lossy(id).into_owned());
    }
}

/// Compares two record sets (each the concatenation of [`digest_lines`] / [`digest_kuzzle_page`]
/// outputs); lists are in `expected` order, then `actual` order for extras.
pub fn compare_digests(expected: &[u8], actual: &[u8], opts: &CompareOptions) -> Result<DigestDiff> {
    let limit = opts.limit.unwrap_or(1000);
    let exp = records(expected)?;
    let act = records(actual)?;
    let mut d = DigestDiff {
        expected: exp.len() as u64,
        actual: act.len() as u64,
        ..Default::default()
    };
    let mut live: HashMap<&[u8], ([u8; 16], bool)> = HashMap::with_capacity(act.len());
    for (id, h) in &act {
        live.insert(id, (*h, false));
    }
    let mut seen: HashMap<&[u8], ()> = HashMap::with_capacity(exp.len());
    for (id, h) in &exp {
        if seen.insert(id, ()).is_some() {
            note(&mut d.duplicates, &mut d.duplicate_count, limit, id);
            continue;
        }
        match live.get_mut(id) {
            Some((lh, used)) => {
                *used = true;
                if lh == h {
                    d.same += 1;
                } else {
                    note(&mut d.changed, &mut d.changed_count, limit, id);
                }
            }
            None => note(&mut d.missing, &mut d.missing_count, limit, id),
        }
    }
    for (id, _) in &act {
        if let Some((_, false)) = live.get(id) {
            note(&mut d.extra, &mut d.extra_count, limit, id);
            if let Some(e) = live.get_mut(id) {
                e.1 = true; // a live duplicate id is reported once
            }
        }
    }
    d.ok = d.changed_count + d.missing_count + d.extra_count + d.duplicate_count == 0 && d.expected == d.actual;
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<u8> {
        digest_lines(
            text.as_bytes(),
            &DigestLinesOptions {
                last: true,
                ..Default::default()
            },
        )
        .unwrap()
        .buffers
        .remove(0)
        .bytes
    }

    #[test]
    fn dump_lines_and_live_pages_give_the_same_records() {
        let dump = lines("{\"type\":\"collection\",\"index\":\"i\",\"collection\":\"c\"}\n{\"_id\":\"a\\u0062\",\"body\":{\"n\": 1}}\n\n{\"_id\":\"c\",\"body\":{}}");
        let page = digest_kuzzle_page(
            br#"{"result":{"hits":[{"_id":"ab","_source":{"n":1}},{"_id":"c","_source":{}}],"total":2}}"#,
        )
        .unwrap()
        .buffers
        .remove(0)
        .bytes;
        assert_eq!(dump, page);
        let d = compare_digests(&dump, &page, &CompareOptions::default()).unwrap();
        assert!(d.ok);
        assert_eq!(d.same, 2);
    }

    #[test]
    fn every_difference_is_reported() {
        let dump =
            lines("{\"_id\":\"a\",\"body\":{\"n\":1}}\n{\"_id\":\"b\",\"body\":{}}\n{\"_id\":\"b\",\"body\":{}}\n");
        let live = lines("{\"_id\":\"a\",\"body\":{\"n\":2}}\n{\"_id\":\"z\",\"body\":{}}\n");
        let d = compare_digests(&dump, &live, &CompareOptions::default()).unwrap();
        assert_eq!(
            (d.changed, d.missing, d.extra, d.duplicates),
            (
                vec!["a".to_string()],
                vec!["b".to_string()],
                vec!["z".to_string()],
                vec!["b".to_string()]
            )
        );
        assert!(!d.ok);
    }

    #[test]
    fn partial_lines_wait_for_the_next_chunk() {
        let out = digest_lines(
            b"{\"_id\":\"a\",\"body\":{}}\n{\"_id\":",
            &DigestLinesOptions::default(),
        )
        .unwrap();
        assert_eq!((out.info.documents, out.info.consumed, out.info.lines), (1, 22, 1));
        let e = digest_lines(
            b"{\"_id\":\"a\",\"body\":{}}\nnope\n",
            &DigestLinesOptions {
                file: Some("f".into()),
                ..Default::default()
            },
        )
        .unwrap_err();
        assert_eq!(e.location().map(|l| l.line), Some(2));
        assert!(compare_digests(b"\x05\0\0\0ab", b"", &CompareOptions::default()).is_err());
    }
}
