//! Checks a collection's validation specification the way `collection:updateSpecifications`
//! does (`validation.js` `curateCollectionSpecification` and each type's
//! `validateFieldSpecification`), reporting every problem instead of the first.

use super::js::cmp_numbers;
use super::path::{path_string, Seg};
use crate::error::{Code, Finding};
use crate::json::{Json, RawStr};
use std::cmp::Ordering;

/// Keys a collection specification may hold.
pub const SPEC_KEYS: &[&str] = &["strict", "fields", "validators"];

/// Keys a field specification may hold.
pub const FIELD_KEYS: &[&str] = &[
    "mandatory",
    "type",
    "defaultValue",
    "description",
    "multivalued",
    "typeOptions",
];

/// Kuzzle's field types and the `typeOptions` each accepts.
pub const TYPES: &[(&str, &[&str])] = &[
    ("anything", &[]),
    ("boolean", &[]),
    ("date", &["range", "formats"]),
    ("email", &["notEmpty"]),
    ("enum", &["values"]),
    ("geo_point", &[]),
    ("geo_shape", &["shapeTypes"]),
    ("integer", &["range"]),
    ("ip_address", &["notEmpty"]),
    ("numeric", &["range"]),
    ("object", &["strict"]),
    ("string", &["length"]),
    ("url", &["notEmpty"]),
];

/// Koncorde 4 keywords a `validators` filter may start with.
const KONCORDE_KEYWORDS: &[&str] = &[
    "and",
    "bool",
    "equals",
    "exists",
    "geoBoundingBox",
    "geoDistance",
    "geoDistanceRange",
    "geoPolygon",
    "ids",
    "in",
    "match",
    "missing",
    "not",
    "nothing",
    "or",
    "select",
    "range",
    "regexp",
];

/// The `typeOptions` keys of a type, `None` for an unknown type.
pub fn type_options(name: &str) -> Option<&'static [&'static str]> {
    TYPES.iter().find(|(t, _)| *t == name).map(|(_, o)| *o)
}

/// Every problem Kuzzle would refuse the specification for (errors, code
/// `SPECIFICATION_INVALID`), plus things it silently ignores or reads loosely (warnings).
/// Each finding's `path` names the value, e.g. `fields.age.typeOptions.range`.
pub fn check_specification(spec: &Json) -> Vec<Finding> {
    check_specification_paths(spec).into_iter().map(|(f, _)| f).collect()
}

/// Same as [`check_specification`], with each finding's path as segments, to find it in the
/// bytes with [`super::path::locate`].
pub fn check_specification_paths(spec: &Json) -> Vec<(Finding, Vec<Seg>)> {
    let mut c = Checker { out: Vec::new() };
    c.spec(spec);
    c.out
}

pub(super) struct Checker {
    pub(super) out: Vec<(Finding, Vec<Seg>)>,
}

pub(super) fn seg_path(base: &[Seg], more: &[&str]) -> Vec<Seg> {
    base.iter().cloned().chain(more.iter().map(|k| Seg::from(*k))).collect()
}

fn unique_members(members: &[(RawStr, Json)]) -> impl Iterator<Item = (&RawStr, &Json)> {
    // JavaScript keeps the last of duplicate keys.
    members
        .iter()
        .enumerate()
        .filter(move |(i, (k, _))| !members.iter().skip(i + 1).any(|(k2, _)| k2.raw() == k.raw()))
        .map(|(_, (k, v))| (k, v))
}

impl Checker {
    fn push(&mut self, error: bool, segs: Vec<Seg>, message: String) {
        let path = path_string(&segs);
        let message = if path.is_empty() {
            message
        } else {
            format!("{path}: {message}")
        };
        let f = if error {
            Finding::error(Code::SpecificationInvalid, message, 0, 0)
        } else {
            Finding::warning(Code::SpecificationInvalid, message, 0, 0)
        };
        self.out.push((f.at_path(path), segs));
    }

    pub(super) fn error(&mut self, segs: Vec<Seg>, message: impl Into<String>) {
        self.push(true, segs, message.into());
    }

    pub(super) fn warn(&mut self, segs: Vec<Seg>, message: impl Into<String>) {
        self.push(false, segs, message.into());
    }

