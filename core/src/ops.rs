//! Small operations that both bindings expose as they are: Kuzzle name checks, physical index
//! names, JSON validity of one buffer, and line counting over pushed chunks.
//!
//! Each returns plain serializable data (camelCase), so a binding only converts types and maps
//! errors: the behaviour, and so the parity of the backends, lives here.

use crate::error::{Code, Finding};
use crate::json::scan::{self, Kind};
use crate::lines::{Block, LineSplitter};
use crate::names::{self, NameProblem, Physical, Scope};
use crate::options::JsonValidateOptions;
use crate::position::line_col;
use crate::{DumpError, Result};
use serde::Serialize;

/// Result of an index or collection name check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NameCheck {
    /// Whether Kuzzle accepts the name.
    pub ok: bool,
    /// Why it does not, e.g. `holds upper-case letters`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
}

impl From<std::result::Result<(), NameProblem>> for NameCheck {
    fn from(r: std::result::Result<(), NameProblem>) -> Self {
        NameCheck {
            ok: r.is_ok(),
            problem: r.err().map(|p| p.to_string()),
        }
    }
}

/// Checks an index name against Kuzzle's rules.
pub fn check_index_name(name: &str) -> NameCheck {
    names::check_index_name(name).into()
}

/// Checks a collection name against Kuzzle's rules.
pub fn check_collection_name(name: &str) -> NameCheck {
    names::check_collection_name(name).into()
}

/// A physical Elasticsearch index name taken apart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PhysicalName {
    /// `public` (`&`) or `private` (`%`).
    pub scope: &'static str,
    /// Kuzzle index.
    pub index: String,
    /// Kuzzle collection.
    pub collection: String,
    /// The `.N` suffix Kuzzle adds when the plain name was taken.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suffix: Option<u32>,
    /// The `@` alias Kuzzle queries.
    pub alias: String,
    /// The physical index name, suffix included.
    pub index_name: String,
}

/// Parses `&index.collection[.N]`, `%index.collection` or an `@` alias; `None` for other names.
pub fn parse_physical_name(name: &str) -> Option<PhysicalName> {
    let p = Physical::parse(name)?;
    Some(PhysicalName {
        scope: match p.scope {
            Scope::Public => "public",
            Scope::Private => "private",
        },
        alias: p.alias(),
        index_name: p.index_name(),
        index: p.index,
        collection: p.collection,
        suffix: p.suffix,
    })
}

/// Result of [`json_validate`]: the value's kind, or the first problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JsonCheck {
    /// Whether the bytes are exactly one valid JSON value.
    pub ok: bool,
    /// `null`, `boolean`, `number`, `string`, `array` or `object` when `ok`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<&'static str>,
    /// The problem when not `ok`: `JSON_SYNTAX`, `INVALID_UTF8` or `TRUNCATED`, with 1-based
    /// line and byte column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finding: Option<Finding>,
}

fn kind_str(kind: Kind) -> &'static str {
    match kind {
        Kind::Null => "null",
        Kind::Bool => "boolean",
        Kind::Number => "number",
        Kind::String => "string",
        Kind::Array => "array",
        Kind::Object => "object",
    }
}

/// Checks that `bytes` is one JSON value (UTF-8, RFC 8259, surrounding whitespace allowed).
/// Problems are data: this never fails because of the bytes it checks.
pub fn json_validate(bytes: &[u8], opts: &JsonValidateOptions) -> JsonCheck {
    let problem = match std::str::from_utf8(bytes) {
        Err(e) => (Code::InvalidUtf8, "invalid UTF-8 byte sequence", e.valid_up_to()),
        Ok(_) => match scan::validate(bytes) {
            Ok(kind) => {
                return JsonCheck {
                    ok: true,
                    kind: Some(kind_str(kind)),
                    finding: None,
                }
            }
            // The scanner reports the slice length when the input ended too soon.
            Err(e) if e.offset >= bytes.len() && !is_blank(bytes) => (Code::Truncated, e.message, e.offset),
            Err(e) => (Code::JsonSyntax, e.message, e.offset),
        },
    };
    let (code, message, offset) = problem;
    let (line, column) = line_col(bytes, offset);
    JsonCheck {
        ok: false,
        kind: None,
        finding: Some(Finding::error(code, message, line, column).in_file(opts.file.as_deref())),
    }
}

fn is_blank(bytes: &[u8]) -> bool {
    bytes.iter().all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
}

/// Lines and bytes handed over by one [`LineCounter`] call.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LineCount {
    /// Lines completed by this call.
    pub lines: u64,
    /// Bytes of those lines, line endings included (a leading BOM is not counted).
    pub bytes: u64,
}

impl LineCount {
    fn add(&mut self, block: Block<'_>) {
        self.lines += block.lines().count() as u64;
        self.bytes += block.bytes.len() as u64;
    }
}

/// A [`LineSplitter`] that reports what each chunk completed; `finish` ends it for good.
#[derive(Debug, Default)]
pub struct LineCounter {
    splitter: Option<LineSplitter>,
}

impl LineCounter {
    /// A counter at line 1.
    pub fn new() -> Self {
        LineCounter {
            splitter: Some(LineSplitter::new()),
        }
    }

    fn splitter(&mut self) -> Result<&mut LineSplitter> {
        self.splitter
            .as_mut()
            .ok_or_else(|| DumpError::InvalidState("the line splitter is already finished".into()))
    }

