//! Kourou `documents.jsonl` lines: the collection header, and `{"_id","body"}` documents.

use crate::error::{Code, Finding};
use crate::json::{escape, Kind, Scanner, StrSpan};
use crate::names::MAX_ID_BYTES;

/// Who wrote the header line; the key order differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum HeaderStyle {
    /// Kourou: `{"type","index","collection"}`.
    Kourou,
    /// Kuzzle's `document:export`: `{"collection","index","type"}`.
    KuzzleExport,
    /// Any other key order.
    Other,
}

/// The first line of a collection dump.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Header {
    /// Kuzzle index name.
    pub index: String,
    /// Kuzzle collection name.
    pub collection: String,
    /// Key order, telling who wrote it.
    pub style: HeaderStyle,
}

/// Converts a scanner error inside a line into a finding.
pub(crate) fn syntax_finding(e: crate::json::SyntaxError, line: u64) -> Finding {
    Finding::error(
        Code::JsonSyntax,
        format!("invalid JSON: {}", e.message),
        line,
        e.offset as u64 + 1,
    )
}

/// Parses a header line: an object with `type == "collection"` and non-empty string `index`
/// and `collection`, keys in any order, extra keys ignored.
pub fn parse_header(line: &[u8], line_no: u64) -> Result<Header, Finding> {
    let bad = |msg: &str, col: usize| Finding::error(Code::HeaderInvalid, msg, line_no, col as u64);
    let mut s = Scanner::new(line);
    s.skip_ws();
    if s.peek() != Some(b'{') {
        let col = s.pos() + 1;
        s.skip_value().map_err(|e| syntax_finding(e, line_no))?;
        return Err(bad(
            "the first line must be the collection header {\"type\":\"collection\",\"index\":…,\"collection\":…}",
            col,
        ));
    }
    let mut order = Vec::with_capacity(3);
    let (mut ty, mut index, mut collection) = (None, None, None);
    s.expect(b'{', "expected '{'").map_err(|e| syntax_finding(e, line_no))?;
    if !s.eat(b'}') {
        loop {
            s.skip_ws();
            let key = s.string().map_err(|e| syntax_finding(e, line_no))?;
            s.expect(b':', "expected ':' after the key")
                .map_err(|e| syntax_finding(e, line_no))?;
            s.skip_ws();
            let vstart = s.pos();
            let kind = s.skip_value().map_err(|e| syntax_finding(e, line_no))?;
            let key_text = escape::unescape(&line[key.start..key.end]);
            let value = (kind == Kind::String).then(|| escape::unescape_lossy(&line[vstart + 1..s.pos() - 1]));
            match &*key_text {
                b"type" => (ty, order) = (Some((value, vstart)), push(order, b't')),
                b"index" => (index, order) = (Some((value, vstart)), push(order, b'i')),
                b"collection" => (collection, order) = (Some((value, vstart)), push(order, b'c')),
                _ => {}
            }
            if s.eat(b',') {
                continue;
            }
            s.expect(b'}', "expected ',' or '}'")
                .map_err(|e| syntax_finding(e, line_no))?;
            break;
        }
    }
    s.end().map_err(|e| syntax_finding(e, line_no))?;
    match ty {
        Some((Some(t), _)) if t == "collection" => {}
        Some((_, col)) => return Err(bad("the header's \"type\" must be \"collection\"", col + 1)),
        None => {
            return Err(bad(
                "not a collection header: no \"type\":\"collection\" (is the header line missing?)",
                1,
            ))
        }
    }
    let name = |field: Option<(Option<String>, usize)>, what: &str| match field {
        Some((Some(v), _)) if !v.is_empty() => Ok(v),
        Some((_, col)) => Err(bad(
            &format!("the header's \"{what}\" must be a non-empty string"),
            col + 1,
        )),
        None => Err(bad(&format!("the header has no \"{what}\""), 1)),
    };
    let index = name(index, "index")?;
    let collection = name(collection, "collection")?;
    let style = match order.as_slice() {
        b"tic" => HeaderStyle::Kourou,
        b"cit" => HeaderStyle::KuzzleExport,
        _ => HeaderStyle::Other,
    };
    Ok(Header {
        index,
        collection,
        style,
    })
}

fn push(mut v: Vec<u8>, b: u8) -> Vec<u8> {
    v.push(b);
    v
}

/// Appends Kourou's header line (with LF): `{"type":"collection","index":…,"collection":…}`.
pub fn write_header(index: &str, collection: &str, out: &mut Vec<u8>) {
    out.extend_from_slice(b"{\"type\":\"collection\",\"index\":");
    escape::write_str(out, index);
    out.extend_from_slice(b",\"collection\":");
    escape::write_str(out, collection);
    out.extend_from_slice(b"}\n");
}

/// A parsed document line; spans index into the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocLine {
    /// The `_id` string token content (escapes as written).
    pub id: StrSpan,
    /// Start of the body's raw JSON.
    pub body_start: usize,
    /// End (exclusive) of the body's raw JSON.
    pub body_end: usize,
    /// Whether the line is exactly `{"_id":"…","body":…}` with no whitespace, so it can be
    /// copied as is into Kourou files and `bulk:mWrite` bodies.
    pub canonical: bool,
    /// Whether whitespace appears anywhere outside strings (the body then needs compacting).
    pub has_ws: bool,
}

