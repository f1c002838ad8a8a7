//! Sources at Elasticsearch level (elasticdump / multielasticdump, `es:migrate`): definition
//! files are gathered per physical index; a data file is placed when it begins (definitions
//! come first in [`super::Converter::order`]) and its documents stream to their place.
//!
//! To Kourou (formats.md §6, ES level → Kourou): each index goes where its `@` alias (else its
//! name) says; security indices become Kourou's security files at the end; what Kourou's layout
//! cannot hold is left out and listed. To the other ES-level layout: every index is copied, its
//! definition rewritten (specs ↔ mapping + settings + alias), its data lines compacted.

use super::es_out::{is_secret_index, write_index, IndexDef, IndexFiles};
use super::output::DataTarget;
use super::place::Placement;
use super::{Converter, Reading, Small};
use crate::document::write_header;
use crate::dump::artefact_entries;
use crate::dump::input::{es_file_of, finding_of};
use crate::elasticdump::convert::kourou_entry;
use crate::elasticdump::files::{EsFile, FileKind, RootFormat};
use crate::elasticdump::layout::{EsIndexInfo, Place, SecurityCollection};
use crate::error::{Code, Finding, Result};
use crate::json::Json;
use crate::mapping::write_mappings_file;
use crate::pipeline::{InputFormat, OutputFormat};
use crate::security::{
    entries_from_es_hits, users_mapping_from_properties, write_file, write_users_mappings, SecurityEntry, SecurityFile,
    SecurityKind,
};
use std::collections::{BTreeMap, BTreeSet};

/// What the source says of one physical index.
#[derive(Debug, Clone, Default)]
pub(super) struct EsIndex {
    pub(super) info: EsIndexInfo,
    /// The `aliases` object as the files give it (definitions kept for ES-level outputs).
    aliases: Option<Json>,
    /// Documents counted but not converted.
    counted: u64,
    /// Its names cannot be written (already reported).
    failed: bool,
}

/// The state of an ES-level source.
#[derive(Debug, Default)]
pub(super) struct EsSource {
    pub(super) indices: BTreeMap<String, EsIndex>,
    pub(super) places: BTreeMap<String, Placement>,
    pub(super) layout_done: bool,
    security: Vec<(SecurityKind, Vec<SecurityEntry>)>,
}

impl EsSource {
    pub(super) fn index(&mut self, name: &str) -> &mut EsIndex {
        self.indices.entry(name.to_owned()).or_insert_with(|| EsIndex {
            info: EsIndexInfo::new(name),
            ..EsIndex::default()
        })
    }

    /// Counts documents of an index that were read but not converted.
    pub(super) fn count(&mut self, name: &str, documents: u64) {
        self.index(name).counted += documents;
    }
}

fn security_kind(c: SecurityCollection) -> SecurityKind {
    match c {
        SecurityCollection::Roles => SecurityKind::Roles,
        SecurityCollection::Profiles => SecurityKind::Profiles,
        SecurityCollection::Users => SecurityKind::Users,
    }
}

