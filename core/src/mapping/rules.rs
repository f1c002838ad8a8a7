//! What `collection:create` would do with a mapping: Kuzzle's own checks (`_checkMappings`,
//! `_checkDynamicProperty`, kuzzle-api.md §5.1), what it silently drops, and the field types
//! Elasticsearch would not know.

use super::convert::is_truthy;
use crate::error::{Code, Finding};
use crate::json::Json;

const ROOT_KEYS: &[&str] = &["properties", "_meta", "dynamic", "dynamic_templates"];
const CHILD_KEYS: &[&str] = &["properties", "_meta", "dynamic", "dynamic_templates", "type"];
const DYNAMIC_VALUES: &[&str] = &["true", "false", "strict"];

/// Field types of Elasticsearch 7.x/8.x and OpenSearch 1.x/2.x, bundled plugins included.
pub(crate) const FIELD_TYPES: &[&str] = &[
    "aggregate_metric_double",
    "alias",
    "annotated_text",
    "binary",
    "boolean",
    "byte",
    "completion",
    "constant_keyword",
    "counted_keyword",
    "date",
    "date_nanos",
    "date_range",
    "dense_vector",
    "double",
    "double_range",
    "flat_object",
    "flattened",
    "float",
    "float_range",
    "geo_point",
    "geo_shape",
    "half_float",
    "histogram",
    "icu_collation_keyword",
    "integer",
    "integer_range",
    "ip",
    "ip_range",
    "join",
    "keyword",
    "knn_vector",
    "long",
    "long_range",
    "match_only_text",
    "murmur3",
    "nested",
    "object",
    "passthrough",
    "percolator",
    "point",
    "rank_feature",
    "rank_features",
    "rank_vectors",
    "scaled_float",
    "search_as_you_type",
    "semantic",
    "semantic_text",
    "shape",
    "short",
    "sparse_vector",
    "text",
    "token_count",
    "unsigned_long",
    "version",
    "wildcard",
    "xy_point",
    "xy_shape",
];

/// Checks a Kourou mapping `M` as Kuzzle's `collection:create` and Elasticsearch would:
/// - root keys other than `properties`, `_meta`, `dynamic`, `dynamic_templates`, and keys other
///   than those plus `type` in an object field that has `properties` → `MAPPING_INVALID`;
/// - a `dynamic` anywhere that is not `"true"`, `"false"`, `"strict"` or a boolean (Kuzzle
///   converts booleans) → `MAPPING_INVALID`;
/// - root `dynamic_templates` → `MAPPING_IGNORED` warning (Kuzzle drops them); deeper ones →
///   `MAPPING_INVALID` (Elasticsearch accepts them only at the root);
/// - a field `type` Elasticsearch does not know → `MAPPING_UNKNOWN_TYPE`, with a did-you-mean hint;
/// - a field definition or `properties` that is not an object → `MAPPING_INVALID`.
///
/// Findings are about the whole file (line 0) and carry the dotted path of the offending key,
/// e.g. `properties.pickup.properties.lat`.
pub fn check_mapping(m: &Json) -> Vec<Finding> {
    let mut out = Vec::new();
    if !m.is_object() {
        out.push(Finding::error(
            Code::MappingInvalid,
            format!("a mapping must be a JSON object, not {}", m.kind().name()),
            0,
            0,
        ));
        return out;
    }
    let mut path = String::new();
    kuzzle_keys(m, &mut path, true, true, &mut out);
    find_dynamic(m, &mut path, &mut out);
    if m.get("dynamic_templates").is_some() {
        out.push(
            Finding::warning(
                Code::MappingIgnored,
                "dynamic_templates are accepted but silently dropped by Kuzzle's collection:create",
                0,
                0,
            )
            .at_path("dynamic_templates"),
        );
    }
    if let Some(props) = m.get("properties") {
        fields(props, &mut String::from("properties"), &mut out);
    }
    out
}

/// Path helper: appends `.key` (or `key` at the root) and returns the previous length.
fn push(path: &mut String, key: &str) -> usize {
    let len = path.len();
    if len > 0 {
        path.push('.');
    }
    path.push_str(key);
    len
}

/// Kuzzle's `_checkMappings`, reporting every bad key instead of throwing on the first.
fn kuzzle_keys(m: &Json, path: &mut String, check: bool, root: bool, out: &mut Vec<Finding>) {
    let Some(members) = m.as_object() else { return };
    let allowed = if root { ROOT_KEYS } else { CHILD_KEYS };
    for (key, value) in members {
        let key = key.text();
        let len = push(path, &key);
        if check && !allowed.contains(&&*key) {
            let hint = did_you_mean(&key, allowed)
                .map(|s| format!(" Did you mean \"{s}\"?"))
                .unwrap_or_default();
            let message = format!(
                "invalid mapping property \"{path}\": Kuzzle accepts only {} here.{hint}",
                allowed.join(", ")
            );
            out.push(Finding::error(Code::MappingInvalid, message, 0, 0).at_path(path.as_str()));
        }
        if key == "properties" {
            // Field names are free; only object fields (those with `properties`) are checked.
            kuzzle_keys(value, path, false, false, out);
        } else if value.get("properties").is_some_and(is_truthy) {
            kuzzle_keys(value, path, true, false, out);
        }
        path.truncate(len);
    }
}

