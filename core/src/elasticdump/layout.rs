//! Where each physical ES index goes in Kourou's `<index>/<collection>/` layout (formats.md §6,
//! ES level → Kourou step 1; kuzzle-api.md §1.1). Pure functions over names; the mappings and
//! settings of each side are converted in [`super::convert`].

use super::migrate::Specs;
use crate::error::{Code, Finding};
use crate::json::Json;
use crate::names::{check_collection_name, check_file_name, check_index_name, Physical, Scope};
use serde::Serialize;
use std::collections::BTreeMap;

/// What is known of one physical ES index, gathered from its files.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EsIndexInfo {
    /// The physical index name.
    pub name: String,
    /// Its alias names, when a file says (`.alias.json`, `.index.json`, `.specs.json`).
    pub aliases: Option<Vec<String>>,
    /// Its untyped mappings.
    pub mappings: Option<Json>,
    /// Its settings (`{"index":{…}}`).
    pub settings: Option<Json>,
}

impl EsIndexInfo {
    /// Nothing known but the name.
    pub fn new(name: &str) -> Self {
        EsIndexInfo {
            name: name.to_owned(),
            ..Self::default()
        }
    }

    /// From `es:migrate` specs.
    pub fn from_specs(name: &str, specs: &Specs) -> Self {
        EsIndexInfo {
            name: name.to_owned(),
            aliases: Some(specs.alias_names()),
            mappings: Some(specs.mappings.clone()),
            settings: Some(specs.settings.clone()),
        }
    }

    /// Fills what is still unknown from an entry holding any of `aliases`, `mappings` and
    /// `settings`: an entry of a mapping, settings, alias or index file.
    pub fn absorb(&mut self, entry: &Json) {
        if self.aliases.is_none() {
            if let Some(a) = entry.get("aliases").and_then(Json::as_object) {
                self.aliases = Some(a.iter().map(|(k, _)| k.text().into_owned()).collect());
            }
        }
        if self.mappings.is_none() {
            self.mappings = entry.get("mappings").filter(|m| m.is_object()).cloned();
        }
        if self.settings.is_none() {
            self.settings = entry.get("settings").filter(|s| s.is_object()).cloned();
        }
    }
}

/// Kuzzle's security collections, written as Kourou security files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum SecurityCollection {
    /// `%kuzzle.roles` → `roles.json`.
    Roles,
    /// `%kuzzle.profiles` → `profiles.json`.
    Profiles,
    /// `%kuzzle.users` → `users.json` and `users-collection-mappings.json`.
    Users,
}

/// Where an ES index goes in Kourou's layout.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum Place {
    /// `<index>/<collection>/`.
    Collection {
        /// Kuzzle index.
        index: String,
        /// Kuzzle collection.
        collection: String,
    },
    /// An empty `<index>/` (from `&<index>._kuzzle_keep`).
    EmptyIndex {
        /// Kuzzle index.
        index: String,
    },
    /// A security file.
    Security {
        /// Which one.
        collection: SecurityCollection,
    },
}

/// One ES index and its place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Placed {
    /// The physical ES index name.
    pub es_index: String,
    /// Where it goes.
    pub place: Place,
}

/// The Kourou layout of a set of ES indices.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Layout {
    /// Indices with a place, in input order.
    pub placed: Vec<Placed>,
    /// `%` (and malformed `&`) indices Kourou's layout cannot hold: other internal collections,
    /// plugin storage.
    pub unrepresentable: Vec<String>,
    /// Indices that are not Kuzzle's (no `&`/`%` prefix, or a leading `.`).
    pub ignored: Vec<String>,
    /// Warnings, and errors for indices left out (conflicts, unsafe names).
    pub findings: Vec<Finding>,
}

impl Layout {
    /// Whether an index had to be left out for an error.
    pub fn has_errors(&self) -> bool {
        self.findings
            .iter()
            .any(|f| f.severity == crate::error::Severity::Error)
    }
}

enum Located {
    Ignored,
    Unrepresentable(Finding),
    Placed(Place),
}

