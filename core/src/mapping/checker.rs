//! A mapping compiled for fast per-document checks: which values Elasticsearch would refuse for a
//! collection's field types, and which fields a `dynamic: "strict"` mapping would refuse.
//!
//! The walk reads the raw body with the [`Scanner`] and descends only where the mapping has
//! fields; everything else is skipped at scanning speed. Recursion follows the mapping's objects
//! (arrays are walked in a loop), so its depth is bounded by the mapping, not by the document.
//! A body that is fine costs no allocation.

use super::compile::{bool_problem, compile, is_object, number_problem, sort, string_problem, Node, Ty};
use super::convert::to_es_mapping;
use crate::error::{Code, Finding};
use crate::json::escape::{unescape, unescape_lossy};
use crate::json::scan::MAX_DEPTH;
use crate::json::{Json, Kind, Scanner, SyntaxError};
use std::borrow::Cow;

/// A mapping compiled to check document bodies (see [`DocChecker::check`]).
#[derive(Debug, Clone)]
pub struct DocChecker {
    root: Node,
}

/// Where a value sits: the chain of keys from the root, kept on the stack.
#[derive(Clone, Copy)]
struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    key: &'a [u8],
}

fn path_string(path: Option<&Path<'_>>) -> String {
    let mut keys = Vec::new();
    let mut p = path;
    while let Some(seg) = p {
        keys.push(unescape_lossy(seg.key));
        p = seg.parent;
    }
    keys.reverse();
    keys.join(".")
}

fn snippet(token: &[u8]) -> String {
    if token.len() <= 40 {
        return String::from_utf8_lossy(token).into_owned();
    }
    let mut cut = 37;
    while cut > 0 && token.get(cut).is_some_and(|b| b & 0xC0 == 0x80) {
        cut -= 1;
    }
    format!("{}…", String::from_utf8_lossy(token.get(..cut).unwrap_or_default()))
}

