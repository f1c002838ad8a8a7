//! Kourou `es:migrate` directories (formats.md §5): one `<esIndex>.specs.json` per index
//! (compact `{aliases, mappings, settings}`, no trailing newline) and `<esIndex>.json` holding
//! one hit per line (read with [`super::parse_hit`], written with [`super::write_hit`]).

use super::files::{file_name, FileKind};
use super::{check_utf8, ended_early, line_col, strip_bom, syntax_error};
use crate::error::{Code, DumpError};
use crate::json::{Json, RawStr};

/// `settings.index` keys Kourou removes when it writes specs (formats.md §5).
pub const SPECS_REMOVED_SETTINGS: [&str; 6] = [
    "creation_date",
    "provided_name",
    "uuid",
    "version",
    "routing",
    "history",
];

/// One index definition: the `GET /<index>` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Specs {
    /// `aliases` (an object of alias name → alias definition).
    pub aliases: Json,
    /// `mappings` (untyped).
    pub mappings: Json,
    /// `settings` (`{"index":{…}}`).
    pub settings: Json,
}

impl Specs {
    /// The `@` aliases' names.
    pub fn alias_names(&self) -> Vec<String> {
        self.aliases
            .as_object()
            .unwrap_or_default()
            .iter()
            .map(|(k, _)| k.text().into_owned())
            .collect()
    }
}

/// Reads a `.specs.json` file (BOM, whitespace and a final newline allowed). Missing parts read
/// as `{}`; the [`SPECS_REMOVED_SETTINGS`] are removed so the index can be created again.
pub fn parse_specs(bytes: &[u8]) -> Result<Specs, DumpError> {
    let (body, shift) = strip_bom(bytes);
    check_utf8(bytes, shift)?;
    let doc = Json::parse(body).map_err(|e| {
        syntax_error(
            bytes,
            shift + e.offset,
            ended_early(&e, body.len()),
            "specs file",
            e.message,
        )
    })?;
    if !doc.is_object() {
        let (line, column) = line_col(bytes, shift);
        return Err(DumpError::data(
            Code::ElasticdumpInvalid,
            format!("a specs file holds an object, not {}", doc.kind().name()),
            line,
            column,
        ));
    }
    let part = |key: &str| -> Result<Json, DumpError> {
        match doc.get(key) {
            None => Ok(Json::Object(Vec::new())),
            Some(v) if v.is_object() => Ok(v.clone()),
            Some(v) => Err(DumpError::from(
                crate::error::Finding::error(
                    Code::ElasticdumpInvalid,
                    format!("specs {key} is {}, not an object", v.kind().name()),
                    1,
                    0,
                )
                .at_path(key),
            )),
        }
    };
    let mut specs = Specs {
        aliases: part("aliases")?,
        mappings: part("mappings")?,
        settings: part("settings")?,
    };
    strip_index_settings(&mut specs.settings);
    Ok(specs)
}

fn strip_index_settings(settings: &mut Json) {
    if let Some(index) = settings.get_mut("index") {
        for key in SPECS_REMOVED_SETTINGS {
            index.remove(key);
        }
    }
}

/// Writes a `.specs.json` file: compact `{"aliases":…,"mappings":…,"settings":…}` without the
/// [`SPECS_REMOVED_SETTINGS`], no trailing newline.
pub fn write_specs(specs: &Specs) -> Vec<u8> {
    let mut settings = specs.settings.clone();
    strip_index_settings(&mut settings);
    let doc = Json::Object(vec![
        (RawStr::from_text("aliases"), specs.aliases.clone()),
        (RawStr::from_text("mappings"), specs.mappings.clone()),
        (RawStr::from_text("settings"), settings),
    ]);
    let mut out = Vec::new();
    doc.write_compact(&mut out);
    out
}

/// The `PUT /<index>` body Kourou's loader sends: the specs with
/// `settings.write.wait_for_active_shards: 1` added.
pub fn create_index_body(specs: &Specs) -> Json {
    let mut settings = specs.settings.clone();
    settings.set(
        "write",
        Json::object([("wait_for_active_shards", Json::Number("1".into()))]),
    );
    Json::Object(vec![
        (RawStr::from_text("aliases"), specs.aliases.clone()),
        (RawStr::from_text("mappings"), specs.mappings.clone()),
        (RawStr::from_text("settings"), settings),
    ])
}

