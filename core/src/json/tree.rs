//! A token-preserving JSON tree for the small files of a dump (mappings, settings, security).
//!
//! Numbers keep their token text, strings keep their escapes as written, objects keep key order
//! and duplicate keys. Writing a parsed tree back therefore changes only whitespace.

use super::escape;
use super::scan::{Kind, Scanner, SyntaxError};
use std::borrow::Cow;

/// Deepest nesting the tree parser accepts (it recurses; documents use the scanner instead).
pub const MAX_TREE_DEPTH: usize = 512;

/// Largest integer a JavaScript number holds exactly (2^53 - 1).
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// The content of a string token, escapes as written (so it is always valid inside quotes).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RawStr(String);

impl RawStr {
    /// Escapes text like `JSON.stringify`.
    pub fn from_text(text: &str) -> Self {
        let mut out = Vec::with_capacity(text.len());
        escape::write_str_content(&mut out, text.as_bytes());
        RawStr(String::from_utf8(out).unwrap_or_default())
    }

    /// Wraps the content of a string token that the scanner accepted (escapes as written).
    pub fn from_raw(raw: &str) -> Self {
        RawStr(raw.to_owned())
    }

    /// The content as written, escapes included.
    pub fn raw(&self) -> &str {
        &self.0
    }

    /// The decoded text (lone surrogates become U+FFFD).
    pub fn text(&self) -> Cow<'_, str> {
        if self.0.contains('\\') {
            Cow::Owned(escape::unescape_lossy(self.0.as_bytes()))
        } else {
            Cow::Borrowed(&self.0)
        }
    }

    /// Whether the decoded text equals `s`.
    pub fn is(&self, s: &str) -> bool {
        if self.0.contains('\\') {
            escape::unescape(self.0.as_bytes()).as_ref() == s.as_bytes()
        } else {
            self.0 == s
        }
    }
}

/// A JSON value whose tokens are kept as written.
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A number, as its token text.
    Number(String),
    /// A string.
    String(RawStr),
    /// An array.
    Array(Vec<Json>),
    /// An object: members in order, duplicates kept.
    Object(Vec<(RawStr, Json)>),
}

impl Json {
    /// Parses one JSON text (whitespace around it allowed). Bytes must be UTF-8.
    pub fn parse(bytes: &[u8]) -> Result<Json, SyntaxError> {
        if let Err(e) = std::str::from_utf8(bytes) {
            return Err(SyntaxError {
                offset: e.valid_up_to(),
                message: "invalid UTF-8",
            });
        }
        let mut s = Scanner::new(bytes);
        let v = parse_value(&mut s, 0)?;
        s.end()?;
        Ok(v)
    }

    /// Parses one value at the scanner's position (UTF-8 already checked by the caller).
    pub fn parse_at(s: &mut Scanner<'_>) -> Result<Json, SyntaxError> {
        parse_value(s, 0)
    }

    /// A string value from text.
    pub fn str(text: &str) -> Json {
        Json::String(RawStr::from_text(text))
    }

