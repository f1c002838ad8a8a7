//! Kourou's `documents.json` (`--format kuzzle`, formats.md §1.4): an `admin:loadFixtures` body
//! `{"<index>":{"<collection>":[{"index":{"_id":"<id>"}},<body>,…]}}`.
//!
//! Kourou writes its JSONL header line first, so its file is two JSON values. Our
//! [`FixturesWriter`] writes the fixtures object alone (compact, one line + LF), which
//! `admin:loadFixtures` accepts as is. The [`FixturesDecoder`] reads both forms, compact or
//! pretty, with any number of indexes and collections, as a stream: the line may be gigabytes.
//!
//! Accepted input: an optional BOM, then either the fixtures object alone, or a header value
//! `{"type":"collection",…}` followed by it (whitespace between and around). Arrays hold
//! action/body pairs; an action is `{"index":{"_id":…}}` or `{"create":{"_id":…}}` with a
//! string `_id`; a body is an object. Index and collection names come from the fixtures keys
//! (they win over the header). Duplicate index or collection keys are all read, though
//! `JSON.parse` would keep only the last.

mod decoder;
mod tracker;

pub use decoder::FixturesDecoder;

use crate::json::{compact, escape};
use serde::Serialize;

/// One document read from a `documents.json`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixtureDoc {
    /// The index name (the decoded fixtures key).
    pub index: String,
    /// The collection name (the decoded fixtures key).
    pub collection: String,
    /// The `_id` as its raw string token content (escapes as written, no quotes).
    pub id: Vec<u8>,
    /// The body's JSON bytes exactly as in the input (whitespace included).
    pub body: Vec<u8>,
    /// 1-based line where the body starts (its `{`).
    pub line: u64,
    /// 1-based byte column where the body starts (a leading BOM not counted).
    pub column: u64,
}

/// The collection header that precedes the fixtures object in Kourou's files.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FixturesHeader {
    /// Its `index`, when a string.
    pub index: Option<String>,
    /// Its `collection`, when a string.
    pub collection: Option<String>,
}

/// One collection array of the fixtures object.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FixturesCollection {
    /// The index name.
    pub index: String,
    /// The collection name.
    pub collection: String,
    /// Number of documents in the array.
    pub documents: u64,
}

/// What a whole `documents.json` held.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FixturesSummary {
    /// Total number of documents.
    pub documents: u64,
    /// Kourou's header value, if the file had one.
    pub header: Option<FixturesHeader>,
    /// Every collection array, in file order (empty ones included).
    pub collections: Vec<FixturesCollection>,
    /// Number of lines (a final LF ends the last line, it does not start another).
    pub lines: u64,
}

/// Streams one collection as a fixtures object: `begin`, `push` per document, `finish`.
#[derive(Debug)]
pub struct FixturesWriter {
    documents: u64,
}

impl FixturesWriter {
    /// Appends `{"<index>":{"<collection>":[`, names escaped like `JSON.stringify`.
    pub fn begin(index: &str, collection: &str, out: &mut Vec<u8>) -> Self {
        out.push(b'{');
        escape::write_str(out, index);
        out.extend_from_slice(b":{");
        escape::write_str(out, collection);
        out.extend_from_slice(b":[");
        FixturesWriter { documents: 0 }
    }

