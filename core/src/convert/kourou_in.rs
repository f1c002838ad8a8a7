//! Kourou trees as a source (formats.md §6, Kourou → ES level): every collection becomes the
//! physical index `&<index>.<collection>` with its alias, documents stream into its data file
//! as hits, mappings become its definition, an empty `<index>/` becomes `&<index>._kuzzle_keep`,
//! and the security files become `%kuzzle.*` data.

use super::es_out::{write_index, IndexDef, IndexFiles};
use super::{Converter, Reading, Small};
use crate::dump::input::{finding_of, header_of};
use crate::dump::kourou::{collection_names, parent_dirs, small_file_class};
use crate::dump::skip_reason;
use crate::elasticdump::convert::{es_mappings, es_target};
use crate::elasticdump::files::{FileKind, RootFormat};
use crate::error::{Code, Finding, Result, Severity};
use crate::json::Json;
use crate::mapping::parse_mappings_file;
use crate::pipeline::{InputFormat, OutputFormat};
use crate::plan::{classify_path, FileClass};
use crate::security::{es_hit_lines, internal_collection, parse_security_file, SecurityFile, SecurityKind};
use std::collections::{BTreeMap, BTreeSet};

/// One collection of the tree.
#[derive(Debug, Clone, Default)]
struct Collection {
    /// Kourou's mapping `M` and the entry's settings, from `mappings.json`.
    mappings: Option<Json>,
    settings: Option<Json>,
    /// The file that first named it (for findings).
    file: String,
    /// Its names cannot be written (already reported).
    failed: bool,
}

/// The state of a Kourou source.
#[derive(Debug, Default)]
pub(super) struct KourouSource {
    collections: BTreeMap<(String, String), Collection>,
    security: Vec<(String, SecurityFile)>,
    /// Top-level folders passed as `<name>/`.
    dirs: BTreeSet<String>,
    /// Top-level folders holding a pushed file.
    filled: BTreeSet<String>,
}

impl KourouSource {
    fn collection(&mut self, index: &str, collection: &str, file: &str) -> &mut Collection {
        self.collections
            .entry((index.to_owned(), collection.to_owned()))
            .or_insert_with(|| Collection {
                file: file.to_owned(),
                ..Collection::default()
            })
    }
}

impl Converter {
    /// How a file of a Kourou tree is read.
    pub(super) fn kourou_begin(&mut self, path: &str) -> Reading {
        if let Some(dir) = path.strip_suffix('/') {
            if !dir.is_empty() && !dir.contains('/') {
                self.kourou.dirs.insert(dir.to_owned());
            }
            return Reading::Skipped;
        }
        if let Some((top, _)) = path.split_once('/') {
            self.kourou.filled.insert(top.to_owned());
        }
        match classify_path(path) {
            FileClass::Documents => Reading::Held(Vec::new()),
            FileClass::Json => Reading::Small(Vec::new(), Small::Kourou),
            class => {
                if !crate::plan::skipped_quietly(class) {
                    let why = skip_reason(class);
                    let f = Finding::warning(Code::UnknownFile, format!("skipped: {why}"), 0, 0);
                    self.findings(Some(path), [f]);
                }
                Reading::Skipped
            }
        }
    }

    /// Where a documents file's documents go, from its header (which wins over its folders).
    pub(super) fn kourou_documents(&mut self, path: &str, head: &[u8]) -> Result<Reading> {
        let header = header_of(head);
        let (names, findings) = collection_names(header.as_ref(), parent_dirs(path));
        let bad_names = findings.iter().any(|f| f.severity == Severity::Error);
        self.findings(Some(path), findings);
        let checked = |c: &Self| -> Result<Reading> {
            let pipeline = c.pipeline(path, InputFormat::Kourou, OutputFormat::None, None)?;
            Ok(Reading::Counted {
                pipeline: Box::new(pipeline),
                es_index: None,
            })
        };
        let Some((index, collection)) = names.filter(|_| !bad_names) else {
            if !bad_names {
                let f = Finding::error(
                    Code::HeaderMissing,
                    "no collection header and no <index>/<collection>/ folders: its documents are not converted",
                    1,
                    0,
                );
                self.findings(Some(path), [f]);
            }
            return checked(self);
        };
        let files = es_target(&index, Some(&collection), None, None)
            .and_then(|t| IndexFiles::new(&t.name(), self.opts.to, self.opts.gzip));
        let files = match files {
            Ok(files) => files,
            Err(f) => {
                self.kourou.collection(&index, &collection, path).failed = true;
                self.findings(Some(path), [f]);
                return checked(self);
            }
        };
        self.kourou.collection(&index, &collection, path);
        let pipeline = self.pipeline(path, InputFormat::Kourou, OutputFormat::Hits, Some(files.name.clone()))?;
        Ok(Reading::Documents {
            pipeline: Box::new(pipeline),
            target: files.data_target(false),
        })
    }

