//! The columns of a CSV export: from `--fields`, or listed from a mapping's `properties` the
//! way Kourou does it (every dotted path, then its odd `.type` deletion scan), or the way
//! Kuzzle's server-side `document:export` does it (leaf fields only).
//!
//! Mappings are walked as JavaScript sees them after `JSON.parse`: integer-like keys first in
//! ascending order, then the others in input order; a duplicate key keeps its first place and
//! its last value.

use crate::json::Json;
use std::collections::{HashMap, HashSet};

/// Columns from Kourou's `--fields a,b.c`: split on `,` without trimming, the first `_id`
/// removed (`_id` is always column 1), order and duplicates kept.
pub fn columns_from_fields(fields: &str) -> Vec<String> {
    let mut columns: Vec<String> = fields.split(',').map(str::to_owned).collect();
    if let Some(i) = columns.iter().position(|c| c == "_id") {
        columns.remove(i);
    }
    columns
}

/// Columns Kourou writes without `--fields`, from the `properties` of `collection:getMapping`
/// (formats.md §1.5): every dotted path in depth-first pre-order, intermediate objects and
/// mapping parameters included, then a scan over positions 0, 1, 2… that deletes an entry
/// ending in `.type` and still moves on, so the entry sliding into its place is never examined.
/// `a:{type:text,fields:{keyword:{type:keyword,ignore_above:256}}}` gives
/// `a, a.fields, a.fields.keyword, a.fields.keyword.ignore_above`. Anything but an object gives
/// no columns (Kourou then writes the `_id` header alone).
pub fn columns_from_mapping(properties: &Json) -> Vec<String> {
    if !properties.is_object() {
        return Vec::new();
    }
    let mut keys = KeySet::default();
    flatten_all(properties, "", &mut keys);
    let mut columns = keys.into_ordered();
    let mut i = 0;
    while i < columns.len() {
        if columns.get(i).is_some_and(|c| c.ends_with(".type")) {
            columns.remove(i);
        }
        i += 1;
    }
    columns
}

/// Columns Kuzzle's own `document:export` (kuzzle `lib/util/dump-collection.ts`,
/// `extractMappingFields` then `flattenObject`) writes: only leaf fields. A field with a
/// (truthy) `type` is a leaf, even when it also has `properties` (`nested` fields are one
/// column, whose values are `[NOT_SCALAR]`); a field without `type` is an object whose
/// `properties` are listed in its place; multi-fields (`fields`) and mapping parameters are not
/// columns. `a:{type:text,fields:{…}}` gives `a`; `x:{properties:{y:{type:keyword}}}` gives `x.y`.
/// Like Kuzzle, an object whose own `properties` is truthy is replaced by it at every level, so
/// a field named `properties` hides its siblings.
pub fn columns_from_mapping_leaves(properties: &Json) -> Vec<String> {
    if !properties.is_object() {
        return Vec::new();
    }
    let fields = extract(properties);
    let mut keys = KeySet::default();
    flatten_fields(&fields, "", &mut keys);
    keys.into_ordered()
}

/// The keys of a JavaScript object built by assignments, in enumeration order.
#[derive(Default)]
struct KeySet {
    keys: Vec<String>,
    seen: HashSet<String>,
}

impl KeySet {
    fn insert(&mut self, key: &str) {
        if !self.seen.contains(key) {
            self.seen.insert(key.to_owned());
            self.keys.push(key.to_owned());
        }
    }

    fn into_ordered(mut self) -> Vec<String> {
        js_order(&mut self.keys, |k| k);
        self.keys
    }
}

/// `key` as a JavaScript array index (canonical decimal below 2^32 - 1), which objects
/// enumerate first.
fn array_index(key: &str) -> Option<u32> {
    let canonical = key == "0" || (!key.starts_with('0') && !key.is_empty() && key.bytes().all(|b| b.is_ascii_digit()));
    if !canonical || key.len() > 10 {
        return None;
    }
    key.parse::<u64>()
        .ok()
        .filter(|&n| n < u32::MAX as u64)
        .map(|n| n as u32)
}

/// Stable sort into JavaScript's property order: array indexes ascending, then the rest as is.
fn js_order<T>(items: &mut [T], key: impl Fn(&T) -> &str) {
    items.sort_by_key(|item| array_index(key(item)).map_or((1, 0), |n| (0, n)));
}

/// The members of a value as `Object.keys` enumerates them after `JSON.parse`.
fn js_entries(value: &Json) -> Vec<(String, &Json)> {
    match value {
        Json::Object(members) => {
            let mut out: Vec<(String, &Json)> = Vec::with_capacity(members.len());
            let mut at: HashMap<String, usize> = HashMap::new();
            for (k, v) in members {
                let text = k.text().into_owned();
                match at.get(&text).and_then(|&i| out.get_mut(i)) {
                    Some(entry) => entry.1 = v,
                    None => {
                        at.insert(text.clone(), out.len());
                        out.push((text, v));
                    }
                }
            }
            js_order(&mut out, |(k, _)| k);
            out
        }
        Json::Array(items) => items.iter().enumerate().map(|(i, v)| (i.to_string(), v)).collect(),
        _ => Vec::new(),
    }
}

/// JavaScript truthiness (a number token is falsy when it parses to zero, as `1e-400` does).
fn truthy(value: &Json) -> bool {
    match value {
        Json::Null => false,
        Json::Bool(b) => *b,
        Json::Number(n) => n.parse::<f64>() != Ok(0.0),
        Json::String(s) => !s.raw().is_empty(),
        Json::Array(_) | Json::Object(_) => true,
    }
}

