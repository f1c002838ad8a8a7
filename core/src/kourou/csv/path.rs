//! CSV field paths resolved like lodash `get`, compiled into a trie so that one pass of the
//! [`Scanner`] over a document body finds the value of every column.
//!
//! lodash reads a path as one key when it has no `.` and no `[…]`, or when the object has a
//! top-level key equal to the whole path; otherwise it splits it like `stringToPath`
//! (`a.b[0]["c.d"]` → `a`, `b`, `0`, `c.d`). Objects are indexed by key, arrays by canonical
//! decimal index. JavaScript's prototype quirks (`length` of arrays and strings, indexing into
//! strings, `constructor`) are not reproduced: those paths resolve to nothing.

use crate::json::escape::unescape;
use crate::json::{Kind, Scanner, SyntaxError};
use std::borrow::Cow;

/// Where a resolved value sits in the body: `start..end` is a scalar's token; for an object or
/// array only `kind` and `start` are meaningful.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Found {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
}

/// Why a body could not be scanned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum ScanError {
    Syntax(SyntaxError),
    NotObject(Kind),
}

impl From<SyntaxError> for ScanError {
    fn from(e: SyntaxError) -> Self {
        ScanError::Syntax(e)
    }
}

/// One trie node; ids are in depth-first pre-order, so a node's descendants are `id + 1..end`.
#[derive(Debug, Clone)]
struct Node {
    /// Children by decoded key, sorted for binary search.
    children: Vec<(Box<[u8]>, u32)>,
    end: u32,
}

/// The node(s) a column reads: the top-level key equal to the whole path when the body has it,
/// else the node of the split path.
#[derive(Debug, Clone, Copy)]
struct Target {
    whole: Option<u32>,
    path: u32,
}

/// An open container during the scan.
#[derive(Debug, Clone, Copy)]
pub(super) struct Frame {
    node: u32,
    object: bool,
    index: u64,
}

/// Per-row state, kept between rows so that a row allocates nothing.
#[derive(Debug, Default)]
pub(super) struct Scratch {
    slots: Vec<Option<Found>>,
    stack: Vec<Frame>,
}

/// All columns of a CSV export as one trie of path segments.
#[derive(Debug, Clone)]
pub(super) struct PathTrie {
    nodes: Vec<Node>,
    targets: Vec<Target>,
}

impl PathTrie {
    /// Compiles the columns, in order.
    pub fn new(columns: &[String]) -> Self {
        // Build with insertion ids, then renumber in pre-order with sorted children.
        let mut tmp: Vec<Vec<(Vec<u8>, usize)>> = vec![Vec::new()];
        let mut insert = |segments: &[Vec<u8>]| -> usize {
            let mut at = 0;
            for seg in segments {
                let found = tmp
                    .get(at)
                    .and_then(|c| c.iter().find(|(k, _)| k == seg))
                    .map(|&(_, id)| id);
                at = match found {
                    Some(id) => id,
                    None => {
                        let id = tmp.len();
                        tmp.push(Vec::new());
                        if let Some(c) = tmp.get_mut(at) {
                            c.push((seg.clone(), id));
                        }
                        id
                    }
                };
            }
            at
        };
        let mut raw_targets = Vec::with_capacity(columns.len());
        for col in columns {
            let p = col.as_bytes();
            if is_deep(p) {
                let whole = insert(&[p.to_vec()]);
                let path = insert(&split_path(p));
                raw_targets.push((Some(whole), path));
            } else {
                raw_targets.push((None, insert(&[p.to_vec()])));
            }
        }
        for children in &mut tmp {
            children.sort_by(|a, b| a.0.cmp(&b.0));
        }
        let n = tmp.len();
        let mut new_id = vec![0u32; n];
        let mut end = vec![0u32; n];
        let mut count = 1u32;
        let mut stack = vec![(0usize, 0usize)];
        while let Some((t, ci)) = stack.last_mut() {
            let t = *t;
            match tmp.get(t).and_then(|c| c.get(*ci)) {
                Some(&(_, child)) => {
                    *ci += 1;
                    if let Some(slot) = new_id.get_mut(child) {
                        *slot = count;
                    }
                    count += 1;
                    stack.push((child, 0));
                }
                None => {
                    if let Some(slot) = end.get_mut(t) {
                        *slot = count;
                    }
                    stack.pop();
                }
            }
        }
        let id = |t: usize| new_id.get(t).copied().unwrap_or(0);
        let mut nodes = vec![
            Node {
                children: Vec::new(),
                end: 0
            };
            n
        ];
        for (t, children) in tmp.into_iter().enumerate() {
            if let Some(node) = nodes.get_mut(id(t) as usize) {
                node.end = end.get(t).copied().unwrap_or(0);
                node.children = children
                    .into_iter()
                    .map(|(k, c)| (k.into_boxed_slice(), id(c)))
                    .collect();
            }
        }
        let targets = raw_targets
            .into_iter()
            .map(|(whole, path)| Target {
                whole: whole.map(id),
                path: id(path),
            })
            .collect();
        PathTrie { nodes, targets }
    }