    /// Reads a `mappings.json` or a security file.
    pub(super) fn kourou_small_done(&mut self, path: &str, bytes: &[u8]) {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let class = match small_file_class(path, bytes) {
            Ok(class) => class,
            Err(f) => return self.findings(Some(path), [f]),
        };
        match class {
            FileClass::Mappings => {
                let dirs = parent_dirs(path);
                let dirs = dirs.as_ref().map(|(i, c)| (i.as_str(), c.as_str()));
                match parse_mappings_file(bytes, dirs) {
                    Ok(file) => {
                        self.findings(Some(path), file.warnings);
                        for c in file.collections {
                            let entry = self.kourou.collection(&c.index, &c.collection, path);
                            entry.mappings = Some(c.mappings);
                            entry.settings = c.settings;
                        }
                    }
                    Err(e) => self.findings(Some(path), [finding_of(e)]),
                }
            }
            FileClass::Roles
            | FileClass::Profiles
            | FileClass::Users
            | FileClass::UsersMappings
            | FileClass::Specifications
            | FileClass::ApiKeys => match parse_security_file(bytes) {
                Ok(file) => {
                    self.findings(Some(path), file.findings.clone());
                    self.kourou.security.push((path.to_owned(), file));
                }
                Err(e) => self.findings(Some(path), [finding_of(e)]),
            },
            _ => {
                let f = Finding::warning(Code::UnknownFile, "skipped: a JSON file of no known dump type", 0, 0);
                self.findings(Some(path), [f]);
            }
        }
    }

    /// Writes every index's definition, the empty indexes and the security data.
    pub(super) fn kourou_finish(&mut self) -> Result<()> {
        let collections = std::mem::take(&mut self.kourou.collections);
        let mut indexes = BTreeSet::new();
        for ((index, collection), c) in collections {
            indexes.insert(index.clone());
            if c.failed {
                continue;
            }
            let target = es_target(&index, Some(&collection), c.mappings.as_ref(), c.settings.as_ref())
                .and_then(|t| Ok((IndexFiles::new(&t.name(), self.opts.to, self.opts.gzip)?, t)));
            match target {
                Ok((files, t)) => write_index(&mut self.out, &files, &IndexDef::of_target(&t), false)?,
                Err(f) => self.findings(Some(&c.file), [f]),
            }
        }
        let empty: Vec<String> = self
            .kourou
            .dirs
            .iter()
            .filter(|d| !self.kourou.filled.contains(*d) && !indexes.contains(*d))
            .cloned()
            .collect();
        for dir in empty {
            let target = es_target(&dir, None, None, None)
                .and_then(|t| Ok((IndexFiles::new(&t.name(), self.opts.to, self.opts.gzip)?, t)));
            match target {
                Ok((files, t)) => write_index(&mut self.out, &files, &IndexDef::of_target(&t), false)?,
                Err(f) => self.findings(Some(&format!("{dir}/")), [f]),
            }
        }
        self.kourou_security_finish()
    }

