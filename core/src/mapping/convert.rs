//! Kourou's mapping `M` ↔ the mapping Elasticsearch holds for a Kuzzle collection (formats.md §6).
//!
//! Kuzzle adds its common mapping (`_kuzzle_info`, default `dynamic: "false"`) when it creates a
//! collection and hides `_kuzzle_info` again in `collection:getMapping`; these functions do the
//! same, so a dump converted between the Kourou and the Elasticsearch layouts keeps its meaning.

use crate::json::{Json, RawStr};

/// Name of the metadata object Kuzzle adds to every document.
pub(crate) const KUZZLE_INFO: &str = "_kuzzle_info";

/// The `_kuzzle_info` field of Kuzzle's common mapping, with its fields in Elasticsearch's
/// (sorted) order: `{"properties":{"author":{"type":"keyword"},"createdAt":{"type":"date"},
/// "updatedAt":{"type":"date"},"updater":{"type":"keyword"}}}`.
pub fn kuzzle_info_mapping() -> Json {
    let field = |ty: &str| Json::object([("type", Json::str(ty))]);
    Json::object([(
        "properties",
        Json::object([
            ("author", field("keyword")),
            ("createdAt", field("date")),
            ("updatedAt", field("date")),
            ("updater", field("keyword")),
        ]),
    )])
}

/// Kourou's `M` from a `collection:getMapping` result (with or without `includeKuzzleMeta`):
/// `_meta` (only if set), `dynamic` (if set), `properties` (`{}` when absent) in that order, with
/// `_kuzzle_info` removed from `properties`. Tokens are copied as they are. A value that is not
/// an object is returned unchanged.
pub fn normalize_get_mapping(m: &Json) -> Json {
    if !m.is_object() {
        return m.clone();
    }
    let mut out = Vec::with_capacity(3);
    for key in ["_meta", "dynamic"] {
        if let Some(v) = m.get(key).filter(|v| **v != Json::Null) {
            out.push((RawStr::from_text(key), v.clone()));
        }
    }
    let properties = match m.get("properties") {
        Some(Json::Object(members)) => {
            Json::Object(members.iter().filter(|(k, _)| !k.is(KUZZLE_INFO)).cloned().collect())
        }
        Some(Json::Null) | None => Json::Object(Vec::new()),
        Some(other) => other.clone(),
    };
    out.push((RawStr::from_text("properties"), properties));
    Json::Object(out)
}

/// The `mappings` object Elasticsearch holds for an ES-level dump → Kourou's `M`: as
/// [`normalize_get_mapping`], then `dynamic_templates` if present (Kuzzle ignores it, but our
/// ES-level writer restores it). Other root keys (`_source`, `date_detection`, …) are dropped,
/// as Kuzzle drops them.
pub fn from_es_mapping(es: &Json) -> Json {
    let mut m = normalize_get_mapping(es);
    if let (Some(templates), Json::Object(members)) = (es.get("dynamic_templates"), &mut m) {
        members.push((RawStr::from_text("dynamic_templates"), templates.clone()));
    }
    m
}

/// The mapping Kuzzle's `collection:create` sends to Elasticsearch for `M`:
/// `{"dynamic": M.dynamic or "false", "_meta": M._meta (if set), "dynamic_templates": … (if
/// any), "properties": M.properties deep-merged with [`kuzzle_info_mapping`]}`, keys in the order
/// Elasticsearch itself returns them. A boolean `dynamic` becomes a string, as Kuzzle converts
/// it. A new `_kuzzle_info` goes before the first property that sorts after it, so a mapping
/// read from Elasticsearch (sorted) comes back byte for byte.
pub fn to_es_mapping(m: &Json) -> Json {
    let dynamic = match m.get("dynamic") {
        Some(Json::String(s)) if !s.raw().is_empty() => Json::String(s.clone()),
        Some(Json::Bool(b)) => Json::str(if *b { "true" } else { "false" }),
        // `mappings.dynamic || "false"` in Kuzzle: any other value falls back to the default.
        _ => Json::str("false"),
    };
    let mut out = vec![(RawStr::from_text("dynamic"), dynamic)];
    if let Some(meta) = m.get("_meta").filter(|v| is_truthy(v)) {
        out.push((RawStr::from_text("_meta"), meta.clone()));
    }
    if let Some(templates) = m.get("dynamic_templates") {
        out.push((RawStr::from_text("dynamic_templates"), templates.clone()));
    }
    let mut properties = match m.get("properties") {
        Some(p @ Json::Object(_)) => p.clone(),
        _ => Json::Object(Vec::new()),
    };
    let info = kuzzle_info_mapping();
    match properties.get_mut(KUZZLE_INFO) {
        Some(existing) => deep_merge(existing, &info),
        None => {
            if let Json::Object(members) = &mut properties {
                let at = members
                    .iter()
                    .position(|(k, _)| k.text().as_bytes() > KUZZLE_INFO.as_bytes())
                    .unwrap_or(members.len());
                members.insert(at, (RawStr::from_text(KUZZLE_INFO), info));
            }
        }
    }
    out.push((RawStr::from_text("properties"), properties));
    Json::Object(out)
}

