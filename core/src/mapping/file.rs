//! Kourou's `mappings.json` (formats.md §1.3): the current, legacy and raw shapes are read, the
//! current shape is written.

use crate::error::{Code, DumpError, Finding};
use crate::json::{Json, RawStr};

/// How a collection's entry was written in `mappings.json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// `{"type":"mappings","content":{i:{c:{"mappings":M,"settings"?:S}}}}` (Kourou ≥ 1.0, ours).
    Current,
    /// `{"type":"mappings","content":{i:{c:M}}}` (Kourou ≤ 0.28).
    Legacy,
    /// The whole file is `M`; names come from the folders (Kourou `--format kuzzle|csv`).
    Raw,
}

/// The mappings of one collection, as read from `mappings.json`.
#[derive(Debug, Clone, PartialEq)]
pub struct CollectionMappings {
    /// Kuzzle index name, from the file contents (or the folder, for the raw shape).
    pub index: String,
    /// Kuzzle collection name.
    pub collection: String,
    /// Kourou's mapping `M`, tokens as written.
    pub mappings: Json,
    /// Index settings, when the entry has them (any form Elasticsearch accepts).
    pub settings: Option<Json>,
    /// The shape the entry was written in.
    pub shape: Shape,
}

impl CollectionMappings {
    /// The `collection:create` body restoring this collection: `{"mappings": M}` plus its
    /// `settings` when it has some (Kuzzle wants them flat, without an `index` wrapper).
    pub fn create_body(&self) -> Vec<u8> {
        let mut body = Json::object([("mappings", self.mappings.clone())]);
        if let Some(settings) = &self.settings {
            let flat = settings
                .get("index")
                .filter(|_| settings.as_object().is_some_and(|m| m.len() == 1));
            body.set("settings", flat.unwrap_or(settings).clone());
        }
        let mut out = Vec::new();
        body.write_compact(&mut out);
        out
    }
}

/// A parsed `mappings.json`: every collection in file order, and what is worth a warning.
#[derive(Debug, Clone, PartialEq)]
pub struct MappingsFile {
    /// The collections, in file order; readers import all of them.
    pub collections: Vec<CollectionMappings>,
    /// Several collections, names that differ from the folders, empty indexes (line 0).
    pub warnings: Vec<Finding>,
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Parses a `mappings.json`, detecting its shape. `dir_names` are the names of the file's two
/// parent folders (index, collection): the raw shape takes its names from them, the other shapes
/// are compared with them (`NAME_MISMATCH` warning). Fails with `JSON_SYNTAX` / `TRUNCATED` /
/// `INVALID_UTF8` at a line and column, or `MAPPINGS_INVALID` when the file is not a mappings dump.
pub fn parse_mappings_file(bytes: &[u8], dir_names: Option<(&str, &str)>) -> Result<MappingsFile, DumpError> {
    let skip = if bytes.starts_with(BOM) { BOM.len() } else { 0 };
    let body = bytes.get(skip..).unwrap_or_default();
    if let Err(e) = std::str::from_utf8(body) {
        let (line, column) = line_col(bytes, skip + e.valid_up_to());
        return Err(DumpError::data(Code::InvalidUtf8, "invalid UTF-8", line, column));
    }
    if body.iter().all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r')) {
        return Err(invalid("the file is empty"));
    }
    let root = Json::parse(body).map_err(|e| {
        let (line, column) = line_col(bytes, skip + e.offset);
        let code = if e.offset >= body.len() {
            Code::Truncated
        } else {
            Code::JsonSyntax
        };
        DumpError::data(code, format!("invalid JSON: {}", e.message), line, column)
    })?;
    if !root.is_object() {
        return Err(invalid(format!(
            "not a mappings dump: the file holds {}",
            root.kind().name()
        )));
    }
    let mut file = MappingsFile {
        collections: Vec::new(),
        warnings: Vec::new(),
    };
    match root.get("type") {
        None => {
            let Some((index, collection)) = dir_names else {
                return Err(invalid(
                    "a raw mappings file (no \"type\") takes its index and collection names from its two parent \
                     folders, and none were given",
                ));
            };
            file.collections.push(CollectionMappings {
                index: index.to_owned(),
                collection: collection.to_owned(),
                mappings: root,
                settings: None,
                shape: Shape::Raw,
            });
            return Ok(file);
        }
        Some(Json::String(s)) if s.is("mappings") => {}
        Some(other) => return Err(invalid(format!("not a mappings dump: type is {}", snippet(other)))),
    }
    let Some(content) = root.get("content").and_then(Json::as_object) else {
        return Err(invalid("\"content\" must be an object of indexes"));
    };
    for (index, collections) in js_members(content) {
        let Some(collections) = collections.as_object() else {
            return Err(invalid(format!("content.{index} must be an object of collections")));
        };
        if collections.is_empty() {
            file.warnings.push(Finding::warning(
                Code::MappingsInvalid,
                format!("index \"{index}\" holds no collection: nothing to import for it"),
                0,
                0,
            ));
        }
        for (collection, entry) in js_members(collections) {
            file.collections.push(read_entry(index.clone(), collection, entry)?);
        }
    }
    if file.collections.is_empty() {
        return Err(invalid("\"content\" holds no collection"));
    }
    warn(&mut file, dir_names);
    Ok(file)
}