    /// An object from `(key, value)` pairs.
    pub fn object<'k>(members: impl IntoIterator<Item = (&'k str, Json)>) -> Json {
        Json::Object(members.into_iter().map(|(k, v)| (RawStr::from_text(k), v)).collect())
    }

    /// The kind of the value.
    pub fn kind(&self) -> Kind {
        match self {
            Json::Null => Kind::Null,
            Json::Bool(_) => Kind::Bool,
            Json::Number(_) => Kind::Number,
            Json::String(_) => Kind::String,
            Json::Array(_) => Kind::Array,
            Json::Object(_) => Kind::Object,
        }
    }

    /// Members of an object.
    pub fn as_object(&self) -> Option<&[(RawStr, Json)]> {
        match self {
            Json::Object(m) => Some(m),
            _ => None,
        }
    }

    /// Members of an object, mutably.
    pub fn as_object_mut(&mut self) -> Option<&mut Vec<(RawStr, Json)>> {
        match self {
            Json::Object(m) => Some(m),
            _ => None,
        }
    }

    /// Items of an array.
    pub fn as_array(&self) -> Option<&[Json]> {
        match self {
            Json::Array(a) => Some(a),
            _ => None,
        }
    }

    /// Decoded text of a string.
    pub fn as_str(&self) -> Option<Cow<'_, str>> {
        match self {
            Json::String(s) => Some(s.text()),
            _ => None,
        }
    }

    /// Whether this is an object.
    pub fn is_object(&self) -> bool {
        matches!(self, Json::Object(_))
    }

    /// The value of `key` in an object (the last one when the key is duplicated, as in JS).
    pub fn get(&self, key: &str) -> Option<&Json> {
        self.as_object()?.iter().rev().find(|(k, _)| k.is(key)).map(|(_, v)| v)
    }

    /// The value of `key`, mutably.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Json> {
        self.as_object_mut()?
            .iter_mut()
            .rev()
            .find(|(k, _)| k.is(key))
            .map(|(_, v)| v)
    }

    /// Follows a path of keys.
    pub fn pointer(&self, keys: &[&str]) -> Option<&Json> {
        keys.iter().try_fold(self, |v, k| v.get(k))
    }

    /// Sets `key` (replacing every member of that name at the first one's place, or appending).
    pub fn set(&mut self, key: &str, value: Json) {
        if let Json::Object(m) = self {
            if let Some(i) = m.iter().position(|(k, _)| k.is(key)) {
                m[i].1 = value;
                let mut j = i + 1;
                while j < m.len() {
                    if m[j].0.is(key) {
                        m.remove(j);
                    } else {
                        j += 1;
                    }
                }
            } else {
                m.push((RawStr::from_text(key), value));
            }
        }
    }

    /// Removes every member named `key`; returns the last value.
    pub fn remove(&mut self, key: &str) -> Option<Json> {
        let m = self.as_object_mut()?;
        let mut last = None;
        let mut i = 0;
        while i < m.len() {
            if m[i].0.is(key) {
                last = Some(m.remove(i).1);
            } else {
                i += 1;
            }
        }
        last
    }

    /// Appends compact JSON (`JSON.stringify(v)` layout).
    pub fn write_compact(&self, out: &mut Vec<u8>) {
        match self {
            Json::Null => out.extend_from_slice(b"null"),
            Json::Bool(true) => out.extend_from_slice(b"true"),
            Json::Bool(false) => out.extend_from_slice(b"false"),
            Json::Number(n) => out.extend_from_slice(n.as_bytes()),
            Json::String(s) => write_raw_str(out, s),
            Json::Array(a) => {
                out.push(b'[');
                for (i, v) in a.iter().enumerate() {
                    if i > 0 {
                        out.push(b',');
                    }
                    v.write_compact(out);
                }
                out.push(b']');
            }
            Json::Object(m) => {
                out.push(b'{');
                for (i, (k, v)) in m.iter().enumerate() {
                    if i > 0 {
                        out.push(b',');
                    }
                    write_raw_str(out, k);
                    out.push(b':');
                    v.write_compact(out);
                }
                out.push(b'}');
            }
        }
    }

    /// Appends pretty JSON (`JSON.stringify(v, null, 2)` layout, no trailing newline).
    pub fn write_pretty(&self, out: &mut Vec<u8>) {
        self.write_pretty_at(out, 0);
    }

    fn write_pretty_at(&self, out: &mut Vec<u8>, level: usize) {
        match self {
            Json::Array(a) if !a.is_empty() => {
                out.push(b'[');
                for (i, v) in a.iter().enumerate() {
                    out.extend_from_slice(if i > 0 { b",\n" } else { b"\n" });
                    indent(out, level + 1);
                    v.write_pretty_at(out, level + 1);
                }
                out.push(b'\n');
                indent(out, level);
                out.push(b']');
            }
            Json::Object(m) if !m.is_empty() => {
                out.push(b'{');
                for (i, (k, v)) in m.iter().enumerate() {
                    out.extend_from_slice(if i > 0 { b",\n" } else { b"\n" });
                    indent(out, level + 1);
                    write_raw_str(out, k);
                    out.extend_from_slice(b": ");
                    v.write_pretty_at(out, level + 1);
                }
                out.push(b'\n');
                indent(out, level);
                out.push(b'}');
            }
            other => other.write_compact(out),
        }
    }

    /// Compact JSON text.
    pub fn to_compact(&self) -> String {
        let mut out = Vec::new();
        self.write_compact(&mut out);
        String::from_utf8(out).unwrap_or_default()
    }

    /// Pretty JSON text (2-space indent, no trailing newline).
    pub fn to_pretty(&self) -> String {
        let mut out = Vec::new();
        self.write_pretty(&mut out);
        String::from_utf8(out).unwrap_or_default()
    }

    /// Converts to a `serde_json::Value` for reports; numbers that f64 cannot hold exactly
    /// become strings so nothing is silently rounded.
    pub fn to_serde(&self) -> serde_json::Value {
        use serde_json::Value;
        match self {
            Json::Null => Value::Null,
            Json::Bool(b) => Value::Bool(*b),
            Json::Number(n) => n
                .parse::<f64>()
                .ok()
                .filter(|f| f.abs() <= MAX_SAFE_INTEGER && serde_json::Number::from_f64(*f).is_some())
                .and_then(|f| {
                    let v = if f.fract() == 0.0 && !n.contains(['.', 'e', 'E']) {
                        Value::from(f as i64)
                    } else {
                        Value::from(f)
                    };
                    (v.to_string().as_str() == n.as_str()).then_some(v)
                })
                .unwrap_or_else(|| Value::String(n.clone())),
            Json::String(s) => Value::String(s.text().into_owned()),
            Json::Array(a) => Value::Array(a.iter().map(Json::to_serde).collect()),
            Json::Object(m) => Value::Object(m.iter().map(|(k, v)| (k.text().into_owned(), v.to_serde())).collect()),
        }
    }
}

