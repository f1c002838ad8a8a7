//! Writing one physical index at Elasticsearch level: the file set multielasticdump loads
//! (`.mapping.json`, `.settings.json`, `.alias.json`, data `.json`, formats.md §4) or the pair
//! Kourou's `es:migrate` loads (`.specs.json` + data `.json`, §5).

use super::output::{DataTarget, Output};
use crate::elasticdump::files::{file_name, FileKind, RootFormat};
use crate::elasticdump::migrate::{write_specs, Specs};
use crate::elasticdump::{encode_double, write_mapping_file};
use crate::error::{Code, Finding, Result};
use crate::json::Json;

/// The file names of one index in the target layout, all checked at once so that an index is
/// written whole or not at all (a name over 255 bytes fails, it is never truncated).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct IndexFiles {
    /// The physical index name.
    pub name: String,
    /// `<name>.json[.gz]`.
    pub data: String,
    /// The definition files, by kind.
    pub definition: Vec<(FileKind, String)>,
    /// Whether the files are compressed.
    pub gzip: bool,
}

impl IndexFiles {
    /// The names for `name` in `to` (an ES-level format).
    pub(super) fn new(name: &str, to: RootFormat, gzip: bool) -> Result<Self, Finding> {
        let kinds: &[FileKind] = match to {
            RootFormat::EsMigrate => &[FileKind::Specs],
            _ => &[FileKind::Mapping, FileKind::Settings, FileKind::Alias],
        };
        let name_of = |kind| {
            file_name(name, kind, gzip).map_err(|e| {
                Finding::error(
                    Code::UnsafeName,
                    format!("cannot write the files of ES {e}; the index is not converted"),
                    0,
                    0,
                )
            })
        };
        let mut definition = Vec::with_capacity(kinds.len());
        for &kind in kinds {
            definition.push((kind, name_of(kind)?));
        }
        Ok(IndexFiles {
            name: name.to_owned(),
            data: name_of(FileKind::Data)?,
            definition,
            gzip,
        })
    }

    /// Where the index's documents go.
    pub(super) fn data_target(&self, secret: bool) -> DataTarget {
        DataTarget {
            path: self.data.clone(),
            secret,
            gzip: self.gzip,
        }
    }
}

/// What is known of an index's definition; parts not known are not written (`es:migrate`
/// specs need all three: unknown ones are written `{}`).
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct IndexDef {
    /// The `aliases` object (alias name → definition).
    pub aliases: Option<Json>,
    /// Untyped mappings.
    pub mappings: Option<Json>,
    /// Settings, `{"index":{…}}`.
    pub settings: Option<Json>,
}

impl IndexDef {
    /// The definition of a Kourou collection or empty index at ES level.
    pub(super) fn of_target(t: &crate::elasticdump::convert::EsTarget) -> Self {
        IndexDef {
            aliases: Some(t.aliases()),
            mappings: Some(t.mappings.clone()),
            settings: Some(t.settings.clone()),
        }
    }
}

/// `{"<name>":{"<key>":value}}`, the content of a double-encoded file.
fn doc(name: &str, key: &str, value: &Json) -> Json {
    Json::object([(name, Json::object([(key, value.clone())]))])
}

/// Writes the index's definition files and makes sure its data file exists (both loaders find
/// indices by their data files). `secret`: the data file is owner-only.
pub(super) fn write_index(out: &mut Output, files: &IndexFiles, def: &IndexDef, secret: bool) -> Result<()> {
    let empty = Json::Object(Vec::new());
    for (kind, path) in &files.definition {
        let bytes = match kind {
            FileKind::Specs => Some(write_specs(&Specs {
                aliases: def.aliases.clone().unwrap_or_else(|| empty.clone()),
                mappings: def.mappings.clone().unwrap_or_else(|| empty.clone()),
                settings: def.settings.clone().unwrap_or_else(|| empty.clone()),
            })),
            FileKind::Mapping => def.mappings.as_ref().map(|m| write_mapping_file(&files.name, m)),
            FileKind::Settings => def
                .settings
                .as_ref()
                .map(|s| encode_double(&doc(&files.name, "settings", s))),
            FileKind::Alias => def
                .aliases
                .as_ref()
                .filter(|a| a.as_object().is_some_and(|m| !m.is_empty()))
                .map(|a| encode_double(&doc(&files.name, "aliases", a))),
            _ => None,
        };
        if let Some(bytes) = bytes {
            out.file(path, &bytes, false, files.gzip)?;
        }
    }
    out.touch(&files.data_target(secret))
}