fn read_entry(index: String, collection: String, entry: &Json) -> Result<CollectionMappings, DumpError> {
    let at = format!("content.{index}.{collection}");
    if !entry.is_object() {
        return Err(invalid(format!("{at} must be an object, not {}", entry.kind().name())));
    }
    let (mappings, settings, shape) = if entry.get("mappings").is_some() || entry.get("settings").is_some() {
        let mappings = match entry.get("mappings") {
            None => Json::Object(Vec::new()),
            Some(m) if m.is_object() => m.clone(),
            Some(m) => {
                return Err(invalid(format!(
                    "{at}.mappings must be an object, not {}",
                    m.kind().name()
                )))
            }
        };
        let settings = match entry.get("settings") {
            None => None,
            Some(s) if s.is_object() => Some(s.clone()),
            Some(s) => {
                return Err(invalid(format!(
                    "{at}.settings must be an object, not {}",
                    s.kind().name()
                )))
            }
        };
        (mappings, settings, Shape::Current)
    } else {
        (entry.clone(), None, Shape::Legacy)
    };
    Ok(CollectionMappings {
        index,
        collection,
        mappings,
        settings,
        shape,
    })
}

fn warn(file: &mut MappingsFile, dir_names: Option<(&str, &str)>) {
    let all = &file.collections;
    if let [first, _, ..] = all.as_slice() {
        let names: Vec<String> = all.iter().map(|c| format!("{}/{}", c.index, c.collection)).collect();
        file.warnings.push(Finding::warning(
            Code::MultipleCollections,
            format!(
                "mappings.json holds {} collections ({}); Kourou imports only the first, {}/{}; all are read",
                all.len(),
                names.join(", "),
                first.index,
                first.collection
            ),
            0,
            0,
        ));
    }
    let Some((dir_index, dir_collection)) = dir_names else {
        return;
    };
    for c in all {
        if c.index != dir_index || c.collection != dir_collection {
            file.warnings.push(Finding::warning(
                Code::NameMismatch,
                format!(
                    "mappings.json names index \"{}\" and collection \"{}\" but sits in folder \"{dir_index}/{dir_collection}\"; \
                     the names in the file are used",
                    c.index, c.collection
                ),
                0,
                0,
            ));
        }
    }
}

