//! Helpers over a slice of whole document lines read back by the viewer: table rows, one line
//! pretty-printed as written, and search. A slice is the bytes from one index entry's offset to
//! another's end; its non-blank lines are numbered 0, 1, … in the results (the entries' order).

use crate::document::parse_header;
use crate::json::Json;
use serde::{Deserialize, Serialize};

/// Options of [`view_rows`].
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct RowOptions {
    /// Characters of the compact body kept in a row's preview. @default 160
    pub preview: usize,
}

impl Default for RowOptions {
    fn default() -> Self {
        RowOptions { preview: 160 }
    }
}

/// One table row: a document line, summarised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Row {
    /// The decoded `_id` when it is a string; the token (`7`) otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The start of the compact body (`body`, or `_source`), or of the raw line when it does
    /// not parse.
    pub preview: String,
    /// Whether the preview was cut.
    pub truncated: bool,
    /// Why the line does not parse, if it does not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// One line, pretty-printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Pretty {
    /// `JSON.stringify(v, null, 2)` layout with every token as written (numbers exact, string
    /// escapes kept); the line itself (invalid UTF-8 replaced) when it does not parse.
    pub text: String,
    /// Why the line does not parse, with its 1-based byte column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// What [`search_lines`] looks for. `id` alone: the `_id`; `value` (with an optional `field`
/// path like `pickup.city` inside the body, `_kuzzle_info.author`): a scalar's text. Given both,
/// a line must match both. Matching is exact unless `contains` (then a case-sensitive
/// substring).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct SearchQuery {
    /// The `_id` to find.
    pub id: Option<String>,
    /// Dotted path inside the body; absent or empty: any scalar at any depth.
    pub field: Option<String>,
    /// The value's text: a string decoded, a number's token, `true`, `false`, `null`.
    pub value: Option<String>,
    /// Substring instead of equality. @default false
    pub contains: bool,
    /// Most matches returned. @default 1000
    pub limit: Option<usize>,
}

/// Rows of the non-blank lines of `bytes` (a Kourou header line is skipped).
pub fn view_rows(bytes: &[u8], opts: &RowOptions) -> Vec<Row> {
    doc_lines(bytes)
        .map(|line| match parse(line) {
            Ok(v) => {
                let id = v.get("_id").map(scalar_text);
                let body = body(&v).map(Json::to_compact).unwrap_or_default();
                let (preview, truncated) = cut(&body, opts.preview);
                Row {
                    id,
                    preview,
                    truncated,
                    error: None,
                }
            }
            Err(e) => {
                let (preview, truncated) = cut(&String::from_utf8_lossy(line), opts.preview);
                Row {
                    id: None,
                    preview,
                    truncated,
                    error: Some(e),
                }
            }
        })
        .collect()
}

/// One line (without its line feed) pretty-printed from its bytes.
pub fn pretty_line(line: &[u8]) -> Pretty {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    match parse(line) {
        Ok(v) => Pretty {
            text: v.to_pretty(),
            error: None,
        },
        Err(e) => Pretty {
            text: String::from_utf8_lossy(line).into_owned(),
            error: Some(e),
        },
    }
}

