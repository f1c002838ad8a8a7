//! Mappings and settings between the ES level and Kourou's `mappings.json` (formats.md §6), and
//! the physical index a Kourou collection becomes.
//!
//! The helpers here (deep merge, settings flattening) are local for now; the `mapping` module
//! may take them over.

use super::layout::EsIndexInfo;
use super::migrate::Specs;
use crate::error::{Code, Finding};
use crate::json::{Json, RawStr};
pub use crate::mapping::kuzzle_info_mapping;
use crate::names::{check_collection_name, check_index_name, Physical};

/// Settings keys that describe one physical index and cannot be given to a new one.
// What describes one cluster's copy of an index rather than the data: its identity, and the
// topology the target cluster decides (replicas; OpenSearch's `replication.type` default).
const INSTANCE_SETTINGS: [&str; 9] = [
    "number_of_replicas",
    "replication",
    "creation_date",
    "provided_name",
    "uuid",
    "version",
    "resize",
    "history",
    "routing",
];

/// Kourou mappings `M` from ES mappings (formats.md §6 step 2): `_meta` (if any), `dynamic` (if
/// any), `properties` without `_kuzzle_info`, then `dynamic_templates` (if any). Other root keys
/// have no place in `mappings.json`: each is dropped with a `MAPPING_IGNORED` warning.
pub fn kourou_mappings(es: &Json) -> (Json, Vec<Finding>) {
    let mut findings = Vec::new();
    let mut out = Vec::new();
    let take = |key: &str, out: &mut Vec<(RawStr, Json)>| {
        if let Some(v) = es.get(key) {
            out.push((RawStr::from_text(key), v.clone()));
        }
    };
    take("_meta", &mut out);
    take("dynamic", &mut out);
    let mut properties = es.get("properties").cloned().unwrap_or(Json::Object(Vec::new()));
    properties.remove("_kuzzle_info");
    out.push((RawStr::from_text("properties"), properties));
    take("dynamic_templates", &mut out);
    if es.get("dynamic_templates").is_some() {
        findings.push(Finding::warning(
            Code::MappingIgnored,
            "dynamic_templates kept in mappings.json, but Kuzzle's collection:create ignores them: \
             only an ES-level restore applies them",
            0,
            0,
        ));
    }
    for (key, _) in es.as_object().unwrap_or_default() {
        if !["_meta", "dynamic", "properties", "dynamic_templates"]
            .iter()
            .any(|k| key.is(k))
        {
            findings.push(Finding::warning(
                Code::MappingIgnored,
                format!(
                    "mapping key {:?} has no place in Kourou's mappings.json; dropped",
                    key.text()
                ),
                0,
                0,
            ));
        }
    }
    (Json::Object(out), findings)
}

fn is_default_one(v: &Json) -> bool {
    match v {
        Json::String(s) => s.is("1"),
        Json::Number(n) => n == "1",
        _ => false,
    }
}

/// Kourou `settings` from ES settings (formats.md §6 step 2): the `index` object without the
/// per-instance keys, or `None` when only Kuzzle's defaults (one shard, one replica) are left.
pub fn kourou_settings(es: &Json) -> Option<Json> {
    let mut index = normalize_settings(es).remove("index")?;
    for key in INSTANCE_SETTINGS {
        index.remove(key);
    }
    let members = index.as_object()?;
    let only_defaults = members
        .iter()
        .all(|(k, v)| (k.is("number_of_shards") || k.is("number_of_replicas")) && is_default_one(v));
    (!only_defaults).then_some(index)
}

/// A `mappings.json` entry (current shape) for an ES index: `{"mappings":M}`, plus
/// `"settings":S` when it has settings beyond Kuzzle's defaults.
pub fn kourou_entry(info: &EsIndexInfo) -> (Json, Vec<Finding>) {
    let empty = Json::Object(Vec::new());
    let (mappings, mut findings) = kourou_mappings(info.mappings.as_ref().unwrap_or(&empty));
    for f in &mut findings {
        f.message = format!("ES index {}: {}", info.name, f.message);
    }
    let mut entry = vec![(RawStr::from_text("mappings"), mappings)];
    if let Some(settings) = info.settings.as_ref().and_then(kourou_settings) {
        entry.push((RawStr::from_text("settings"), settings));
    }
    (Json::Object(entry), findings)
}

/// A whole `mappings.json` tree for one collection: `{"type":"mappings","content":{…}}`.
pub fn mappings_document(index: &str, collection: &str, entry: Json) -> Json {
    Json::object([
        ("type", Json::str("mappings")),
        ("content", Json::object([(index, Json::object([(collection, entry)]))])),
    ])
}