/// Whether an index's documents are secrets: Kuzzle's configuration (the JWT seed), API key
/// fingerprints, and plugin storage (passport-local password hashes).
pub(super) fn is_secret_index(name: &str, internal_index: &str) -> bool {
    let internal = format!("%{internal_index}.");
    match name.strip_prefix(&internal) {
        Some(collection) => collection == "config" || collection == "api-keys",
        None => name.starts_with("%plugin-"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::elasticdump::es_target;

    #[test]
    fn names_are_checked_up_front() {
        let f = IndexFiles::new("&i.c", RootFormat::Elasticdump, true).unwrap();
        assert_eq!(f.data, "&i.c.json.gz");
        assert_eq!(
            f.definition,
            [
                (FileKind::Mapping, "&i.c.mapping.json.gz".into()),
                (FileKind::Settings, "&i.c.settings.json.gz".into()),
                (FileKind::Alias, "&i.c.alias.json.gz".into()),
            ]
        );
        let m = IndexFiles::new("&i.c", RootFormat::EsMigrate, false).unwrap();
        assert_eq!((m.data.as_str(), m.definition.len()), ("&i.c.json", 1));
        // The data name fits, the settings name does not: nothing of the index is written.
        let long = format!("&{}.{}", "a".repeat(120), "b".repeat(120));
        assert!(file_name(&long, FileKind::Data, false).is_ok());
        let e = IndexFiles::new(&long, RootFormat::Elasticdump, false).unwrap_err();
        assert_eq!(e.code, Code::UnsafeName);
        assert!(e.message.contains("255 bytes"), "{}", e.message);
        assert!(IndexFiles::new("&a/../b.c", RootFormat::EsMigrate, false).is_err());
    }

    #[test]
    fn writes_a_kourou_collection_as_the_spec_shows() {
        let t = es_target("nyc-open-data", Some("yellow-taxi"), None, None).unwrap();
        let files = IndexFiles::new(&t.name(), RootFormat::EsMigrate, false).unwrap();
        let mut out = Output::default();
        write_index(&mut out, &files, &IndexDef::of_target(&t), false).unwrap();
        let chunks = out.take();
        assert_eq!(chunks.len(), 2);
        assert_eq!(chunks[0].path, "&nyc-open-data.yellow-taxi.specs.json");
        assert!(String::from_utf8_lossy(&chunks[0].bytes).starts_with(
            r#"{"aliases":{"@&nyc-open-data.yellow-taxi":{}},"mappings":{"dynamic":"false","properties":{"_kuzzle_info""#
        ));
        assert_eq!(
            (chunks[1].path.as_str(), chunks[1].bytes.len()),
            ("&nyc-open-data.yellow-taxi.json", 0)
        );
        // Unknown parts are left out of an elasticdump set, empty aliases too.
        let files = IndexFiles::new("logs", RootFormat::Elasticdump, false).unwrap();
        let def = IndexDef {
            aliases: Some(Json::Object(Vec::new())),
            ..IndexDef::default()
        };
        write_index(&mut out, &files, &def, false).unwrap();
        let paths: Vec<String> = out.take().into_iter().map(|c| c.path).collect();
        assert_eq!(paths, ["logs.json"]);
    }

    #[test]
    fn secret_indices() {
        assert!(is_secret_index("%kuzzle.config", "kuzzle"));
        assert!(is_secret_index("%kuzzle.api-keys", "kuzzle"));
        assert!(is_secret_index(
            "%plugin-kuzzle-plugin-auth-passport-local.users",
            "kuzzle"
        ));
        assert!(!is_secret_index("%kuzzle.users", "kuzzle"));
        assert!(!is_secret_index("%kuzzle.config", "app"));
        assert!(is_secret_index("%app.config", "app"));
        assert!(!is_secret_index("&kuzzle.config", "kuzzle"));
    }
}