/// Kuzzle's `_checkDynamicProperty`: every `dynamic` key of every object, at any depth.
fn find_dynamic(m: &Json, path: &mut String, out: &mut Vec<Finding>) {
    let Some(members) = m.as_object() else { return };
    if let Some(value) = m.get("dynamic") {
        let len = push(path, "dynamic");
        let problem = match value {
            Json::Bool(_) => None,
            Json::String(s) if DYNAMIC_VALUES.contains(&&*s.text()) => None,
            Json::String(s) => Some(format!(
                "incorrect dynamic property value ({}) at \"{path}\": should be one of \"true\", \"false\", \"strict\"",
                s.text()
            )),
            other => Some(format!(
                "dynamic property value at \"{path}\" should be a string, not {}",
                other.kind().name()
            )),
        };
        if let Some(message) = problem {
            out.push(Finding::error(Code::MappingInvalid, message, 0, 0).at_path(path.as_str()));
        }
        path.truncate(len);
    }
    for (key, value) in members {
        if value.is_object() {
            let len = push(path, &key.text());
            find_dynamic(value, path, out);
            path.truncate(len);
        }
    }
}

/// Walks the field definitions of a `properties` object (or of multi-field `fields`).
fn fields(props: &Json, path: &mut String, out: &mut Vec<Finding>) {
    let Some(members) = props.as_object() else {
        out.push(
            Finding::error(
                Code::MappingInvalid,
                format!("\"{path}\" must be an object of fields, not {}", props.kind().name()),
                0,
                0,
            )
            .at_path(path.as_str()),
        );
        return;
    };
    for (name, def) in members {
        let len = push(path, &name.text());
        field(def, path, out);
        path.truncate(len);
    }
}

fn field(def: &Json, path: &mut String, out: &mut Vec<Finding>) {
    if !def.is_object() {
        let message = format!(
            "the definition of field \"{path}\" must be an object (e.g. {{\"type\": \"keyword\"}}), not {}",
            def.kind().name()
        );
        out.push(Finding::error(Code::MappingInvalid, message, 0, 0).at_path(path.as_str()));
        return;
    }
    match def.get("type") {
        None => {}
        Some(Json::String(s)) => {
            let ty = s.text();
            if !FIELD_TYPES.contains(&&*ty) {
                let hint = type_hint(&ty);
                let message = format!("field \"{path}\" has type \"{ty}\", which Elasticsearch does not know.{hint}");
                out.push(Finding::error(Code::MappingUnknownType, message, 0, 0).at_path(path.as_str()));
            }
        }
        Some(other) => {
            let message = format!(
                "the type of field \"{path}\" must be a string, not {}",
                other.kind().name()
            );
            out.push(Finding::error(Code::MappingInvalid, message, 0, 0).at_path(path.as_str()));
        }
    }
    if def.get("dynamic_templates").is_some() {
        let len = push(path, "dynamic_templates");
        let message = format!("\"{path}\": Elasticsearch accepts dynamic_templates only at the root of a mapping");
        out.push(Finding::error(Code::MappingInvalid, message, 0, 0).at_path(path.as_str()));
        path.truncate(len);
    }
    for key in ["properties", "fields"] {
        if let Some(sub) = def.get(key) {
            let len = push(path, key);
            fields(sub, path, out);
            path.truncate(len);
        }
    }
}

fn type_hint(ty: &str) -> String {
    if ty == "string" {
        return " \"string\" was removed in Elasticsearch 5: use \"text\" (full text) or \"keyword\" (exact values)."
            .to_owned();
    }
    did_you_mean(ty, FIELD_TYPES)
        .map(|s| format!(" Did you mean \"{s}\"?"))
        .unwrap_or_default()
}