/// Parses `{"_id": "<string>", "body": {…}}` (extra keys ignored; the last duplicate wins).
/// The line must already be valid UTF-8.
pub fn parse_doc_line(line: &[u8], line_no: u64) -> Result<DocLine, Finding> {
    let syntax = |e| syntax_finding(e, line_no);
    let mut s = Scanner::new(line);
    s.skip_ws();
    if s.peek() != Some(b'{') {
        let col = s.pos() as u64 + 1;
        let kind = s.skip_value().map_err(syntax)?;
        s.end().map_err(syntax)?;
        return Err(Finding::error(
            Code::DocumentNotObject,
            format!(
                "a document line must be an object {{\"_id\",\"body\"}}, not {}",
                kind.name()
            ),
            line_no,
            col,
        ));
    }
    s.expect(b'{', "expected '{'").map_err(syntax)?;
    let mut id: Option<Result<StrSpan, (Kind, usize)>> = None;
    let mut body: Option<(Kind, usize, usize)> = None;
    if !s.eat(b'}') {
        loop {
            s.skip_ws();
            let key = s.string().map_err(syntax)?;
            s.expect(b':', "expected ':' after the key").map_err(syntax)?;
            s.skip_ws();
            let vstart = s.pos();
            let key_bytes = &line[key.start..key.end];
            let key_is = |name: &[u8]| key_bytes == name || (key.escaped && &*escape::unescape(key_bytes) == name);
            if key_is(b"_id") {
                if s.peek() == Some(b'"') {
                    id = Some(Ok(s.string().map_err(syntax)?));
                } else {
                    id = Some(Err((s.skip_value().map_err(syntax)?, vstart)));
                }
            } else if key_is(b"body") {
                let kind = s.skip_value().map_err(syntax)?;
                body = Some((kind, vstart, s.pos()));
            } else {
                s.skip_value().map_err(syntax)?;
            }
            if s.eat(b',') {
                continue;
            }
            s.expect(b'}', "expected ',' or '}'").map_err(syntax)?;
            break;
        }
    }
    s.end().map_err(syntax)?;
    let id = match id {
        None => {
            return Err(Finding::error(
                Code::IdMissing,
                "the document has no \"_id\"",
                line_no,
                1,
            ))
        }
        Some(Err((kind, col))) => {
            return Err(Finding::error(
                Code::IdNotString,
                format!("\"_id\" must be a string, not {}", kind.name()),
                line_no,
                col as u64 + 1,
            ))
        }
        Some(Ok(span)) => span,
    };
    let id_col = id.start as u64; // the quote's column
    if id.start == id.end {
        return Err(Finding::error(Code::IdEmpty, "\"_id\" is empty", line_no, id_col));
    }
    let id_len = id_bytes_len(&line[id.start..id.end], id.escaped);
    if id_len > MAX_ID_BYTES {
        return Err(Finding::error(
            Code::IdTooLong,
            format!("\"_id\" is {id_len} bytes long; Elasticsearch allows at most {MAX_ID_BYTES}"),
            line_no,
            id_col,
        ));
    }
    let (kind, body_start, body_end) = match body {
        None => {
            return Err(Finding::error(
                Code::BodyMissing,
                "the document has no \"body\"",
                line_no,
                1,
            ))
        }
        Some(b) => b,
    };
    if kind != Kind::Object {
        return Err(Finding::error(
            Code::BodyNotObject,
            format!("\"body\" must be an object, not {}", kind.name()),
            line_no,
            body_start as u64 + 1,
        ));
    }
    let has_ws = s.saw_ws();
    let canonical = !has_ws
        && id.start == 8
        && line.starts_with(b"{\"_id\":\"")
        && line.get(id.end..id.end + 9) == Some(b"\",\"body\":")
        && body_start == id.end + 9
        && body_end + 1 == line.len();
    Ok(DocLine {
        id,
        body_start,
        body_end,
        canonical,
        has_ws,
    })
}

/// Length in bytes of a decoded `_id`.
fn id_bytes_len(raw: &[u8], escaped: bool) -> usize {
    if escaped {
        escape::unescape(raw).len()
    } else {
        raw.len()
    }
}

