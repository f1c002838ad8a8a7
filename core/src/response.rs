//! Server responses read in place, without building objects: search pages become dump lines,
//! write responses become error lines mapped back to the dump's lines, and batches can be split
//! or narrowed for retries.

use crate::batch::{Batch, BatchKind};
use crate::error::{Code, DumpError, Result};
use crate::json::{compact, escape, Kind, Scanner, SyntaxError};
use serde::Serialize;

/// An error reported by Kuzzle (inside the envelope, or bare for protocol errors).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiError {
    /// HTTP-like status.
    pub status: u16,
    /// Kuzzle's error id, e.g. `services.storage.unknown_scroll_id`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The message.
    pub message: String,
}

/// What a search or scroll page said besides its hits.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchPage {
    /// Hits in this page.
    pub hits: u64,
    /// Total matching documents.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<u64>,
    /// Documents left to fetch (Kuzzle scrolls).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remaining: Option<u64>,
    /// The scroll id to use for the next page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scroll_id: Option<String>,
    /// Whether some hit's `_source` holds integers beyond ±2^53.
    pub big_integers: bool,
    /// The last hit's `_id` (decoded), for `search_after` on `_id`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_id: Option<String>,
}

/// How to write the hits of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HitsFormat {
    /// Kourou document lines `{"_id":…,"body":…}`.
    Jsonl,
    /// elasticdump data lines: ES hits as returned (compacted), or synthesized with this
    /// `_index` for Kuzzle hits.
    Hits {
        /// `_index` written in synthesized hits.
        index: String,
    },
}

fn bad(message: impl Into<String>) -> DumpError {
    DumpError::data(Code::JsonSyntax, message, 0, 0)
}

fn syntax(e: SyntaxError) -> DumpError {
    bad(format!(
        "invalid JSON in the response at byte {}: {}",
        e.offset, e.message
    ))
}

/// Iterates the members of the object whose `{` is next; `f` gets the decoded key and must
/// consume the value (or leave it to be skipped by returning `false`).
fn members<'a>(s: &mut Scanner<'a>, mut f: impl FnMut(&[u8], &mut Scanner<'a>) -> Result<bool>) -> Result<()> {
    s.expect(b'{', "expected an object").map_err(syntax)?;
    if s.eat(b'}') {
        return Ok(());
    }
    loop {
        s.skip_ws();
        let key = s.string().map_err(syntax)?;
        s.expect(b':', "expected ':'").map_err(syntax)?;
        s.skip_ws();
        let raw = &s.bytes()[key.start..key.end];
        let decoded = escape::unescape(raw);
        if !f(&decoded, s)? {
            s.skip_value().map_err(syntax)?;
        }
        if s.eat(b',') {
            continue;
        }
        s.expect(b'}', "expected ',' or '}'").map_err(syntax)?;
        return Ok(());
    }
}

/// Iterates the items of the array whose `[` is next.
fn items<'a>(s: &mut Scanner<'a>, mut f: impl FnMut(&mut Scanner<'a>) -> Result<()>) -> Result<()> {
    s.expect(b'[', "expected an array").map_err(syntax)?;
    if s.eat(b']') {
        return Ok(());
    }
    loop {
        s.skip_ws();
        f(s)?;
        if s.eat(b',') {
            continue;
        }
        s.expect(b']', "expected ',' or ']'").map_err(syntax)?;
        return Ok(());
    }
}

/// Scans one value and returns its raw bytes and kind.
fn raw_value<'a>(s: &mut Scanner<'a>) -> Result<(&'a [u8], Kind)> {
    s.skip_ws();
    let start = s.pos();
    let kind = s.skip_value().map_err(syntax)?;
    Ok((&s.bytes()[start..s.pos()], kind))
}

fn number(raw: &[u8]) -> Option<u64> {
    std::str::from_utf8(raw).ok()?.parse().ok()
}

fn text(raw: &[u8]) -> Option<String> {
    let inner = raw.strip_prefix(b"\"")?.strip_suffix(b"\"")?;
    Some(escape::unescape_lossy(inner))
}

