//! Kourou's `documents.csv` (`--format csv`, formats.md §1.5), byte for byte.
//!
//! Header `_id,<columns>`, then one row per document, every row ending with LF. Values are
//! picked from the raw body bytes like lodash `get` (one scan of the body for all columns):
//! missing or `null` → empty, a string → its decoded text, a number → its token as written,
//! `true`/`false`, an object or array → `[NOT_SCALAR]`. Kourou never quotes; we quote a field
//! only when it holds `,`, `"`, CR or LF (RFC 4180), so the output equals Kourou's whenever
//! Kourou's is well-formed.

mod columns;
mod path;

pub use columns::{columns_from_fields, columns_from_mapping, columns_from_mapping_leaves};

use crate::error::{Code, DumpError};
use crate::json::escape::unescape;
use crate::json::Kind;
use path::{PathTrie, ScanError, Scratch};
use std::borrow::Cow;
use std::cell::RefCell;

/// What an object or array value is written as (Kuzzle's own export writes `[OBJECT]`).
pub const NOT_SCALAR: &[u8] = b"[NOT_SCALAR]";

/// Writes the header and rows of a `documents.csv` for fixed columns.
///
/// The columns are compiled once into a trie of path segments, so a row is one pass of the
/// scanner over its body and allocates nothing but decoded strings (a scratch buffer is reused
/// between rows, which makes the writer `Send` but not `Sync`).
#[derive(Debug)]
pub struct CsvWriter {
    columns: Vec<String>,
    trie: PathTrie,
    scratch: RefCell<Scratch>,
}

impl CsvWriter {
    /// A writer for these columns (`_id` excluded: it is always the first column). Build them
    /// with [`columns_from_fields`], [`columns_from_mapping`] or [`columns_from_mapping_leaves`].
    pub fn new(columns: Vec<String>) -> Self {
        let trie = PathTrie::new(&columns);
        CsvWriter {
            columns,
            trie,
            scratch: RefCell::new(Scratch::default()),
        }
    }

    /// The columns, without `_id`.
    pub fn columns(&self) -> &[String] {
        &self.columns
    }

    /// Appends the header line `_id,<columns>` and its LF (written even when there are no documents).
    pub fn header(&self, out: &mut Vec<u8>) {
        write_field(out, b"_id");
        for column in &self.columns {
            out.push(b',');
            write_field(out, column.as_bytes());
        }
        out.push(b'\n');
    }

    /// Appends the row of one document: `id` is the decoded `_id` text, `body` the raw bytes of
    /// its `_source` object. A body that is not one valid JSON object is an error, and then
    /// nothing is appended. Data errors carry no line (the caller knows it and relocates them).
    pub fn write_row(&self, id: &[u8], body: &[u8], out: &mut Vec<u8>) -> Result<(), DumpError> {
        let mut fresh = Scratch::default();
        let mut borrowed = self.scratch.try_borrow_mut();
        let scratch: &mut Scratch = match borrowed.as_deref_mut() {
            Ok(s) => s,
            Err(_) => &mut fresh,
        };
        self.trie.scan(body, scratch).map_err(|e| match e {
            ScanError::Syntax(e) => DumpError::data(
                Code::JsonSyntax,
                format!("invalid document body: {} (byte {})", e.message, e.offset + 1),
                0,
                0,
            ),
            ScanError::NotObject(kind) => DumpError::data(
                Code::BodyNotObject,
                format!("the document body is {}, not an object", kind.name()),
                0,
                0,
            ),
        })?;
        let row_start = out.len();
        write_field(out, &js_text(id));
        for col in 0..self.columns.len() {
            out.push(b',');
            let Some(found) = self.trie.value(col, scratch) else {
                continue;
            };
            let token = body.get(found.start..found.end).unwrap_or_default();
            match found.kind {
                Kind::Null => {}
                Kind::Bool | Kind::Number => write_field(out, token),
                Kind::String => {
                    let raw = token.get(1..token.len().saturating_sub(1)).unwrap_or_default();
                    if let Err(e) = std::str::from_utf8(raw) {
                        out.truncate(row_start);
                        let at = found.start + 1 + e.valid_up_to();
                        return Err(DumpError::data(
                            Code::InvalidUtf8,
                            format!("invalid UTF-8 in a string of the document body (byte {})", at + 1),
                            0,
                            0,
                        ));
                    }
                    write_field(out, &js_text(&unescape(raw)));
                }
                Kind::Object | Kind::Array => out.extend_from_slice(NOT_SCALAR),
            }
        }
        out.push(b'\n');
        Ok(())
    }
}

/// Appends one field, quoted only if it holds `,`, `"`, CR or LF (inner quotes doubled).
fn write_field(out: &mut Vec<u8>, field: &[u8]) {
    if !field.iter().any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n')) {
        out.extend_from_slice(field);
        return;
    }
    out.push(b'"');
    for &b in field {
        if b == b'"' {
            out.push(b'"');
        }
        out.push(b);
    }
    out.push(b'"');
}