impl Converter {
    /// Decides what an ES-level file is from its name and first bytes, and where a data file's
    /// documents go.
    pub(super) fn es_decide(&mut self, path: &str, head: &[u8]) -> Result<Reading> {
        let Some(file) = es_file_of(path, head) else {
            if crate::plan::skipped_quietly(crate::plan::classify_path(path)) {
                return Ok(Reading::Skipped);
            }
            let f = Finding::warning(
                Code::UnknownFile,
                "skipped: not an elasticdump or es:migrate file",
                0,
                0,
            );
            self.findings(Some(path), [f]);
            return Ok(Reading::Skipped);
        };
        if file.kind != FileKind::Data {
            return Ok(Reading::Small(Vec::new(), Small::EsArtefact(file)));
        }
        let name = file.base;
        self.es.index(&name);
        let counted = |c: &Self, name: &str| -> Result<Reading> {
            let pipeline = c.pipeline(path, InputFormat::Hits, OutputFormat::None, None)?;
            Ok(Reading::Counted {
                pipeline: Box::new(pipeline),
                es_index: Some(name.to_owned()),
            })
        };
        if self.opts.to != RootFormat::Kourou {
            return match IndexFiles::new(&name, self.opts.to, self.opts.gzip) {
                Ok(files) => {
                    let secret = is_secret_index(&name, &self.opts.internal_index);
                    Ok(Reading::Documents {
                        pipeline: Box::new(self.pipeline(path, InputFormat::Hits, OutputFormat::Hits, None)?),
                        target: files.data_target(secret),
                    })
                }
                Err(f) => {
                    self.index_failed(&name, f);
                    counted(self, &name)
                }
            };
        }
        match self.place(&name) {
            Placement::Placed(Place::Collection { index, collection }) => {
                let target = DataTarget {
                    path: format!("{index}/{collection}/documents.jsonl"),
                    secret: false,
                    gzip: false,
                };
                if !self.out.exists(&target.path) {
                    let mut header = Vec::new();
                    write_header(&index, &collection, &mut header);
                    self.out.text(&target.path, header)?;
                }
                let pipeline = self.pipeline(path, InputFormat::Hits, OutputFormat::Jsonl, None)?;
                Ok(Reading::Documents {
                    pipeline: Box::new(pipeline),
                    target,
                })
            }
            Placement::Placed(Place::Security { collection }) => {
                Ok(Reading::Small(Vec::new(), Small::EsSecurity(security_kind(collection))))
            }
            Placement::Placed(Place::EmptyIndex { .. }) | Placement::LeftOut(_) => counted(self, &name),
        }
    }

    fn index_failed(&mut self, name: &str, f: Finding) {
        let index = self.es.index(name);
        if !index.failed {
            index.failed = true;
            self.findings(None, [f]);
        }
    }

    /// Absorbs what a definition file says of each index it names.
    pub(super) fn es_artefact_done(&mut self, path: &str, file: &EsFile, bytes: &[u8]) {
        if file.kind == FileKind::Template {
            let f = Finding::warning(
                Code::NotRepresentable,
                "index templates belong to the cluster, not to one index: not converted",
                0,
                0,
            );
            self.findings(Some(path), [f]);
            return;
        }
        let entries = match artefact_entries(file, bytes) {
            Ok(entries) => entries,
            Err(e) => return self.findings(Some(path), [finding_of(e)]),
        };
        for (name, entry) in entries {
            let late = self.opts.to == RootFormat::Kourou && self.es.places.contains_key(&name);
            let index = self.es.index(&name);
            index.info.absorb(&entry);
            if index.aliases.is_none() {
                index.aliases = entry.get("aliases").filter(|a| a.is_object()).cloned();
            }
            if late {
                let f = Finding::warning(
                    Code::UnknownFile,
                    format!("read after the documents of {name}, which were placed without it: push the files in Converter::order"),
                    0,
                    0,
                );
                self.findings(Some(path), [f]);
            }
        }
    }

    /// Reads the documents of a security index into entries of its Kourou file.
    pub(super) fn es_security_done(&mut self, path: &str, kind: SecurityKind, bytes: &[u8]) {
        match entries_from_es_hits(kind, bytes) {
            Ok(file) => {
                self.findings(Some(path), file.findings);
                match self.es.security.iter_mut().find(|(k, _)| *k == kind) {
                    Some((_, entries)) => entries.extend(file.entries),
                    None => self.es.security.push((kind, file.entries)),
                }
            }
            Err(e) => self.findings(Some(path), [finding_of(e)]),
        }
    }

    /// Writes what depends on every file: definitions, security files, empty indexes.
    pub(super) fn es_finish(&mut self) -> Result<()> {
        if self.opts.to == RootFormat::Kourou {
            self.es_to_kourou_finish()
        } else {
            self.es_to_es_finish()
        }
    }

    fn es_to_es_finish(&mut self) -> Result<()> {
        let indices: Vec<EsIndex> = self.es.indices.values().cloned().collect();
        for index in indices.into_iter().filter(|i| !i.failed) {
            let name = &index.info.name;
            let files = match IndexFiles::new(name, self.opts.to, self.opts.gzip) {
                Ok(files) => files,
                Err(f) => {
                    self.findings(None, [f]);
                    continue;
                }
            };
            let def = IndexDef {
                aliases: index.aliases.clone(),
                mappings: index.info.mappings.clone(),
                settings: index.info.settings.clone(),
            };
            let secret = is_secret_index(name, &self.opts.internal_index);
            write_index(&mut self.out, &files, &def, secret)?;
        }
        Ok(())
    }