/// The error of a Kuzzle response: the envelope's non-null `error`, or a bare error object.
pub fn kuzzle_error(response: &[u8]) -> Result<Option<ApiError>> {
    std::str::from_utf8(response).map_err(|_| bad("the response is not UTF-8"))?;
    let mut s = Scanner::new(response);
    let mut envelope_error = None;
    let (mut status, mut id, mut message) = (None, None, None);
    members(&mut s, |key, s| {
        match key {
            b"error" => {
                let (raw, kind) = raw_value(s)?;
                if kind == Kind::Object {
                    envelope_error = Some(raw);
                }
            }
            b"status" => status = number(raw_value(s)?.0),
            b"id" => id = text(raw_value(s)?.0),
            b"message" => message = text(raw_value(s)?.0),
            _ => return Ok(false),
        }
        Ok(true)
    })?;
    if let Some(raw) = envelope_error {
        return kuzzle_error(raw);
    }
    // A bare error (protocol errors come without envelope) has a message and an id.
    match (message, id.is_some()) {
        (Some(message), true) => Ok(Some(ApiError {
            status: status.and_then(|s| u16::try_from(s).ok()).unwrap_or(500),
            id,
            message,
        })),
        _ => Ok(None),
    }
}

fn write_jsonl(id_raw: &[u8], source: &[u8], out: &mut Vec<u8>) {
    crate::document::write_doc_line(id_raw, source, out);
}

fn write_synth_hit(index: &str, id_raw: &[u8], source: &[u8], out: &mut Vec<u8>) {
    out.extend_from_slice(b"{\"_index\":");
    escape::write_str(out, index);
    out.extend_from_slice(b",\"_type\":\"_doc\",\"_id\":\"");
    out.extend_from_slice(id_raw);
    out.extend_from_slice(b"\",\"_score\":1,\"_source\":");
    out.extend_from_slice(&compact(source));
    out.extend_from_slice(b"}\n");
}

/// One hit of a page: raw `_id` token content, raw `_source`, and the whole raw hit.
#[derive(Debug, Clone, Copy)]
pub struct PageHit<'a> {
    /// The `_id` token content (a string's escapes as written; a number's digits).
    pub id: &'a [u8],
    /// The `_source` object's raw bytes.
    pub source: &'a [u8],
    /// The whole hit object's raw bytes.
    pub raw: &'a [u8],
}

fn scan_hit<'a>(s: &mut Scanner<'a>) -> Result<PageHit<'a>> {
    s.skip_ws();
    let start = s.pos();
    let (mut id, mut source) = (None, None);
    members(s, |key, s| {
        match key {
            b"_id" => {
                let (raw, kind) = raw_value(s)?;
                id = Some(match kind {
                    Kind::String => &raw[1..raw.len() - 1],
                    _ => raw, // numeric ids are taken as their token text
                });
            }
            b"_source" => source = Some(raw_value(s)?.0),
            _ => return Ok(false),
        }
        Ok(true)
    })?;
    let raw = &s.bytes()[start..s.pos()];
    match (id, source) {
        (Some(id), Some(source)) => Ok(PageHit { id, source, raw }),
        (None, _) => Err(bad("a hit has no _id")),
        (_, None) => Err(bad("a hit has no _source (was _source disabled in the query?)")),
    }
}

fn emit(hit: &PageHit<'_>, format: &HitsFormat, es: bool, out: &mut Vec<u8>) {
    match format {
        HitsFormat::Jsonl => write_jsonl(hit.id, hit.source, out),
        HitsFormat::Hits { .. } if es => {
            out.extend_from_slice(&compact(hit.raw));
            out.push(b'\n');
        }
        HitsFormat::Hits { index } => write_synth_hit(index, hit.id, hit.source, out),
    }
}

fn count(hit: &PageHit<'_>, page: &mut SearchPage) {
    page.hits += 1;
    if !page.big_integers && has_big_integer(hit.source) {
        page.big_integers = true;
    }
    page.last_id = Some(escape::unescape_lossy(hit.id));
}

/// Reads a Kuzzle `document:search` / `document:scroll` (or security search) response and
/// appends one line per hit to `out`.
pub fn kuzzle_page(response: &[u8], format: &HitsFormat, out: &mut Vec<u8>) -> Result<SearchPage> {
    kuzzle_hits(response, |hit| {
        emit(&hit, format, false, out);
        Ok(())
    })
}