/// Appends a Kourou document line `{"_id":"…","body":…}` + LF (the id is raw token content).
pub fn write_doc_line(id_raw: &[u8], body: &[u8], out: &mut Vec<u8>) {
    out.extend_from_slice(b"{\"_id\":\"");
    out.extend_from_slice(id_raw);
    out.extend_from_slice(b"\",\"body\":");
    out.extend_from_slice(&crate::json::compact(body));
    out.extend_from_slice(b"}\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header_ok(line: &str, index: &str, collection: &str, style: HeaderStyle) {
        let h = parse_header(line.as_bytes(), 1).unwrap();
        assert_eq!(
            (h.index.as_str(), h.collection.as_str(), h.style),
            (index, collection, style)
        );
    }

    fn header_bad(line: &str, code: Code, column: u64) {
        let f = parse_header(line.as_bytes(), 1).unwrap_err();
        assert_eq!((f.code, f.location.column), (code, column), "{line}: {}", f.message);
    }

    #[test]
    fn headers() {
        header_ok(
            r#"{"type":"collection","index":"nyc-open-data","collection":"yellow-taxi"}"#,
            "nyc-open-data",
            "yellow-taxi",
            HeaderStyle::Kourou,
        );
        header_ok(
            r#"{"collection":"yellow-taxi","index":"nyc-open-data","type":"collection"}"#,
            "nyc-open-data",
            "yellow-taxi",
            HeaderStyle::KuzzleExport,
        );
        header_ok(
            r#"{ "index" : "i", "extra": [1], "type": "collection", "collection": "c" }"#,
            "i",
            "c",
            HeaderStyle::Other,
        );
        header_bad(r#"{"_id":"a","body":{}}"#, Code::HeaderInvalid, 1);
        header_bad(
            r#"{"type":"mappings","index":"i","collection":"c"}"#,
            Code::HeaderInvalid,
            9,
        );
        header_bad(
            r#"{"type":"collection","index":"","collection":"c"}"#,
            Code::HeaderInvalid,
            30,
        );
        header_bad(r#"{"type":"collection","index":"i"}"#, Code::HeaderInvalid, 1);
        header_bad(r#"{"type":"collection""#, Code::JsonSyntax, 21);
        header_bad("[1]", Code::HeaderInvalid, 1);
    }

    #[test]
    fn header_writer_matches_kourou() {
        let mut out = Vec::new();
        write_header("nyc-open-data", "yellow-taxi", &mut out);
        assert_eq!(
            out,
            b"{\"type\":\"collection\",\"index\":\"nyc-open-data\",\"collection\":\"yellow-taxi\"}\n"
        );
    }

    fn doc_ok(line: &str, id: &str, body: &str, canonical: bool) {
        let d = parse_doc_line(line.as_bytes(), 7).unwrap();
        assert_eq!(&line[d.id.start..d.id.end], id);
        assert_eq!(&line[d.body_start..d.body_end], body);
        assert_eq!(d.canonical, canonical, "{line}");
    }

    fn doc_bad(line: &str, code: Code, column: u64) {
        let f = parse_doc_line(line.as_bytes(), 7).unwrap_err();
        assert_eq!(
            (f.code, f.location.line, f.location.column),
            (code, 7, column),
            "{line}: {}",
            f.message
        );
    }

    #[test]
    fn document_lines() {
        doc_ok(r#"{"_id":"a","body":{"x":1}}"#, "a", r#"{"x":1}"#, true);
        doc_ok(
            r#"{"_id":"caf\u00e9","body":{"n":12345678901234567890123}}"#,
            r"caf\u00e9",
            r#"{"n":12345678901234567890123}"#,
            true,
        );
        doc_ok(r#"{"body":{},"_id":"b"}"#, "b", "{}", false);
        doc_ok(
            r#"{ "_id" : "c", "body" : { "y" : [ 1 ] } }"#,
            "c",
            r#"{ "y" : [ 1 ] }"#,
            false,
        );
        doc_ok(r#"{"_id":"d","body":{},"extra":1}"#, "d", "{}", false);
        doc_ok(r#"{"\u005fid":"e","body":{}}"#, "e", "{}", false);
    }

    #[test]
    fn document_line_errors() {
        doc_bad(r#"{"body":{}}"#, Code::IdMissing, 1);
        doc_bad(r#"{"_id":42,"body":{}}"#, Code::IdNotString, 8);
        doc_bad(r#"{"_id":"","body":{}}"#, Code::IdEmpty, 8);
        doc_bad(
            &format!(r#"{{"_id":"{}","body":{{}}}}"#, "x".repeat(513)),
            Code::IdTooLong,
            8,
        );
        doc_ok(
            &format!(r#"{{"_id":"{}","body":{{}}}}"#, "x".repeat(512)),
            &"x".repeat(512),
            "{}",
            true,
        );
        doc_bad(r#"{"_id":"a"}"#, Code::BodyMissing, 1);
        doc_bad(r#"{"_id":"a","body":"oops"}"#, Code::BodyNotObject, 19);
        doc_bad(r#"{"_id":"a","body":{}"#, Code::JsonSyntax, 21);
        doc_bad(r#"{"_id":"a","body":{}} x"#, Code::JsonSyntax, 23);
        doc_bad("[1,2]", Code::DocumentNotObject, 1);
        doc_bad("oops", Code::JsonSyntax, 1);
    }

    #[test]
    fn writer_copies_tokens_and_compacts() {
        let mut out = Vec::new();
        write_doc_line(br"caf\u00e9", b"{ \"n\" : 1.0e-320 }", &mut out);
        assert_eq!(out, b"{\"_id\":\"caf\\u00e9\",\"body\":{\"n\":1.0e-320}}\n");
    }
}