    /// Security files → hits of `%<internal>.<collection>` (credentials cannot follow); the
    /// users mapping → the `%<internal>.users` mapping file (elasticdump only).
    fn kourou_security_finish(&mut self) -> Result<()> {
        let files = std::mem::take(&mut self.kourou.security);
        let internal = self.opts.internal_index.clone();
        let mut data: Vec<(String, Vec<u8>, bool)> = Vec::new();
        let mut users_mapping: Option<(String, Json)> = None;
        for (path, file) in &files {
            let Some(collection) = internal_collection(file.kind) else {
                if let Some(e) = file.entries.first() {
                    users_mapping = Some((path.clone(), e.value.clone()));
                }
                continue;
            };
            let (lines, findings) = es_hit_lines(file, &internal);
            // Its warnings are about credentials, which the ES level cannot hold.
            let findings = findings.into_iter().map(|f| match f.severity {
                Severity::Warning => Finding {
                    code: Code::NotRepresentable,
                    ..f
                },
                Severity::Error => f,
            });
            self.findings(Some(path), findings);
            let name = format!("%{internal}.{collection}");
            match data.iter_mut().find(|(n, _, _)| *n == name) {
                Some((_, all, _)) => all.extend(lines),
                None => data.push((name, lines, file.kind == SecurityKind::ApiKeys)),
            }
        }
        if self.opts.to == RootFormat::EsMigrate && !data.is_empty() {
            let f = Finding::warning(
                Code::NotRepresentable,
                format!("the %{internal} indices are written as data files without .specs.json (Kuzzle's internal definitions are not in a Kourou tree): Kourou's es:migrate loader skips them"),
                0,
                0,
            );
            self.findings(None, [f]);
        }
        for (name, lines, secret) in data {
            match IndexFiles::new(&name, self.opts.to, self.opts.gzip) {
                Ok(files) => self.out.hits(&files.data_target(secret), &lines)?,
                Err(f) => self.findings(None, [f]),
            }
        }
        let Some((path, content)) = users_mapping else {
            return Ok(());
        };
        let name = format!("%{internal}.users");
        let files = match IndexFiles::new(&name, self.opts.to, self.opts.gzip) {
            Ok(files) if self.opts.to == RootFormat::Elasticdump => files,
            Ok(_) => {
                let f = Finding::warning(
                    Code::NotRepresentable,
                    format!("an es:migrate folder has no place for the mapping of {name} without its whole definition: left out"),
                    0,
                    0,
                );
                self.findings(Some(&path), [f]);
                return Ok(());
            }
            Err(f) => {
                self.findings(Some(&path), [f]);
                return Ok(());
            }
        };
        let properties = content.get("mapping").cloned().unwrap_or(Json::Object(Vec::new()));
        let mappings = es_mappings(Some(&Json::object([("properties", properties)])));
        let def = IndexDef {
            mappings: Some(mappings),
            ..IndexDef::default()
        };
        let files = IndexFiles {
            definition: files
                .definition
                .into_iter()
                .filter(|(k, _)| *k == FileKind::Mapping)
                .collect(),
            ..files
        };
        write_index(&mut self.out, &files, &def, false)
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{codes, opts, run};
    use super::*;

    const HEADER: &str = "{\"type\":\"collection\",\"index\":\"i\",\"collection\":\"c\"}\n";

    #[test]
    fn the_header_wins_and_files_of_one_collection_append() {
        let a = format!("{HEADER}{{\"_id\":\"a\",\"body\":{{ \"n\" : 1 }}}}\nnot json\n");
        let b = format!("\u{feff}{HEADER}{{\"_id\":\"b\",\"body\":{{}}}}");
        let files: [(&str, &[u8]); 5] = [
            ("i/c/documents.jsonl", a.as_bytes()),
            ("x/y/documents.jsonl", b.as_bytes()),
            ("i/c/documents-errors.jsonl", b"{}\n"),
            ("i/c/documents.csv", b"_id\n"),
            ("notes.json", b"{\"type\":\"notes\"}"),
        ];
        let (out, report) = run(opts(RootFormat::Kourou, RootFormat::Elasticdump), &files);
        assert_eq!(
            String::from_utf8_lossy(&out["&i.c.json"]),
            "{\"_index\":\"&i.c\",\"_type\":\"_doc\",\"_id\":\"a\",\"_score\":1,\"_source\":{\"n\":1}}\n\
             {\"_index\":\"&i.c\",\"_type\":\"_doc\",\"_id\":\"b\",\"_score\":1,\"_source\":{}}\n"
        );
        assert_eq!(
            codes(&report),
            [
                Code::UnknownFile,
                Code::JsonSyntax,
                Code::NameMismatch,
                Code::UnknownFile
            ]
        );
        assert_eq!(report.documents, 2);
        // No mappings.json: the collection gets what collection:create gives without a mapping.
        assert_eq!(
            String::from_utf8_lossy(&out["&i.c.mapping.json"]),
            "{\"&i.c\":{\"mappings\":{\"dynamic\":\"false\",\"properties\":{\"_kuzzle_info\":{\"properties\":{\"author\":{\"type\":\"keyword\"},\"createdAt\":{\"type\":\"date\"},\"updatedAt\":{\"type\":\"date\"},\"updater\":{\"type\":\"keyword\"}}}}}}}\n"
        );
    }

    #[test]
    fn numbers_elasticdump_would_change_are_warned() {
        let docs = format!("{HEADER}{{\"_id\":\"a\",\"body\":{{\"n\":12345678901234567890123}}}}\n");
        let files: [(&str, &[u8]); 1] = [("i/c/documents.jsonl", docs.as_bytes())];
        let (out, report) = run(opts(RootFormat::Kourou, RootFormat::Elasticdump), &files);
        assert_eq!(codes(&report), [Code::PrecisionLoss]);
        assert!(String::from_utf8_lossy(&out["&i.c.json"]).contains("\"n\":12345678901234567890123}"));
        let (_, report) = run(opts(RootFormat::Kourou, RootFormat::EsMigrate), &files);
        assert!(report.findings.is_empty());
    }

    #[test]
    fn mappings_alone_give_an_index_with_an_empty_data_file() {
        let legacy = "{\"type\":\"mappings\",\"content\":{\"i\":{\"c\":{\"dynamic\":\"strict\",\"properties\":{}}}}}";
        let raw = "{\"properties\":{\"a\":{\"type\":\"long\"}}}";
        let files: [(&str, &[u8]); 2] = [
            ("i/c/mappings.json", legacy.as_bytes()),
            ("j/d/mappings.json", raw.as_bytes()),
        ];
        let (out, report) = run(opts(RootFormat::Kourou, RootFormat::EsMigrate), &files);
        assert!(report.ok, "{:?}", report.findings);
        assert_eq!(
            out.keys().collect::<Vec<_>>(),
            ["&i.c.json", "&i.c.specs.json", "&j.d.json", "&j.d.specs.json"]
        );
        assert!(out["&i.c.json"].is_empty());
        assert!(String::from_utf8_lossy(&out["&i.c.specs.json"]).starts_with(
            "{\"aliases\":{\"@&i.c\":{}},\"mappings\":{\"dynamic\":\"strict\",\"properties\":{\"_kuzzle_info\""
        ));
        assert!(String::from_utf8_lossy(&out["&j.d.specs.json"]).contains("\"a\":{\"type\":\"long\"}"));
    }

    #[test]
    fn names_from_the_content_are_checked() {
        let bad = "{\"type\":\"mappings\",\"content\":{\"Bad\":{\"c\":{\"mappings\":{}}}}}";
        let orphan = "{\"_id\":\"a\",\"body\":{}}\n";
        let files: [(&str, &[u8]); 3] = [
            ("i/c/mappings.json", bad.as_bytes()),
            ("documents.jsonl", orphan.as_bytes()),
            ("Upper/", b""),
        ];
        let (out, report) = run(opts(RootFormat::Kourou, RootFormat::Elasticdump), &files);
        assert!(out.is_empty(), "{out:?}");
        assert_eq!(
            codes(&report),
            [
                Code::NameMismatch,
                Code::HeaderMissing,
                Code::HeaderMissing,
                Code::InvalidIndexName,
                Code::InvalidIndexName
            ]
        );
        assert_eq!(report.findings[3].location.file.as_deref(), Some("i/c/mappings.json"));
        assert_eq!(report.findings[4].location.file.as_deref(), Some("Upper/"));
    }
}