/// The known word closest to `word`, when it is close enough to be a typo.
pub(crate) fn did_you_mean<'a>(word: &str, known: &[&'a str]) -> Option<&'a str> {
    let lower = word.to_lowercase();
    let (best, distance) = known
        .iter()
        .map(|k| (*k, levenshtein(&lower, k)))
        .min_by_key(|&(_, d)| d)?;
    let limit = (best.chars().count() / 3).clamp(1, 2);
    (distance <= limit).then_some(best)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1).min(row[j] + 1).min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_test(mapping: &str, expected: &[&str]) {
        let m = Json::parse(mapping.as_bytes()).unwrap();
        let got: Vec<String> = check_mapping(&m)
            .iter()
            .map(|f| {
                let sev = if f.severity == crate::error::Severity::Error {
                    "E"
                } else {
                    "W"
                };
                format!("{sev} {} {} | {}", f.code, f.path.as_deref().unwrap_or("-"), f.message)
            })
            .collect();
        assert_eq!(got, expected, "{mapping}");
    }

    #[test]
    fn accepts_kourou_mappings() {
        check_test(r#"{"dynamic":"false","properties":{"city":{"type":"keyword"}}}"#, &[]);
        check_test(
            r#"{"_meta":{"v":1},"dynamic":true,"properties":{"pickup":{"dynamic":"strict","properties":{"lat":{"type":"double"},"lon":{"type":"double"}}},
            "name":{"type":"text","analyzer":"standard","fields":{"raw":{"type":"keyword","ignore_above":256}}},
            "at":{"type":"date","format":"yyyy-MM-dd"},"loc":{"type":"geo_point"},"v":{"type":"knn_vector","dimension":3},"o":{"type":"object","properties":{}}}}"#,
            &[],
        );
    }

    #[test]
    fn refuses_what_kuzzle_refuses() {
        check_test(
            r#"{"propertes":{},"dynamic":"strict"}"#,
            &[
                r#"E MAPPING_INVALID propertes | invalid mapping property "propertes": Kuzzle accepts only properties, _meta, dynamic, dynamic_templates here. Did you mean "properties"?"#,
            ],
        );
        check_test(
            r#"{"properties":{"n":{"type":"nested","include_in_parent":true,"properties":{"a":{"type":"keyword"}}},"d":{"enabled":false,"properties":{}}}}"#,
            &[
                r#"E MAPPING_INVALID properties.n.include_in_parent | invalid mapping property "properties.n.include_in_parent": Kuzzle accepts only properties, _meta, dynamic, dynamic_templates, type here."#,
                r#"E MAPPING_INVALID properties.d.enabled | invalid mapping property "properties.d.enabled": Kuzzle accepts only properties, _meta, dynamic, dynamic_templates, type here."#,
            ],
        );
    }

    #[test]
    fn checks_dynamic_at_any_depth() {
        check_test(
            r#"{"dynamic":"yes","properties":{"a":{"dynamic":1,"properties":{"b":{"dynamic":false,"properties":{}}}},"c":{"properties":{"dynamic":{"type":"keyword"}}}}}"#,
            &[
                r#"E MAPPING_INVALID dynamic | incorrect dynamic property value (yes) at "dynamic": should be one of "true", "false", "strict""#,
                r#"E MAPPING_INVALID properties.a.dynamic | dynamic property value at "properties.a.dynamic" should be a string, not a number"#,
                // Kuzzle's findDynamic also sees a field named "dynamic" (and refuses it).
                r#"E MAPPING_INVALID properties.c.properties.dynamic | dynamic property value at "properties.c.properties.dynamic" should be a string, not an object"#,
            ],
        );
    }

    #[test]
    fn flags_dropped_templates_and_unknown_types() {
        check_test(
            r#"{"dynamic_templates":[{"s":{"match":"*_s","mapping":{"type":"keyword"}}}],"properties":{
            "a":{"type":"keywrd"},"b":{"type":"string"},"c":{"type":"foo"},"d":{"type":"text","fields":{"r":{"type":"Keyword"}}},
            "e":"keyword","f":{"type":7},"g":{"properties":{"h":{"type":"lng"}},"dynamic_templates":[]}}}"#,
            &[
                "W MAPPING_IGNORED dynamic_templates | dynamic_templates are accepted but silently dropped by Kuzzle's collection:create",
                r#"E MAPPING_UNKNOWN_TYPE properties.a | field "properties.a" has type "keywrd", which Elasticsearch does not know. Did you mean "keyword"?"#,
                r#"E MAPPING_UNKNOWN_TYPE properties.b | field "properties.b" has type "string", which Elasticsearch does not know. "string" was removed in Elasticsearch 5: use "text" (full text) or "keyword" (exact values)."#,
                r#"E MAPPING_UNKNOWN_TYPE properties.c | field "properties.c" has type "foo", which Elasticsearch does not know."#,
                r#"E MAPPING_UNKNOWN_TYPE properties.d.fields.r | field "properties.d.fields.r" has type "Keyword", which Elasticsearch does not know. Did you mean "keyword"?"#,
                r#"E MAPPING_INVALID properties.e | the definition of field "properties.e" must be an object (e.g. {"type": "keyword"}), not a string"#,
                r#"E MAPPING_INVALID properties.f | the type of field "properties.f" must be a string, not a number"#,
                r#"E MAPPING_INVALID properties.g.dynamic_templates | "properties.g.dynamic_templates": Elasticsearch accepts dynamic_templates only at the root of a mapping"#,
                r#"E MAPPING_UNKNOWN_TYPE properties.g.properties.h | field "properties.g.properties.h" has type "lng", which Elasticsearch does not know. Did you mean "long"?"#,
            ],
        );
        check_test(
            "[]",
            &["E MAPPING_INVALID - | a mapping must be a JSON object, not an array"],
        );
    }

    #[test]
    fn suggests_only_close_words() {
        assert_eq!(did_you_mean("_mta", ROOT_KEYS), Some("_meta"));
        assert_eq!(did_you_mean("settings", ROOT_KEYS), None);
        assert_eq!(did_you_mean("geopoint", FIELD_TYPES), Some("geo_point"));
        assert_eq!(did_you_mean("xyz", FIELD_TYPES), None);
    }
}