/// The numbers (0-based, among the non-blank lines of `bytes`) of the lines that match.
pub fn search_lines(bytes: &[u8], q: &SearchQuery) -> Vec<u32> {
    let limit = q.limit.unwrap_or(1000);
    let path: Vec<&str> = q
        .field
        .as_deref()
        .filter(|f| !f.is_empty())
        .map(|f| f.split('.').collect())
        .unwrap_or_default();
    // A needle with nothing JSON would escape appears as is in a line that matches, so lines
    // without it are skipped before parsing.
    let plain = |s: &str| !s.is_empty() && s.bytes().all(|b| (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\');
    let needles: Vec<memchr::memmem::Finder<'_>> = [q.id.as_deref(), q.value.as_deref()]
        .into_iter()
        .flatten()
        .filter(|s| plain(s))
        .map(|s| memchr::memmem::Finder::new(s.as_bytes()))
        .collect();
    let mut out = Vec::new();
    if q.id.is_none() && q.value.is_none() {
        return out;
    }
    for (n, line) in doc_lines(bytes).enumerate() {
        if out.len() >= limit {
            break;
        }
        if needles.iter().any(|f| f.find(line).is_none()) {
            continue;
        }
        let Ok(v) = parse(line) else { continue };
        let matches = |text: &str, want: &str| if q.contains { text.contains(want) } else { text == want };
        if let Some(id) = &q.id {
            if !v.get("_id").is_some_and(|i| matches(&scalar_text(i), id)) {
                continue;
            }
        }
        if let Some(want) = &q.value {
            let Some(b) = body(&v) else { continue };
            let found = if path.is_empty() {
                any_scalar(b, &|t| matches(t, want))
            } else {
                b.pointer(&path)
                    .is_some_and(|x| is_scalar(x) && matches(&scalar_text(x), want))
            };
            if !found {
                continue;
            }
        }
        out.push(n as u32);
    }
    out
}

/// The non-blank lines of a slice, without line endings, a leading collection header left out.
pub(super) fn doc_lines(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut first = true;
    bytes
        .split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
        .filter(|l| !l.iter().all(|b| matches!(b, b' ' | b'\t' | b'\r')))
        .filter(move |l| {
            let skip = first && is_header(l);
            first = false;
            !skip
        })
}

/// Whether a line is a Kourou collection header (and not a document).
pub(super) fn is_header(line: &[u8]) -> bool {
    line.starts_with(b"{") && parse_header(line, 1).is_ok() && memchr::memmem::find(line, b"\"_id\"").is_none()
}

/// Parses a line; the error says why, with its 1-based byte column.
pub(super) fn parse(line: &[u8]) -> Result<Json, String> {
    Json::parse(line).map_err(|e| format!("{} at column {}", e.message, e.offset + 1))
}

/// The document body: `body` (Kourou) or `_source` (elasticdump).
pub(super) fn body(v: &Json) -> Option<&Json> {
    v.get("body").or_else(|| v.get("_source"))
}

fn is_scalar(v: &Json) -> bool {
    !matches!(v, Json::Array(_) | Json::Object(_))
}

/// A scalar's text: a string decoded, other tokens as written; containers compact.
fn scalar_text(v: &Json) -> String {
    match v {
        Json::String(s) => s.text().into_owned(),
        other => other.to_compact(),
    }
}

fn any_scalar(v: &Json, pred: &dyn Fn(&str) -> bool) -> bool {
    match v {
        Json::Object(m) => m.iter().any(|(_, x)| any_scalar(x, pred)),
        Json::Array(a) => a.iter().any(|x| any_scalar(x, pred)),
        Json::String(s) => pred(&s.text()),
        other => pred(&other.to_compact()),
    }
}

/// The first `max` characters of `s`, and whether it was cut.
fn cut(s: &str, max: usize) -> (String, bool) {
    match s.char_indices().nth(max) {
        Some((i, _)) => (s[..i].to_owned(), true),
        None => (s.to_owned(), false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINES: &[u8] = b"{\"type\":\"collection\",\"index\":\"i\",\"collection\":\"c\"}\n\
{\"_id\":\"a\",\"body\":{\"city\":\"hcmc\",\"big\":12345678901234567890123,\"n\":{\"x\":1}}}\n\
\n\
{\"_id\":\"b<script>\",\"body\":{\"city\":\"Paris\",\"n\":{\"x\":2}}}\r\n\
{\"_id\":\"c\",\"body\":{\"city\":\"x\"}\n";

    #[test]
    fn rows() {
        let rows = view_rows(LINES, &RowOptions { preview: 12 });
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].id.as_deref(), Some("a"));
        assert_eq!(rows[0].preview, "{\"city\":\"hcm");
        assert!(rows[0].truncated);
        assert_eq!(rows[1].id.as_deref(), Some("b<script>"));
        assert!(rows[2].error.is_some());
    }

    #[test]
    fn pretty_keeps_tokens() {
        let p =
            pretty_line(b"{\"_id\":\"a\",\"body\":{\"big\":12345678901234567890123,\"f\":1.50,\"s\":\"\\u00e9\"}}\r\n");
        assert_eq!(
            p.text,
            "{\n  \"_id\": \"a\",\n  \"body\": {\n    \"big\": 12345678901234567890123,\n    \"f\": 1.50,\n    \"s\": \"\\u00e9\"\n  }\n}"
        );
        assert!(pretty_line(b"{\"_id\":").error.is_some());
    }

    fn search_test(q: SearchQuery, expected: &[u32]) {
        assert_eq!(search_lines(LINES, &q), expected, "{q:?}");
    }

    #[test]
    fn search() {
        search_test(
            SearchQuery {
                id: Some("b<script>".into()),
                ..Default::default()
            },
            &[1],
        );
        search_test(
            SearchQuery {
                id: Some("b".into()),
                ..Default::default()
            },
            &[],
        );
        search_test(
            SearchQuery {
                id: Some("b".into()),
                contains: true,
                ..Default::default()
            },
            &[1],
        );
        search_test(
            SearchQuery {
                value: Some("Paris".into()),
                ..Default::default()
            },
            &[1],
        );
        search_test(
            SearchQuery {
                field: Some("n.x".into()),
                value: Some("1".into()),
                ..Default::default()
            },
            &[0],
        );
        search_test(
            SearchQuery {
                field: Some("big".into()),
                value: Some("12345678901234567890123".into()),
                ..Default::default()
            },
            &[0],
        );
        search_test(
            SearchQuery {
                value: Some("a".into()),
                contains: true,
                limit: Some(1),
                ..Default::default()
            },
            &[1],
        );
    }
}