/// Places every index (formats.md §6, ES level → Kourou, step 1): from its one `@` alias when
/// known, else from its physical name with a `.N` suffix dropped (with a warning). Two indices
/// for one place, or several `@` aliases on one index, are errors and those indices are left
/// out. `internal_index` is Kuzzle's internal index name (`kuzzle` by default).
pub fn resolve_layout(indices: &[EsIndexInfo], internal_index: &str) -> Layout {
    let mut layout = Layout::default();
    let mut found: Vec<Placed> = Vec::new();
    for info in indices {
        match locate(info, internal_index, &mut layout.findings) {
            Ok(Located::Ignored) => layout.ignored.push(info.name.clone()),
            Ok(Located::Unrepresentable(f)) => {
                layout.unrepresentable.push(info.name.clone());
                layout.findings.push(f);
            }
            Ok(Located::Placed(place)) => found.push(Placed {
                es_index: info.name.clone(),
                place,
            }),
            Err(f) => layout.findings.push(f),
        }
    }
    let mut by_place: BTreeMap<&Place, Vec<&str>> = BTreeMap::new();
    for p in &found {
        by_place.entry(&p.place).or_default().push(&p.es_index);
    }
    let conflicts: Vec<&Place> = by_place.iter().filter(|(_, v)| v.len() > 1).map(|(p, _)| *p).collect();
    for place in &conflicts {
        let names = by_place.get(place).map(|v| v.join(", ")).unwrap_or_default();
        layout.findings.push(Finding::error(
            Code::LayoutConflict,
            format!(
                "ES indices {names} all map to {}; none of them is converted",
                describe(place)
            ),
            0,
            0,
        ));
    }
    let filled: Vec<&str> = found
        .iter()
        .filter_map(|p| match &p.place {
            Place::Collection { index, .. } => Some(index.as_str()),
            _ => None,
        })
        .collect();
    let placed: Vec<Placed> = found
        .iter()
        .filter(|p| !conflicts.contains(&&p.place))
        // A placeholder next to real collections adds nothing: the index exists anyway.
        .filter(|p| !matches!(&p.place, Place::EmptyIndex { index } if filled.contains(&index.as_str())))
        .cloned()
        .collect();
    layout.placed = placed;
    layout
}

/// How a place is named in messages (`collection i/c`, `empty index i/`, …).
pub(crate) fn describe(place: &Place) -> String {
    match place {
        Place::Collection { index, collection } => format!("collection {index}/{collection}"),
        Place::EmptyIndex { index } => format!("empty index {index}/"),
        Place::Security { collection } => format!("the security collection {collection:?}"),
    }
}