    pub(super) fn allowed_keys(&mut self, v: &Json, base: &[Seg], allowed: &[&str]) {
        for (k, _) in v.as_object().unwrap_or(&[]) {
            if !allowed.iter().any(|a| k.is(a)) {
                let key = k.text();
                let allowed = if allowed.is_empty() {
                    "none".to_owned()
                } else {
                    allowed.join(", ")
                };
                self.error(
                    seg_path(base, &[&key]),
                    format!(
                        "unexpected property {key:?}, allowed: {allowed} (validation.assert.unexpected_properties)"
                    ),
                );
            }
        }
    }

    fn spec(&mut self, spec: &Json) {
        if !spec.is_object() {
            self.error(
                vec![],
                format!(
                    "a validation specification must be an object, not {}",
                    spec.kind().name()
                ),
            );
            return;
        }
        self.allowed_keys(spec, &[], SPEC_KEYS);
        if let Some(s) = spec.get("strict").filter(|s| !matches!(s, Json::Bool(_) | Json::Null)) {
            self.warn(
                vec!["strict".into()],
                format!("is {}, not a boolean; Kuzzle reads its truthiness", s.kind().name()),
            );
        }
        match spec.get("validators") {
            None | Some(Json::Null) => {}
            Some(Json::Array(filters)) => self.validators(filters),
            Some(other) => self.warn(
                vec!["validators".into()],
                format!(
                    "is {}; Kuzzle ignores validators that are not an array",
                    other.kind().name()
                ),
            ),
        }
        match spec.get("fields") {
            None | Some(Json::Null) => {}
            Some(Json::Object(members)) => self.fields(members),
            Some(other) => self.error(
                vec!["fields".into()],
                format!("must be an object of field specifications, not {}", other.kind().name()),
            ),
        }
    }

    fn validators(&mut self, filters: &[Json]) {
        for (i, f) in filters.iter().enumerate() {
            let segs = vec![Seg::from("validators"), Seg::Index(i)];
            match f.as_object() {
                None => self.error(
                    segs,
                    format!(
                        "a Koncorde filter must be an object, not {} (validation.assert.invalid_filters)",
                        f.kind().name()
                    ),
                ),
                Some([]) => {}
                Some([(k, _)]) => {
                    if !KONCORDE_KEYWORDS.iter().any(|kw| k.is(kw)) {
                        self.error(
                            segs,
                            format!(
                                "unknown Koncorde keyword {:?} (validation.assert.invalid_filters)",
                                k.text()
                            ),
                        );
                    }
                }
                Some(_) => self.error(
                    segs,
                    "a Koncorde filter must have one keyword only (validation.assert.invalid_filters)",
                ),
            }
        }
    }

    fn fields(&mut self, members: &[(RawStr, Json)]) {
        let before = self.errors();
        let mut declared: Vec<(String, Option<String>)> = Vec::new();
        for (k, field) in unique_members(members) {
            let name = k.text().into_owned();
            let base = vec![Seg::from("fields"), Seg::Key(name.clone())];
            let ty = self.field(field, &base);
            declared.push((name, ty));
        }
        if self.errors() > before {
            // Kuzzle stops at field errors before looking at the structure.
            return;
        }
        let depth = |n: &str| n.split('/').count();
        let max_depth = declared.iter().map(|(n, _)| depth(n)).max().unwrap_or(0);
        for d in 1..=max_depth {
            if !declared.iter().any(|(n, _)| depth(n) == d) {
                self.error(
                    vec!["fields".into()],
                    format!(
                        "no field is declared at depth {d}, under deeper ones (validation.assert.missing_nested_spec)"
                    ),
                );
            }
        }
        for (name, _) in &declared {
            let Some((parent, _)) = name.rsplit_once('/') else {
                continue;
            };
            let segs = vec![Seg::from("fields"), Seg::Key(name.clone())];
            match declared.iter().find(|(n, _)| n == parent) {
                None => self.error(segs, format!("its parent field {parent:?} is not declared (validation.assert.missing_parent)")),
                Some((_, Some(t))) if t != "object" => {
                    self.error(segs, format!("its parent {parent:?} is of type {t:?}; only \"object\" fields have children (validation.assert.unexpected_children)"))
                }
                Some(_) => {}
            }
        }
    }