/// Decoded string bytes as Node writes them: a lone surrogate (WTF-8 `ED A0..BF xx`, only ever
/// produced by a `\udxxx` escape) becomes U+FFFD.
fn js_text(text: &[u8]) -> Cow<'_, [u8]> {
    let lone = |i: usize| text.get(i) == Some(&0xED) && text.get(i + 1).is_some_and(|&b| b >= 0xA0);
    if !(0..text.len()).any(lone) {
        return Cow::Borrowed(text);
    }
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while let Some(&b) = text.get(i) {
        if lone(i) {
            out.extend_from_slice("\u{FFFD}".as_bytes());
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::Json;

    fn csv_test(columns: Vec<String>, docs: &[(&str, &str)], expected: &str) {
        let w = CsvWriter::new(columns);
        let mut out = Vec::new();
        w.header(&mut out);
        for (id, body) in docs {
            w.write_row(id.as_bytes(), body.as_bytes(), &mut out).unwrap();
        }
        assert_eq!(String::from_utf8(out).unwrap(), expected);
    }

    #[test]
    fn reproduces_kourou_fields_export() {
        // kourou features/CSV.feature, `--fields city,district,nested.field,object`.
        csv_test(
            columns_from_fields("city,district,nested.field,object"),
            &[
                (
                    "chuon-chuon-kim",
                    r#"{"city":"hcmc","district":1,"nested":{"field":1}}"#,
                ),
                ("the-hive-vn", r#"{"city":"hcmc","district":2,"nested":{"field":2}}"#),
                ("the-hive-th", r#"{"city":"changmai","district":7,"unwanted":"field"}"#),
                ("luca", r#"{"city":"changmai","district":[7,8,9]}"#),
                ("toto", r#"{"city":"changmai","district":11,"object":{"field":"…"}}"#),
            ],
            "_id,city,district,nested.field,object\n\
             chuon-chuon-kim,hcmc,1,1,\n\
             the-hive-vn,hcmc,2,2,\n\
             the-hive-th,changmai,7,,\n\
             luca,changmai,[NOT_SCALAR],,\n\
             toto,changmai,11,,[NOT_SCALAR]\n",
        );
    }

    #[test]
    fn reproduces_kourou_mapping_export() {
        // kourou features/CSV.feature, no `--fields`: columns from the mapping.
        let properties = Json::parse(
            br#"{"city":{"type":"keyword"},"firstName":{"type":"keyword"},"lastName":{"type":"keyword"},"name":{"type":"keyword"}}"#,
        )
        .unwrap();
        csv_test(
            columns_from_mapping(&properties),
            &[
                ("the-hive-th", r#"{"city":"changmai","district":7,"unwanted":"field"}"#),
                ("luca", r#"{"city":"changmai","district":[7,8,9]}"#),
                (
                    "chuon-chuon-kim",
                    r#"{"city":"hcmc","district":1,"nested":{"field":1}}"#,
                ),
            ],
            "_id,city,firstName,lastName,name\n\
             the-hive-th,changmai,,,\n\
             luca,changmai,,,\n\
             chuon-chuon-kim,hcmc,,,\n",
        );
    }

    #[test]
    fn writes_header_alone_without_columns_or_documents() {
        csv_test(Vec::new(), &[], "_id\n");
        csv_test(Vec::new(), &[("a", r#"{"x":1}"#)], "_id\na\n");
    }

    #[test]
    fn quotes_only_when_needed() {
        csv_test(
            columns_from_fields("a,b,c,\"q\",n,t,big,e"),
            &[(
                "id,1",
                r#"{"a":"x,y","b":"say \"hi\"","c":"l1\nl2\r","\"q\"":"caf\u00e9 \ud83d\ude00","n":null,"t":false,"big":12345678901234567890123,"e":1.0e-320}"#,
            )],
            "_id,a,b,c,\"\"\"q\"\"\",n,t,big,e\n\
             \"id,1\",\"x,y\",\"say \"\"hi\"\"\",\"l1\nl2\r\",café 😀,,false,12345678901234567890123,1.0e-320\n",
        );
    }

    #[test]
    fn writes_lone_surrogates_like_node() {
        csv_test(
            columns_from_fields("s"),
            &[("a\u{0}", r#"{"s":"x\ud800y\udc00"}"#)],
            "_id,s\na\u{0},x\u{FFFD}y\u{FFFD}\n",
        );
    }

    #[test]
    fn whole_key_wins_over_the_split_path() {
        csv_test(
            columns_from_fields("a.b,a.c,list[1]"),
            &[
                ("1", r#"{"a.b":"whole","a":{"b":"split","c":"deep"},"list":["x","y"]}"#),
                ("2", r#"{"a":{"b":"split"}}"#),
            ],
            "_id,a.b,a.c,list[1]\n1,whole,deep,y\n2,split,,\n",
        );
    }

    #[test]
    fn bad_bodies_are_errors_and_write_nothing() {
        let w = CsvWriter::new(columns_from_fields("a"));
        let mut out = b"kept".to_vec();
        let err = w.write_row(b"x", b"[1]", &mut out).unwrap_err();
        assert_eq!(err.code(), Code::BodyNotObject);
        let err = w.write_row(b"x", br#"{"a":1,}"#, &mut out).unwrap_err();
        assert_eq!(err.code(), Code::JsonSyntax);
        assert_eq!(err.message(), "invalid document body: expected a string (byte 8)");
        let err = w.write_row(b"x", b"{\"a\":\"\xff\"}", &mut out).unwrap_err();
        assert_eq!(err.code(), Code::InvalidUtf8);
        assert_eq!(out, b"kept");
    }
}
