//! File names of elasticdump, multielasticdump and `es:migrate` directories (formats.md §4.1,
//! §5), what a file's first bytes say it is, and which format a dump root is (§3).
//!
//! Names are built from the **raw** ES index name, and Kuzzle names hold dots, so a name can be
//! read several ways: `&shop.settings.json` is the settings of `&shop` or the data of collection
//! `settings`; `&shop.split-3.json` is part 3 of `&shop`'s data or the data of `&shop.split-3`.
//! [`readings`] lists every reading, [`resolve_file`] picks one from the content.

use super::strip_bom;
use crate::gzip::{is_gzip, Gunzip};
use crate::json::escape::unescape_lossy;
use crate::json::{Kind, Scanner};
use crate::names::check_file_name;
use serde::Serialize;

/// What an ES-level file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum FileKind {
    /// `<index>.json`: one search hit per line.
    Data,
    /// `<index>.mapping.json`: the `GET /<index>/_mapping` body.
    Mapping,
    /// `<index>.settings.json`: double-encoded settings.
    Settings,
    /// `<index>.template.json`: double-encoded legacy templates.
    Template,
    /// `<index>.analyzer.json`: double-encoded settings (analysis).
    Analyzer,
    /// `<index>.alias.json`: double-encoded aliases.
    Alias,
    /// `<index>.index.json`: double-encoded `GET /<index>`.
    Index,
    /// `<index>.specs.json`: an `es:migrate` index definition.
    Specs,
}

impl FileKind {
    /// Every kind except [`FileKind::Data`], whose names end in `.<kind>.json`.
    const NAMED: [FileKind; 7] = [
        FileKind::Mapping,
        FileKind::Settings,
        FileKind::Template,
        FileKind::Analyzer,
        FileKind::Alias,
        FileKind::Index,
        FileKind::Specs,
    ];

    /// What follows the index name: `.json`, `.mapping.json`, …
    pub fn suffix(self) -> &'static str {
        match self {
            FileKind::Data => ".json",
            FileKind::Mapping => ".mapping.json",
            FileKind::Settings => ".settings.json",
            FileKind::Template => ".template.json",
            FileKind::Analyzer => ".analyzer.json",
            FileKind::Alias => ".alias.json",
            FileKind::Index => ".index.json",
            FileKind::Specs => ".specs.json",
        }
    }

    /// Whether the file is one JSON string holding JSON (formats.md §4.4).
    pub fn is_double_encoded(self) -> bool {
        matches!(
            self,
            FileKind::Settings | FileKind::Template | FileKind::Analyzer | FileKind::Alias | FileKind::Index
        )
    }
}

/// One reading of an ES-level file name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EsFile {
    /// The raw ES index name (never URL-encoded).
    pub base: String,
    /// What the file holds.
    pub kind: FileKind,
    /// Part number of a split dump (`<base>.split-<N>.json`); parts are joined in N order.
    pub split: Option<u32>,
    /// Whether the name says gzip. Content is detected by magic bytes anyway.
    pub gzip: bool,
}

/// `<base>.split-<N><ext>` with `<ext>` one extension: `(base, N, ext)`.
fn split_part(name: &str) -> Option<(&str, u32, &str)> {
    let dot = name.rfind('.')?;
    let (before, ext) = name.split_at(dot);
    let at = before.rfind(".split-")?;
    let digits = before.get(at + ".split-".len()..)?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || ext.len() < 2 {
        return None;
    }
    let base = before.get(..at)?;
    Some((base, digits.parse().ok()?, ext)).filter(|_| !base.is_empty())
}