    fn child(&self, node: u32, key: &[u8]) -> Option<u32> {
        let children = &self.nodes.get(node as usize)?.children;
        let i = children.binary_search_by(|(k, _)| (**k).cmp(key)).ok()?;
        children.get(i).map(|&(_, c)| c)
    }

    fn has_children(&self, node: u32) -> bool {
        self.nodes.get(node as usize).is_some_and(|n| !n.children.is_empty())
    }

    /// Scans `body` (one JSON object) once, recording the value of every trie node.
    pub fn scan(&self, body: &[u8], scratch: &mut Scratch) -> Result<(), ScanError> {
        let Scratch { slots, stack } = scratch;
        slots.clear();
        slots.resize(self.nodes.len(), None);
        stack.clear();
        let mut s = Scanner::new(body);
        s.skip_ws();
        let start = s.pos();
        let kind = s.start_value()?;
        if kind != Kind::Object {
            return Err(ScanError::NotObject(kind));
        }
        if let Some(root) = slots.first_mut() {
            *root = Some(Found {
                kind,
                start,
                end: start,
            });
        }
        if !self.has_children(0) {
            s.skip_container_rest(true)?;
            s.end()?;
            return Ok(());
        }
        stack.push(Frame {
            node: 0,
            object: true,
            index: 0,
        });
        let mut opened = true;
        while let Some(frame) = stack.last_mut() {
            let close = if frame.object { b'}' } else { b']' };
            if opened {
                if s.eat(close) {
                    stack.pop();
                    opened = false;
                    continue;
                }
            } else if !s.eat(b',') {
                s.expect(
                    close,
                    if frame.object {
                        "expected ',' or '}'"
                    } else {
                        "expected ',' or ']'"
                    },
                )?;
                stack.pop();
                continue;
            }
            let child = if frame.object {
                s.skip_ws();
                let k = s.string()?;
                s.expect(b':', "expected ':' after the key")?;
                let raw = body.get(k.start..k.end).unwrap_or_default();
                let key = if k.escaped { unescape(raw) } else { Cow::Borrowed(raw) };
                self.child(frame.node, &key)
            } else {
                let i = frame.index;
                frame.index += 1;
                let mut digits = [0u8; 20];
                self.child(frame.node, decimal(i, &mut digits))
            };
            s.skip_ws();
            let start = s.pos();
            let kind = s.start_value()?;
            let container = matches!(kind, Kind::Object | Kind::Array);
            opened = false;
            let Some(node) = child else {
                if container {
                    s.skip_container_rest(kind == Kind::Object)?;
                }
                continue;
            };
            // A later duplicate key replaces the earlier value, as in JSON.parse: forget what
            // was found below the earlier one.
            let end = self.nodes.get(node as usize).map_or(node + 1, |n| n.end);
            for slot in slots.get_mut(node as usize + 1..end as usize).into_iter().flatten() {
                *slot = None;
            }
            let found = Some(Found {
                kind,
                start,
                end: s.pos(),
            });
            if let Some(slot) = slots.get_mut(node as usize) {
                *slot = found;
            }
            if container {
                if self.has_children(node) {
                    stack.push(Frame {
                        node,
                        object: kind == Kind::Object,
                        index: 0,
                    });
                    opened = true;
                } else {
                    s.skip_container_rest(kind == Kind::Object)?;
                }
            }
        }
        s.end()?;
        Ok(())
    }

    /// The value of column `col` after [`PathTrie::scan`].
    pub fn value(&self, col: usize, scratch: &Scratch) -> Option<Found> {
        let target = self.targets.get(col)?;
        let slot = |n: u32| scratch.slots.get(n as usize).copied().flatten();
        target.whole.and_then(slot).or_else(|| slot(target.path))
    }
}