/// Settings in one form: flattened to dotted keys, a leading `index.` stripped, nested again
/// under `index` (formats.md §6, Kourou → ES step 3). Key and value tokens are kept.
pub fn normalize_settings(settings: &Json) -> Json {
    let mut out = Json::object([("index", Json::Object(Vec::new()))]);
    overlay_settings(&mut out, settings);
    out
}

/// Sets every leaf of `settings` (any ES form) into `target`'s `index` object.
fn overlay_settings(target: &mut Json, settings: &Json) {
    let mut leaves = Vec::new();
    flatten(settings, &mut Vec::new(), &mut leaves);
    let Some(index) = target.get_mut("index") else { return };
    for (mut path, value) in leaves {
        if path.first().is_some_and(|k| k.is("index")) && path.len() > 1 {
            path.remove(0);
        }
        nest(index, &path, value);
    }
}

fn flatten(v: &Json, path: &mut Vec<RawStr>, out: &mut Vec<(Vec<RawStr>, Json)>) {
    match v.as_object() {
        Some(members) if !members.is_empty() || path.is_empty() => {
            for (k, child) in members {
                let depth = path.len();
                path.extend(k.raw().split('.').map(RawStr::from_raw));
                flatten(child, path, out);
                path.truncate(depth);
            }
        }
        _ => out.push((path.clone(), v.clone())),
    }
}

fn nest(target: &mut Json, path: &[RawStr], value: Json) {
    let Some((first, rest)) = path.split_first() else {
        return;
    };
    let Some(members) = target.as_object_mut() else { return };
    let at = members.iter().rposition(|(k, _)| k == first);
    if rest.is_empty() {
        match at {
            Some(i) => members[i].1 = value,
            None => members.push((first.clone(), value)),
        }
        return;
    }
    let i = match at {
        Some(i) if members[i].1.is_object() => i,
        Some(i) => {
            members[i].1 = Json::Object(Vec::new());
            i
        }
        None => {
            members.push((first.clone(), Json::Object(Vec::new())));
            members.len() - 1
        }
    };
    nest(&mut members[i].1, rest, value);
}

/// Deep merge, `src` winning (lodash `merge`). New keys go where Elasticsearch, which sorts
/// fields, would list them, so that ES → Kourou → ES gives back the same bytes.
fn merge_into(dst: &mut Json, src: &Json) {
    let (Some(members), Some(add)) = (dst.as_object_mut(), src.as_object()) else {
        *dst = src.clone();
        return;
    };
    for (key, value) in add {
        match members.iter().rposition(|(k, _)| k == key) {
            Some(i) if members[i].1.is_object() && value.is_object() => merge_into(&mut members[i].1, value),
            Some(i) => members[i].1 = value.clone(),
            None => {
                let text = key.text();
                let at = members
                    .iter()
                    .position(|(k, _)| utf16_greater(&k.text(), &text))
                    .unwrap_or(members.len());
                members.insert(at, (key.clone(), value.clone()));
            }
        }
    }
}

/// Java's `String.compareTo` order (UTF-16 code units), which Elasticsearch sorts fields by.
fn utf16_greater(a: &str, b: &str) -> bool {
    a.encode_utf16().cmp(b.encode_utf16()) == std::cmp::Ordering::Greater
}

/// Whether a value is JavaScript-falsy (`mappings.dynamic || "false"` in Kuzzle).
fn falsy(v: &Json) -> bool {
    match v {
        Json::Null | Json::Bool(false) => true,
        Json::String(s) => s.raw().is_empty(),
        Json::Number(n) => n.parse::<f64>().is_ok_and(|f| f == 0.0),
        _ => false,
    }
}

/// ES mappings as Kuzzle's `collection:create` builds them from Kourou mappings `M` (formats.md
/// §6, Kourou → ES step 2): `dynamic` (`M.dynamic` or `"false"`), `_meta` (if any),
/// `properties` with `_kuzzle_info` merged in, then `dynamic_templates` (if any).
pub fn es_mappings(m: Option<&Json>) -> Json {
    let get = |k: &str| m.and_then(|m| m.get(k)).filter(|v| !falsy(v));
    let mut out = vec![(
        RawStr::from_text("dynamic"),
        get("dynamic").cloned().unwrap_or_else(|| Json::str("false")),
    )];
    if let Some(meta) = get("_meta") {
        out.push((RawStr::from_text("_meta"), meta.clone()));
    }
    let mut properties = get("properties").cloned().unwrap_or(Json::Object(Vec::new()));
    merge_into(
        &mut properties,
        &Json::object([("_kuzzle_info", kuzzle_info_mapping())]),
    );
    out.push((RawStr::from_text("properties"), properties));
    if let Some(templates) = m.and_then(|m| m.get("dynamic_templates")) {
        out.push((RawStr::from_text("dynamic_templates"), templates.clone()));
    }
    Json::Object(out)
}

