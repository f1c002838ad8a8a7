//! elasticdump's double-encoded files (settings, analyzer, alias, template, index: one JSON
//! string whose content is compact JSON, formats.md §4.4) and its mapping file (one compact
//! object, §4.3).
//!
//! Both are small, so they are read into a token-preserving [`Json`] tree: numbers, escapes and
//! key order of the inner JSON survive a read and write.

use super::{check_utf8, ended_early, line_col, strip_bom, syntax_error};
use crate::error::{Code, DumpError};
use crate::json::escape::{unescape, write_str, write_str_content};
use crate::json::{Json, Kind, Scanner};

/// `settings.index` keys elasticdump removes at dump and again at load (formats.md §4.4).
pub const DUMP_REMOVED_SETTINGS: [&[&str]; 6] = [
    &["version"],
    &["creation_date"],
    &["uuid"],
    &["provided_name"],
    &["resize"],
    &["routing", "allocation", "initial_recovery"],
];

/// Reads a double-encoded file: one JSON string literal (whitespace and a BOM around it
/// allowed) whose content is a JSON object. Empty top-level entries (elasticdump's
/// URL-encoded-name quirk, `"%26idx.col":{}`) are dropped, and so are the
/// [`DUMP_REMOVED_SETTINGS`] of every entry. Errors point at the file's line and column, also for
/// errors inside the encoded JSON. gzip is the caller's to undo.
pub fn decode_double(bytes: &[u8]) -> Result<Json, DumpError> {
    let (body, shift) = strip_bom(bytes);
    check_utf8(bytes, shift)?;
    let mut s = Scanner::new(body);
    s.skip_ws();
    let at = |pos: usize| line_col(bytes, shift + pos);
    match s.peek() {
        Some(b'"') => {}
        None => {
            return Err(DumpError::data(
                Code::Truncated,
                "empty double-encoded file (expected one JSON string)",
                0,
                0,
            ))
        }
        Some(b) => {
            let (line, column) = at(s.pos());
            let what = if b == b'{' {
                "an object (a mapping or data file?)"
            } else {
                "no JSON string"
            };
            return Err(DumpError::data(
                Code::ElasticdumpInvalid,
                format!("a double-encoded file holds one JSON string; found {what}"),
                line,
                column,
            ));
        }
    }
    let span = s.string().map_err(|e| {
        syntax_error(
            bytes,
            shift + e.offset,
            ended_early(&e, body.len()),
            "outer string",
            e.message,
        )
    })?;
    s.end()
        .map_err(|e| syntax_error(bytes, shift + e.offset, false, "after the string", e.message))?;
    let raw = body.get(span.start..span.end).unwrap_or_default();
    let inner = unescape(raw);
    let string_at = shift + span.start;
    if std::str::from_utf8(&inner).is_err() {
        let (line, column) = line_col(bytes, string_at);
        return Err(DumpError::data(
            Code::ElasticdumpInvalid,
            "the double-encoded string holds a lone surrogate escape outside a JSON string",
            line,
            column,
        ));
    }
    let mut value = Json::parse(&inner).map_err(|e| {
        let offset = string_at + raw_offset(raw, e.offset);
        let truncated = e.offset >= inner.len();
        syntax_error(bytes, offset, truncated, "inside the double-encoded string", e.message)
    })?;
    let Some(members) = value.as_object_mut() else {
        let (line, column) = line_col(bytes, string_at);
        return Err(DumpError::data(
            Code::ElasticdumpInvalid,
            "the double-encoded string does not hold a JSON object",
            line,
            column,
        ));
    };
    members.retain(|(_, v)| !v.as_object().is_some_and(|m| m.is_empty()));
    for (_, entry) in members.iter_mut() {
        strip_settings(entry, &DUMP_REMOVED_SETTINGS);
    }
    Ok(value)
}

/// Offset in the raw string content `raw` of byte `decoded` of its unescaped text.
fn raw_offset(raw: &[u8], decoded: usize) -> usize {
    let (mut i, mut d) = (0usize, 0usize);
    while d < decoded && i < raw.len() {
        if raw.get(i) != Some(&b'\\') {
            i += 1;
            d += 1;
            continue;
        }
        if raw.get(i + 1) != Some(&b'u') {
            i += 2;
            d += 1;
            continue;
        }
        let unit = |at: usize| {
            raw.get(at..at + 4)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .unwrap_or(0)
        };
        let hi = unit(i + 2);
        let pair = (0xD800..0xDC00).contains(&hi)
            && raw.get(i + 6..i + 8) == Some(b"\\u")
            && (0xDC00..0xE000).contains(&unit(i + 8));
        let (raw_len, len) = match hi {
            _ if pair => (12, 4),
            0..=0x7F => (6, 1),
            0x80..=0x7FF => (6, 2),
            _ => (6, 3),
        };
        i += raw_len;
        d += len;
    }
    i.min(raw.len())
}