/// Every reading of a file name, the preferred first (split part before plain name, artefact
/// before data, as multielasticdump guesses); empty when it is not an ES-level file name.
pub fn readings(name: &str) -> Vec<EsFile> {
    let (plain, gz) = match name.strip_suffix(".gz") {
        Some(p) => (p, true),
        None => (name, false),
    };
    // A split part names the original output: `idx.split-0.json[.gz]`, or, for an output named
    // `idx.json.gz`, `idx.json.split-0.gz[.gz]` (formats.md §4.1).
    let split = split_part(plain)
        .map(|(base, n, ext)| (format!("{base}{ext}"), n, gz))
        .or_else(|| {
            split_part(name)
                .filter(|_| gz)
                .map(|(base, n, ext)| (format!("{base}{ext}"), n, false))
        });
    let mut forms: Vec<(String, Option<u32>, bool)> = Vec::new();
    if let Some((original, n, gz)) = split {
        match original.strip_suffix(".gz") {
            Some(o) => forms.push((o.to_owned(), Some(n), true)),
            None => forms.push((original, Some(n), gz)),
        }
    }
    forms.push((plain.to_owned(), None, gz));
    let mut out = Vec::new();
    for (original, split, gzip) in forms {
        let Some(stem) = original.strip_suffix(".json").filter(|s| !s.is_empty()) else {
            continue;
        };
        for kind in FileKind::NAMED {
            let tag = kind.suffix().trim_end_matches(".json");
            if let Some(base) = stem.strip_suffix(tag).filter(|b| !b.is_empty()) {
                out.push(EsFile {
                    base: base.to_owned(),
                    kind,
                    split,
                    gzip,
                });
            }
        }
        out.push(EsFile {
            base: stem.to_owned(),
            kind: FileKind::Data,
            split,
            gzip,
        });
    }
    out
}

/// The preferred reading of an ES-level file name (see [`readings`] for the others), or `None`
/// when the name is not one (`README.md`, `documents.jsonl`, `.json`).
pub fn parse_file_name(name: &str) -> Option<EsFile> {
    readings(name).into_iter().next()
}

/// The file name of `index`'s file of `kind` (`.gz` appended when `gzip`). Fails, never
/// truncates, past 255 bytes, and refuses names that would leave the folder.
pub fn file_name(index: &str, kind: FileKind, gzip: bool) -> Result<String, String> {
    if index.is_empty() {
        return Err("an empty index name cannot name a file".into());
    }
    let name = format!("{index}{}{}", kind.suffix(), if gzip { ".gz" } else { "" });
    check_file_name(&name).map_err(|e| format!("index {index:?}: {e}"))?;
    Ok(name)
}

/// What the first bytes of an ES-level file hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum Content {
    /// Only whitespace (an `es:migrate` data file of an empty index).
    Empty,
    /// A JSON string: a double-encoded file; `top_key` is its first top-level key when readable.
    DoubleEncoded {
        /// First key of the encoded object (an index or template name).
        top_key: Option<String>,
    },
    /// A search hit (it has `_index`, `_id` or `_source`).
    Hit {
        /// The hit's `_index`, when it was within the bytes given.
        index: Option<String>,
    },
    /// Any other object: a mapping file or `es:migrate` specs.
    Object,
    /// Something no ES-level file starts with.
    Other,
}

/// Bytes looked at when the first bytes are gzip.
const SNIFF_LIMIT: usize = 64 * 1024;

/// Classifies a file by its first bytes: a prefix of any length (a few KiB is plenty), gzip or
/// not, BOM or not. A value cut by the end of the prefix is classified from what is there.
pub fn classify_by_content(first_bytes: &[u8]) -> Content {
    let unzipped;
    let bytes = if is_gzip(first_bytes) {
        unzipped = gunzip_prefix(first_bytes);
        &unzipped[..]
    } else {
        first_bytes
    };
    let (bytes, _) = strip_bom(bytes);
    let mut s = Scanner::new(bytes);
    s.skip_ws();
    match s.peek() {
        None => Content::Empty,
        Some(b'"') => Content::DoubleEncoded {
            top_key: bytes.get(s.pos() + 1..).and_then(encoded_top_key),
        },
        Some(b'{') => classify_object(&mut s),
        Some(_) => Content::Other,
    }
}