/// ES settings from Kourou settings (formats.md §6, Kourou → ES step 3): Kuzzle's defaults
/// `{"index":{"number_of_shards":"1","number_of_replicas":"1"}}` overlaid with `s` normalised.
pub fn es_settings(s: Option<&Json>) -> Json {
    let mut out = Json::object([(
        "index",
        Json::object([
            ("number_of_shards", Json::str("1")),
            ("number_of_replicas", Json::str("1")),
        ]),
    )]);
    if let Some(s) = s {
        overlay_settings(&mut out, s);
    }
    out
}

/// One physical index to create for a Kourou collection or empty index.
#[derive(Debug, Clone, PartialEq)]
pub struct EsTarget {
    /// Its physical name (never suffixed) and alias.
    pub physical: Physical,
    /// ES mappings.
    pub mappings: Json,
    /// ES settings (`{"index":{…}}`).
    pub settings: Json,
}

/// The ES index for Kourou's `<index>/<collection>` (formats.md §6, Kourou → ES steps 1–3):
/// `&index.collection` with alias `@&index.collection`; `collection: None` (an empty index)
/// gives `&index._kuzzle_keep` without mappings. `mappings` is `M`, `settings` the entry's.
pub fn es_target(
    index: &str,
    collection: Option<&str>,
    mappings: Option<&Json>,
    settings: Option<&Json>,
) -> Result<EsTarget, Finding> {
    check_index_name(index)
        .map_err(|p| Finding::error(Code::InvalidIndexName, format!("index name {index:?} {p}"), 0, 0))?;
    let Some(collection) = collection else {
        return Ok(EsTarget {
            physical: Physical::public(index, "_kuzzle_keep"),
            mappings: Json::Object(Vec::new()),
            settings: es_settings(None),
        });
    };
    check_collection_name(collection).map_err(|p| {
        Finding::error(
            Code::InvalidCollectionName,
            format!("collection name {collection:?} {p}"),
            0,
            0,
        )
    })?;
    Ok(EsTarget {
        physical: Physical::public(index, collection),
        mappings: es_mappings(mappings),
        settings: es_settings(settings),
    })
}

impl EsTarget {
    /// The physical index name.
    pub fn name(&self) -> String {
        self.physical.index_name()
    }

    /// `{"<alias>":{}}`.
    pub fn aliases(&self) -> Json {
        Json::object([(self.physical.alias().as_str(), Json::Object(Vec::new()))])
    }

    /// The `es:migrate` specs.
    pub fn specs(&self) -> Specs {
        Specs {
            aliases: self.aliases(),
            mappings: self.mappings.clone(),
            settings: self.settings.clone(),
        }
    }

    fn doc(&self, members: Vec<(&str, Json)>) -> Json {
        Json::object([(self.name().as_str(), Json::object(members))])
    }

    /// Content of the `.settings.json` file (to double-encode).
    pub fn settings_doc(&self) -> Json {
        self.doc(vec![("settings", self.settings.clone())])
    }

    /// Content of the `.alias.json` file (to double-encode).
    pub fn alias_doc(&self) -> Json {
        self.doc(vec![("aliases", self.aliases())])
    }