/// Removes `settings.index.<path>` for each path, and the objects inside `index` that the
/// removal left empty (`index` itself is kept).
pub fn strip_settings(entry: &mut Json, paths: &[&[&str]]) {
    let Some(index) = entry.get_mut("settings").and_then(|s| s.get_mut("index")) else {
        return;
    };
    for path in paths {
        remove_path(index, path);
    }
}

fn remove_path(v: &mut Json, path: &[&str]) -> bool {
    match path {
        [] => false,
        [key] => v.remove(key).is_some(),
        [key, rest @ ..] => {
            let Some(child) = v.get_mut(key) else { return false };
            let removed = remove_path(child, rest);
            if removed && child.as_object().is_some_and(|m| m.is_empty()) {
                v.remove(key);
            }
            removed
        }
    }
}

/// Writes a double-encoded file: `value` as compact JSON, that text as a JSON string literal
/// escaped like `JSON.stringify`, then LF.
pub fn encode_double(value: &Json) -> Vec<u8> {
    let mut inner = Vec::new();
    value.write_compact(&mut inner);
    let mut out = Vec::with_capacity(inner.len() + inner.len() / 4 + 3);
    out.push(b'"');
    write_str_content(&mut out, &inner);
    out.extend_from_slice(b"\"\n");
    out
}

/// The top-level entries of a decoded file, by decoded name (an index or template name).
pub fn entries(doc: &Json) -> Vec<(String, &Json)> {
    doc.as_object()
        .unwrap_or_default()
        .iter()
        .map(|(k, v)| (k.text().into_owned(), v))
        .collect()
}

/// One index of a mapping file.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexMapping {
    /// The raw ES index name.
    pub index: String,
    /// The mappings, untyped (`properties` etc. at the top).
    pub mappings: Json,
    /// The ES ≤ 6 mapping type the mappings were nested under, if any.
    pub type_name: Option<String>,
}

/// Root keys of an untyped mapping: a single other key means an ES ≤ 6 type name.
const ROOT_MAPPING_KEYS: &[&str] = &[
    "properties",
    "dynamic",
    "_meta",
    "_source",
    "_routing",
    "_all",
    "_field_names",
    "_size",
    "_parent",
    "_timestamp",
    "_ttl",
    "_data_stream_timestamp",
    "_doc_count",
    "dynamic_templates",
    "date_detection",
    "numeric_detection",
    "dynamic_date_formats",
    "enabled",
    "runtime",
    "subobjects",
    "include_in_all",
];

/// Reads a mapping file (`{"<index>":{"mappings":…}}`, one compact object, BOM and
/// whitespace allowed). Empty entries are skipped; ES ≤ 6 typed mappings are untyped.
pub fn parse_mapping_file(bytes: &[u8]) -> Result<Vec<IndexMapping>, DumpError> {
    let (body, shift) = strip_bom(bytes);
    check_utf8(bytes, shift)?;
    let doc = Json::parse(body).map_err(|e| {
        syntax_error(
            bytes,
            shift + e.offset,
            ended_early(&e, body.len()),
            "mapping file",
            e.message,
        )
    })?;
    let bad = |message: String, path: &str| {
        DumpError::from(crate::error::Finding::error(Code::ElasticdumpInvalid, message, 1, 0).at_path(path))
    };
    let Some(members) = doc.as_object() else {
        return Err(bad(
            format!("a mapping file holds an object, not {}", doc.kind().name()),
            "",
        ));
    };
    let mut out = Vec::new();
    for (key, entry) in members {
        let index = key.text().into_owned();
        if entry.as_object().is_some_and(|m| m.is_empty()) {
            continue;
        }
        let Some(mappings) = entry.get("mappings").filter(|m| m.kind() == Kind::Object) else {
            return Err(bad(
                format!("mapping file entry {index:?} has no \"mappings\" object"),
                &index,
            ));
        };
        let (mappings, type_name) = untype(mappings);
        out.push(IndexMapping {
            index,
            mappings,
            type_name,
        });
    }
    Ok(out)
}