/// `<index>.specs.json`.
pub fn specs_file_name(index: &str) -> Result<String, String> {
    file_name(index, FileKind::Specs, false)
}

/// `<index>.json`.
pub fn data_file_name(index: &str) -> Result<String, String> {
    file_name(index, FileKind::Data, false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::elasticdump::{parse_hit, write_hit};

    /// formats.md §5.
    const SPECS: &str = r#"{"aliases":{"@&nyc-open-data.yellow-taxi":{}},"mappings":{"dynamic":"false","properties":{"_kuzzle_info":{"properties":{"author":{"type":"keyword"},"createdAt":{"type":"date"},"updatedAt":{"type":"date"},"updater":{"type":"keyword"}}},"city":{"type":"keyword"}}},"settings":{"index":{"number_of_shards":"1","number_of_replicas":"1"}}}"#;
    const DATA: &str = r#"{"_index":"&nyc-open-data.yellow-taxi","_type":"_doc","_id":"chuon-chuon-kim","_score":1,"_source":{"city":"hcmc","district":1}}"#;

    #[test]
    fn spec_example_round_trips() {
        let specs = parse_specs(SPECS.as_bytes()).unwrap();
        assert_eq!(String::from_utf8(write_specs(&specs)).unwrap(), SPECS);
        assert_eq!(specs.alias_names(), ["@&nyc-open-data.yellow-taxi"]);
        assert_eq!(
            specs_file_name("&nyc-open-data.yellow-taxi").unwrap(),
            "&nyc-open-data.yellow-taxi.specs.json"
        );
        let hit = parse_hit(DATA.as_bytes()).unwrap();
        let mut out = Vec::new();
        write_hit("&nyc-open-data.yellow-taxi", hit.id, hit.source, false, &mut out);
        assert_eq!(out, format!("{DATA}\n").as_bytes());
        assert_eq!(data_file_name("&i.c").unwrap(), "&i.c.json");
    }

    #[test]
    fn strips_what_kourou_strips() {
        let es = r#"{"aliases":{},"mappings":{},"settings":{"index":{"routing":{"allocation":{"include":{"_tier_preference":"data_content"}}},"number_of_shards":"1","provided_name":"x","creation_date":"1","uuid":"u","version":{"created":"1"},"history":{"uuid":"h"},"resize":{"x":"y"}}}}"#;
        let specs = parse_specs(format!("\u{feff}{es}\r\n").as_bytes()).unwrap();
        assert_eq!(
            String::from_utf8(write_specs(&specs)).unwrap(),
            r#"{"aliases":{},"mappings":{},"settings":{"index":{"number_of_shards":"1","resize":{"x":"y"}}}}"#
        );
        let partial = parse_specs(br#"{"mappings":{"dynamic":"strict"}}"#).unwrap();
        assert_eq!(
            String::from_utf8(write_specs(&partial)).unwrap(),
            r#"{"aliases":{},"mappings":{"dynamic":"strict"},"settings":{}}"#
        );
        assert_eq!(
            create_index_body(&parse_specs(SPECS.as_bytes()).unwrap()).to_compact(),
            SPECS.replace(
                r#""number_of_replicas":"1"}}"#,
                r#""number_of_replicas":"1"},"write":{"wait_for_active_shards":1}}"#
            )
        );
    }

    #[test]
    fn bad_specs() {
        assert_eq!(parse_specs(b"[]").unwrap_err().code(), Code::ElasticdumpInvalid);
        assert_eq!(
            parse_specs(br#"{"aliases":[]}"#).unwrap_err().code(),
            Code::ElasticdumpInvalid
        );
        let e = parse_specs(b"{\"aliases\":{}").unwrap_err();
        assert_eq!((e.code(), e.location().unwrap().column), (Code::Truncated, 14));
        assert_eq!(parse_specs(b"{\"a\":x}").unwrap_err().code(), Code::JsonSyntax);
    }
}