enum Lookup<'n> {
    Field(&'n Node),
    Skip,
    NotAllowed,
    NotAnObject(&'n Node),
}

impl DocChecker {
    /// Compiles a Kourou mapping `M` (or an Elasticsearch-level one) as Kuzzle creates it: with
    /// the common `_kuzzle_info` fields and `dynamic` defaulting to `"false"`. What
    /// [`check_mapping`](super::check_mapping) would report is ignored; what can be compiled is.
    pub fn new(m: &Json) -> DocChecker {
        let es = to_es_mapping(m);
        let mut root = compile(b"", &es, false, 0);
        root.ty = Ty::Object;
        sort(&mut root);
        DocChecker { root }
    }

    /// Checks one document body (the raw bytes of a JSON object) and pushes what Elasticsearch
    /// would refuse: `FIELD_TYPE_MISMATCH` (with the value's `column`) and `FIELD_NOT_ALLOWED`
    /// (with the key's `column`). Findings have line 0 and a 1-based byte column inside `body`;
    /// the caller adds the line and the body's offset. `path` is the dotted field path. A body
    /// that is not a valid object is not reported here (the caller does that); checking stops
    /// where its syntax breaks.
    pub fn check(&self, body: &[u8], out: &mut Vec<Finding>) {
        let mut s = Scanner::new(body);
        if s.start_value() == Ok(Kind::Object) {
            let _ = self.object(&self.root, &mut s, None, out);
        }
    }

    fn lookup<'n>(&'n self, node: &'n Node, raw: &[u8]) -> Lookup<'n> {
        let key: Cow<'_, [u8]> = unescape(raw);
        let find = |n: &'n Node, k: &[u8]| {
            n.children
                .binary_search_by(|c| (*c.name).cmp(k))
                .ok()
                .and_then(|i| n.children.get(i))
        };
        if let Some(child) = find(node, &key) {
            return Lookup::Field(child);
        }
        if !key.contains(&b'.') || key.split(|&b| b == b'.').any(<[u8]>::is_empty) {
            return if node.strict { Lookup::NotAllowed } else { Lookup::Skip };
        }
        // `{"a.b": 1}` is `{"a": {"b": 1}}` to Elasticsearch.
        let mut cur = node;
        let mut segments = key.split(|&b| b == b'.').peekable();
        while let Some(seg) = segments.next() {
            let Some(child) = find(cur, seg) else {
                return if cur.strict { Lookup::NotAllowed } else { Lookup::Skip };
            };
            if segments.peek().is_none() {
                return Lookup::Field(child);
            }
            match child.ty {
                Ty::Object | Ty::Nested => cur = child,
                Ty::Free => return Lookup::Skip,
                _ => return Lookup::NotAnObject(child),
            }
        }
        Lookup::Skip
    }

    /// Members of an object whose `{` was just consumed.
    fn object(
        &self,
        node: &Node,
        s: &mut Scanner<'_>,
        path: Option<&Path<'_>>,
        out: &mut Vec<Finding>,
    ) -> Result<(), SyntaxError> {
        if s.eat(b'}') {
            return Ok(());
        }
        let bytes = s.bytes();
        loop {
            s.skip_ws();
            let key_at = s.pos();
            let key = s.string()?;
            s.expect(b':', "expected ':' after the key")?;
            let raw = bytes.get(key.start..key.end).unwrap_or_default();
            let here = Path { parent: path, key: raw };
            match self.lookup(node, raw) {
                Lookup::Field(child) => self.value(child, s, Some(&here), out)?,
                Lookup::Skip => {
                    s.skip_value()?;
                }
                Lookup::NotAllowed => {
                    let p = path_string(Some(&here));
                    let message = format!("field \"{p}\" is not in the mapping, whose dynamic is \"strict\"");
                    out.push(Finding::error(Code::FieldNotAllowed, message, 0, key_at as u64 + 1).at_path(p));
                    s.skip_value()?;
                }
                Lookup::NotAnObject(child) => {
                    let p = path_string(Some(&here));
                    let message = format!(
                        "field \"{p}\" cannot be set: \"{}\" is a {} field, not an object",
                        String::from_utf8_lossy(&child.name),
                        child.ty_name
                    );
                    out.push(Finding::error(Code::FieldTypeMismatch, message, 0, key_at as u64 + 1).at_path(p));
                    s.skip_value()?;
                }
            }
            if s.eat(b',') {
                continue;
            }
            return s.expect(b'}', "expected ',' or '}'");
        }
    }

    fn value(
        &self,
        node: &Node,
        s: &mut Scanner<'_>,
        path: Option<&Path<'_>>,
        out: &mut Vec<Finding>,
    ) -> Result<(), SyntaxError> {
        match node.ty {
            Ty::Free => return s.skip_value().map(|_| ()),
            Ty::GeoPoint => return self.geo_point(node, s, path, out),
            _ => {}
        }
        s.skip_ws();
        let start = s.pos();
        match s.start_value()? {
            Kind::Null => Ok(()),
            Kind::Object => self.object_value(node, s, start, path, out),
            Kind::Array => self.array(node, s, path, out),
            kind => {
                self.scalar(node, kind, token(s, start), start, path, out);
                Ok(())
            }
        }
    }

    /// Elements of an array whose `[` was just consumed; nested arrays are flattened, as
    /// Elasticsearch does.
    fn array(
        &self,
        node: &Node,
        s: &mut Scanner<'_>,
        path: Option<&Path<'_>>,
        out: &mut Vec<Finding>,
    ) -> Result<(), SyntaxError> {
        let mut depth = 1usize;
        let mut opened = true;
        loop {
            if opened && s.eat(b']') {
                depth -= 1;
            } else {
                s.skip_ws();
                let start = s.pos();
                match s.start_value()? {
                    Kind::Array => {
                        depth += 1;
                        opened = true;
                        if depth > MAX_DEPTH {
                            return Err(SyntaxError {
                                offset: start,
                                message: "nesting is too deep",
                            });
                        }
                        continue;
                    }
                    Kind::Object => self.object_value(node, s, start, path, out)?,
                    Kind::Null => {}
                    kind => self.scalar(node, kind, token(s, start), start, path, out),
                }
            }
            opened = false;
            loop {
                if depth == 0 {
                    return Ok(());
                }
                if s.eat(b',') {
                    break;
                }
                s.expect(b']', "expected ',' or ']'")?;
                depth -= 1;
            }
        }
    }

    /// An object value whose `{` (at `start`) was just consumed.
    fn object_value(
        &self,
        node: &Node,
        s: &mut Scanner<'_>,
        start: usize,
        path: Option<&Path<'_>>,
        out: &mut Vec<Finding>,
    ) -> Result<(), SyntaxError> {
        match node.ty {
            Ty::Object | Ty::Nested => self.object(node, s, path, out),
            Ty::Range { .. } | Ty::Free => s.skip_container_rest(true),
            _ => {
                s.skip_container_rest(true)?;
                mismatch(node, token(s, start), start, path, "is an object", out);
                Ok(())
            }
        }
    }

    /// A scalar `token` that starts at offset `start`.
    fn scalar(
        &self,
        node: &Node,
        kind: Kind,
        token: &[u8],
        start: usize,
        path: Option<&Path<'_>>,
        out: &mut Vec<Finding>,
    ) {
        if node.ignore_malformed && !is_object(node.ty) {
            return;
        }
        let problem = match kind {
            Kind::String => {
                let raw = token.get(1..token.len().saturating_sub(1)).unwrap_or_default();
                // Only some types read the text: others never pay for decoding escapes.
                let reads_text = matches!(node.ty, Ty::Int(_) | Ty::Float(_) | Ty::Boolean | Ty::Date(_) | Ty::Ip);
                string_problem(node, &if reads_text { unescape(raw) } else { Cow::Borrowed(raw) })
            }
            Kind::Number => number_problem(node, token),
            Kind::Bool => bool_problem(node),
            _ => None,
        };
        if let Some(reason) = problem {
            mismatch(node, token, start, path, reason, out);
        }
    }

    /// geo_point: `{lat, lon}`, `[lon, lat]`, strings, or an array of those.
    fn geo_point(
        &self,
        node: &Node,
        s: &mut Scanner<'_>,
        path: Option<&Path<'_>>,
        out: &mut Vec<Finding>,
    ) -> Result<(), SyntaxError> {
        if node.ignore_malformed {
            return s.skip_value().map(|_| ());
        }
        s.skip_ws();
        let start = s.pos();
        let problem = match s.start_value()? {
            Kind::Null => None,
            Kind::Object => super::geo::object(s)?,
            Kind::Array => super::geo::array(s)?,
            Kind::String => super::geo::string(token(s, start)),
            Kind::Number | Kind::Bool => Some(super::geo::NOT_A_POINT),
        };
        if let Some(reason) = problem {
            mismatch(node, token(s, start), start, path, reason, out);
        }
        Ok(())
    }
}