/// JavaScript truthiness, for Kuzzle's `a || b` defaults and `if (x.properties)` tests.
pub(super) fn is_truthy(v: &Json) -> bool {
    match v {
        Json::Null | Json::Bool(false) => false,
        Json::String(s) => !s.raw().is_empty(),
        Json::Number(n) => n.parse::<f64>() != Ok(0.0),
        _ => true,
    }
}

/// lodash `_.merge(dest, src)` for JSON: objects merge key by key, anything else is replaced.
fn deep_merge(dest: &mut Json, src: &Json) {
    let (Json::Object(_), Json::Object(src_members)) = (&*dest, src) else {
        *dest = src.clone();
        return;
    };
    for (key, value) in src_members {
        let text = key.text();
        match dest.get_mut(&text) {
            Some(existing) => deep_merge(existing, value),
            None => {
                if let Json::Object(members) = dest {
                    members.push((key.clone(), value.clone()));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn j(s: &str) -> Json {
        Json::parse(s.as_bytes()).unwrap()
    }

    fn convert_test(f: fn(&Json) -> Json, input: &str, expected: &str) {
        assert_eq!(f(&j(input)).to_compact(), expected, "{input}");
    }

    const INFO: &str = r#"{"properties":{"author":{"type":"keyword"},"createdAt":{"type":"date"},"updatedAt":{"type":"date"},"updater":{"type":"keyword"}}}"#;

    #[test]
    fn normalizes_get_mapping_results() {
        convert_test(
            normalize_get_mapping,
            &format!(
                r#"{{"properties":{{"_kuzzle_info":{INFO},"city":{{"type":"keyword"}}}},"dynamic":"false","_meta":{{"a":1.0}}}}"#
            ),
            r#"{"_meta":{"a":1.0},"dynamic":"false","properties":{"city":{"type":"keyword"}}}"#,
        );
        convert_test(
            normalize_get_mapping,
            r#"{"dynamic":"strict"}"#,
            r#"{"dynamic":"strict","properties":{}}"#,
        );
        convert_test(
            normalize_get_mapping,
            r#"{"_meta":null,"properties":{}}"#,
            r#"{"properties":{}}"#,
        );
        convert_test(normalize_get_mapping, "[1]", "[1]");
    }

    #[test]
    fn builds_the_es_mapping_of_formats_md_5() {
        // formats.md §1.3's M gives exactly the mappings of §5's .specs.json example.
        convert_test(
            to_es_mapping,
            r#"{"dynamic":"false","properties":{"city":{"type":"keyword"}}}"#,
            &format!(r#"{{"dynamic":"false","properties":{{"_kuzzle_info":{INFO},"city":{{"type":"keyword"}}}}}}"#),
        );
    }

    #[test]
    fn es_mapping_defaults_and_merges() {
        convert_test(
            to_es_mapping,
            "{}",
            &format!(r#"{{"dynamic":"false","properties":{{"_kuzzle_info":{INFO}}}}}"#),
        );
        convert_test(
            to_es_mapping,
            r#"{"properties":{"Zeta":{"type":"long"},"a":{"type":"long"}},"dynamic":true,"_meta":{"v":1},"dynamic_templates":[]}"#,
            &format!(
                r#"{{"dynamic":"true","_meta":{{"v":1}},"dynamic_templates":[],"properties":{{"Zeta":{{"type":"long"}},"_kuzzle_info":{INFO},"a":{{"type":"long"}}}}}}"#
            ),
        );
        // An existing _kuzzle_info keeps its place and extra fields; the common types win.
        convert_test(
            to_es_mapping,
            r#"{"dynamic":"strict","_meta":null,"properties":{"a":{"type":"long"},"_kuzzle_info":{"properties":{"author":{"type":"text","index":false},"x":{"type":"long"}}}}}"#,
            r#"{"dynamic":"strict","properties":{"a":{"type":"long"},"_kuzzle_info":{"properties":{"author":{"type":"keyword","index":false},"x":{"type":"long"},"createdAt":{"type":"date"},"updatedAt":{"type":"date"},"updater":{"type":"keyword"}}}}}"#,
        );
        convert_test(
            to_es_mapping,
            r#"{"dynamic":"","properties":null}"#,
            &format!(r#"{{"dynamic":"false","properties":{{"_kuzzle_info":{INFO}}}}}"#),
        );
    }

    #[test]
    fn reads_es_mappings_back() {
        let es = format!(
            r#"{{"dynamic":"false","_meta":{{"v":1}},"_source":{{"enabled":true}},"dynamic_templates":[{{"s":{{"match":"*_s","mapping":{{"type":"keyword"}}}}}}],"properties":{{"_kuzzle_info":{INFO},"city":{{"type":"keyword"}}}}}}"#
        );
        convert_test(
            from_es_mapping,
            &es,
            r#"{"_meta":{"v":1},"dynamic":"false","properties":{"city":{"type":"keyword"}},"dynamic_templates":[{"s":{"match":"*_s","mapping":{"type":"keyword"}}}]}"#,
        );
        // ES level → Kourou → ES level keeps a sorted mapping byte for byte.
        let plain = format!(r#"{{"dynamic":"strict","properties":{{"_kuzzle_info":{INFO},"b":{{"type":"text"}}}}}}"#);
        assert_eq!(to_es_mapping(&from_es_mapping(&j(&plain))).to_compact(), plain);
    }
}