    /// Pushes a chunk; counts the lines it completed.
    pub fn push(&mut self, chunk: &[u8]) -> Result<LineCount> {
        let mut count = LineCount::default();
        self.splitter()?.push(chunk, |b| count.add(b));
        Ok(count)
    }

    /// Ends the input; counts the last line if it had no line feed. Later calls fail with
    /// `INVALID_STATE`.
    pub fn finish(&mut self) -> Result<LineCount> {
        let mut count = LineCount::default();
        self.splitter()?.finish(|b| count.add(b));
        self.splitter = None;
        Ok(count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json_ok(input: &str, kind: &str) {
        let r = json_validate(input.as_bytes(), &JsonValidateOptions::default());
        assert_eq!((r.ok, r.kind, r.finding), (true, Some(kind), None), "{input:?}");
    }

    fn json_bad(input: &[u8], code: Code, line: u64, column: u64) {
        let opts = JsonValidateOptions {
            file: Some("f.json".into()),
        };
        let r = json_validate(input, &opts);
        let f = r.finding.unwrap();
        assert!(!r.ok);
        assert_eq!(r.kind, None);
        assert_eq!(
            (f.code, f.location.line, f.location.column, f.location.file.as_deref()),
            (code, line, column, Some("f.json")),
            "{input:?}: {}",
            f.message
        );
    }

    #[test]
    fn json_kinds() {
        json_ok(" {\"a\": [1, 2]}\n", "object");
        json_ok("[]", "array");
        json_ok("\"x\"", "string");
        json_ok("-1.5e3", "number");
        json_ok("true", "boolean");
        json_ok("null", "null");
    }

    #[test]
    fn json_problems_with_line_and_column() {
        json_bad(b"{\n  \"a\": 1,\n}", Code::JsonSyntax, 3, 1);
        json_bad(b"[1,\r\n 2 3]", Code::JsonSyntax, 2, 4);
        json_bad(b"{\"a\": [1, 2", Code::Truncated, 1, 12);
        json_bad(b"", Code::JsonSyntax, 1, 1);
        json_bad(b" \n ", Code::JsonSyntax, 2, 2);
        json_bad(b"[\"\xC3\x28\"]", Code::InvalidUtf8, 1, 3);
        json_bad(b"\xEF\xBB\xBF{}", Code::JsonSyntax, 1, 1);
    }

    #[test]
    fn json_check_serializes_for_js() {
        let r = json_validate(b"[1,]", &JsonValidateOptions::default());
        assert_eq!(
            serde_json::to_string(&r).unwrap(),
            r#"{"ok":false,"finding":{"code":"JSON_SYNTAX","severity":"error","message":""#.to_owned()
                + r.finding.as_ref().unwrap().message.as_str()
                + r#"","line":1,"column":4}}"#
        );
        let r = json_validate(b"{}", &JsonValidateOptions::default());
        assert_eq!(serde_json::to_string(&r).unwrap(), r#"{"ok":true,"kind":"object"}"#);
    }

    #[test]
    fn names() {
        assert_eq!(
            serde_json::to_string(&check_index_name("nyc")).unwrap(),
            r#"{"ok":true}"#
        );
        assert_eq!(
            serde_json::to_string(&check_collection_name("_kuzzle_keep")).unwrap(),
            r#"{"ok":false,"problem":"is reserved"}"#
        );
        assert_eq!(
            serde_json::to_string(&parse_physical_name("&idx.col.2")).unwrap(),
            r#"{"scope":"public","index":"idx","collection":"col","suffix":2,"alias":"@&idx.col","indexName":"&idx.col.2"}"#
        );
        assert_eq!(parse_physical_name(".kibana"), None);
    }

    fn count_all(input: &[u8], chunk: usize) -> (Vec<LineCount>, LineCount) {
        let mut c = LineCounter::new();
        let pushed = input.chunks(chunk).map(|ch| c.push(ch).unwrap()).collect();
        (pushed, c.finish().unwrap())
    }

    #[test]
    fn counts_lines_per_push() {
        let (pushed, tail) = count_all(b"\xEF\xBB\xBFa\r\nbc\nd", 4);
        let pushed: Vec<(u64, u64)> = pushed.iter().map(|c| (c.lines, c.bytes)).collect();
        assert_eq!(pushed, vec![(0, 0), (1, 3), (1, 3)]);
        assert_eq!((tail.lines, tail.bytes), (1, 1));
        for chunk in 1..12 {
            let (pushed, tail) = count_all(b"\xEF\xBB\xBFa\r\nbc\nd", chunk);
            let lines: u64 = pushed.iter().map(|c| c.lines).sum::<u64>() + tail.lines;
            let bytes: u64 = pushed.iter().map(|c| c.bytes).sum::<u64>() + tail.bytes;
            assert_eq!((lines, bytes), (3, 7), "chunk {chunk}");
        }
    }

    #[test]
    fn finish_ends_for_good() {
        let mut c = LineCounter::new();
        assert_eq!(c.finish().unwrap(), LineCount::default());
        assert_eq!(c.push(b"x").unwrap_err().code(), Code::InvalidState);
        assert_eq!(c.finish().unwrap_err().code(), Code::InvalidState);
    }
}