/// The bytes scanned since `start`.
fn token<'a>(s: &Scanner<'a>, start: usize) -> &'a [u8] {
    s.bytes().get(start..s.pos()).unwrap_or_default()
}

fn mismatch(node: &Node, token: &[u8], start: usize, path: Option<&Path<'_>>, reason: &str, out: &mut Vec<Finding>) {
    let p = path_string(path);
    let message = format!("field \"{p}\" ({}): {} {reason}", node.ty_name, snippet(token));
    out.push(Finding::error(Code::FieldTypeMismatch, message, 0, start as u64 + 1).at_path(p));
}

impl crate::pipeline::BodyCheck for DocChecker {
    fn check(&self, body: &[u8], out: &mut Vec<Finding>) {
        DocChecker::check(self, body, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn findings(mapping: &str, body: &str) -> Vec<String> {
        let checker = DocChecker::new(&Json::parse(mapping.as_bytes()).unwrap());
        let mut out = Vec::new();
        checker.check(body.as_bytes(), &mut out);
        out.iter()
            .map(|f| {
                assert_eq!(f.location.line, 0);
                format!(
                    "{} {} {} | {}",
                    f.code,
                    f.path.as_deref().unwrap_or("-"),
                    f.location.column,
                    f.message
                )
            })
            .collect()
    }

    fn check_test(mapping: &str, body: &str, expected: &[&str]) {
        assert_eq!(findings(mapping, body), expected, "{body}");
    }

    /// Checks `{"f": value}` against `{"properties": {"f": def}}`: `ok` values pass, `bad` fail.
    fn type_test(def: &str, ok: &[&str], bad: &[&str]) {
        let mapping = format!(r#"{{"properties":{{"f":{def}}}}}"#);
        for v in ok {
            assert_eq!(
                findings(&mapping, &format!(r#"{{"f":{v}}}"#)),
                Vec::<String>::new(),
                "{def} {v}"
            );
        }
        for v in bad {
            let got = findings(&mapping, &format!(r#"{{"f":{v}}}"#));
            assert!(
                got.len() == 1 && got[0].starts_with("FIELD_TYPE_MISMATCH f "),
                "{def} {v}: {got:?}"
            );
        }
    }

    const TAXI_BODY: &str = r#"{"VendorID":2,"tpep_pickup_datetime":"2024-01-08T10:17:00Z","passenger_count":2,"trip_distance":0.1891891891891892,"pickup":{"lat":40.707,"lon":-73.90700000000001},"RatecodeID":1,"store_and_fwd_flag":"N","payment_type":3,"fare_amount":0.07,"tags":["a","b"],"note":"café «7»","_kuzzle_info":{"author":"-1","createdAt":1700000000007,"updatedAt":null,"updater":null}}"#;

    const TAXI_MAPPING: &str = r#"{"dynamic":"strict","properties":{"RatecodeID":{"type":"byte"},"VendorID":{"type":"integer"},
        "fare_amount":{"type":"scaled_float","scaling_factor":100},"note":{"type":"text"},"passenger_count":{"type":"short"},
        "payment_type":{"type":"long"},"pickup":{"properties":{"lat":{"type":"double"},"lon":{"type":"double"}}},
        "store_and_fwd_flag":{"type":"keyword"},"tags":{"type":"keyword"},"tpep_pickup_datetime":{"type":"date"},
        "trip_distance":{"type":"float"}}}"#;

    #[test]
    fn taxi_documents_pass_and_bad_ones_are_pinned_down() {
        check_test(TAXI_MAPPING, TAXI_BODY, &[]);
        let geo = TAXI_MAPPING.replace(
            r#"{"properties":{"lat":{"type":"double"},"lon":{"type":"double"}}}"#,
            r#"{"type":"geo_point"}"#,
        );
        check_test(&geo, TAXI_BODY, &[]);
        let bad = TAXI_BODY
            .replace(r#""VendorID":2"#, r#""VendorID":"two""#)
            .replace("2024-01-08T10:17:00Z", "2024-01-08 10:17")
            .replace(r#""lat":40.707"#, r#""lat":{"v":1}"#)
            .replace(r#""RatecodeID":1"#, r#""RatecodeID":1000"#)
            .replace(r#""tags":["a","b"]"#, r#""tags":["a",{"b":1}],"extra":[1]"#)
            .replace(r#""updater":null"#, r#""updater":null,"x":1"#);
        check_test(
            TAXI_MAPPING,
            &bad,
            &[
                r#"FIELD_TYPE_MISMATCH VendorID 13 | field "VendorID" (integer): "two" is not a number"#,
                r#"FIELD_TYPE_MISMATCH tpep_pickup_datetime 42 | field "tpep_pickup_datetime" (date, format strict_date_optional_time||epoch_millis): "2024-01-08 10:17" is not a date in that format"#,
                r#"FIELD_TYPE_MISMATCH pickup.lat 132 | field "pickup.lat" (double): {"v":1} is an object"#,
                r#"FIELD_TYPE_MISMATCH RatecodeID 179 | field "RatecodeID" (byte): 1000 is out of range for the type"#,
                r#"FIELD_TYPE_MISMATCH tags 257 | field "tags" (keyword): {"b":1} is an object"#,
                r#"FIELD_NOT_ALLOWED extra 266 | field "extra" is not in the mapping, whose dynamic is "strict""#,
                r#"FIELD_NOT_ALLOWED _kuzzle_info.x 387 | field "_kuzzle_info.x" is not in the mapping, whose dynamic is "strict""#,
            ],
        );
    }

    #[test]
    fn strictness_is_inherited_unless_overridden() {
        let m = r#"{"dynamic":"strict","properties":{"a":{"properties":{"b":{"type":"keyword"}}},"o":{"dynamic":"false","properties":{"p":{"dynamic":true,"properties":{}}}},"s":{"dynamic":"strict","properties":{}}}}"#;
        check_test(
            m,
            r#"{"a":{"b":"x","c":1},"o":{"z":1,"p":{"q":{}}},"_kuzzle_info":{"author":null}}"#,
            &[r#"FIELD_NOT_ALLOWED a.c 15 | field "a.c" is not in the mapping, whose dynamic is "strict""#],
        );
        check_test(
            r#"{"dynamic":"false","properties":{"s":{"dynamic":"strict","properties":{}}}}"#,
            r#"{"x":1,"s":{"y":[1]}}"#,
            &[r#"FIELD_NOT_ALLOWED s.y 13 | field "s.y" is not in the mapping, whose dynamic is "strict""#],
        );
        // Kuzzle's common mapping: _kuzzle_info is always there, and typed.
        check_test(
            r#"{"dynamic":"strict"}"#,
            r#"{"_kuzzle_info":{"author":"a","createdAt":"yesterday"}}"#,
            &[
                r#"FIELD_TYPE_MISMATCH _kuzzle_info.createdAt 43 | field "_kuzzle_info.createdAt" (date, format strict_date_optional_time||epoch_millis): "yesterday" is not a date in that format"#,
            ],
        );
    }

    #[test]
    fn objects_nested_disabled_and_dotted_names() {
        let m = r#"{"dynamic":"strict","properties":{"o":{"properties":{"n":{"type":"long"}}},"ns":{"type":"nested","properties":{"n":{"type":"long"}}},
            "off":{"type":"object","enabled":false},"d.e":{"type":"boolean"},"k":{"type":"keyword"}}}"#;
        check_test(
            m,
            r#"{"o":null,"ns":[{"n":1},{"n":"2"}],"off":{"anything":[1,{"x":true}]},"d":{"e":true},"d.e":"false"}"#,
            &[],
        );
        check_test(
            m,
            r#"{"o":[{"n":1},{"n":1.5e30}],"ns":"x","off":3,"o.n":"NaN","o.z":1,"k.x":1,"d.f":1}"#,
            &[
                r#"FIELD_TYPE_MISMATCH o.n 20 | field "o.n" (long): 1.5e30 is out of range for the type"#,
                r#"FIELD_TYPE_MISMATCH ns 34 | field "ns" (nested): "x" is a concrete value, but the field is an object"#,
                r#"FIELD_TYPE_MISMATCH o.n 52 | field "o.n" (long): "NaN" is not a number"#,
                r#"FIELD_NOT_ALLOWED o.z 58 | field "o.z" is not in the mapping, whose dynamic is "strict""#,
                r#"FIELD_TYPE_MISMATCH k.x 66 | field "k.x" cannot be set: "k" is a keyword field, not an object"#,
                r#"FIELD_NOT_ALLOWED d.f 74 | field "d.f" is not in the mapping, whose dynamic is "strict""#,
            ],
        );
    }

    #[test]
    fn arrays_are_checked_element_wise() {
        check_test(
            r#"{"properties":{"n":{"type":"integer"}}}"#,
            r#"{"n":[1,[2,[null,"x"]],[],true]}"#,
            &[
                r#"FIELD_TYPE_MISMATCH n 18 | field "n" (integer): "x" is not a number"#,
                r#"FIELD_TYPE_MISMATCH n 27 | field "n" (integer): true is a boolean, not a number"#,
            ],
        );
        check_test(
            r#"{"properties":{"o":{"properties":{}}}}"#,
            r#"{"o":[{},[{}],1]}"#,
            &[r#"FIELD_TYPE_MISMATCH o 15 | field "o" (object): 1 is a concrete value, but the field is an object"#],
        );
    }

    #[test]
    fn escaped_keys_and_long_values() {
        let m = r#"{"dynamic":"strict","properties":{"café":{"type":"long"}}}"#;
        let long = "9".repeat(50);
        check_test(
            m,
            &format!(r#"{{"caf\u00e9":{long},"\u0078":1}}"#),
            &[
                r#"FIELD_TYPE_MISMATCH café 14 | field "café" (long): 9999999999999999999999999999999999999… is out of range for the type"#,
                r#"FIELD_NOT_ALLOWED x 65 | field "x" is not in the mapping, whose dynamic is "strict""#,
            ],
        );
    }

    #[test]
    fn numbers() {
        type_test(
            r#"{"type":"long"}"#,
            &[
                "1",
                "-9223372036854775808",
                "1.9",
                "\"12\"",
                "\" 12 \"",
                "\"\"",
                "\"1e3\"",
                "null",
            ],
            &["9223372036854775808", "true", "\"x\"", "{}"],
        );
        type_test(
            r#"{"type":"byte","coerce":false}"#,
            &["1", "1.0"],
            &["1.5", "\"1\"", "128"],
        );
        type_test(
            r#"{"type":"half_float"}"#,
            &["65504", "\"1.5\"", "-0"],
            &["1e5", "\"1e5\"", "false"],
        );
        type_test(r#"{"type":"double"}"#, &["1e308", "[1,2.5]"], &["1e309", "\"abc\""]);
        type_test(
            r#"{"type":"unsigned_long"}"#,
            &["18446744073709551615", "0"],
            &["-1", "18446744073709551616"],
        );
        type_test(
            r#"{"type":"integer","ignore_malformed":true}"#,
            &["\"x\"", "1e99", "true"],
            &["{}"],
        );
    }

    #[test]
    fn strings_booleans_dates_and_others() {
        type_test(
            r#"{"type":"keyword"}"#,
            &["\"a\"", "1", "true", "[\"a\",2]"],
            &["{}", "[{}]"],
        );
        type_test(r#"{"type":"text"}"#, &["\"a\""], &[r#"{"a":1}"#]);
        type_test(
            r#"{"type":"boolean"}"#,
            &["true", "\"false\"", "\"\"", "[true,false]"],
            &["1", "\"yes\"", "\"True\"", "{}"],
        );
        type_test(
            r#"{"type":"date"}"#,
            &[
                "1700000000000",
                "-1",
                "1.5e12",
                "\"2024-01-08T10:17:00Z\"",
                "\"2024-01-08\"",
                "\"1700000000000\"",
            ],
            &["\"2024-01-08 10:17\"", "\"\"", "true", "\"2023-02-29\"", "{}"],
        );
        type_test(
            r#"{"type":"date","format":"epoch_second"}"#,
            &["1700000000", "\"1700000000.5\""],
            &["\"2024-01-08\""],
        );
        type_test(
            r#"{"type":"date","format":"strict_date_optional_time"}"#,
            &["2024", "\"2024-01\""],
            &["1700000000000", "\"1700000000000\""],
        );
        type_test(
            r#"{"type":"date","format":"yyyy/MM/dd||epoch_millis"}"#,
            &["\"anything\"", "1"],
            &["false"],
        );
        type_test(
            r#"{"type":"date_nanos"}"#,
            &["\"2024-01-08T10:17:00.123456789Z\""],
            &["\"2024-01-08T10:17:00.1234567890Z\""],
        );
        type_test(
            r#"{"type":"ip"}"#,
            &["\"10.0.0.1\"", "\"::1\"", "[\"1.2.3.4\"]"],
            &["\"10.0.0.256\"", "1", "true"],
        );
        type_test(
            r#"{"type":"geo_point"}"#,
            &[r#"{"lat":1,"lon":2}"#, "[2,1]", "\"1,2\"", "\"s0\"", "[[2,1],[3,4]]"],
            &["1", "[200,1]", "\"x y\""],
        );
        type_test(r#"{"type":"binary"}"#, &["\"aGVsbG8=\""], &["1", "true", "{}"]);
        type_test(
            r#"{"type":"integer_range"}"#,
            &[r#"{"gte":1,"lte":2}"#],
            &["1", "\"1-2\""],
        );
        type_test(
            r#"{"type":"ip_range"}"#,
            &["\"10.0.0.0/8\"", r#"{"gte":"10.0.0.1"}"#],
            &["1"],
        );
        type_test(r#"{"type":"alias","path":"x"}"#, &["null"], &["1", "\"a\""]);
        type_test(
            r#"{"type":"geo_shape"}"#,
            &[r#"{"type":"point","coordinates":[1,2]}"#, "\"POINT (1 2)\"", "1"],
            &[],
        );
        type_test(r#"{"type":"no_such_type"}"#, &[r#"{"a":[1]}"#, "1"], &[]);
        // Broken definitions (Elasticsearch refuses the mapping) check nothing.
        type_test(r#""keyword""#, &["\"x\"", "{}"], &[]);
        type_test(r#"{"type":7}"#, &["\"x\"", "{}"], &[]);
    }

    #[test]
    fn bad_input_never_panics() {
        let checker = DocChecker::new(&Json::parse(TAXI_MAPPING.as_bytes()).unwrap());
        let mut out = Vec::new();
        for body in [
            "",
            "[",
            "[]",
            "1",
            "{",
            "{\"VendorID\"",
            "{\"VendorID\":",
            "{\"VendorID\":\"x",
            "{\"pickup\":{\"lat\":[[[",
            "{\"tags\":[1,]}",
            "{\"note\":1,}",
        ] {
            checker.check(body.as_bytes(), &mut out);
        }
        let deep = format!("{{\"tags\":{}", "[".repeat(5000));
        checker.check(deep.as_bytes(), &mut out);
        assert!(out.is_empty(), "{out:?}");
        // Mappings too deep for Elasticsearch are checked down to a bounded depth.
        let dotted = format!(
            r#"{{"dynamic":"strict","properties":{{"{}b":{{"type":"long"}}}}}}"#,
            "a.".repeat(5_000)
        );
        let checker = DocChecker::new(&Json::parse(dotted.as_bytes()).unwrap());
        checker.check(format!(r#"{{"{}b":"x"}}"#, "a.".repeat(5_000)).as_bytes(), &mut out);
        let nested = format!(
            r#"{}{{"type":"long"}}{}"#,
            r#"{"properties":{"a":"#.repeat(200),
            "}}".repeat(200)
        );
        let checker = DocChecker::new(&Json::parse(nested.as_bytes()).unwrap());
        checker.check(
            format!(r#"{}"x"{}"#, r#"{"a":"#.repeat(200), "}".repeat(200)).as_bytes(),
            &mut out,
        );
        assert!(out.is_empty(), "{out:?}");
        checker.check(
            format!(r#"{}"x"{}"#, r#"{"a":"#.repeat(3), "}".repeat(3)).as_bytes(),
            &mut out,
        );
        assert_eq!(out.len(), 1, "{out:?}");
        out.clear();
        // A mapping that is not one compiles to an empty (non-strict) mapping.
        DocChecker::new(&Json::Number("1".into())).check(TAXI_BODY.as_bytes(), &mut out);
        assert!(out.is_empty());
    }
}