/// `{"<type>":{…}}` → (`{…}`, type) when the single key is no root mapping key.
fn untype(mappings: &Json) -> (Json, Option<String>) {
    if let Some([(key, inner)]) = mappings.as_object() {
        if inner.is_object() && !ROOT_MAPPING_KEYS.iter().any(|k| key.is(k)) {
            return (inner.clone(), Some(key.text().into_owned()));
        }
    }
    (mappings.clone(), None)
}

/// Writes a mapping file: `{"<index>":{"mappings":<compact mappings>}}` then LF.
pub fn write_mapping_file(index: &str, mappings: &Json) -> Vec<u8> {
    let mut out = Vec::new();
    out.push(b'{');
    write_str(&mut out, index);
    out.extend_from_slice(b":{\"mappings\":");
    mappings.write_compact(&mut out);
    out.extend_from_slice(b"}}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The three examples of formats.md §4.4.
    const EXAMPLES: [&str; 3] = [
        r#""{\"my_index\":{\"settings\":{\"index\":{\"number_of_shards\":\"1\",\"number_of_replicas\":\"1\"}}}}""#,
        r#""{\"&nyc-open-data.yellow-taxi\":{\"aliases\":{\"@&nyc-open-data.yellow-taxi\":{}}}}""#,
        r#""{\"template_1\":{\"order\":0,\"index_patterns\":[\"te*\"],\"settings\":{\"index\":{\"number_of_shards\":\"1\"}},\"mappings\":{\"_source\":{\"enabled\":false}},\"aliases\":{}}}""#,
    ];

    fn round_trip(input: &[u8], expected: &[u8]) {
        let v = decode_double(input).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&encode_double(&v)),
            String::from_utf8_lossy(expected)
        );
    }

    fn error_test(input: &[u8], code: Code, line: u64, column: u64) {
        let e = decode_double(input).unwrap_err();
        let loc = e.location().unwrap();
        assert_eq!(
            (e.code(), loc.line, loc.column),
            (code, line, column),
            "{}",
            e.message()
        );
    }

    #[test]
    fn spec_examples_round_trip_byte_for_byte() {
        for ex in EXAMPLES {
            let file = format!("{ex}\n");
            round_trip(file.as_bytes(), file.as_bytes());
            round_trip(ex.as_bytes(), file.as_bytes());
            round_trip(format!("\u{feff}{ex}\r\n").as_bytes(), file.as_bytes());
        }
        let v = decode_double(EXAMPLES[0].as_bytes()).unwrap();
        assert_eq!(
            v.to_compact(),
            r#"{"my_index":{"settings":{"index":{"number_of_shards":"1","number_of_replicas":"1"}}}}"#
        );
    }

    #[test]
    fn drops_the_url_encoded_quirk_and_dump_only_settings() {
        let dumped = r#""{\"&nyc.taxi\":{\"settings\":{\"index\":{\"creation_date\":\"1700000000000\",\"number_of_shards\":\"1\",\"number_of_replicas\":\"1\",\"uuid\":\"Xy\",\"version\":{\"created\":\"7100099\"},\"provided_name\":\"&nyc.taxi\",\"routing\":{\"allocation\":{\"initial_recovery\":{\"_id\":null},\"include\":{\"_tier_preference\":\"data_content\"}}},\"resize\":{\"source\":{\"name\":\"x\"}}}}},\"%26nyc.taxi\":{}}"
"#;
        let expected = r#""{\"&nyc.taxi\":{\"settings\":{\"index\":{\"number_of_shards\":\"1\",\"number_of_replicas\":\"1\",\"routing\":{\"allocation\":{\"include\":{\"_tier_preference\":\"data_content\"}}}}}}}"
"#;
        round_trip(dumped.as_bytes(), expected.as_bytes());
        let only = r#""{\"i\":{\"settings\":{\"index\":{\"routing\":{\"allocation\":{\"initial_recovery\":{}}}}}}}""#;
        assert_eq!(
            decode_double(only.as_bytes()).unwrap().to_compact(),
            r#"{"i":{"settings":{"index":{}}}}"#
        );
    }

    #[test]
    fn keeps_inner_tokens_and_escapes() {
        let file = "\"{\\\"i\\\":{\\\"settings\\\":{\\\"index\\\":{\\\"x\\\":12345678901234567890123,\\\"s\\\":\\\"a\\\\\\\"b\\\\u00e9\\\\n\\\"}}}}\"\n";
        round_trip(file.as_bytes(), file.as_bytes());
        let v = decode_double(file.as_bytes()).unwrap();
        assert_eq!(
            v.to_compact(),
            r#"{"i":{"settings":{"index":{"x":12345678901234567890123,"s":"a\"b\u00e9\n"}}}}"#
        );
    }

    #[test]
    fn errors_have_file_positions() {
        error_test(b"", Code::Truncated, 0, 0);
        error_test(b"{\"i\":{}}", Code::ElasticdumpInvalid, 1, 1);
        error_test(b"\n  \"{}", Code::Truncated, 2, 6);
        error_test(b"\"{}\" x", Code::JsonSyntax, 1, 6);
        error_test(b"\"[1]\"", Code::ElasticdumpInvalid, 1, 2);
        // Inside the string `{"a":tru}`, the bad literal starts at column 9 of the file.
        error_test(br#""{\"a\":tru}""#, Code::JsonSyntax, 1, 9);
        error_test(br#""{\"\u00e9\":x}""#, Code::JsonSyntax, 1, 14);
        error_test(br#""{\"a\":"#, Code::Truncated, 1, 9);
        error_test(br#""{\"a\":1""#, Code::Truncated, 1, 10);
        error_test(b"\xEF\xBB\xBF\"\xff\"", Code::InvalidUtf8, 1, 5);
        error_test(br#""\ud800""#, Code::ElasticdumpInvalid, 1, 2);
    }

    const MAPPING: &str =
        r#"{"&nyc-open-data.yellow-taxi":{"mappings":{"dynamic":"false","properties":{"city":{"type":"keyword"}}}}}"#;

    #[test]
    fn mapping_file_round_trips() {
        let file = format!("{MAPPING}\n");
        let parsed = parse_mapping_file(file.as_bytes()).unwrap();
        assert_eq!(parsed.len(), 1);
        assert_eq!(parsed[0].index, "&nyc-open-data.yellow-taxi");
        assert_eq!(parsed[0].type_name, None);
        assert_eq!(
            write_mapping_file(&parsed[0].index, &parsed[0].mappings),
            file.as_bytes()
        );
        let pretty = "\u{feff}{ \"i\" : { \"mappings\" : { } } ,\r\n \"%26i\":{}}";
        let parsed = parse_mapping_file(pretty.as_bytes()).unwrap();
        assert_eq!(parsed.len(), 1);
        assert_eq!(
            write_mapping_file(&parsed[0].index, &parsed[0].mappings),
            b"{\"i\":{\"mappings\":{}}}\n"
        );
    }

    #[test]
    fn typed_mappings_are_untyped() {
        let es6 = br#"{"idx":{"mappings":{"doc":{"dynamic":"strict","properties":{"a":{"type":"long"}}}}}}"#;
        let parsed = parse_mapping_file(es6).unwrap();
        assert_eq!(parsed[0].type_name.as_deref(), Some("doc"));
        assert_eq!(
            parsed[0].mappings.to_compact(),
            r#"{"dynamic":"strict","properties":{"a":{"type":"long"}}}"#
        );
        let only_props = br#"{"idx":{"mappings":{"properties":{"a":{"type":"long"}}}}}"#;
        assert_eq!(parse_mapping_file(only_props).unwrap()[0].type_name, None);
    }

    #[test]
    fn bad_mapping_files() {
        let e = parse_mapping_file(b"{\"i\":{\"settings\":{}}}").unwrap_err();
        assert_eq!(e.code(), Code::ElasticdumpInvalid);
        assert_eq!(parse_mapping_file(b"[]").unwrap_err().code(), Code::ElasticdumpInvalid);
        let e = parse_mapping_file(b"{\"i\":\n{\"mappings\":").unwrap_err();
        assert_eq!((e.code(), e.location().unwrap().line), (Code::Truncated, 2));
        assert_eq!(
            parse_mapping_file(b"\"{}\"").unwrap_err().code(),
            Code::ElasticdumpInvalid
        );
    }

    #[test]
    fn never_panics_on_prefixes_or_flips() {
        for ex in EXAMPLES {
            for len in 0..ex.len() {
                let _ = decode_double(&ex.as_bytes()[..len]);
                let mut flipped = ex.as_bytes().to_vec();
                flipped[len] = b'\\';
                let _ = decode_double(&flipped);
            }
        }
        let doc = decode_double(EXAMPLES[1].as_bytes()).unwrap();
        let names: Vec<String> = entries(&doc).into_iter().map(|(n, _)| n).collect();
        assert_eq!(names, ["&nyc-open-data.yellow-taxi"]);
    }
}