/// Members as `JSON.parse` sees them: a duplicated key keeps its first place and its last value.
fn js_members(members: &[(RawStr, Json)]) -> Vec<(String, &Json)> {
    let mut out: Vec<(String, &Json)> = Vec::with_capacity(members.len());
    for (key, value) in members {
        let text = key.text().into_owned();
        match out.iter_mut().find(|(k, _)| *k == text) {
            Some(slot) => slot.1 = value,
            None => out.push((text, value)),
        }
    }
    out
}

/// Writes a `mappings.json` in the current shape: pretty, no trailing newline. Names are
/// generated strings (escaped like `JSON.stringify`); `mappings` and `settings` keep their tokens.
/// `settings` is written only when given.
pub fn write_mappings_file(index: &str, collection: &str, mappings: &Json, settings: Option<&Json>) -> Vec<u8> {
    let mut entry = vec![(RawStr::from_text("mappings"), mappings.clone())];
    if let Some(settings) = settings {
        entry.push((RawStr::from_text("settings"), settings.clone()));
    }
    let content = Json::Object(vec![(
        RawStr::from_text(index),
        Json::Object(vec![(RawStr::from_text(collection), Json::Object(entry))]),
    )]);
    let file = Json::object([("type", Json::str("mappings")), ("content", content)]);
    let mut out = Vec::new();
    file.write_pretty(&mut out);
    out
}

fn invalid(message: impl Into<String>) -> DumpError {
    DumpError::data(Code::MappingsInvalid, message, 0, 0)
}

/// Compact JSON of a value for a message, cut at 60 bytes.
fn snippet(v: &Json) -> String {
    let mut s = v.to_compact();
    if s.len() > 60 {
        let mut cut = 57;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        s.truncate(cut);
        s.push('…');
    }
    s
}

/// 1-based line and byte column of a byte offset.
fn line_col(bytes: &[u8], offset: usize) -> (u64, u64) {
    let before = bytes.get(..offset).unwrap_or(bytes);
    let line = memchr::memchr_iter(b'\n', before).count() as u64 + 1;
    let line_start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
    (line, (before.len() - line_start) as u64 + 1)
}

#[cfg(test)]
mod tests {
    #[test]
    fn create_bodies() {
        let file = super::parse_mappings_file(
            br#"{"type":"mappings","content":{"i":{"c":{"mappings":{"dynamic":"false","properties":{"a":{"type":"keyword"}}},"settings":{"index":{"number_of_shards":"2"}}}}}}"#,
            None,
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(file.collections[0].create_body()).unwrap(),
            r#"{"mappings":{"dynamic":"false","properties":{"a":{"type":"keyword"}}},"settings":{"number_of_shards":"2"}}"#
        );
    }

    use super::*;

