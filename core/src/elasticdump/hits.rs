//! Data lines of elasticdump and `es:migrate` files: one raw search hit per line (formats.md
//! §4.2), read as spans of the line and written byte for byte.

use crate::error::{Code, Finding};
use crate::json::escape::{unescape, write_str};
use crate::json::{Kind, Scanner, SyntaxError};

/// One hit, as slices of its line. String fields hold the content between the quotes, escapes
/// as written, so writing them back between quotes gives the same bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit<'a> {
    /// `_index`, if present.
    pub index: Option<&'a [u8]>,
    /// `_type` (`"_doc"` on ES 7, the type on ES 6, absent on ES 8).
    pub doc_type: Option<&'a [u8]>,
    /// `_id` as raw token text: a string's content, or a number's token (§4.6; then it needs no
    /// escaping and is used as the string of those digits).
    pub id: &'a [u8],
    /// Whether `_id` was a number token (elasticdump `--support-big-int`).
    pub id_is_number: bool,
    /// 1-based byte column of the `_id` value.
    pub id_column: u64,
    /// `_routing`, if present.
    pub routing: Option<&'a [u8]>,
    /// The `_source` object, bytes as written.
    pub source: &'a [u8],
    /// 1-based byte column where `_source` starts.
    pub source_column: u64,
    /// Whether the hit has keys besides `_index, _type, _id, _score, _routing, _source`.
    pub other_keys: bool,
}

fn syntax(e: SyntaxError, line_len: usize) -> Finding {
    let message = if e.offset >= line_len {
        "the line ends inside a JSON value"
    } else {
        e.message
    };
    Finding::error(Code::JsonSyntax, message, 0, e.offset as u64 + 1)
}

/// Reads one hit line (UTF-8 already checked by the caller; line ending removed or not).
/// Findings carry the byte column; their line is 0 for the caller to set. Missing `_id` or
/// `_source` (e.g. a `--sourceOnly` dump) is an error; for duplicate keys the last one counts.
pub fn parse_hit(line: &[u8]) -> Result<Hit<'_>, Finding> {
    let mut s = Scanner::new(line);
    s.skip_ws();
    let start = s.pos();
    let col = |pos: usize| pos as u64 + 1;
    let kind = s.start_value().map_err(|e| syntax(e, line.len()))?;
    if kind != Kind::Object {
        return Err(Finding::error(
            Code::DocumentNotObject,
            format!("a hit line holds an object, not {}", kind.name()),
            0,
            col(start),
        ));
    }
    let mut index = None;
    let mut doc_type = None;
    let mut id: Option<(&[u8], bool, usize)> = None;
    let mut routing = None;
    let mut source: Option<(&[u8], usize)> = None;
    let mut other_keys = false;
    if !s.eat(b'}') {
        loop {
            s.skip_ws();
            if s.peek() != Some(b'"') {
                return Err(syntax(
                    SyntaxError {
                        offset: s.pos(),
                        message: "expected a string key",
                    },
                    line.len(),
                ));
            }
            let key = s.string().map_err(|e| syntax(e, line.len()))?;
            s.expect(b':', "expected ':' after the key")
                .map_err(|e| syntax(e, line.len()))?;
            s.skip_ws();
            let at = s.pos();
            let kind = s.skip_value().map_err(|e| syntax(e, line.len()))?;
            let value = line.get(at..s.pos()).unwrap_or_default();
            let content = value.get(1..value.len().saturating_sub(1)).unwrap_or_default();
            let raw_key = line.get(key.start..key.end).unwrap_or_default();
            let name = if key.escaped { unescape(raw_key) } else { raw_key.into() };
            let string_field = |field: &str| {
                if kind == Kind::String {
                    Ok(content)
                } else {
                    Err(Finding::error(
                        Code::ElasticdumpInvalid,
                        format!("{field} is {}, not a string", kind.name()),
                        0,
                        col(at),
                    ))
                }
            };
            match &*name {
                b"_index" => index = Some(string_field("_index")?),
                b"_type" => doc_type = Some(string_field("_type")?),
                b"_routing" => routing = Some(string_field("_routing")?),
                b"_id" => {
                    id = Some(match kind {
                        Kind::String => (content, false, at),
                        Kind::Number => (value, true, at),
                        other => {
                            return Err(Finding::error(
                                Code::IdNotString,
                                format!("_id is {}, not a string", other.name()),
                                0,
                                col(at),
                            ))
                        }
                    })
                }
                b"_source" => {
                    if kind != Kind::Object {
                        return Err(Finding::error(
                            Code::BodyNotObject,
                            format!("_source is {}, not an object", kind.name()),
                            0,
                            col(at),
                        ));
                    }
                    source = Some((value, at));
                }
                b"_score" => {}
                _ => other_keys = true,
            }
            if s.eat(b',') {
                continue;
            }
            s.expect(b'}', "expected ',' or '}'")
                .map_err(|e| syntax(e, line.len()))?;
            break;
        }
    }
    s.end().map_err(|e| syntax(e, line.len()))?;
    let Some((id, id_is_number, id_at)) = id else {
        let hint = if index.is_none() {
            " (a --sourceOnly dump has no ids and cannot be restored as is)"
        } else {
            ""
        };
        return Err(Finding::error(
            Code::IdMissing,
            format!("the hit has no _id{hint}"),
            0,
            col(start),
        ));
    };
    if id.is_empty() {
        return Err(Finding::error(Code::IdEmpty, "_id is the empty string", 0, col(id_at)));
    }
    let Some((source, source_at)) = source else {
        return Err(Finding::error(
            Code::BodyMissing,
            "the hit has no _source (was _source disabled on the index?)",
            0,
            col(start),
        ));
    };
    Ok(Hit {
        index,
        doc_type,
        id,
        id_is_number,
        id_column: col(id_at),
        routing,
        source,
        source_column: col(source_at),
        other_keys,
    })
}