fn locate(info: &EsIndexInfo, internal: &str, findings: &mut Vec<Finding>) -> Result<Located, Finding> {
    let name = &info.name;
    if !name.starts_with(['&', '%']) {
        return Ok(Located::Ignored);
    }
    let kuzzle_aliases: Vec<&String> = info.aliases.iter().flatten().filter(|a| a.starts_with('@')).collect();
    if kuzzle_aliases.len() > 1 {
        let list: Vec<&str> = kuzzle_aliases.iter().map(|a| a.as_str()).collect();
        return Err(Finding::error(
            Code::LayoutConflict,
            format!(
                "ES index {name} has several @ aliases ({}); it is not converted",
                list.join(", ")
            ),
            0,
            0,
        ));
    }
    let from_alias = kuzzle_aliases.first().and_then(|alias| {
        let parsed = Physical::parse(alias);
        if parsed.is_none() {
            findings.push(Finding::warning(
                Code::ElasticdumpInvalid,
                format!("alias {alias} of ES index {name} is not a Kuzzle alias; using the index name"),
                0,
                0,
            ));
        }
        parsed.map(|p| (p, alias.as_str()))
    });
    let (mut physical, source) = match from_alias {
        Some((p, alias)) => (p, alias),
        None => match Physical::parse(name) {
            Some(p) => (p, name.as_str()),
            None => {
                return Ok(Located::Unrepresentable(Finding::warning(
                    Code::NotRepresentable,
                    format!("ES index {name} is not named like a Kuzzle collection (&index.collection); left out"),
                    0,
                    0,
                )))
            }
        },
    };
    if let Some(n) = physical.suffix.take() {
        findings.push(Finding::warning(
            Code::SuffixDropped,
            format!(
                "{source}: suffix .{n} dropped, read as {}{}.{}{}",
                physical.scope.prefix(),
                physical.index,
                physical.collection,
                if info.aliases.is_none() {
                    " (no alias known)"
                } else {
                    ""
                }
            ),
            0,
            0,
        ));
    }
    let Physical {
        scope,
        index,
        collection,
        ..
    } = physical;
    if scope == Scope::Private {
        let security = match collection.as_str() {
            "roles" => Some(SecurityCollection::Roles),
            "profiles" => Some(SecurityCollection::Profiles),
            "users" => Some(SecurityCollection::Users),
            _ => None,
        };
        return Ok(match security {
            Some(collection) if index == internal => Located::Placed(Place::Security { collection }),
            _ => Located::Unrepresentable(Finding::warning(
                Code::NotRepresentable,
                format!("ES index {name} holds internal or plugin data that Kourou's layout cannot hold; left out"),
                0,
                0,
            )),
        });
    }
    for part in [&index, &collection] {
        check_file_name(part).map_err(|e| {
            Finding::error(
                Code::UnsafeName,
                format!("ES index {name}: {e}; it is not converted"),
                0,
                0,
            )
        })?;
    }
    if let Err(p) = check_index_name(&index) {
        findings.push(Finding::warning(
            Code::InvalidIndexName,
            format!("ES index {name}: index name {index:?} {p}; Kuzzle's API will refuse it"),
            0,
            0,
        ));
    }
    if collection == "_kuzzle_keep" {
        return Ok(Located::Placed(Place::EmptyIndex { index }));
    }
    if let Err(p) = check_collection_name(&collection) {
        findings.push(Finding::warning(
            Code::InvalidCollectionName,
            format!("ES index {name}: collection name {collection:?} {p}; Kuzzle's API will refuse it"),
            0,
            0,
        ));
    }
    Ok(Located::Placed(Place::Collection { index, collection }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(name: &str, aliases: Option<&[&str]>) -> EsIndexInfo {
        EsIndexInfo {
            aliases: aliases.map(|a| a.iter().map(|s| s.to_string()).collect()),
            ..EsIndexInfo::new(name)
        }
    }

    fn col(es: &str, index: &str, collection: &str) -> Placed {
        Placed {
            es_index: es.into(),
            place: Place::Collection {
                index: index.into(),
                collection: collection.into(),
            },
        }
    }

    fn codes(layout: &Layout) -> Vec<Code> {
        layout.findings.iter().map(|f| f.code).collect()
    }

    #[test]
    fn places_collections_from_alias_or_name() {
        let layout = resolve_layout(
            &[
                info("&nyc-open-data.yellow-taxi", Some(&["@&nyc-open-data.yellow-taxi"])),
                info("&i.c.4711", Some(&["@&i.c", "reporting"])),
                info("&old.name", Some(&["@&new.col"])),
                info("&s.d.42", None),
            ],
            "kuzzle",
        );
        assert_eq!(
            layout.placed,
            [
                col("&nyc-open-data.yellow-taxi", "nyc-open-data", "yellow-taxi"),
                col("&i.c.4711", "i", "c"),
                col("&old.name", "new", "col"),
                col("&s.d.42", "s", "d"),
            ]
        );
        assert_eq!(codes(&layout), [Code::SuffixDropped]);
        assert_eq!(
            layout.findings[0].message,
            "&s.d.42: suffix .42 dropped, read as &s.d (no alias known)"
        );
        assert!(!layout.has_errors());
    }

    #[test]
    fn conflicts_are_errors_and_left_out() {
        let layout = resolve_layout(
            &[
                info("&i.c", None),
                info("&i.c.5", None),
                info("&j.c", Some(&["@&j.c", "@&j.d"])),
                info("&i.other", None),
            ],
            "kuzzle",
        );
        assert_eq!(layout.placed, [col("&i.other", "i", "other")]);
        assert_eq!(
            codes(&layout),
            [Code::SuffixDropped, Code::LayoutConflict, Code::LayoutConflict]
        );
        assert!(layout.has_errors());
        assert!(layout.findings[1].message.contains("@&j.c, @&j.d"));
        assert!(layout.findings[2]
            .message
            .contains("&i.c, &i.c.5 all map to collection i/c"));
        // An orphan keeps its suffixed alias: it collides with the live collection.
        let orphan = resolve_layout(
            &[info("&i.c", Some(&["@&i.c"])), info("&i.c.4711", Some(&["@&i.c.4711"]))],
            "kuzzle",
        );
        assert!(orphan.placed.is_empty() && orphan.has_errors());
    }

    #[test]
    fn private_empty_and_foreign_indices() {
        let layout = resolve_layout(
            &[
                info("%kuzzle.roles", Some(&["@%kuzzle.roles"])),
                info("%kuzzle.profiles", None),
                info("%kuzzle.users", None),
                info("%kuzzle.validations", None),
                info("%kuzzle.api-keys", None),
                info("%plugin-kuzzle-plugin-auth-passport-local.users", None),
                info("&empty._kuzzle_keep", None),
                info("&full._kuzzle_keep", None),
                info("&full.c", None),
                info(".kibana", None),
                info("logs-2024", None),
                info("&noseparator", None),
            ],
            "kuzzle",
        );
        let places: Vec<&Place> = layout.placed.iter().map(|p| &p.place).collect();
        assert_eq!(
            places,
            [
                &Place::Security {
                    collection: SecurityCollection::Roles
                },
                &Place::Security {
                    collection: SecurityCollection::Profiles
                },
                &Place::Security {
                    collection: SecurityCollection::Users
                },
                &Place::EmptyIndex { index: "empty".into() },
                &Place::Collection {
                    index: "full".into(),
                    collection: "c".into()
                },
            ]
        );
        assert_eq!(
            layout.unrepresentable,
            [
                "%kuzzle.validations",
                "%kuzzle.api-keys",
                "%plugin-kuzzle-plugin-auth-passport-local.users",
                "&noseparator"
            ]
        );
        assert_eq!(layout.ignored, [".kibana", "logs-2024"]);
        assert!(codes(&layout).iter().all(|c| *c == Code::NotRepresentable));
        let custom = resolve_layout(&[info("%app.users", None), info("%kuzzle.users", None)], "app");
        assert_eq!(custom.placed.len(), 1);
        assert_eq!(custom.unrepresentable, ["%kuzzle.users"]);
    }

    #[test]
    fn names_must_stay_inside_the_output() {
        let layout = resolve_layout(
            &[
                info("&a/b.c", None),
                info("&Upper.c", None),
                info("&i.x", Some(&["@odd"])),
            ],
            "kuzzle",
        );
        assert_eq!(
            codes(&layout),
            [Code::UnsafeName, Code::InvalidIndexName, Code::ElasticdumpInvalid]
        );
        assert_eq!(layout.placed, [col("&Upper.c", "Upper", "c"), col("&i.x", "i", "x")]);
    }

    #[test]
    fn absorbs_what_files_say() {
        let mut i = EsIndexInfo::new("&i.c");
        i.absorb(&Json::parse(br#"{"mappings":{"dynamic":"false"}}"#).unwrap());
        i.absorb(&Json::parse(br#"{"aliases":{"@&i.c":{}},"mappings":{"dynamic":"strict"}}"#).unwrap());
        i.absorb(&Json::parse(br#"{"settings":{"index":{"number_of_shards":"1"}}}"#).unwrap());
        assert_eq!(i.aliases.as_deref(), Some(&["@&i.c".to_string()][..]));
        assert_eq!(i.mappings.unwrap().to_compact(), r#"{"dynamic":"false"}"#);
        assert_eq!(
            i.settings.unwrap().to_compact(),
            r#"{"index":{"number_of_shards":"1"}}"#
        );
    }
}
