//! Results about whole files and folders: mappings and security files as JS objects, the
//! security exporter's file, dump format detection and order, the import plan.

use super::{Out, PathKey, Slot};
use crate::dump::DumpReader;
use crate::elasticdump::RootFormat;
use crate::error::{DumpError, Finding, Result};
use crate::json::Json;
use crate::mapping::Shape;
use crate::plan::PlannedFile;
use crate::security::{EntryKey, SecurityExporter, SecurityFinishOptions, SecurityKind};
use serde::Serialize;
use std::collections::BTreeMap;

/// One collection of a `mappings.json`; `createBody` is set as bytes.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CollectionView {
    /// Kuzzle index.
    pub index: String,
    /// Kuzzle collection.
    pub collection: String,
    /// `current`, `legacy` or `raw`.
    pub shape: &'static str,
    /// Kourou's mapping `M`, as a plain object (keys in file order).
    pub mappings: Json,
    /// Index settings, when the entry has them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub settings: Option<Json>,
    /// The `collection:create` body restoring it (bytes).
    pub create_body: Slot,
}

/// A parsed `mappings.json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MappingsView {
    /// The collections, in file order.
    pub collections: Vec<CollectionView>,
    /// Several collections, names that differ from the folders, empty indexes.
    pub warnings: Vec<Finding>,
}

fn shape_name(s: Shape) -> &'static str {
    match s {
        Shape::Current => "current",
        Shape::Legacy => "legacy",
        Shape::Raw => "raw",
    }
}

/// Parses a `mappings.json`; `dirs` are its two parent folders `[index, collection]`.
pub fn parse_mappings_file(bytes: &[u8], dirs: Option<Vec<String>>) -> Result<Out<MappingsView>> {
    let dirs = match dirs.as_deref() {
        None => None,
        Some([index, collection]) => Some((index.as_str(), collection.as_str())),
        Some(other) => {
            return Err(DumpError::InvalidOptions(format!(
                "dirs must be [index, collection], not {} names",
                other.len()
            )))
        }
    };
    let file = crate::mapping::parse_mappings_file(bytes, dirs)?;
    let mut out = Out::new(());
    let collections = file
        .collections
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            out.buffers.push(super::Buffer {
                path: vec![
                    PathKey::Field("collections"),
                    PathKey::Index(i),
                    PathKey::Field("createBody"),
                ],
                bytes: c.create_body(),
            });
            CollectionView {
                index: c.index,
                collection: c.collection,
                shape: shape_name(c.shape),
                mappings: c.mappings,
                settings: c.settings,
                create_body: Slot,
            }
        })
        .collect();
    Ok(Out {
        info: MappingsView {
            collections,
            warnings: file.warnings,
        },
        buffers: out.buffers,
    })
}

/// Which entry of a security file, as JS sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged, rename_all_fields = "camelCase")]
pub enum KeyView {
    /// `{id}`: a role, profile or user.
    Id {
        /// The id.
        id: String,
    },
    /// `{index, collection}`: a validation specification.
    Collection {
        /// Kuzzle index.
        index: String,
        /// Kuzzle collection.
        collection: String,
    },
    /// `{userId, keyId}`: an API key.
    ApiKey {
        /// The key's user.
        user_id: String,
        /// The key's `_id`.
        key_id: String,
    },
    /// `{usersMapping: true}`: the users collection mapping.
    UsersMapping {
        /// Always `true`.
        users_mapping: bool,
    },
}

impl From<EntryKey> for KeyView {
    fn from(k: EntryKey) -> Self {
        match k {
            EntryKey::Id(id) => KeyView::Id { id },
            EntryKey::Collection { index, collection } => KeyView::Collection { index, collection },
            EntryKey::ApiKey { user_id, key_id } => KeyView::ApiKey { user_id, key_id },
            EntryKey::UsersMapping => KeyView::UsersMapping { users_mapping: true },
        }
    }
}

/// One entry of a security file; `body` is set as bytes (`null` for API keys).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntryView {
    /// Which entry.
    pub key: KeyView,
    /// 1-based line of the entry's key.
    pub line: u64,
    /// 1-based byte column of the entry's key.
    pub column: u64,
    /// The body of the restoring request (bytes), or `null`.
    pub body: Slot,
}

/// A parsed security file.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SecurityView {
    /// The file's `type`.
    pub kind: SecurityKind,
    /// The entries in file order.
    pub entries: Vec<EntryView>,
    /// Problems found.
    pub findings: Vec<Finding>,
    /// Whether any copy of the file must be created owner-only.
    pub holds_secrets: bool,
}

/// Parses a security file.
pub fn parse_security_file(bytes: &[u8]) -> Result<Out<SecurityView>> {
    let file = crate::security::parse_security_file(bytes)?;
    let holds_secrets = file.holds_secrets();
    let mut buffers = Vec::new();
    let entries = file
        .entries
        .into_iter()
        .enumerate()
        .map(|(i, e)| {
            if let Some(body) = e.body {
                buffers.push(super::Buffer {
                    path: vec![PathKey::Field("entries"), PathKey::Index(i), PathKey::Field("body")],
                    bytes: body,
                });
            }
            EntryView {
                key: e.key.into(),
                line: e.line,
                column: e.column,
                body: Slot,
            }
        })
        .collect();
    Ok(Out {
        info: SecurityView {
            kind: file.kind,
            entries,
            findings: file.findings,
            holds_secrets,
        },
        buffers,
    })
}