fn indent(out: &mut Vec<u8>, level: usize) {
    out.resize(out.len() + 2 * level, b' ');
}

fn write_raw_str(out: &mut Vec<u8>, s: &RawStr) {
    out.push(b'"');
    out.extend_from_slice(s.raw().as_bytes());
    out.push(b'"');
}

fn parse_value(s: &mut Scanner<'_>, depth: usize) -> Result<Json, SyntaxError> {
    s.skip_ws();
    let start = s.pos();
    let bytes = s.bytes();
    let text = |a: usize, b: usize| String::from_utf8_lossy(&bytes[a..b]).into_owned();
    match s.start_value()? {
        Kind::Null => Ok(Json::Null),
        Kind::Bool => Ok(Json::Bool(bytes.get(start) == Some(&b't'))),
        Kind::Number => Ok(Json::Number(text(start, s.pos()))),
        Kind::String => Ok(Json::String(RawStr(text(start + 1, s.pos() - 1)))),
        Kind::Array => {
            if depth >= MAX_TREE_DEPTH {
                return Err(SyntaxError {
                    offset: start,
                    message: "nesting is too deep",
                });
            }
            let mut items = Vec::new();
            if s.eat(b']') {
                return Ok(Json::Array(items));
            }
            loop {
                items.push(parse_value(s, depth + 1)?);
                if s.eat(b',') {
                    continue;
                }
                s.expect(b']', "expected ',' or ']'")?;
                return Ok(Json::Array(items));
            }
        }
        Kind::Object => {
            if depth >= MAX_TREE_DEPTH {
                return Err(SyntaxError {
                    offset: start,
                    message: "nesting is too deep",
                });
            }
            let mut members = Vec::new();
            if s.eat(b'}') {
                return Ok(Json::Object(members));
            }
            loop {
                s.skip_ws();
                let key = s.string()?;
                s.expect(b':', "expected ':' after the key")?;
                let value = parse_value(s, depth + 1)?;
                members.push((RawStr(text(key.start, key.end)), value));
                if s.eat(b',') {
                    continue;
                }
                s.expect(b'}', "expected ',' or '}'")?;
                return Ok(Json::Object(members));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_tokens_order_and_duplicates() {
        let src = r#"{"b":1.0,"a":"\u00e9","b":12345678901234567890123,"z":[1e3,-0,null,true]}"#;
        let v = Json::parse(src.as_bytes()).unwrap();
        assert_eq!(v.to_compact(), src);
        assert_eq!(v.get("b"), Some(&Json::Number("12345678901234567890123".into())));
        assert_eq!(v.get("a").and_then(|a| a.as_str()).as_deref(), Some("é"));
    }

    #[test]
    fn pretty_matches_json_stringify() {
        let v = Json::parse(br#"{"a":{},"b":[],"c":[1,{"d":"x"}],"e":{"f":null}}"#).unwrap();
        let expected = "{\n  \"a\": {},\n  \"b\": [],\n  \"c\": [\n    1,\n    {\n      \"d\": \"x\"\n    }\n  ],\n  \"e\": {\n    \"f\": null\n  }\n}";
        assert_eq!(v.to_pretty(), expected);
        assert_eq!(Json::parse(expected.as_bytes()).unwrap(), v);
    }

    #[test]
    fn set_and_remove() {
        let mut v = Json::parse(br#"{"a":1,"b":2,"a":3}"#).unwrap();
        v.set("a", Json::Number("9".into()));
        assert_eq!(v.to_compact(), r#"{"a":9,"b":2}"#);
        v.set("c", Json::str("x\"y"));
        assert_eq!(v.to_compact(), r#"{"a":9,"b":2,"c":"x\"y"}"#);
        assert_eq!(v.remove("b"), Some(Json::Number("2".into())));
        assert_eq!(v.to_compact(), r#"{"a":9,"c":"x\"y"}"#);
    }

    #[test]
    fn rejects_bad_input() {
        assert!(Json::parse(b"{\"a\":}").is_err());
        assert!(Json::parse(b"[1,2").is_err());
        assert!(Json::parse(&[b'"', 0xff, b'"']).is_err());
        let deep = "[".repeat(MAX_TREE_DEPTH + 1) + &"]".repeat(MAX_TREE_DEPTH + 1);
        assert!(Json::parse(deep.as_bytes()).is_err());
    }

    #[test]
    fn to_serde_never_rounds() {
        let v = Json::parse(br#"{"a":9007199254740993,"b":1.5,"c":"s"}"#).unwrap();
        assert_eq!(
            v.to_serde(),
            serde_json::json!({"a":"9007199254740993","b":1.5,"c":"s"})
        );
    }
}