    /// Appends `{"index":{"_id":"<id>"}},<body>` (after a comma but for the first document).
    /// `id` is the raw content of a string token (escapes as written) and `body` one valid JSON
    /// object; whitespace outside its strings is dropped so the output stays one line, every
    /// token keeps its bytes.
    pub fn push(&mut self, id: &[u8], body: &[u8], out: &mut Vec<u8>) {
        if self.documents > 0 {
            out.push(b',');
        }
        out.extend_from_slice(br#"{"index":{"_id":""#);
        out.extend_from_slice(id);
        out.extend_from_slice(br#""}},"#);
        out.extend_from_slice(&compact(body));
        self.documents += 1;
    }

    /// Documents pushed so far.
    pub fn documents(&self) -> u64 {
        self.documents
    }

    /// Appends `]}}` and the final LF.
    pub fn finish(self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"]}}\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Code;

    fn write(index: &str, collection: &str, docs: &[(&str, &str)]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut w = FixturesWriter::begin(index, collection, &mut out);
        for (id, body) in docs {
            w.push(id.as_bytes(), body.as_bytes(), &mut out);
        }
        assert_eq!(w.documents(), docs.len() as u64);
        w.finish(&mut out);
        out
    }

    /// Decodes `input` pushed in chunks of `size`.
    fn decode(input: &[u8], size: usize) -> Result<(Vec<FixtureDoc>, FixturesSummary), crate::DumpError> {
        let mut d = FixturesDecoder::new();
        let mut docs = Vec::new();
        for chunk in input.chunks(size.max(1)) {
            d.push(chunk, &mut docs)?;
        }
        let summary = d.finish(&mut docs)?;
        Ok((docs, summary))
    }

    /// Decodes in every chunk size; all must agree. Returns the whole-input result.
    fn decode_all(input: &[u8]) -> Result<(Vec<FixtureDoc>, FixturesSummary), crate::DumpError> {
        let whole = decode(input, input.len());
        for size in 1..input.len() {
            assert_eq!(decode(input, size), whole, "chunk size {size}");
        }
        whole
    }

    fn docs_test(input: &str, expected: &[(&str, &str, &str, &str, u64, u64)]) -> FixturesSummary {
        let (docs, summary) = decode_all(input.as_bytes()).unwrap();
        let got: Vec<(&str, &str, &str, &str, u64, u64)> = docs
            .iter()
            .map(|d| {
                (
                    d.index.as_str(),
                    d.collection.as_str(),
                    std::str::from_utf8(&d.id).unwrap(),
                    std::str::from_utf8(&d.body).unwrap(),
                    d.line,
                    d.column,
                )
            })
            .collect();
        assert_eq!(got, expected);
        summary
    }

    fn error_test(input: &str, code: Code, line: u64, column: u64) {
        let e = decode_all(input.as_bytes()).unwrap_err();
        assert_eq!(e.code(), code, "{input}: {e}");
        let loc = e.location().unwrap();
        assert_eq!((loc.line, loc.column), (line, column), "{input}: {e}");
    }

    const KOUROU: &str = "{\"type\":\"collection\",\"index\":\"nyc-open-data\",\"collection\":\"yellow-taxi\"}\n\
        {\"nyc-open-data\":{\"yellow-taxi\":[{\"index\":{\"_id\":\"chuon-chuon-kim\"}},{\"city\":\"hcmc\",\"district\":1},{\"index\":{\"_id\":\"the-hive-vn\"}},{\"city\":\"hcmc\",\"district\":2}]}}\n";

    #[test]
    fn writes_the_fixtures_line() {
        let out = write(
            "nyc-open-data",
            "yellow-taxi",
            &[
                ("chuon-chuon-kim", r#"{"city":"hcmc","district":1}"#),
                ("the-hive-vn", "{ \"city\" : \"hcmc\",\n \"district\" : 2 }"),
            ],
        );
        // Kourou's file minus its header line.
        assert_eq!(out, KOUROU.split_once('\n').unwrap().1.as_bytes());
        assert_eq!(write("a\"b", "c", &[]), b"{\"a\\\"b\":{\"c\":[]}}\n");
    }

    #[test]
    fn reads_kourou_files_in_any_chunking() {
        let summary = docs_test(
            KOUROU,
            &[
                (
                    "nyc-open-data",
                    "yellow-taxi",
                    "chuon-chuon-kim",
                    r#"{"city":"hcmc","district":1}"#,
                    2,
                    70,
                ),
                (
                    "nyc-open-data",
                    "yellow-taxi",
                    "the-hive-vn",
                    r#"{"city":"hcmc","district":2}"#,
                    2,
                    131,
                ),
            ],
        );
        assert_eq!(summary.documents, 2);
        assert_eq!(
            summary.header,
            Some(FixturesHeader {
                index: Some("nyc-open-data".into()),
                collection: Some("yellow-taxi".into()),
            })
        );
        assert_eq!(
            summary.collections,
            [FixturesCollection {
                index: "nyc-open-data".into(),
                collection: "yellow-taxi".into(),
                documents: 2
            }]
        );
        assert_eq!(summary.lines, 2);
    }

    #[test]
    fn reads_pretty_multi_collection_input_with_a_bom() {
        let input = "\u{feff}{\n  \"i1\": {\n    \"c1\": [\n      {\n        \"create\": {\n          \"_id\": \"a\\\"b\"\n        }\n      },\n      {\n        \"x\": [1, {\"y\": \"}]\\\\\"}]\n      }\n    ],\n    \"c2\": []\n  },\n  \"i\\u0032\": {\"c3\": [{\"index\":{\"_id\":\"z\",\"_index\":\"ignored\"}}, {}]}\n}";
        let summary = docs_test(
            input,
            &[
                (
                    "i1",
                    "c1",
                    r#"a\"b"#,
                    "{\n        \"x\": [1, {\"y\": \"}]\\\\\"}]\n      }",
                    9,
                    7,
                ),
                ("i2", "c3", "z", "{}", 15, 64),
            ],
        );
        assert_eq!(summary.header, None);
        let counts: Vec<(&str, &str, u64)> = summary
            .collections
            .iter()
            .map(|c| (c.index.as_str(), c.collection.as_str(), c.documents))
            .collect();
        assert_eq!(counts, [("i1", "c1", 1), ("i1", "c2", 0), ("i2", "c3", 1)]);
    }

    #[test]
    fn reads_empty_fixtures() {
        let summary = docs_test("{}", &[]);
        assert_eq!((summary.documents, summary.lines), (0, 1));
        docs_test(" {\"i\":{}} \r\n", &[]);
    }

    #[test]
    fn round_trips_bodies_byte_for_byte() {
        let bodies = [
            r#"{"big":12345678901234567890123,"neg":-9223372036854775809,"f":0.1000000000000000055511,"e":1E+400}"#,
            r#"{"s":"caf\u00e9 \ud83d\ude00 \ud800 \/ \"q\" \\","k\u00e9y":[],"o":{"_kuzzle_info":{"author":null}}}"#,
            r#"{"a":1,"a":2,"42":"x"}"#,
            "{}",
        ];
        let ids = [r#"id\u00e9"#, r#"a\"b"#, "plain", r#"\ud800"#];
        let docs: Vec<(&str, &str)> = ids.iter().copied().zip(bodies.iter().copied()).collect();
        let out = write("idx", "col", &docs);
        let (read, summary) = decode_all(&out).unwrap();
        assert_eq!(summary.documents, 4);
        for (doc, (id, body)) in read.iter().zip(&docs) {
            assert_eq!(doc.id, id.as_bytes());
            assert_eq!(doc.body, body.as_bytes());
            assert_eq!((doc.index.as_str(), doc.collection.as_str()), ("idx", "col"));
        }
        // Writing what was read gives the same bytes.
        let again: Vec<(&str, &str)> = read
            .iter()
            .map(|d| {
                (
                    std::str::from_utf8(&d.id).unwrap(),
                    std::str::from_utf8(&d.body).unwrap(),
                )
            })
            .collect();
        assert_eq!(write("idx", "col", &again), out);
    }

    #[test]
    fn reports_bad_structure_where_it_is() {
        let pair = |action: &str| format!("{{\"i\":{{\"c\":[\n{action},\n{{}}]}}}}");
        error_test(&pair(r#"{"update":{"_id":"a"}}"#), Code::FixturesInvalid, 2, 1);
        error_test(&pair(r#"{"delete":{"_id":"a"}}"#), Code::FixturesInvalid, 2, 1);
        error_test(&pair(r#"{"index":{}}"#), Code::IdMissing, 2, 1);
        error_test(&pair(r#"{"index":{"_id":7}}"#), Code::IdNotString, 2, 1);
        error_test(
            &pair(r#"{"index":{"_id":"a"},"create":{"_id":"b"}}"#),
            Code::FixturesInvalid,
            2,
            1,
        );
        error_test(&pair(r#""index""#), Code::FixturesInvalid, 2, 1);
        error_test(
            "{\"i\":{\"c\":[{\"index\":{\"_id\":\"a\"}},\n  [1]]}}",
            Code::BodyNotObject,
            2,
            3,
        );
        error_test(
            "{\"i\":{\"c\":[{\"index\":{\"_id\":\"a\"}},{},\n{\"index\":{\"_id\":\"b\"}} ]}}",
            Code::FixturesInvalid,
            2,
            23,
        );
        error_test("{\"i\":{\"c\":{}}}", Code::FixturesInvalid, 1, 11);
        error_test("{\"i\":[]}", Code::FixturesInvalid, 1, 6);
        error_test(
            "{\"i\":{\"c\":[{\"index\":{\"_id\":\"a\"}},{\"x\":01}]}}",
            Code::JsonSyntax,
            1,
            40,
        );
        error_test(
            "{\"i\":{\"c\":[{\"index\":{\"_id\":\"a\"}},{\"x\":\"\t\"}]}}",
            Code::JsonSyntax,
            1,
            40,
        );
        error_test(
            "{\"i\":{\"c\":[{\"index\":{\"_id\":\"a\"}},{\"x\":\"\u{e9}\"}]}}\n}",
            Code::JsonSyntax,
            2,
            1,
        );
        error_test("[]", Code::FixturesInvalid, 1, 1);
        error_test("{\"type\":\"mappings\"}\n{}", Code::HeaderInvalid, 1, 1);
        error_test(
            "{\"type\":\"collection\"}\n{\"type\":\"collection\"}",
            Code::FixturesInvalid,
            2,
            9,
        );
        error_test("{\"i\" {}}", Code::JsonSyntax, 1, 6);
        error_test("{\"type\":\"collection\"}{\"i\":}", Code::JsonSyntax, 1, 27);
        error_test(
            "{\"i\":{\"c\":[{\"index\":{\"_id\":\"a\"}},{},]}}",
            Code::JsonSyntax,
            1,
            37,
        );
    }

    #[test]
    fn reports_invalid_utf8_and_truncation() {
        let mut bad = b"{\"i\":{\"c\":[{\"index\":{\"_id\":\"a\"}},\n{\"x\":\"".to_vec();
        bad.extend_from_slice(b"\xff\"}]}}");
        let e = decode_all(&bad).unwrap_err();
        assert_eq!(e.code(), Code::InvalidUtf8);
        assert_eq!(e.location().map(|l| (l.line, l.column)), Some((2, 7)));
        error_test("", Code::Truncated, 1, 1);
        error_test("\u{feff}  \n", Code::Truncated, 2, 1);
        error_test(
            "{\"type\":\"collection\",\"index\":\"i\",\"collection\":\"c\"}\n",
            Code::Truncated,
            2,
            1,
        );
        error_test(
            "{\"i\":{\"c\":[{\"index\":{\"_id\":\"a\"}},{\"x\":\"y",
            Code::Truncated,
            1,
            41,
        );
        error_test("{\"i\":{\"c\":[]}", Code::Truncated, 1, 14);
        error_test("{\"type\":tru", Code::JsonSyntax, 1, 9);
    }

    #[test]
    fn errors_are_sticky_and_finish_ends_the_stream() {
        let mut d = FixturesDecoder::new();
        let mut docs = Vec::new();
        assert!(d.push(b"[", &mut docs).is_err());
        assert_eq!(d.push(b"{}", &mut docs).unwrap_err().code(), Code::FixturesInvalid);
        assert_eq!(d.finish(&mut docs).unwrap_err().code(), Code::FixturesInvalid);
        let mut d = FixturesDecoder::new();
        d.push(b"{}", &mut docs).unwrap();
        d.finish(&mut docs).unwrap();
        assert_eq!(d.push(b" ", &mut docs).unwrap_err().code(), Code::InvalidState);
    }
}