    fn es_to_kourou_finish(&mut self) -> Result<()> {
        let names: Vec<String> = self.es.indices.keys().cloned().collect();
        for name in &names {
            self.place(name);
        }
        let filled: BTreeSet<String> = self
            .es
            .places
            .values()
            .filter_map(|p| match p {
                Placement::Placed(Place::Collection { index, .. }) => Some(index.clone()),
                _ => None,
            })
            .collect();
        let places: Vec<(String, Placement)> = self.es.places.iter().map(|(n, p)| (n.clone(), p.clone())).collect();
        for (name, placement) in places {
            let index = self.es.index(&name).clone();
            match placement {
                Placement::Placed(Place::Collection {
                    index: i,
                    collection: c,
                }) => {
                    if index.info.mappings.is_none() && index.info.settings.is_none() {
                        continue; // only documents are known: no mappings.json
                    }
                    let (entry, findings) = kourou_entry(&index.info);
                    self.findings(None, findings);
                    let empty = Json::Object(Vec::new());
                    let mappings = entry.get("mappings").unwrap_or(&empty);
                    let bytes = write_mappings_file(&i, &c, mappings, entry.get("settings"));
                    self.out.file(&format!("{i}/{c}/mappings.json"), &bytes, false, false)?;
                }
                Placement::Placed(Place::EmptyIndex { index: i }) => {
                    if !filled.contains(&i) {
                        self.out.dir(&format!("{i}/"))?;
                    }
                    if index.counted > 0 {
                        let message = format!(
                            "{name} holds {} documents, but an empty-index placeholder has none to keep: they are not converted",
                            index.counted
                        );
                        self.findings(None, [Finding::warning(Code::NotRepresentable, message, 0, 0)]);
                    }
                }
                Placement::Placed(Place::Security { collection }) => {
                    let properties = index.info.mappings.as_ref().and_then(|m| m.get("properties"));
                    if let (SecurityCollection::Users, Some(properties)) = (collection, properties) {
                        let w = write_users_mappings(&users_mapping_from_properties(properties));
                        let path = SecurityKind::UsersMappings.default_path();
                        self.out.file(path, &w.bytes, w.holds_secrets, false)?;
                    }
                }
                Placement::LeftOut(reason) => {
                    let documents = match index.counted {
                        0 => String::new(),
                        1 => " (1 document)".into(),
                        n => format!(" ({n} documents)"),
                    };
                    self.report.left_out.push(format!("{name}: {reason}{documents}"));
                }
            }
        }
        for kind in [SecurityKind::Roles, SecurityKind::Profiles, SecurityKind::Users] {
            let Some(at) = self.es.security.iter().position(|(k, _)| *k == kind) else {
                continue;
            };
            let (_, entries) = self.es.security.swap_remove(at);
            let file = SecurityFile {
                kind,
                entries,
                findings: Vec::new(),
            };
            let w = write_file(&file);
            self.out.file(kind.default_path(), &w.bytes, w.holds_secrets, false)?;
        }
        Ok(())
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::super::testing::{codes, opts, run};
    use super::super::ConvertOptions;
    use super::*;

    pub(in crate::convert) fn hit(index: &str, id: &str) -> String {
        format!("{{\"_index\":\"{index}\",\"_type\":\"_doc\",\"_id\":\"{id}\",\"_score\":1,\"_source\":{{\"n\":1}}}}\n")
    }

    pub(in crate::convert) fn alias(index: &str, alias: &str) -> String {
        format!("\"{{\\\"{index}\\\":{{\\\"aliases\\\":{{\\\"{alias}\\\":{{}}}}}}}}\"\n")
    }

    fn doc_line(id: &str) -> String {
        format!("{{\"_id\":\"{id}\",\"body\":{{\"n\":1}}}}\n")
    }

    #[test]
    fn split_parts_join_into_one_output() {
        let (p0, p1, a) = (hit("&i.c", "a"), hit("&i.c", "b"), alias("&i.c", "@&i.d"));
        let files: [(&str, &[u8]); 3] = [
            ("&i.c.split-1.json", p1.as_bytes()),
            ("&i.c.split-0.json", p0.as_bytes()),
            ("&i.c.alias.json", a.as_bytes()),
        ];
        let (out, report) = run(opts(RootFormat::Elasticdump, RootFormat::Kourou), &files);
        let header = "{\"type\":\"collection\",\"index\":\"i\",\"collection\":\"d\"}\n";
        let expected = format!("{header}{}{}", doc_line("a"), doc_line("b"));
        assert_eq!(String::from_utf8_lossy(&out["i/d/documents.jsonl"]), expected);
        assert_eq!((out.len(), report.documents, report.ok), (1, 2, true));
        // To gzip'd elasticdump: one gzip member holding both parts, in order.
        let gz = ConvertOptions {
            gzip: true,
            ..opts(RootFormat::Elasticdump, RootFormat::Elasticdump)
        };
        let (out, _) = run(gz, &files);
        let joined = format!("{p0}{p1}");
        assert_eq!(out["&i.c.json.gz"], crate::gzip::gzip(joined.as_bytes()).unwrap());
        assert_eq!(crate::gzip::gunzip(&out["&i.c.alias.json.gz"]).unwrap(), a.as_bytes());
    }

    #[test]
    fn ambiguous_names_are_read_by_content() {
        // `&shop.settings.json` holds the hits of `&shop.settings`, whose alias file must be
        // read first.
        let (d, a) = (hit("&shop.settings", "x"), alias("&shop.settings", "@&shop.other"));
        let files: [(&str, &[u8]); 2] = [
            ("&shop.settings.json", d.as_bytes()),
            ("&shop.settings.alias.json", a.as_bytes()),
        ];
        let paths: Vec<String> = files.iter().map(|(p, _)| p.to_string()).collect();
        assert_eq!(
            super::super::Converter::order(RootFormat::Elasticdump, &paths),
            ["&shop.settings.alias.json", "&shop.settings.json"]
        );
        let (out, report) = run(opts(RootFormat::Elasticdump, RootFormat::Kourou), &files);
        assert!(out.contains_key("shop/other/documents.jsonl"), "{out:?}");
        assert!(report.findings.is_empty(), "{:?}", report.findings);
    }

    #[test]
    fn secrets_templates_and_placeholders() {
        let (config, keep) = (
            hit("%kuzzle.config", "security.jwt.secret"),
            hit("&s._kuzzle_keep", "k"),
        );
        let template = "\"{\\\"template_1\\\":{\\\"index_patterns\\\":[\\\"te*\\\"]}}\"\n";
        let files: [(&str, &[u8]); 3] = [
            ("%kuzzle.config.json", config.as_bytes()),
            ("&s._kuzzle_keep.json", keep.as_bytes()),
            ("&s._kuzzle_keep.template.json", template.as_bytes()),
        ];
        let (out, report) = run(opts(RootFormat::Elasticdump, RootFormat::EsMigrate), &files);
        assert_eq!(out["%kuzzle.config.json"], config.as_bytes());
        let secret: Vec<&str> = report
            .files
            .iter()
            .filter(|f| f.secret)
            .map(|f| f.path.as_str())
            .collect();
        assert_eq!(secret, ["%kuzzle.config.json"]);
        assert_eq!(codes(&report), [Code::NotRepresentable]);
        let (out, report) = run(opts(RootFormat::Elasticdump, RootFormat::Kourou), &files);
        assert_eq!(out.keys().collect::<Vec<_>>(), ["s/"]);
        assert_eq!(
            codes(&report),
            [Code::NotRepresentable, Code::NotRepresentable, Code::NotRepresentable]
        );
        assert_eq!(
            report.left_out,
            ["%kuzzle.config: internal or plugin data that Kourou's layout cannot hold (1 document)"]
        );
    }
}