/// A written security file: `{bytes, holdsSecrets, entries}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WrittenView {
    /// The file's bytes.
    pub bytes: Slot,
    /// Create it owner-only (mode 0600).
    pub holds_secrets: bool,
    /// Entries written.
    pub entries: usize,
}

/// Ends a security export.
pub fn security_finish(e: &mut SecurityExporter, opts: SecurityFinishOptions) -> Result<Out<WrittenView>> {
    let w = e.finish(opts)?;
    let info = WrittenView {
        bytes: Slot,
        holds_secrets: w.holds_secrets,
        entries: w.entries,
    };
    Ok(Out::new(info).with(&[PathKey::Field("bytes")], w.bytes))
}

/// A dump format from its JS name: `kourou`, `elasticdump` or `esMigrate`.
pub fn root_format(name: &str) -> Result<RootFormat> {
    serde_json::from_value(serde_json::Value::String(name.to_owned()))
        .map_err(|e| DumpError::InvalidOptions(format!("format: {e}")))
}

/// The format of a dump folder from its paths and the first bytes of its top-level files.
pub fn detect_format(paths: &[String], heads: &BTreeMap<String, Vec<u8>>) -> RootFormat {
    DumpReader::detect(paths, heads)
}

/// The order to push a dump's files in.
pub fn dump_order(format: &str, paths: &[String]) -> Result<Vec<String>> {
    Ok(DumpReader::order(root_format(format)?, paths))
}

/// The import plan of a Kourou tree; `json_types` gives the `type` of each `*.json` file
/// (`null` or absent when it has none).
pub fn plan_import(paths: &[String], json_types: &BTreeMap<String, Option<String>>) -> Vec<PlannedFile> {
    crate::plan::plan_tree(paths, |p| json_types.get(p).cloned().flatten())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json<T: Serialize>(v: &T) -> String {
        serde_json::to_string(v).unwrap()
    }

    #[test]
    fn mappings_as_objects_with_create_bodies() {
        let file = br#"{"type":"mappings","content":{"i":{"c":{"mappings":{"dynamic":"strict","properties":{"z":{"type":"keyword"},"a":{"type":"long"}}}}}}}"#;
        let out = parse_mappings_file(file, Some(vec!["i".into(), "c".into()])).unwrap();
        assert_eq!(
            json(&out.info),
            r#"{"collections":[{"index":"i","collection":"c","shape":"current","mappings":{"dynamic":"strict","properties":{"z":{"type":"keyword"},"a":{"type":"long"}}},"createBody":null}],"warnings":[]}"#
        );
        assert_eq!(
            out.buffers[0].path,
            vec![
                PathKey::Field("collections"),
                PathKey::Index(0),
                PathKey::Field("createBody")
            ]
        );
        assert_eq!(
            out.buffers[0].bytes,
            br#"{"mappings":{"dynamic":"strict","properties":{"z":{"type":"keyword"},"a":{"type":"long"}}}}"#
        );
        assert_eq!(
            parse_mappings_file(file, Some(vec!["i".into()])).unwrap_err().code(),
            crate::Code::InvalidOptions
        );
    }

    #[test]
    fn security_entries_with_keys_and_bodies() {
        let file = b"{\"type\":\"apiKeys\",\"content\":{\"u\":{\"k\":{\"userId\":\"u\",\"fingerprint\":\"0000000000000000000000000000000000000000000000000000000000000000\"}}}}";
        let out = parse_security_file(file).unwrap();
        assert_eq!(
            json(&out.info),
            r#"{"kind":"apiKeys","entries":[{"key":{"userId":"u","keyId":"k"},"line":1,"column":35,"body":null}],"findings":[],"holdsSecrets":true}"#
        );
        assert!(out.buffers.is_empty());
        let out =
            parse_security_file(br#"{"type":"roles","content":{"r":{"controllers":{"*":{"actions":{"*":true}}}}}}"#)
                .unwrap();
        assert_eq!(json(&out.info.entries[0].key), r#"{"id":"r"}"#);
        assert_eq!(out.buffers[0].bytes, br#"{"controllers":{"*":{"actions":{"*":true}}}}"#);
        assert_eq!(json(&KeyView::from(EntryKey::UsersMapping)), r#"{"usersMapping":true}"#);
        let c = EntryKey::Collection {
            index: "i".into(),
            collection: "c".into(),
        };
        assert_eq!(json(&KeyView::from(c)), r#"{"index":"i","collection":"c"}"#);
    }

    #[test]
    fn formats_orders_plans() {
        assert_eq!(root_format("esMigrate").unwrap(), RootFormat::EsMigrate);
        assert_eq!(
            root_format("es-migrate").unwrap_err().to_string(),
            "invalid options: format: unknown variant `es-migrate`, expected one of `kourou`, `elasticdump`, `esMigrate`"
        );
        let paths = vec!["i/c/documents.jsonl".to_owned(), "i/c/mappings.json".to_owned()];
        assert_eq!(
            dump_order("kourou", &paths).unwrap(),
            vec!["i/c/mappings.json", "i/c/documents.jsonl"]
        );
        assert_eq!(detect_format(&paths, &BTreeMap::new()), RootFormat::Kourou);
        let types = BTreeMap::from([("i/c/mappings.json".to_owned(), Some("mappings".to_owned()))]);
        assert_eq!(
            json(&plan_import(&paths, &types)),
            r#"[{"path":"i/c/mappings.json","class":"mappings","dirs":["i","c"]},{"path":"i/c/documents.jsonl","class":"documents","dirs":["i","c"],"mappings":"i/c/mappings.json"}]"#
        );
    }
}