    /// formats.md §1.3's example, verbatim.
    const SPEC_EXAMPLE: &str = r#"{
  "type": "mappings",
  "content": {
    "nyc-open-data": {
      "yellow-taxi": {
        "mappings": {
          "dynamic": "false",
          "properties": {
            "city": {
              "type": "keyword"
            }
          }
        }
      }
    }
  }
}"#;

    const M: &str = r#"{"dynamic":"false","properties":{"city":{"type":"keyword"}}}"#;
    const DIRS: Option<(&str, &str)> = Some(("nyc-open-data", "yellow-taxi"));

    fn j(s: &str) -> Json {
        Json::parse(s.as_bytes()).unwrap()
    }

    fn parse_test(input: &str, dirs: Option<(&str, &str)>, expected: &[(&str, &str, &str, Option<&str>, Shape)]) {
        let file = parse_mappings_file(input.as_bytes(), dirs).unwrap();
        let got: Vec<_> = file
            .collections
            .iter()
            .map(|c| {
                (
                    c.index.as_str(),
                    c.collection.as_str(),
                    c.mappings.to_compact(),
                    c.settings.as_ref().map(Json::to_compact),
                    c.shape,
                )
            })
            .collect();
        let want: Vec<_> = expected
            .iter()
            .map(|&(i, c, m, s, shape)| (i, c, m.to_owned(), s.map(str::to_owned), shape))
            .collect();
        assert_eq!(got, want, "{input}");
    }

    fn error_test(input: &[u8], dirs: Option<(&str, &str)>, code: Code, line: u64, column: u64, message: &str) {
        let e = parse_mappings_file(input, dirs).unwrap_err();
        assert_eq!(e.code(), code);
        let loc = e.location().unwrap();
        assert_eq!((loc.line, loc.column), (line, column));
        assert_eq!(e.message(), message);
    }

    #[test]
    fn reads_the_three_shapes() {
        parse_test(
            SPEC_EXAMPLE,
            DIRS,
            &[("nyc-open-data", "yellow-taxi", M, None, Shape::Current)],
        );
        let legacy = format!(r#"{{"type":"mappings","content":{{"nyc-open-data":{{"yellow-taxi":{M}}}}}}}"#);
        parse_test(
            &legacy,
            None,
            &[("nyc-open-data", "yellow-taxi", M, None, Shape::Legacy)],
        );
        parse_test(M, DIRS, &[("nyc-open-data", "yellow-taxi", M, None, Shape::Raw)]);
        let settings = format!(
            r#"{{"type":"mappings","content":{{"i":{{"c":{{"mappings":{M},"settings":{{"number_of_shards":"1","number_of_replicas":"0"}}}}}}}}}}"#
        );
        parse_test(
            &settings,
            None,
            &[(
                "i",
                "c",
                M,
                Some(r#"{"number_of_shards":"1","number_of_replicas":"0"}"#),
                Shape::Current,
            )],
        );
        let only_settings = r#"{"type":"mappings","content":{"i":{"c":{"settings":{"index.number_of_shards":1}}}}}"#;
        parse_test(
            only_settings,
            None,
            &[("i", "c", "{}", Some(r#"{"index.number_of_shards":1}"#), Shape::Current)],
        );
        // A BOM is stripped; CRLF is whitespace.
        parse_test(
            &format!("\u{feff}{}", SPEC_EXAMPLE.replace('\n', "\r\n")),
            DIRS,
            &[("nyc-open-data", "yellow-taxi", M, None, Shape::Current)],
        );
    }

    #[test]
    fn writes_the_spec_example_byte_for_byte() {
        let out = write_mappings_file("nyc-open-data", "yellow-taxi", &j(M), None);
        assert_eq!(String::from_utf8(out.clone()).unwrap(), SPEC_EXAMPLE);
        // Round trip: read then write gives the same bytes.
        let file = parse_mappings_file(&out, None).unwrap();
        let c = &file.collections[0];
        assert_eq!(
            write_mappings_file(&c.index, &c.collection, &c.mappings, c.settings.as_ref()),
            out
        );
    }

    #[test]
    fn writes_settings_names_and_tokens_exactly() {
        let settings = j(r#"{"number_of_shards":"1","number_of_replicas":"0"}"#);
        let m = j(r#"{"_meta":{"n":1.50,"s":"\u00e9"},"dynamic":"strict","properties":{}}"#);
        let out = write_mappings_file("i\"x", "c\u{1}", &m, Some(&settings));
        let expected = r#"{
  "type": "mappings",
  "content": {
    "i\"x": {
      "c\u0001": {
        "mappings": {
          "_meta": {
            "n": 1.50,
            "s": "\u00e9"
          },
          "dynamic": "strict",
          "properties": {}
        },
        "settings": {
          "number_of_shards": "1",
          "number_of_replicas": "0"
        }
      }
    }
  }
}"#;
        assert_eq!(String::from_utf8(out.clone()).unwrap(), expected);
        let file = parse_mappings_file(&out, None).unwrap();
        let c = &file.collections[0];
        assert_eq!((c.index.as_str(), c.collection.as_str()), ("i\"x", "c\u{1}"));
        assert_eq!(
            write_mappings_file(&c.index, &c.collection, &c.mappings, c.settings.as_ref()),
            out
        );
    }

    #[test]
    fn warns_about_several_collections_and_folder_names() {
        let input = format!(
            r#"{{"type":"mappings","content":{{"a":{{"x":{M},"y":{{"mappings":{{}}}}}},"b":{{}},"a":{{"z":{{}}}}}}}}"#
        );
        // Like JSON.parse, the duplicated "a" keeps its place and its last value.
        parse_test(&input, None, &[("a", "z", "{}", None, Shape::Legacy)]);
        let two = format!(r#"{{"type":"mappings","content":{{"a":{{"x":{M},"y":{{"mappings":{{}}}}}}}}}}"#);
        let file = parse_mappings_file(two.as_bytes(), Some(("a", "x"))).unwrap();
        let warnings: Vec<String> = file
            .warnings
            .iter()
            .map(|w| format!("{} {}", w.code, w.message))
            .collect();
        assert_eq!(
            warnings,
            [
                "MULTIPLE_COLLECTIONS mappings.json holds 2 collections (a/x, a/y); Kourou imports only the first, a/x; all are read",
                "NAME_MISMATCH mappings.json names index \"a\" and collection \"y\" but sits in folder \"a/x\"; the names in the file are used",
            ]
        );
        let file = parse_mappings_file(br#"{"type":"mappings","content":{"a":{"x":{}},"b":{}}}"#, None).unwrap();
        assert_eq!(
            file.warnings[0].message,
            "index \"b\" holds no collection: nothing to import for it"
        );
        assert_eq!(file.warnings[0].severity, crate::error::Severity::Warning);
    }

    #[test]
    fn refuses_what_is_not_a_mappings_dump() {
        use Code::*;
        let e = |i: &str, m: &str| error_test(i.as_bytes(), DIRS, MappingsInvalid, 0, 0, m);
        e(
            r#"{"type":"collection","index":"i","collection":"c"}"#,
            "not a mappings dump: type is \"collection\"",
        );
        e(r#"{"type":1}"#, "not a mappings dump: type is 1");
        e("[]", "not a mappings dump: the file holds an array");
        e(" \n", "the file is empty");
        e(r#"{"type":"mappings"}"#, "\"content\" must be an object of indexes");
        e(r#"{"type":"mappings","content":{}}"#, "\"content\" holds no collection");
        e(
            r#"{"type":"mappings","content":{"i":[]}}"#,
            "content.i must be an object of collections",
        );
        e(
            r#"{"type":"mappings","content":{"i":{"c":1}}}"#,
            "content.i.c must be an object, not a number",
        );
        e(
            r#"{"type":"mappings","content":{"i":{"c":{"mappings":[]}}}}"#,
            "content.i.c.mappings must be an object, not an array",
        );
        e(
            r#"{"type":"mappings","content":{"i":{"c":{"mappings":{},"settings":null}}}}"#,
            "content.i.c.settings must be an object, not null",
        );
        error_test(
            M.as_bytes(),
            None,
            MappingsInvalid,
            0,
            0,
            "a raw mappings file (no \"type\") takes its index and collection names from its two parent folders, and none were given",
        );
    }

    #[test]
    fn reports_syntax_errors_at_line_and_column() {
        use Code::*;
        error_test(
            b"{\n  \"type\": \"mappings\",\n  \"content\" {}\n}",
            None,
            JsonSyntax,
            3,
            13,
            "invalid JSON: expected ':' after the key",
        );
        error_test(
            b"\xEF\xBB\xBF{\"a\":x}",
            None,
            JsonSyntax,
            1,
            9,
            "invalid JSON: expected a JSON value",
        );
        error_test(
            b"{\n\"type\": \"mappings\",",
            None,
            Truncated,
            2,
            20,
            "invalid JSON: expected a string",
        );
        error_test(b"{\"a\":\"\xff\"}", None, InvalidUtf8, 1, 7, "invalid UTF-8");
    }
}