/// Appends a synthesized hit line, `{"_index":…,"_type":"_doc","_id":…,"_score":1,"_source":…}`
/// and LF (no `_type` when `es8`). `id_raw` is a string's content with escapes as written (or
/// a number's digits), `source` a JSON object's bytes; both are copied as they are.
pub fn write_hit(index: &str, id_raw: &[u8], source: &[u8], es8: bool, out: &mut Vec<u8>) {
    out.extend_from_slice(b"{\"_index\":");
    write_str(out, index);
    if !es8 {
        out.extend_from_slice(b",\"_type\":\"_doc\"");
    }
    out.extend_from_slice(b",\"_id\":\"");
    out.extend_from_slice(id_raw);
    out.extend_from_slice(b"\",\"_score\":1,\"_source\":");
    out.extend_from_slice(source);
    out.extend_from_slice(b"}\n");
}

/// 2^53: integers of a larger magnitude may not survive elasticdump's float parsing (§4.6).
const TWO_POW_53: &[u8] = b"9007199254740992";

/// Whether a JSON body holds an integer token beyond ±2^53 (elasticdump would round it or turn
/// it into a string): the reason for a `PRECISION_LOSS` warning when writing for elasticdump.
/// Strings, keys included, are skipped; decimals and exponents are not integer tokens.
pub fn big_integer_tokens(source: &[u8]) -> bool {
    let mut i = 0;
    while let Some(&b) = source.get(i) {
        match b {
            b'"' => match crate::json::scan::string_end(source, i + 1) {
                Ok((end, _)) => i = end + 1,
                Err(_) => return false,
            },
            b'-' | b'0'..=b'9' => {
                if b == b'-' {
                    i += 1;
                }
                let start = i;
                while source.get(i).is_some_and(u8::is_ascii_digit) {
                    i += 1;
                }
                let digits = source.get(start..i).unwrap_or_default();
                let fraction_or_exponent = matches!(source.get(i), Some(b'.' | b'e' | b'E'));
                if !fraction_or_exponent
                    && (digits.len() > TWO_POW_53.len() || digits.len() == TWO_POW_53.len() && digits > TWO_POW_53)
                {
                    return true;
                }
                while source
                    .get(i)
                    .is_some_and(|c| matches!(c, b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-'))
                {
                    i += 1;
                }
            }
            _ => i += 1,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC_HIT: &str = r#"{"_index":"&nyc-open-data.yellow-taxi","_type":"_doc","_id":"chuon-chuon-kim","_score":1,"_source":{"city":"hcmc","district":1,"_kuzzle_info":{"author":"test-admin","createdAt":1700000000000,"updatedAt":null,"updater":null}}}"#;

    fn rewrite(line: &str, es8: bool) -> String {
        let hit = parse_hit(line.as_bytes()).unwrap();
        let index = String::from_utf8(hit.index.unwrap().to_vec()).unwrap();
        let mut out = Vec::new();
        write_hit(&index, hit.id, hit.source, es8, &mut out);
        String::from_utf8(out).unwrap()
    }

    fn error_test(line: &str, code: Code, column: u64) {
        let f = parse_hit(line.as_bytes()).unwrap_err();
        assert_eq!((f.code, f.location.column), (code, column), "{line}: {}", f.message);
    }

    #[test]
    fn spec_hit_round_trips() {
        assert_eq!(rewrite(SPEC_HIT, false), format!("{SPEC_HIT}\n"));
        let hit = parse_hit(SPEC_HIT.as_bytes()).unwrap();
        assert_eq!(hit.id, b"chuon-chuon-kim");
        assert_eq!(hit.doc_type, Some(&b"_doc"[..]));
        assert_eq!((hit.id_column, hit.source_column), (61, 100));
        assert!(!hit.other_keys && !hit.id_is_number && hit.routing.is_none());
        let es8 = r#"{"_index":"&i.c","_id":"a","_score":1,"_source":{}}"#;
        assert_eq!(rewrite(es8, true), format!("{es8}\n"));
    }

    #[test]
    fn keeps_tokens_and_reads_odd_hits() {
        let line = r#" { "_source" : {"n":12345678901234567890123,"s":"\u00e9\/"} , "_id":"a\"b", "_routing":"r", "_ignored":["x"], "_index":"&i.c" } "#;
        let hit = parse_hit(line.as_bytes()).unwrap();
        assert_eq!(hit.source, br#"{"n":12345678901234567890123,"s":"\u00e9\/"}"#);
        assert_eq!(hit.id, br#"a\"b"#);
        assert_eq!(hit.routing, Some(&b"r"[..]));
        assert!(hit.other_keys);
        assert_eq!(
            rewrite(line, false),
            "{\"_index\":\"&i.c\",\"_type\":\"_doc\",\"_id\":\"a\\\"b\",\"_score\":1,\"_source\":{\"n\":12345678901234567890123,\"s\":\"\\u00e9\\/\"}}\n"
        );
        let numeric = r#"{"_index":"&i.c","_id":10021042309491564510020011410144,"_source":{}}"#;
        let hit = parse_hit(numeric.as_bytes()).unwrap();
        assert_eq!(
            (hit.id, hit.id_is_number),
            (&b"10021042309491564510020011410144"[..], true)
        );
        assert!(rewrite(numeric, true).contains(r#""_id":"10021042309491564510020011410144""#));
        let dup = r#"{"_id":"a","_source":{},"_id":"b"}"#;
        assert_eq!(parse_hit(dup.as_bytes()).unwrap().id, b"b");
    }

    #[test]
    fn bad_hits_have_columns() {
        error_test(r#"{"city":"hcmc"}"#, Code::IdMissing, 1);
        error_test(r#"  {"_index":"i","_source":{}}"#, Code::IdMissing, 3);
        error_test(r#"{"_id":"a"}"#, Code::BodyMissing, 1);
        error_test(r#"{"_id":"a","_source":[]}"#, Code::BodyNotObject, 22);
        error_test(r#"{"_id":"a","_source":null}"#, Code::BodyNotObject, 22);
        error_test(r#"{"_id":null,"_source":{}}"#, Code::IdNotString, 8);
        error_test(r#"{"_id":"","_source":{}}"#, Code::IdEmpty, 8);
        error_test(r#"{"_index":1,"_id":"a","_source":{}}"#, Code::ElasticdumpInvalid, 11);
        error_test(r#"[1]"#, Code::DocumentNotObject, 1);
        error_test(r#"{"_id":"a","_source":{}"#, Code::JsonSyntax, 24);
        error_test(r#"{"_id":"a" "_source":{}}"#, Code::JsonSyntax, 12);
        error_test(r#"{"_id":"a","_source":{}} x"#, Code::JsonSyntax, 26);
        error_test(r#"{"_id":"a",}"#, Code::JsonSyntax, 12);
        error_test(r#"{1:2}"#, Code::JsonSyntax, 2);
        error_test("", Code::JsonSyntax, 1);
        let f = parse_hit(br#"{"_id":"a","_source":{"#).unwrap_err();
        assert_eq!(f.message, "the line ends inside a JSON value");
    }

    #[test]
    fn finds_big_integer_tokens() {
        assert!(!big_integer_tokens(br#"{"a":9007199254740992,"b":-9007199254740992}"#));
        assert!(big_integer_tokens(br#"{"a":9007199254740993}"#));
        assert!(big_integer_tokens(br#"{"a":[-9223372036854775808]}"#));
        assert!(big_integer_tokens(br#"{"a":12345678901234567890123}"#));
        assert!(!big_integer_tokens(
            br#"{"a":12345678901234567890123.5,"b":1e400,"c":1.0E+30}"#
        ));
        assert!(!big_integer_tokens(
            br#"{"12345678901234567890123":"99999999999999999999","x\"1":0}"#
        ));
        assert!(!big_integer_tokens(br#"{"unterminated":"123456789012345678901"#));
        assert!(!big_integer_tokens(b""));
    }

    #[test]
    fn never_panics_on_prefixes_or_flips() {
        for len in 0..SPEC_HIT.len() {
            let _ = parse_hit(&SPEC_HIT.as_bytes()[..len]);
            let _ = big_integer_tokens(&SPEC_HIT.as_bytes()[..len]);
            let mut flipped = SPEC_HIT.as_bytes().to_vec();
            flipped[len] = b'"';
            let _ = parse_hit(&flipped);
        }
    }
}