/// Decompresses what a gzip prefix yields (a cut stream is expected: errors end the output).
fn gunzip_prefix(bytes: &[u8]) -> Vec<u8> {
    let mut g = Gunzip::new();
    let mut out = Vec::new();
    for chunk in bytes.chunks(4096) {
        if g.push(chunk, &mut out).is_err() || out.len() >= SNIFF_LIMIT {
            break;
        }
    }
    out
}

/// First key of the JSON object encoded in a string whose content starts `raw`.
fn encoded_top_key(raw: &[u8]) -> Option<String> {
    let end = crate::json::scan::string_end(raw, 0).map_or(raw.len(), |(end, _)| end);
    let inner = unescape_lossy(raw.get(..end)?);
    let mut s = Scanner::new(inner.as_bytes());
    if s.start_value().ok()? != Kind::Object {
        return None;
    }
    s.skip_ws();
    let key = s.string().ok()?;
    Some(unescape_lossy(inner.as_bytes().get(key.start..key.end)?))
}

/// Looks at the top-level keys of an object as far as the bytes go.
fn classify_object(s: &mut Scanner<'_>) -> Content {
    let bytes = s.bytes();
    let mut hit = false;
    let mut index = None;
    if s.start_value().is_err() || s.eat(b'}') {
        return Content::Object;
    }
    loop {
        s.skip_ws();
        let Ok(key) = s.string() else { break };
        let key = unescape_lossy(bytes.get(key.start..key.end).unwrap_or_default());
        if s.expect(b':', "").is_err() {
            break;
        }
        s.skip_ws();
        let start = s.pos();
        let kind = s.skip_value();
        match key.as_str() {
            "_index" => {
                hit = true;
                if kind == Ok(Kind::String) {
                    index = bytes.get(start + 1..s.pos() - 1).map(unescape_lossy);
                }
            }
            "_id" | "_source" => hit = true,
            _ => {}
        }
        if kind.is_err() || !s.eat(b',') {
            break;
        }
    }
    if hit {
        Content::Hit { index }
    } else {
        Content::Object
    }
}

/// The reading of `name` that its content supports: a string → a double-encoded artefact; a
/// hit → data (of its `_index` when a reading has that base); another object → mapping or
/// specs. Falls back to the preferred reading; `None` when the name is not an ES-level one.
pub fn resolve_file(name: &str, content: &Content) -> Option<EsFile> {
    let all = readings(name);
    let pick = |want: &dyn Fn(&EsFile) -> bool| all.iter().find(|f| want(f)).cloned();
    let chosen = match content {
        Content::DoubleEncoded { .. } => pick(&|f| f.kind.is_double_encoded()),
        Content::Hit { index } => index
            .as_ref()
            .and_then(|i| pick(&|f| f.kind == FileKind::Data && &f.base == i))
            .or_else(|| pick(&|f| f.kind == FileKind::Data)),
        Content::Object => pick(&|f| matches!(f.kind, FileKind::Mapping | FileKind::Specs)),
        Content::Empty | Content::Other => None,
    };
    chosen.or_else(|| all.into_iter().next())
}

/// Which dump format a folder holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum RootFormat {
    /// Kourou's `<index>/<collection>/` tree and security files (formats.md §1, §2).
    Kourou,
    /// elasticdump / multielasticdump files (§4).
    Elasticdump,
    /// Kourou `es:migrate` files (§5).
    EsMigrate,
}