/// `n` in decimal, written into `buf`.
fn decimal(mut n: u64, buf: &mut [u8; 20]) -> &[u8] {
    let mut i = buf.len();
    loop {
        i -= 1;
        if let Some(d) = buf.get_mut(i) {
            *d = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 || i == 0 {
            break;
        }
    }
    buf.get(i..).unwrap_or_default()
}

/// Length of the UTF-8 sequence starting with `lead`.
fn utf8_len(lead: u8) -> usize {
    match lead {
        0..=0x7F => 1,
        0x80..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}

/// lodash's `\[(["'])((?:(?!\1)[^\\]|\\.)*?)\1\]` at `i`: the end offset and the raw content.
fn bracket_quoted(p: &[u8], i: usize) -> Option<(usize, &[u8])> {
    let q = *p.get(i + 1)?;
    if !matches!(q, b'"' | b'\'') || p.get(i) != Some(&b'[') {
        return None;
    }
    let start = i + 2;
    let mut j = start;
    loop {
        let b = *p.get(j)?;
        if b == q {
            return (p.get(j + 1) == Some(&b']')).then(|| (j + 2, p.get(start..j).unwrap_or_default()));
        }
        if b == b'\\' {
            // `.` matches any code point but a line terminator.
            let next = *p.get(j + 1)?;
            let rest = p.get(j + 1..).unwrap_or_default();
            if matches!(next, b'\n' | b'\r')
                || rest.starts_with("\u{2028}".as_bytes())
                || rest.starts_with("\u{2029}".as_bytes())
            {
                return None;
            }
            j += 1 + utf8_len(next);
        } else {
            j += 1;
        }
    }
}

/// lodash's `\[(-?\d+(?:\.\d+)?)\]` at `i`: the end offset and the number text.
fn bracket_number(p: &[u8], i: usize) -> Option<(usize, &[u8])> {
    if p.get(i) != Some(&b'[') {
        return None;
    }
    let digits = |mut j: usize| {
        let from = j;
        while p.get(j).is_some_and(u8::is_ascii_digit) {
            j += 1;
        }
        (j > from).then_some(j)
    };
    let mut j = i + 1;
    if p.get(j) == Some(&b'-') {
        j += 1;
    }
    j = digits(j)?;
    if p.get(j) == Some(&b'.') {
        if let Some(k) = digits(j + 1) {
            j = k;
        }
    }
    (p.get(j) == Some(&b']')).then(|| (j + 1, p.get(i + 1..j).unwrap_or_default()))
}

/// lodash's `(?=(?:\.|\[\])(?:\.|\[\]|$))` at `i`: an empty segment.
fn empty_segment(p: &[u8], i: usize) -> bool {
    let step = |j: usize| match p.get(j) {
        Some(b'.') => Some(j + 1),
        Some(b'[') if p.get(j + 1) == Some(&b']') => Some(j + 2),
        _ => None,
    };
    step(i).is_some_and(|j| j == p.len() || step(j).is_some())
}

/// Whether lodash `isKey` would split the path: it holds a `.` or a `[…]`.
pub(super) fn is_deep(p: &[u8]) -> bool {
    p.contains(&b'.')
        || p.iter().enumerate().any(|(i, &b)| {
            b == b'['
                && (p.get(i + 1..).and_then(|r| r.iter().find(|&&c| c == b'[' || c == b']')) == Some(&b']')
                    || bracket_quoted(p, i).is_some())
        })
}

/// Splits a path like lodash `stringToPath`.
pub(super) fn split_path(p: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    if p.first() == Some(&b'.') {
        out.push(Vec::new());
    }
    let mut i = 0;
    while let Some(&b) = p.get(i) {
        if !matches!(b, b'.' | b'[' | b']') {
            let len = p
                .get(i..)
                .unwrap_or_default()
                .iter()
                .take_while(|c| !matches!(c, b'.' | b'[' | b']'))
                .count();
            out.push(p.get(i..i + len).unwrap_or_default().to_vec());
            i += len;
            continue;
        }
        if let Some((end, number)) = bracket_number(p, i) {
            out.push(number.to_vec());
            i = end;
            continue;
        }
        if let Some((end, raw)) = bracket_quoted(p, i) {
            // reEscapeChar: `\\` becomes `\`, any other backslash is dropped.
            let mut seg = Vec::with_capacity(raw.len());
            let mut j = 0;
            while let Some(&c) = raw.get(j) {
                if c == b'\\' {
                    if raw.get(j + 1) == Some(&b'\\') {
                        seg.push(b'\\');
                        j += 1;
                    }
                } else {
                    seg.push(c);
                }
                j += 1;
            }
            out.push(seg);
            i = end;
            continue;
        }
        if empty_segment(p, i) {
            out.push(Vec::new());
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split_test(path: &str, deep: bool, expected: &[&str]) {
        assert_eq!(is_deep(path.as_bytes()), deep, "{path}");
        let got: Vec<String> = split_path(path.as_bytes())
            .into_iter()
            .map(|s| String::from_utf8(s).unwrap())
            .collect();
        assert_eq!(got, expected, "{path}");
    }

    #[test]
    fn splits_like_lodash_string_to_path() {
        split_test("city", false, &["city"]);
        split_test("nested.field", true, &["nested", "field"]);
        split_test("a[0].b", true, &["a", "0", "b"]);
        split_test("a[-1.5]", true, &["a", "-1.5"]);
        split_test(r#"a["b.c"].d"#, true, &["a", "b.c", "d"]);
        split_test(r#"a['x\\y\z']"#, true, &["a", r"x\yz"]);
        split_test("a..b", true, &["a", "", "b"]);
        split_test(".a", true, &["", "a"]);
        split_test("a.", true, &["a", ""]);
        split_test("a[]", true, &["a", ""]);
        split_test("a[x]", true, &["a", "x"]);
        split_test("a[b", false, &["a", "b"]);
        split_test("é.ü", true, &["é", "ü"]);
    }

    fn scan_test(columns: &[&str], body: &str, expected: &[Option<&str>]) {
        let columns: Vec<String> = columns.iter().map(|c| c.to_string()).collect();
        let trie = PathTrie::new(&columns);
        let mut scratch = Scratch::default();
        trie.scan(body.as_bytes(), &mut scratch).unwrap();
        let got: Vec<Option<&str>> = (0..columns.len())
            .map(|c| {
                trie.value(c, &scratch).map(|f| match f.kind {
                    Kind::Object => "{…}",
                    Kind::Array => "[…]",
                    _ => &body[f.start..f.end],
                })
            })
            .collect();
        assert_eq!(got, expected, "{body}");
    }

    #[test]
    fn resolves_like_lodash_get() {
        let body = r#"{"a":{"b":1,"c":[10,{"d":"x"}]},"a.b":null,"e":[1,2]}"#;
        scan_test(
            &["a.b", "a.c[1].d", "a.c.0", "e", "e.01", "e.2", "a.x", "zz"],
            body,
            &[
                Some("null"),
                Some(r#""x""#),
                Some("10"),
                Some("[…]"),
                None,
                None,
                None,
                None,
            ],
        );
        scan_test(&["a.b"], r#"{ "a" : { "b" : true } }"#, &[Some("true")]);
        scan_test(
            &["a\"b", "a.é"],
            r#"{"a\"b":1,"a":{"\u00e9":2}}"#,
            &[Some("1"), Some("2")],
        );
    }

    #[test]
    fn later_duplicates_win_and_reset_what_was_below() {
        scan_test(&["a.b", "a.c"], r#"{"a":{"b":1},"a":{"c":2}}"#, &[None, Some("2")]);
        scan_test(&["a", "a.b"], r#"{"a":{"b":1},"a":3}"#, &[Some("3"), None]);
    }

    #[test]
    fn reports_bad_bodies() {
        let trie = PathTrie::new(&["a".to_string()]);
        let mut scratch = Scratch::default();
        assert_eq!(trie.scan(b"[1]", &mut scratch), Err(ScanError::NotObject(Kind::Array)));
        assert!(matches!(trie.scan(br#"{"a":1,}"#, &mut scratch), Err(ScanError::Syntax(e)) if e.offset == 7));
        assert!(matches!(
            trie.scan(br#"{"a":1} x"#, &mut scratch),
            Err(ScanError::Syntax(_))
        ));
        let empty = PathTrie::new(&[]);
        assert!(matches!(
            empty.scan(br#"{"a":}"#, &mut scratch),
            Err(ScanError::Syntax(_))
        ));
    }

    #[test]
    fn writes_decimals() {
        let mut buf = [0u8; 20];
        assert_eq!(decimal(0, &mut buf), b"0");
        assert_eq!(decimal(1234, &mut buf), b"1234");
        assert_eq!(decimal(u64::MAX, &mut buf), b"18446744073709551615");
    }
}
