//! JSON paths of findings, and where such a path's value starts in the raw bytes.
//!
//! Checks walk a `Json` tree, which keeps no positions. A finding remembers its path as
//! segments; only when it is reported is the path looked up again in the bytes (findings are
//! rare, so nothing is paid for valid data).

use crate::json::escape;
use crate::json::scan::{Kind, Scanner};
use std::fmt::Write as _;

/// One step of a JSON path: an object key (decoded text) or an array index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    /// An object member.
    Key(String),
    /// An array item.
    Index(usize),
}

impl From<&str> for Seg {
    fn from(k: &str) -> Self {
        Seg::Key(k.to_owned())
    }
}

impl From<usize> for Seg {
    fn from(i: usize) -> Self {
        Seg::Index(i)
    }
}

/// The path as reports write it: keys joined by `.`, indices as `[i]`
/// (e.g. `fields.age.typeOptions.range`, `content.teacher.policies[0].roleId`).
pub fn path_string(segs: &[Seg]) -> String {
    let mut out = String::new();
    for seg in segs {
        match seg {
            Seg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Seg::Index(i) => {
                let _ = write!(out, "[{i}]");
            }
        }
    }
    out
}

/// Byte offset where the value at `segs` starts inside the JSON value that starts at `start`
/// (after whitespace). With duplicate keys the last one is taken, as `Json::get` and
/// JavaScript do. `None` when the path is not there or the bytes are not valid JSON.
pub fn locate(bytes: &[u8], start: usize, segs: &[Seg]) -> Option<usize> {
    let mut pos = start;
    for seg in segs {
        let sub = bytes.get(pos..)?;
        let mut s = Scanner::new(sub);
        let found = match seg {
            Seg::Key(key) => member_offset(&mut s, key)?,
            Seg::Index(i) => item_offset(&mut s, *i)?,
        };
        pos += found;
    }
    let mut s = Scanner::new(bytes.get(pos..)?);
    s.skip_ws();
    Some(pos + s.pos())
}

fn member_offset(s: &mut Scanner<'_>, key: &str) -> Option<usize> {
    if s.start_value().ok()? != Kind::Object {
        return None;
    }
    let mut found = None;
    if s.eat(b'}') {
        return None;
    }
    loop {
        s.skip_ws();
        let span = s.string().ok()?;
        s.expect(b':', "").ok()?;
        s.skip_ws();
        let raw = s.bytes().get(span.start..span.end)?;
        if escape::unescape(raw).as_ref() == key.as_bytes() {
            found = Some(s.pos());
        }
        s.skip_value().ok()?;
        if !s.eat(b',') {
            return found;
        }
    }
}

fn item_offset(s: &mut Scanner<'_>, index: usize) -> Option<usize> {
    if s.start_value().ok()? != Kind::Array {
        return None;
    }
    if s.eat(b']') {
        return None;
    }
    let mut i = 0;
    loop {
        s.skip_ws();
        if i == index {
            return Some(s.pos());
        }
        s.skip_value().ok()?;
        if !s.eat(b',') {
            return None;
        }
        i += 1;
    }
}

/// 1-based line and byte column of `offset` in `bytes`.
pub fn line_column(bytes: &[u8], offset: usize) -> (u64, u64) {
    let head = bytes.get(..offset).unwrap_or(bytes);
    let line = memchr::memchr_iter(b'\n', head).count() as u64 + 1;
    let line_start = memchr::memrchr(b'\n', head).map_or(0, |i| i + 1);
    (line, (head.len() - line_start) as u64 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locate_test(json: &str, segs: &[Seg], expected: Option<&str>) {
        let at = locate(json.as_bytes(), 0, segs);
        assert_eq!(
            at.map(|i| &json[i..i + expected.map_or(0, str::len)]),
            expected,
            "{json}"
        );
    }

    #[test]
    fn finds_members_and_items() {
        let doc = r#"{"a": {"b": [10, {"c": "x"}]}, "d\u0041": 2, "a": {"b": [1, 2]}}"#;
        locate_test(doc, &["a".into(), "b".into(), 1.into()], Some("2"));
        locate_test(doc, &["dA".into()], Some("2"));
        locate_test(doc, &["zz".into()], None);
        locate_test(doc, &["a".into(), "b".into(), 5.into()], None);
        locate_test(doc, &[], Some("{"));
    }

    #[test]
    fn paths_and_positions() {
        let segs = [Seg::from("policies"), Seg::from(0), Seg::from("roleId")];
        assert_eq!(path_string(&segs), "policies[0].roleId");
        assert_eq!(line_column(b"{\n  \"a\": 1\n}", 9), (2, 8));
        assert_eq!(line_column(b"abc", 0), (1, 1));
    }
}