/// Detects a dump root's format (formats.md §3) from its file names and, only where a name
/// leaves doubt, the first bytes of that file (`first_bytes(name)`: a prefix, gzip or not; `None`
/// if unreadable). Only top-level names count (names holding `/` or `\` are skipped).
///
/// A `*.specs.json` that is not a hit → `es:migrate`; else a `*.mapping.json` or
/// `*.settings.json`, another double-encoded artefact holding a string, or a `*.json` starting
/// with a hit → elasticdump; else a Kourou tree.
pub fn detect_root(file_names: &[&str], first_bytes: impl Fn(&str) -> Option<Vec<u8>>) -> RootFormat {
    let top: Vec<&str> = file_names
        .iter()
        .copied()
        .filter(|n| !n.contains(['/', '\\']))
        .collect();
    let sniff = |name: &str| first_bytes(name).map(|b| classify_by_content(&b));
    for name in &top {
        if readings(name).iter().any(|f| f.kind == FileKind::Specs) && !matches!(sniff(name), Some(Content::Hit { .. }))
        {
            return RootFormat::EsMigrate;
        }
    }
    let preferred = |name: &str| parse_file_name(name).map(|f| f.kind);
    if top
        .iter()
        .any(|n| matches!(preferred(n), Some(FileKind::Mapping | FileKind::Settings)))
    {
        return RootFormat::Elasticdump;
    }
    for name in &top {
        let Some(kind) = preferred(name) else { continue };
        let elasticdump = match sniff(name) {
            Some(Content::DoubleEncoded { .. }) => kind.is_double_encoded(),
            Some(Content::Hit { .. }) => true,
            _ => false,
        };
        if elasticdump {
            return RootFormat::Elasticdump;
        }
    }
    RootFormat::Kourou
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(base: &str, kind: FileKind, split: Option<u32>, gzip: bool) -> EsFile {
        EsFile {
            base: base.into(),
            kind,
            split,
            gzip,
        }
    }

    fn parse_test(name: &str, expected: Option<EsFile>) {
        assert_eq!(parse_file_name(name), expected, "{name}");
    }

    #[test]
    fn parses_every_kind_and_compression() {
        use FileKind::*;
        parse_test("my_index.json", Some(f("my_index", Data, None, false)));
        parse_test(
            "&nyc-open-data.yellow-taxi.json",
            Some(f("&nyc-open-data.yellow-taxi", Data, None, false)),
        );
        parse_test("&i.c.mapping.json", Some(f("&i.c", Mapping, None, false)));
        parse_test("&i.c.settings.json.gz", Some(f("&i.c", Settings, None, true)));
        parse_test("&i.c.template.json", Some(f("&i.c", Template, None, false)));
        parse_test("&i.c.analyzer.json", Some(f("&i.c", Analyzer, None, false)));
        parse_test("&i.c.alias.json", Some(f("&i.c", Alias, None, false)));
        parse_test("&i.c.index.json", Some(f("&i.c", Index, None, false)));
        parse_test("&i.c.specs.json", Some(f("&i.c", Specs, None, false)));
        parse_test("%kuzzle.users.json.gz", Some(f("%kuzzle.users", Data, None, true)));
        parse_test("README.md", None);
        parse_test("documents.jsonl", None);
        parse_test(".json", None);
        parse_test(".mapping.json", Some(f(".mapping", Data, None, false)));
    }

    #[test]
    fn parses_split_parts() {
        use FileKind::*;
        parse_test("my_index.split-0.json", Some(f("my_index", Data, Some(0), false)));
        parse_test("my_index.split-12.json.gz", Some(f("my_index", Data, Some(12), true)));
        parse_test("idx.json.split-0.gz.gz", Some(f("idx", Data, Some(0), true)));
        parse_test("idx.json.split-3.gz", Some(f("idx", Data, Some(3), true)));
        parse_test("idx.split-.json", Some(f("idx.split-", Data, None, false)));
        parse_test("idx.split-x.json", Some(f("idx.split-x", Data, None, false)));
        assert_eq!(
            readings("&shop.split-3.json"),
            [f("&shop", Data, Some(3), false), f("&shop.split-3", Data, None, false)]
        );
    }

    #[test]
    fn lists_every_reading_of_an_ambiguous_name() {
        use FileKind::*;
        assert_eq!(
            readings("&shop.settings.json"),
            [
                f("&shop", Settings, None, false),
                f("&shop.settings", Data, None, false)
            ]
        );
        assert_eq!(readings("x.index.json").len(), 2);
        assert_eq!(readings("notes.txt"), []);
    }

    #[test]
    fn file_names_round_trip_and_fail_clearly() {
        for kind in [FileKind::Data, FileKind::Mapping, FileKind::Settings, FileKind::Specs] {
            for gzip in [false, true] {
                let name = file_name("&nyc-open-data.yellow-taxi", kind, gzip).unwrap();
                assert_eq!(
                    parse_file_name(&name),
                    Some(f("&nyc-open-data.yellow-taxi", kind, None, gzip))
                );
            }
        }
        assert_eq!(
            file_name("&a.b", FileKind::Analyzer, true).unwrap(),
            "&a.b.analyzer.json.gz"
        );
        let long = format!("&{}.{}", "a".repeat(126), "b".repeat(126));
        let err = file_name(&long, FileKind::Analyzer, true).unwrap_err();
        assert!(err.contains("271 bytes long"), "{err}");
        assert!(file_name(&long[..240], FileKind::Data, false).is_ok());
        assert!(file_name("../x", FileKind::Data, false).is_err());
        assert!(file_name("a\\b", FileKind::Data, false).is_err());
        assert!(file_name("", FileKind::Data, false).is_err());
    }

    const HIT: &[u8] = br#"{"_index":"&nyc-open-data.yellow-taxi","_type":"_doc","_id":"chuon-chuon-kim","_score":1,"_source":{"city":"hcmc","district":1,"_kuzzle_info":{"author":"test-admin","createdAt":1700000000000,"updatedAt":null,"updater":null}}}"#;

    fn double(top: &str) -> Content {
        Content::DoubleEncoded {
            top_key: Some(top.into()),
        }
    }

    #[test]
    fn classifies_first_bytes() {
        let hit = Content::Hit {
            index: Some("&nyc-open-data.yellow-taxi".into()),
        };
        assert_eq!(classify_by_content(HIT), hit);
        assert_eq!(classify_by_content(&HIT[..60]), hit);
        assert_eq!(classify_by_content(&HIT[..20]), Content::Hit { index: None });
        assert_eq!(classify_by_content(&[b"\xEF\xBB\xBF \r\n", HIT].concat()), hit);
        assert_eq!(classify_by_content(&crate::gzip::gzip(HIT).unwrap()), hit);
        let gz = crate::gzip::gzip(&HIT.repeat(1000)).unwrap();
        assert_eq!(classify_by_content(&gz[..gz.len() / 2]), hit);
        assert_eq!(
            classify_by_content(br#"{"_source":{"a":1}}"#),
            Content::Hit { index: None }
        );
        assert_eq!(
            classify_by_content(
                br#""{\"my_index\":{\"settings\":{\"index\":{\"number_of_shards\":\"1\",\"number_of_replicas\":\"1\"}}}}""#
            ),
            double("my_index")
        );
        assert_eq!(
            classify_by_content(
                br#""{\"&nyc-open-data.yellow-taxi\":{\"aliases\":{\"@&nyc-open-data.yellow-taxi\":{}}}}""#
            ),
            double("&nyc-open-data.yellow-taxi")
        );
        assert_eq!(
            classify_by_content(br#""{\"template_1\":{\"order\":0,"#),
            double("template_1")
        );
        assert_eq!(classify_by_content(br#""{\"caf\u00e9\":"#), double("café"));
        assert_eq!(
            classify_by_content(br#""{\"te"#),
            Content::DoubleEncoded { top_key: None }
        );
        assert_eq!(
            classify_by_content(br#"{"&nyc-open-data.yellow-taxi":{"mappings":{"dynamic":"false"}}}"#),
            Content::Object
        );
        assert_eq!(
            classify_by_content(br#"{"aliases":{"@&i.c":{}},"mappings":{},"settings":{}}"#),
            Content::Object
        );
        assert_eq!(
            classify_by_content(b"{\n  \"type\": \"roles\",\n  \"content\": {"),
            Content::Object
        );
        assert_eq!(classify_by_content(b"{}"), Content::Object);
        assert_eq!(classify_by_content(b" \n"), Content::Empty);
        assert_eq!(classify_by_content(b"[1]"), Content::Other);
        assert_eq!(classify_by_content(b"type,index"), Content::Other);
    }

    #[test]
    fn resolves_ambiguous_names_by_content() {
        use FileKind::*;
        let settings = double("&shop");
        assert_eq!(
            resolve_file("&shop.settings.json", &settings),
            Some(f("&shop", Settings, None, false))
        );
        let data = Content::Hit {
            index: Some("&shop.settings".into()),
        };
        assert_eq!(
            resolve_file("&shop.settings.json", &data),
            Some(f("&shop.settings", Data, None, false))
        );
        let part = Content::Hit {
            index: Some("&shop".into()),
        };
        assert_eq!(
            resolve_file("&shop.split-3.json", &part),
            Some(f("&shop", Data, Some(3), false))
        );
        let whole = Content::Hit {
            index: Some("&shop.split-3".into()),
        };
        assert_eq!(
            resolve_file("&shop.split-3.json", &whole),
            Some(f("&shop.split-3", Data, None, false))
        );
        assert_eq!(
            resolve_file("&shop.specs.json", &Content::Object),
            Some(f("&shop", Specs, None, false))
        );
        assert_eq!(
            resolve_file("&shop.json", &Content::Empty),
            Some(f("&shop", Data, None, false))
        );
        assert_eq!(resolve_file("notes.txt", &Content::Empty), None);
    }

    fn detect_test(files: &[(&str, &[u8])], expected: RootFormat) {
        let names: Vec<&str> = files.iter().map(|(n, _)| *n).collect();
        let found = detect_root(&names, |name| {
            files.iter().find(|(n, _)| *n == name).map(|(_, b)| b.to_vec())
        });
        assert_eq!(found, expected, "{names:?}");
    }

    #[test]
    fn detects_the_root_format() {
        use RootFormat::*;
        let specs: &[u8] = br#"{"aliases":{},"mappings":{},"settings":{}}"#;
        detect_test(&[("&i.c.specs.json", specs), ("&i.c.json", HIT)], EsMigrate);
        detect_test(&[("&i.c.mapping.json", b"{}"), ("&i.c.json", HIT)], Elasticdump);
        detect_test(&[("&i.c.settings.json", b"\"{}\"")], Elasticdump);
        detect_test(&[("&i.c.json.gz", &crate::gzip::gzip(HIT).unwrap())], Elasticdump);
        detect_test(&[("&i.c.alias.json", b"\"{\\\"&i.c\\\":{}}\"\n")], Elasticdump);
        // Data of a collection named `specs` is not an es:migrate definition.
        detect_test(&[("&i.specs.json", HIT)], Elasticdump);
        detect_test(
            &[
                ("roles.json", b"{\n  \"type\": \"roles\""),
                ("users-collection-mappings.json", b"{\n  \"type\": \"usersMappings\""),
                (
                    "nyc-open-data/yellow-taxi/documents.jsonl",
                    b"{\"type\":\"collection\"}",
                ),
                ("nyc-open-data/yellow-taxi/x.mapping.json", b"{}"),
            ],
            Kourou,
        );
        detect_test(&[], Kourou);
    }

    #[test]
    fn never_panics_on_prefixes_or_flips() {
        let gz = crate::gzip::gzip(HIT).unwrap();
        for input in [HIT, br#""{\"i\":{\"settings\":{}}}""#, &gz[..]] {
            for len in 0..input.len() {
                let _ = classify_by_content(&input[..len]);
                let mut flipped = input.to_vec();
                flipped[len] ^= 0x80;
                let _ = classify_by_content(&flipped);
            }
        }
        assert_eq!(
            serde_json::to_value(double("a")).unwrap(),
            serde_json::json!({"type": "doubleEncoded", "topKey": "a"})
        );
    }
}