    fn errors(&self) -> usize {
        self.out
            .iter()
            .filter(|(f, _)| f.severity == crate::error::Severity::Error)
            .count()
    }

    /// Checks one field specification; returns its type when known.
    fn field(&mut self, field: &Json, base: &[Seg]) -> Option<String> {
        if !field.is_object() {
            self.error(
                base.to_vec(),
                format!("a field specification must be an object, not {}", field.kind().name()),
            );
            return None;
        }
        self.allowed_keys(field, base, FIELD_KEYS);
        if let Some(m) = field.get("mandatory").filter(|m| !matches!(m, Json::Bool(_))) {
            self.warn(
                seg_path(base, &["mandatory"]),
                format!("is {}, not a boolean; Kuzzle reads its truthiness", m.kind().name()),
            );
        }
        if let Some(m) = field.get("multivalued") {
            self.multivalued(m, &seg_path(base, &["multivalued"]));
        }
        let ty = match field.get("type") {
            None => {
                self.error(
                    seg_path(base, &["type"]),
                    "the field has no type (validation.assert.missing_type)",
                );
                return None;
            }
            Some(t) => t.as_str().map(|t| t.into_owned()),
        };
        let known = ty.as_deref().and_then(|t| type_options(t).map(|o| (t, o)));
        let Some((ty, allowed)) = known else {
            let hint = match ty.as_deref() {
                Some("number") => "; the numeric type is called \"numeric\"".to_owned(),
                _ => format!(
                    "; known types: {}",
                    TYPES.iter().map(|(t, _)| *t).collect::<Vec<_>>().join(", ")
                ),
            };
            let shown = field.get("type").map(Json::to_compact).unwrap_or_default();
            self.error(
                seg_path(base, &["type"]),
                format!("unknown type {shown} (validation.assert.unknown_type){hint}"),
            );
            return None;
        };
        let opts_path = seg_path(base, &["typeOptions"]);
        match field.get("typeOptions") {
            None => self.type_options(ty, &Json::Object(Vec::new()), &opts_path),
            Some(o @ Json::Object(_)) => {
                self.allowed_keys(o, &opts_path, allowed);
                self.type_options(ty, o, &opts_path);
            }
            Some(o) => self.error(
                opts_path,
                format!(
                    "typeOptions must be an object, not {} (validation.assert.unexpected_properties)",
                    o.kind().name()
                ),
            ),
        }
        Some(ty.to_owned())
    }