/// Reads an Elasticsearch `_search` / `_search/scroll` response and appends one line per hit.
pub fn es_page(response: &[u8], format: &HitsFormat, out: &mut Vec<u8>) -> Result<SearchPage> {
    es_hits(response, |hit| {
        emit(&hit, format, true, out);
        Ok(())
    })
}

/// Calls `f` for every hit of a Kuzzle search or scroll response, in order.
pub fn kuzzle_hits(response: &[u8], mut f: impl FnMut(PageHit<'_>) -> Result<()>) -> Result<SearchPage> {
    if let Some(e) = kuzzle_error(response)? {
        let id = e.id.unwrap_or_default();
        return Err(DumpError::Io(format!(
            "Kuzzle answered {} {id}: {}",
            e.status, e.message
        )));
    }
    let mut page = SearchPage::default();
    let mut found = false;
    let mut s = Scanner::new(response);
    members(&mut s, |key, s| {
        if key != b"result" {
            return Ok(false);
        }
        found = true;
        members(s, |key, s| {
            match key {
                b"hits" => items(s, |s| {
                    let hit = scan_hit(s)?;
                    count(&hit, &mut page);
                    f(hit)
                })?,
                b"total" => page.total = number(raw_value(s)?.0),
                b"remaining" => page.remaining = number(raw_value(s)?.0),
                b"scrollId" => page.scroll_id = text(raw_value(s)?.0),
                _ => return Ok(false),
            }
            Ok(true)
        })?;
        Ok(true)
    })?;
    if !found {
        return Err(bad("the response has no result"));
    }
    Ok(page)
}

/// Calls `f` for every hit of an Elasticsearch `_search` / `_search/scroll` response, in order.
pub fn es_hits(response: &[u8], mut f: impl FnMut(PageHit<'_>) -> Result<()>) -> Result<SearchPage> {
    std::str::from_utf8(response).map_err(|_| bad("the response is not UTF-8"))?;
    let mut page = SearchPage::default();
    let mut s = Scanner::new(response);
    members(&mut s, |key, s| {
        match key {
            b"_scroll_id" => page.scroll_id = text(raw_value(s)?.0),
            b"hits" => members(s, |key, s| {
                match key {
                    b"hits" => items(s, |s| {
                        let hit = scan_hit(s)?;
                        count(&hit, &mut page);
                        f(hit)
                    })?,
                    b"total" => {
                        s.skip_ws();
                        if s.peek() == Some(b'{') {
                            members(s, |key, s| {
                                if key == b"value" {
                                    page.total = number(raw_value(s)?.0);
                                    return Ok(true);
                                }
                                Ok(false)
                            })?;
                        } else {
                            page.total = number(raw_value(s)?.0);
                        }
                    }
                    _ => return Ok(false),
                }
                Ok(true)
            })?,
            _ => return Ok(false),
        }
        Ok(true)
    })?;
    Ok(page)
}

/// Whether a JSON text holds an integer token beyond ±(2^53 - 1), which JavaScript tools round.
pub fn has_big_integer(json: &[u8]) -> bool {
    let mut i = 0;
    let mut in_str = false;
    while i < json.len() {
        let b = json[i];
        if in_str {
            if b == b'\\' {
                i += 1;
            } else if b == b'"' {
                in_str = false;
            }
        } else if b == b'"' {
            in_str = true;
        } else if b.is_ascii_digit() && i > 0 && matches!(json[i - 1], b':' | b'[' | b',' | b'-' | b' ') {
            let start = i;
            while i < json.len() && json[i].is_ascii_digit() {
                i += 1;
            }
            let is_int = !matches!(json.get(i), Some(b'.' | b'e' | b'E'));
            let digits = &json[start..i];
            if is_int && (digits.len() > 16 || (digits.len() == 16 && digits > b"9007199254740991".as_slice())) {
                return true;
            }
            continue;
        }
        i += 1;
    }
    false
}

/// Per-document results of a write request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WriteResult {
    /// Documents written.
    pub successes: u64,
    /// Documents refused.
    pub errors: u64,
    /// Source line of each refused document (in the order of `error_lines`).
    pub lines: Vec<u64>,
    /// Positions in the batch of documents refused for a reason worth retrying (429, 5xx).
    pub retry: Vec<u32>,
}

fn write_error_line(raw_item: &[u8], line: Option<u64>, out: &mut Vec<u8>) {
    let item = compact(raw_item);
    match (line, item.strip_suffix(b"}")) {
        (Some(line), Some(open)) => {
            out.extend_from_slice(open);
            out.extend_from_slice(format!(",\"line\":{line}}}\n").as_bytes());
        }
        _ => {
            out.extend_from_slice(&item);
            out.push(b'\n');
        }
    }
}

/// Decoded `_id`s of the documents of a batch, in order.
fn batch_ids(kind: BatchKind, body: &[u8]) -> Result<Vec<Vec<u8>>> {
    Ok(split_batch_docs(kind, body)?.into_iter().map(|d| d.id).collect())
}

/// Reads a Kuzzle `bulk:mWrite` response for `batch`; appends a `documents-errors.jsonl` line
/// (Kuzzle's error item plus `"line"`, the source line) per refused document.
pub fn mwrite_result(response: &[u8], batch: &Batch, out: &mut Vec<u8>) -> Result<WriteResult> {
    if let Some(e) = kuzzle_error(response)? {
        return Err(DumpError::Io(format!(
            "Kuzzle answered {} {}: {}",
            e.status,
            e.id.unwrap_or_default(),
            e.message
        )));
    }
    let mut result = WriteResult::default();
    let mut ids: Option<Vec<Vec<u8>>> = None;
    let mut used = vec![false; batch.lines.len()];
    let mut s = Scanner::new(response);
    members(&mut s, |key, s| {
        if key != b"result" {
            return Ok(false);
        }
        members(s, |key, s| {
            match key {
                b"successes" => items(s, |s| {
                    s.skip_value().map_err(syntax)?;
                    result.successes += 1;
                    Ok(())
                })?,
                b"errors" => items(s, |s| {
                    s.skip_ws();
                    let start = s.pos();
                    let (mut id, mut status) = (None, None);
                    members(s, |key, s| {
                        match key {
                            b"document" => members(s, |key, s| {
                                if key == b"_id" {
                                    let (raw, kind) = raw_value(s)?;
                                    if kind == Kind::String {
                                        id = Some(escape::unescape(&raw[1..raw.len() - 1]).into_owned());
                                    }
                                    return Ok(true);
                                }
                                Ok(false)
                            })?,
                            b"status" => status = number(raw_value(s)?.0),
                            _ => return Ok(false),
                        }
                        Ok(true)
                    })?;
                    let raw_item = &s.bytes()[start..s.pos()];
                    result.errors += 1;
                    if ids.is_none() {
                        ids = Some(batch_ids(BatchKind::MWrite, &batch.body)?);
                    }
                    let pos = id.as_ref().and_then(|id| {
                        let all = ids.as_deref().unwrap_or_default();
                        (0..all.len()).find(|&i| !used[i] && all[i] == *id)
                    });
                    let line = pos.and_then(|p| {
                        used[p] = true;
                        batch.lines.get(p).copied()
                    });
                    if let (Some(p), Some(st)) = (pos, status) {
                        if st == 429 || st >= 500 {
                            result.retry.push(p as u32);
                        }
                    }
                    result.lines.push(line.unwrap_or(0));
                    write_error_line(raw_item, line, out);
                    Ok(())
                })?,
                _ => return Ok(false),
            }
            Ok(true)
        })?;
        Ok(true)
    })?;
    Ok(result)
}

/// Reads an Elasticsearch `_bulk` response for `batch` (items are in request order); appends
/// one error line `{"document":{"_id":…},"reason":…,"status":…,"line":…}` per failed item.
pub fn es_bulk_result(response: &[u8], batch: &Batch, out: &mut Vec<u8>) -> Result<WriteResult> {
    std::str::from_utf8(response).map_err(|_| bad("the response is not UTF-8"))?;
    let mut result = WriteResult::default();
    let mut position = 0usize;
    let mut s = Scanner::new(response);
    members(&mut s, |key, s| {
        if key != b"items" {
            return Ok(false);
        }
        items(s, |s| {
            // {"index":{"_index":…,"_id":…,"status":201,"error"?:{…}}}
            members(s, |_op, s| {
                let (mut id, mut status, mut reason) = (None, None, None);
                members(s, |key, s| {
                    match key {
                        b"_id" => id = Some(raw_value(s)?.0),
                        b"status" => status = number(raw_value(s)?.0),
                        b"error" => {
                            let (raw, kind) = raw_value(s)?;
                            reason = Some(if kind == Kind::Object {
                                let tree = crate::json::Json::parse(raw).map_err(syntax)?;
                                let r = tree.get("reason").and_then(|r| r.as_str()).map(|r| r.into_owned());
                                let t = tree.get("type").and_then(|t| t.as_str()).map(|t| t.into_owned());
                                match (t, r) {
                                    (Some(t), Some(r)) => format!("{t}: {r}"),
                                    (_, Some(r)) => r,
                                    _ => String::from_utf8_lossy(raw).into_owned(),
                                }
                            } else {
                                String::from_utf8_lossy(raw).into_owned()
                            });
                        }
                        _ => return Ok(false),
                    }
                    Ok(true)
                })?;
                let status = status.unwrap_or(0);
                if status >= 300 || reason.is_some() {
                    result.errors += 1;
                    let line = batch.lines.get(position).copied();
                    result.lines.push(line.unwrap_or(0));
                    if status == 429 || status >= 500 {
                        result.retry.push(position as u32);
                    }
                    let mut item = Vec::new();
                    item.extend_from_slice(b"{\"document\":{\"_id\":");
                    item.extend_from_slice(id.unwrap_or(b"null"));
                    item.extend_from_slice(b"},\"reason\":");
                    escape::write_str(&mut item, reason.as_deref().unwrap_or("unknown error"));
                    item.extend_from_slice(format!(",\"status\":{status}}}").as_bytes());
                    write_error_line(&item, line, out);
                } else {
                    result.successes += 1;
                }
                position += 1;
                Ok(true)
            })
        })?;
        Ok(true)
    })?;
    Ok(result)
}

/// One document of a batch body.
struct BatchDoc {
    id: Vec<u8>,
    /// Bytes of the document within the body (mWrite: the object; bulk: action + source lines).
    span: (usize, usize),
}

fn split_batch_docs(kind: BatchKind, body: &[u8]) -> Result<Vec<BatchDoc>> {
    let mut docs = Vec::new();
    match kind {
        BatchKind::MWrite => {
            let mut s = Scanner::new(body);
            members(&mut s, |key, s| {
                if key != b"documents" {
                    return Ok(false);
                }
                items(s, |s| {
                    let start = s.pos();
                    let mut id = Vec::new();
                    members(s, |key, s| {
                        if key == b"_id" {
                            let (raw, _) = raw_value(s)?;
                            id = escape::unescape(raw.get(1..raw.len().saturating_sub(1)).unwrap_or_default())
                                .into_owned();
                            return Ok(true);
                        }
                        Ok(false)
                    })?;
                    docs.push(BatchDoc {
                        id,
                        span: (start, s.pos()),
                    });
                    Ok(())
                })?;
                Ok(true)
            })?;
        }
        BatchKind::EsBulk => {
            let mut start = 0;
            let mut lines = body.split_inclusive(|&b| b == b'\n');
            while let Some(action) = lines.next() {
                let source = lines
                    .next()
                    .ok_or_else(|| bad("a _bulk body ends after an action line"))?;
                let tree = crate::json::Json::parse(action).map_err(syntax)?;
                let id = tree
                    .as_object()
                    .and_then(|m| m.first())
                    .and_then(|(_, v)| v.get("_id"))
                    .and_then(|v| v.as_str())
                    .map(|s| s.as_bytes().to_vec())
                    .unwrap_or_default();
                let end = start + action.len() + source.len();
                docs.push(BatchDoc { id, span: (start, end) });
                start = end;
            }
        }
    }
    Ok(docs)
}

/// A batch holding only the documents at `positions` (for retrying refused documents, or for
/// splitting a batch the server found too large).
pub fn select(kind: BatchKind, batch: &Batch, positions: &[u32]) -> Result<Batch> {
    let docs = split_batch_docs(kind, &batch.body)?;
    let mut out = Batch::default();
    if kind == BatchKind::MWrite {
        out.body.extend_from_slice(b"{\"documents\":[");
    }
    for &p in positions {
        let Some(d) = docs.get(p as usize) else {
            return Err(DumpError::InvalidOptions(format!("position {p} is not in the batch")));
        };
        if kind == BatchKind::MWrite && out.count > 0 {
            out.body.push(b',');
        }
        out.body.extend_from_slice(&batch.body[d.span.0..d.span.1]);
        let line = batch.lines.get(p as usize).copied().unwrap_or(0);
        if out.count == 0 {
            out.first_line = line;
        }
        out.last_line = line;
        out.lines.push(line);
        out.count += 1;
    }
    if kind == BatchKind::MWrite {
        out.body.extend_from_slice(b"]}");
    }
    Ok(out)
}

/// Splits a batch into two halves (after a 413 "request too large").
pub fn halve(kind: BatchKind, batch: &Batch) -> Result<(Batch, Batch)> {
    let n = batch.count;
    if n < 2 {
        return Err(DumpError::InvalidOptions(
            "a batch of one document cannot be split".into(),
        ));
    }
    let mid = n / 2;
    let first: Vec<u32> = (0..mid).collect();
    let second: Vec<u32> = (mid..n).collect();
    Ok((select(kind, batch, &first)?, select(kind, batch, &second)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::Batcher;

    const KUZZLE_PAGE: &str = r#"{"requestId":"r","status":200,"error":null,"controller":"document","action":"search","collection":"c","index":"i","volatile":null,"result":{"hits":[{"_id":"a","_score":1,"_source":{"n":12345678901234567890123,"s":"caf\u00e9"},"index":"i","collection":"c"},{"_id":"b","_score":1,"_source":{}}],"total":3,"remaining":1,"scrollId":"abc=="}}"#;

    #[test]
    fn kuzzle_search_page_to_jsonl() {
        let mut out = Vec::new();
        let page = kuzzle_page(KUZZLE_PAGE.as_bytes(), &HitsFormat::Jsonl, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\"_id\":\"a\",\"body\":{\"n\":12345678901234567890123,\"s\":\"caf\\u00e9\"}}\n{\"_id\":\"b\",\"body\":{}}\n"
        );
        assert_eq!(
            page,
            SearchPage {
                hits: 2,
                total: Some(3),
                remaining: Some(1),
                scroll_id: Some("abc==".into()),
                big_integers: true,
                last_id: Some("b".into())
            }
        );
    }

    #[test]
    fn kuzzle_hits_to_elasticdump_lines() {
        let mut out = Vec::new();
        kuzzle_page(
            KUZZLE_PAGE.as_bytes(),
            &HitsFormat::Hits { index: "&i.c".into() },
            &mut out,
        )
        .unwrap();
        assert!(String::from_utf8(out).unwrap().starts_with(
            "{\"_index\":\"&i.c\",\"_type\":\"_doc\",\"_id\":\"a\",\"_score\":1,\"_source\":{\"n\":12345678901234567890123,"
        ));
    }

    #[test]
    fn kuzzle_errors() {
        let env = br#"{"requestId":"r","status":404,"error":{"message":"Unknown scroll","status":404,"id":"services.storage.unknown_scroll_id","code":1}, "result":null}"#;
        let e = kuzzle_error(env).unwrap().unwrap();
        assert_eq!(
            (e.status, e.id.as_deref()),
            (404, Some("services.storage.unknown_scroll_id"))
        );
        let bare = br#"{"message":"Maximum HTTP request size exceeded","status":413,"id":"network.http.request_too_large","code":50331650}"#;
        assert_eq!(kuzzle_error(bare).unwrap().unwrap().status, 413);
        assert_eq!(kuzzle_error(KUZZLE_PAGE.as_bytes()).unwrap(), None);
        assert!(kuzzle_page(env, &HitsFormat::Jsonl, &mut Vec::new()).is_err());
    }

    #[test]
    fn es_scroll_page() {
        let resp = br#"{"_scroll_id":"s1","took":1,"timed_out":false,"hits":{"total":{"value":2,"relation":"eq"},"max_score":1.0,"hits":[{"_index":"&i.c","_type":"_doc","_id":"x","_score":1.0,"_source":{ "a" : 1 }}]}}"#;
        let mut out = Vec::new();
        let page = es_page(resp, &HitsFormat::Hits { index: String::new() }, &mut out).unwrap();
        assert_eq!(
            out,
            b"{\"_index\":\"&i.c\",\"_type\":\"_doc\",\"_id\":\"x\",\"_score\":1.0,\"_source\":{\"a\":1}}\n"
        );
        assert_eq!(
            (page.hits, page.total, page.scroll_id.as_deref()),
            (1, Some(2), Some("s1"))
        );
        let mut out = Vec::new();
        es_page(resp, &HitsFormat::Jsonl, &mut out).unwrap();
        assert_eq!(out, b"{\"_id\":\"x\",\"body\":{\"a\":1}}\n");
    }

    fn batch(kind: BatchKind, docs: &[(&str, &str, u64)]) -> Batch {
        let mut b = Batcher::new(kind, 1 << 20, 1000, "&i.c");
        for (id, body, line) in docs {
            b.push(*line, id.as_bytes(), body.as_bytes(), None);
        }
        b.close();
        b.take_ready().remove(0)
    }

    #[test]
    fn mwrite_errors_map_to_source_lines() {
        let b = batch(
            BatchKind::MWrite,
            &[("a", "{}", 2), ("caf\\u00e9", "{\"age\":\"forty\"}", 5), ("c", "{}", 9)],
        );
        let resp = r#"{"status":200,"error":null,"result":{"successes":[{"_id":"a","_source":{},"_version":1},{"_id":"c","_source":{},"_version":1}],"errors":[{"document":{"_source":{"age":"forty"},"_id":"café"},"reason":"failed to parse field [age]","status":400}]}}"#;
        let mut out = Vec::new();
        let r = mwrite_result(resp.as_bytes(), &b, &mut out).unwrap();
        assert_eq!(
            (r.successes, r.errors, r.lines.clone(), r.retry.clone()),
            (2, 1, vec![5], vec![])
        );
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\"document\":{\"_source\":{\"age\":\"forty\"},\"_id\":\"café\"},\"reason\":\"failed to parse field [age]\",\"status\":400,\"line\":5}\n"
        );
    }

    #[test]
    fn es_bulk_errors_and_retries() {
        let b = batch(BatchKind::EsBulk, &[("a", "{}", 1), ("b", "{}", 2), ("c", "{}", 3)]);
        let resp = br#"{"took":3,"errors":true,"items":[{"index":{"_index":"&i.c","_id":"a","status":201}},{"index":{"_index":"&i.c","_id":"b","status":429,"error":{"type":"es_rejected_execution_exception","reason":"queue full"}}},{"index":{"_index":"&i.c","_id":"c","status":400,"error":{"type":"mapper_parsing_exception","reason":"bad"}}}]}"#;
        let mut out = Vec::new();
        let r = es_bulk_result(resp, &b, &mut out).unwrap();
        assert_eq!(
            (r.successes, r.errors, r.lines.clone(), r.retry.clone()),
            (1, 2, vec![2, 3], vec![1])
        );
        assert!(String::from_utf8(out)
            .unwrap()
            .contains("\"reason\":\"mapper_parsing_exception: bad\",\"status\":400,\"line\":3}"));
        let retry = select(BatchKind::EsBulk, &b, &r.retry).unwrap();
        assert_eq!(retry.body, b"{\"index\":{\"_index\":\"&i.c\",\"_id\":\"b\"}}\n{}\n");
        assert_eq!(retry.lines, vec![2]);
    }

    #[test]
    fn halving_keeps_every_document() {
        let b = batch(
            BatchKind::MWrite,
            &[("a", "{\"x\":1}", 2), ("b", "{}", 3), ("c", "{}", 4)],
        );
        let (x, y) = halve(BatchKind::MWrite, &b).unwrap();
        assert_eq!(x.body, br#"{"documents":[{"_id":"a","body":{"x":1}}]}"#);
        assert_eq!(
            y.body,
            br#"{"documents":[{"_id":"b","body":{}},{"_id":"c","body":{}}]}"#
        );
        assert_eq!((x.lines, y.lines), (vec![2], vec![3, 4]));
    }

    #[test]
    fn big_integers() {
        assert!(has_big_integer(br#"{"a":9007199254740992}"#));
        assert!(has_big_integer(br#"{"a":[-12345678901234567]}"#));
        assert!(!has_big_integer(
            br#"{"a":9007199254740991,"b":1e300,"c":"12345678901234567890","d":1.2345678901234567}"#
        ));
    }
}