/// `prev ? prev + '.' + key : key` (an empty prefix is falsy in JavaScript).
fn join(prev: &str, key: &str) -> String {
    if prev.is_empty() {
        key.to_owned()
    } else {
        format!("{prev}.{key}")
    }
}

/// Kourou's `flattenStep`: every path, an object's own path before its members'.
fn flatten_all(object: &Json, prev: &str, out: &mut KeySet) {
    for (key, value) in js_entries(object) {
        let path = join(prev, &key);
        if value.is_object() {
            out.insert(&path);
            flatten_all(value, &path, out);
        }
        out.insert(&path);
    }
}

/// What Kuzzle's `extractMappingFields` builds: field name → its `type`, or nested fields.
enum Field<'a> {
    Type(&'a Json),
    Object(Vec<(String, Field<'a>)>),
}

fn extract(mapping: &Json) -> Vec<(String, Field<'_>)> {
    if let Some(properties) = mapping.get("properties").filter(|p| truthy(p)) {
        return extract(properties);
    }
    let mut out = Vec::new();
    for (key, property) in js_entries(mapping) {
        // lodash `isObject`: arrays count too.
        if !matches!(property, Json::Object(_) | Json::Array(_)) {
            continue;
        }
        match property.get("type").filter(|t| truthy(t)) {
            Some(t) => out.push((key, Field::Type(t))),
            None => out.push((key, Field::Object(extract(property)))),
        }
    }
    out
}

/// Kuzzle's `flattenStep`: leaves only (plain objects are walked, never listed).
fn flatten_fields(fields: &[(String, Field<'_>)], prev: &str, out: &mut KeySet) {
    for (key, field) in fields {
        let path = join(prev, key);
        match field {
            Field::Object(sub) => flatten_fields(sub, &path, out),
            Field::Type(value) if value.is_object() => flatten_values(value, &path, out),
            Field::Type(_) => out.insert(&path),
        }
    }
}

fn flatten_values(object: &Json, prev: &str, out: &mut KeySet) {
    for (key, value) in js_entries(object) {
        let path = join(prev, &key);
        if value.is_object() {
            flatten_values(value, &path, out);
        } else {
            out.insert(&path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mapping_test(properties: &str, all: &str, leaves: &str) {
        let json = Json::parse(properties.as_bytes()).unwrap();
        assert_eq!(columns_from_mapping(&json).join(","), all, "{properties}");
        assert_eq!(columns_from_mapping_leaves(&json).join(","), leaves, "{properties}");
    }

    #[test]
    fn lists_mapping_columns_like_the_spec_table() {
        mapping_test(
            r#"{"city":{"type":"keyword"},"name":{"type":"keyword"}}"#,
            "city,name",
            "city,name",
        );
        mapping_test(
            r#"{"a":{"type":"text","fields":{"keyword":{"type":"keyword","ignore_above":256}}}}"#,
            "a,a.fields,a.fields.keyword,a.fields.keyword.ignore_above",
            "a",
        );
        mapping_test(
            r#"{"x":{"properties":{"type":{"type":"keyword"}}}}"#,
            "x,x.properties,x.properties.type.type",
            "x.type",
        );
    }

    #[test]
    fn lists_kourou_feature_mapping() {
        mapping_test(
            r#"{"city":{"type":"keyword"},"firstName":{"type":"keyword"},"lastName":{"type":"keyword"},"name":{"type":"keyword"}}"#,
            "city,firstName,lastName,name",
            "city,firstName,lastName,name",
        );
    }

    #[test]
    fn walks_objects_like_javascript() {
        // Integer-like keys first, duplicates keep their first place and last value.
        mapping_test(
            r#"{"b":{"type":"keyword"},"10":{"type":"long"},"2":{"type":"long"},"b":{"properties":{"c":{"type":"keyword"}}}}"#,
            // `2.type` is deleted and `10.type` slides into its place unexamined.
            "2,10,10.type,b,b.properties,b.properties.c",
            "2,10,b.c",
        );
        // Arrays are values, not objects, for Kourou; `copy_to` and `null` parameters are listed.
        mapping_test(
            r#"{"a":{"type":"keyword","copy_to":["b"],"null_value":null}}"#,
            "a,a.copy_to,a.null_value",
            "a",
        );
        // A nested field is one leaf for Kuzzle; a field without type and properties none.
        mapping_test(
            r#"{"n":{"type":"nested","properties":{"m":{"type":"keyword"}}},"o":{"dynamic":"false"}}"#,
            "n,n.properties,n.properties.m,o,o.dynamic",
            "n",
        );
        mapping_test(r#"{}"#, "", "");
        assert!(columns_from_mapping(&Json::Null).is_empty());
        assert!(columns_from_mapping_leaves(&Json::str("x")).is_empty());
    }

    #[test]
    fn splits_fields_and_drops_the_first_id() {
        assert_eq!(
            columns_from_fields("city,district,nested.field,object"),
            ["city", "district", "nested.field", "object"]
        );
        assert_eq!(columns_from_fields("_id,a,_id, b,a"), ["a", "_id", " b", "a"]);
        assert_eq!(columns_from_fields(""), [""]);
        assert!(columns_from_fields("_id").is_empty());
    }

    #[test]
    fn recognises_array_indexes() {
        assert_eq!(array_index("0"), Some(0));
        assert_eq!(array_index("4294967294"), Some(4_294_967_294));
        assert_eq!(array_index("4294967295"), None);
        assert_eq!(array_index("01"), None);
        assert_eq!(array_index("-1"), None);
        assert_eq!(array_index(""), None);
    }
}