    fn multivalued(&mut self, m: &Json, base: &[Seg]) {
        if !m.is_object() {
            self.error(base.to_vec(), format!("must be an object {{value, minCount?, maxCount?}}, not {} (validation.assert.unexpected_properties)", m.kind().name()));
            return;
        }
        self.allowed_keys(m, base, &["value", "minCount", "maxCount"]);
        let value = match m.get("value") {
            None => {
                self.error(
                    seg_path(base, &["value"]),
                    "multivalued.value is required (validation.assert.missing_value)",
                );
                false
            }
            Some(Json::Bool(b)) => *b,
            Some(v) => {
                self.error(
                    seg_path(base, &["value"]),
                    format!(
                        "must be a boolean, not {} (validation.assert.invalid_type)",
                        v.kind().name()
                    ),
                );
                false
            }
        };
        for key in ["minCount", "maxCount"] {
            let Some(c) = m.get(key) else { continue };
            if !value {
                self.error(
                    seg_path(base, &[key]),
                    format!("{key} is only allowed with multivalued.value true (validation.assert.not_multivalued)"),
                );
            } else if !matches!(c, Json::Number(n) if super::js::is_integer_token(n) && !n.starts_with('-')) {
                self.warn(
                    seg_path(base, &[key]),
                    format!("{key} should be a non-negative integer, not {}", c.to_compact()),
                );
            }
        }
        if let (Some(Json::Number(min)), Some(Json::Number(max))) = (m.get("minCount"), m.get("maxCount")) {
            if cmp_numbers(min, max) == Ordering::Greater {
                self.error(
                    base.to_vec(),
                    format!("minCount {min} is above maxCount {max} (validation.assert.invalid_range)"),
                );
            }
        }
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    pub(crate) fn findings(spec: &str) -> Vec<String> {
        let spec = Json::parse(spec.as_bytes()).unwrap();
        check_specification(&spec)
            .into_iter()
            .map(|f| {
                format!(
                    "{} {}",
                    if f.severity == crate::error::Severity::Error {
                        "E"
                    } else {
                        "W"
                    },
                    f.message
                )
            })
            .collect()
    }

    #[test]
    fn accepts_a_valid_spec() {
        let spec = r#"{"strict": true, "fields": {
            "age": {"type": "integer", "mandatory": true, "typeOptions": {"range": {"min": 0, "max": 130}}},
            "tags": {"type": "string", "multivalued": {"value": true, "minCount": 1, "maxCount": 5}, "typeOptions": {"length": {"min": 1}}},
            "address": {"type": "object", "typeOptions": {"strict": true}},
            "address/city": {"type": "string", "defaultValue": "Paris", "description": "city"},
            "born": {"type": "date", "typeOptions": {"formats": ["epoch_millis", "strict_date"], "range": {"min": "1900-01-01", "max": "NOW"}}},
            "kind": {"type": "enum", "typeOptions": {"values": ["a", "b"]}},
            "zone": {"type": "geo_shape", "typeOptions": {"shapeTypes": ["polygon"]}},
            "mail": {"type": "email", "typeOptions": {"notEmpty": true}}
        }, "validators": [{"equals": {"kind": "a"}}]}"#;
        assert_eq!(findings(spec), Vec::<String>::new());
    }

    #[test]
    fn top_level_rules() {
        assert_eq!(
            findings("[]"),
            ["E a validation specification must be an object, not an array"]
        );
        assert_eq!(
            findings(r#"{"strict": 1, "field": {}, "validators": {"a": 1}}"#),
            [
                "E field: unexpected property \"field\", allowed: strict, fields, validators (validation.assert.unexpected_properties)",
                "W strict: is a number, not a boolean; Kuzzle reads its truthiness",
                "W validators: is an object; Kuzzle ignores validators that are not an array",
            ]
        );
        assert_eq!(
            findings(r#"{"validators": [1, {"term": {}}, {"equals": {}, "in": {}}]}"#),
            [
                "E validators[0]: a Koncorde filter must be an object, not a number (validation.assert.invalid_filters)",
                "E validators[1]: unknown Koncorde keyword \"term\" (validation.assert.invalid_filters)",
                "E validators[2]: a Koncorde filter must have one keyword only (validation.assert.invalid_filters)",
            ]
        );
    }

    #[test]
    fn field_rules() {
        assert_eq!(
            findings(r#"{"fields": {"a": {"type": "number", "default": 1}, "b": {}, "c": {"type": "string", "multivalued": {"minCount": 2}}}}"#),
            [
                "E fields.a.default: unexpected property \"default\", allowed: mandatory, type, defaultValue, description, multivalued, typeOptions (validation.assert.unexpected_properties)",
                "E fields.a.type: unknown type \"number\" (validation.assert.unknown_type); the numeric type is called \"numeric\"",
                "E fields.b.type: the field has no type (validation.assert.missing_type)",
                "E fields.c.multivalued.value: multivalued.value is required (validation.assert.missing_value)",
                "E fields.c.multivalued.minCount: minCount is only allowed with multivalued.value true (validation.assert.not_multivalued)",
            ]
        );
        assert_eq!(
            findings(
                r#"{"fields": {"c": {"type": "string", "multivalued": {"value": true, "minCount": 3, "maxCount": 2}}}}"#
            ),
            ["E fields.c.multivalued: minCount 3 is above maxCount 2 (validation.assert.invalid_range)"]
        );
    }

    #[test]
    fn structure_rules() {
        assert_eq!(
            findings(r#"{"fields": {"a/b/c": {"type": "string"}, "x": {"type": "string"}}}"#),
            [
                "E fields: no field is declared at depth 2, under deeper ones (validation.assert.missing_nested_spec)",
                "E fields.a/b/c: its parent field \"a/b\" is not declared (validation.assert.missing_parent)",
            ]
        );
        assert_eq!(
            findings(r#"{"fields": {"a": {"type": "string"}, "a/b": {"type": "string"}}}"#),
            ["E fields.a/b: its parent \"a\" is of type \"string\"; only \"object\" fields have children (validation.assert.unexpected_children)"]
        );
    }
}