    /// Content of the `.index.json` file (to double-encode).
    pub fn index_doc(&self) -> Json {
        self.doc(vec![
            ("aliases", self.aliases()),
            ("mappings", self.mappings.clone()),
            ("settings", self.settings.clone()),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::elasticdump::double::{decode_double, encode_double};
    use crate::elasticdump::migrate::{parse_specs, write_specs};

    /// formats.md §5.
    const SPECS: &str = r#"{"aliases":{"@&nyc-open-data.yellow-taxi":{}},"mappings":{"dynamic":"false","properties":{"_kuzzle_info":{"properties":{"author":{"type":"keyword"},"createdAt":{"type":"date"},"updatedAt":{"type":"date"},"updater":{"type":"keyword"}}},"city":{"type":"keyword"}}},"settings":{"index":{"number_of_shards":"1","number_of_replicas":"1"}}}"#;

    /// formats.md §1.3.
    const MAPPINGS_JSON: &str = "{\n  \"type\": \"mappings\",\n  \"content\": {\n    \"nyc-open-data\": {\n      \"yellow-taxi\": {\n        \"mappings\": {\n          \"dynamic\": \"false\",\n          \"properties\": {\n            \"city\": {\n              \"type\": \"keyword\"\n            }\n          }\n        }\n      }\n    }\n  }\n}";

    fn j(s: &str) -> Json {
        Json::parse(s.as_bytes()).unwrap()
    }

    #[test]
    fn es_to_kourou_gives_the_spec_mappings_file() {
        let specs = parse_specs(SPECS.as_bytes()).unwrap();
        let info = EsIndexInfo::from_specs("&nyc-open-data.yellow-taxi", &specs);
        let (entry, findings) = kourou_entry(&info);
        assert!(findings.is_empty());
        assert_eq!(
            mappings_document("nyc-open-data", "yellow-taxi", entry).to_pretty(),
            MAPPINGS_JSON
        );
    }

    #[test]
    fn kourou_to_es_gives_the_spec_files() {
        let m = j(r#"{"dynamic":"false","properties":{"city":{"type":"keyword"}}}"#);
        let target = es_target("nyc-open-data", Some("yellow-taxi"), Some(&m), None).unwrap();
        assert_eq!(target.name(), "&nyc-open-data.yellow-taxi");
        assert_eq!(String::from_utf8(write_specs(&target.specs())).unwrap(), SPECS);
        let alias =
            "\"{\\\"&nyc-open-data.yellow-taxi\\\":{\\\"aliases\\\":{\\\"@&nyc-open-data.yellow-taxi\\\":{}}}}\"\n";
        assert_eq!(String::from_utf8(encode_double(&target.alias_doc())).unwrap(), alias);
        let settings = decode_double(&encode_double(&target.settings_doc())).unwrap();
        assert_eq!(
            settings.to_compact(),
            r#"{"&nyc-open-data.yellow-taxi":{"settings":{"index":{"number_of_shards":"1","number_of_replicas":"1"}}}}"#
        );
        let index = target.index_doc().to_compact();
        assert!(index.starts_with(r#"{"&nyc-open-data.yellow-taxi":{"aliases":{"@&nyc-open-data.yellow-taxi":{}},"mappings":{"dynamic":"false","properties":{"_kuzzle_info""#));
    }

    #[test]
    fn mappings_round_trip_both_ways() {
        let es = j(
            r#"{"dynamic":"strict","_meta":{"v":1},"dynamic_templates":[{"s":{"match":"*_s","mapping":{"type":"keyword"}}}],"properties":{"Big":{"type":"long"},"_kuzzle_info":{"properties":{"author":{"type":"keyword"},"createdAt":{"type":"date"},"updatedAt":{"type":"date"},"updater":{"type":"keyword"}}},"a":{"type":"keyword"}}}"#,
        );
        let (m, findings) = kourou_mappings(&es);
        assert_eq!(
            findings.iter().map(|f| f.code).collect::<Vec<_>>(),
            [Code::MappingIgnored]
        );
        assert_eq!(
            m.to_compact(),
            r#"{"_meta":{"v":1},"dynamic":"strict","properties":{"Big":{"type":"long"},"a":{"type":"keyword"}},"dynamic_templates":[{"s":{"match":"*_s","mapping":{"type":"keyword"}}}]}"#
        );
        assert_eq!(
            es_mappings(Some(&m)).to_compact(),
            r#"{"dynamic":"strict","_meta":{"v":1},"properties":{"Big":{"type":"long"},"_kuzzle_info":{"properties":{"author":{"type":"keyword"},"createdAt":{"type":"date"},"updatedAt":{"type":"date"},"updater":{"type":"keyword"}}},"a":{"type":"keyword"}},"dynamic_templates":[{"s":{"match":"*_s","mapping":{"type":"keyword"}}}]}"#
        );
    }

    #[test]
    fn kourou_mappings_drop_what_has_no_place() {
        let (m, findings) = kourou_mappings(&j(r#"{"_source":{"enabled":false},"date_detection":false}"#));
        assert_eq!(m.to_compact(), r#"{"properties":{}}"#);
        assert_eq!(findings.len(), 2);
        assert!(findings.iter().all(|f| f.code == Code::MappingIgnored));
    }

    #[test]
    fn es_mappings_follow_create_collection() {
        let info = r#""_kuzzle_info":{"properties":{"author":{"type":"keyword"},"createdAt":{"type":"date"},"updatedAt":{"type":"date"},"updater":{"type":"keyword"}}}"#;
        assert_eq!(
            es_mappings(None).to_compact(),
            format!(r#"{{"dynamic":"false","properties":{{{info}}}}}"#)
        );
        assert_eq!(
            es_mappings(Some(&j(
                r#"{"dynamic":false,"_meta":null,"properties":{"z":{"type":"text"}}}"#
            )))
            .to_compact(),
            format!(r#"{{"dynamic":"false","properties":{{{info},"z":{{"type":"text"}}}}}}"#)
        );
        // A user's own `_kuzzle_info` fields stay; Kuzzle's win where both exist.
        let m =
            j(r#"{"properties":{"_kuzzle_info":{"properties":{"author":{"type":"text"},"extra":{"type":"long"}}}}}"#);
        assert_eq!(
            es_mappings(Some(&m)).to_compact(),
            r#"{"dynamic":"false","properties":{"_kuzzle_info":{"properties":{"author":{"type":"keyword"},"createdAt":{"type":"date"},"extra":{"type":"long"},"updatedAt":{"type":"date"},"updater":{"type":"keyword"}}}}}"#
        );
    }

    #[test]
    fn settings_keep_only_what_matters() {
        let s = |t: &str| kourou_settings(&j(t)).map(|v| v.to_compact());
        assert_eq!(
            s(
                r#"{"index":{"number_of_shards":"1","number_of_replicas":"1","uuid":"u","creation_date":"1","provided_name":"p","version":{"created":"7"},"routing":{"allocation":{}},"history":{},"resize":{}}}"#
            ),
            None
        );
        assert_eq!(s(r#"{"index":{"number_of_shards":"1"}}"#), None);
        assert_eq!(s(r#"{}"#), None);
        // Replicas and OpenSearch's replication type belong to the target cluster, not the data.
        assert_eq!(
            s(r#"{"index":{"number_of_shards":"1","number_of_replicas":"0","replication":{"type":"DOCUMENT"}}}"#),
            None
        );
        assert_eq!(
            s(r#"{"index":{"number_of_shards":"3","number_of_replicas":"0"}}"#).as_deref(),
            Some(r#"{"number_of_shards":"3"}"#)
        );
        assert_eq!(
            s(r#"{"index.number_of_shards":"2","index":{"analysis":{"analyzer":{"a":{"type":"custom"}}}}}"#).as_deref(),
            Some(r#"{"number_of_shards":"2","analysis":{"analyzer":{"a":{"type":"custom"}}}}"#)
        );
    }

    #[test]
    fn es_settings_overlay_the_defaults() {
        let s = |t: Option<&str>| es_settings(t.map(j).as_ref()).to_compact();
        assert_eq!(
            s(None),
            r#"{"index":{"number_of_shards":"1","number_of_replicas":"1"}}"#
        );
        assert_eq!(
            s(Some(r#"{"number_of_shards":"1","number_of_replicas":"0"}"#)),
            r#"{"index":{"number_of_shards":"1","number_of_replicas":"0"}}"#
        );
        assert_eq!(
            s(Some(
                r#"{"index.mapping.total_fields.limit":"2000","index":{"number_of_replicas":0},"analysis":{"analyzer":{"a":{"type":"custom"}}}}"#
            )),
            r#"{"index":{"number_of_shards":"1","number_of_replicas":0,"mapping":{"total_fields":{"limit":"2000"}},"analysis":{"analyzer":{"a":{"type":"custom"}}}}}"#
        );
        // ES → Kourou → ES keeps the settings.
        let es = r#"{"index":{"number_of_shards":"3","number_of_replicas":"1","analysis":{"filter":{"f":{"type":"stop","stopwords":["a","b"]}}}}}"#;
        assert_eq!(s(kourou_settings(&j(es)).map(|v| v.to_compact()).as_deref()), es);
    }

    #[test]
    fn targets_for_empty_indexes_and_bad_names() {
        let keep = es_target("shop", None, None, None).unwrap();
        assert_eq!(
            (keep.name(), keep.physical.alias()),
            ("&shop._kuzzle_keep".into(), "@&shop._kuzzle_keep".into())
        );
        assert_eq!(keep.mappings.to_compact(), "{}");
        assert_eq!(
            es_target("Shop", Some("c"), None, None).unwrap_err().code,
            Code::InvalidIndexName
        );
        assert_eq!(
            es_target("shop", Some("a.b"), None, None).unwrap_err().code,
            Code::InvalidCollectionName
        );
        assert_eq!(
            es_target("shop", Some("_kuzzle_keep"), None, None).unwrap_err().code,
            Code::InvalidCollectionName
        );
    }
}
