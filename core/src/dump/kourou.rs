//! Kourou trees: `<index>/<collection>/{documents.jsonl, mappings.json}` and security files.

use super::{finding_of, DumpReader, FileSummary, Place, Reading, Tally};
use crate::document::Header;
use crate::error::{Code, Finding, Result};
use crate::json::Json;
use crate::pipeline::{BodyCheck, Pipeline, PipelineOptions, Report};
use crate::plan::{classify_path, walk_order, FileClass};
use crate::security::EntryKey;

/// Small JSON files first (mappings, security), then documents, then what is never read; Kourou's
/// walk order within each group.
pub(super) fn order(paths: &[String]) -> Vec<String> {
    let mut sorted = paths.to_vec();
    walk_order(&mut sorted);
    sorted.sort_by_key(|p| match classify_path(p) {
        FileClass::Json => 0,
        FileClass::Documents => 1,
        _ => 2,
    });
    sorted
}

/// The names of a file's two parent folders (`<index>/<collection>/<file>`), if it has two.
pub(crate) fn parent_dirs(path: &str) -> Option<(String, String)> {
    let parts: Vec<&str> = path.split('/').collect();
    (parts.len() >= 3).then(|| (parts[parts.len() - 3].to_owned(), parts[parts.len() - 2].to_owned()))
}

/// Counts the fields a mapping declares, at every depth.
pub(super) fn count_fields(m: &Json) -> u64 {
    m.get("properties")
        .and_then(Json::as_object)
        .map(|props| props.iter().map(|(_, f)| 1 + count_fields(f)).sum())
        .unwrap_or(0)
}

impl DumpReader {
    /// The two folders above a file, or the root collection's names for a file at the root.
    fn dirs_of(&self, path: &str) -> Option<(String, String)> {
        match parent_dirs(path) {
            Some(d) => Some(d),
            None if !path.contains('/') => self.opts.root_collection.clone(),
            None => None,
        }
    }

    pub(super) fn kourou_reading(&self, path: &str) -> Result<Reading> {
        Ok(match classify_path(path) {
            FileClass::Documents => {
                let dirs = self.dirs_of(path);
                let opts = PipelineOptions {
                    file: Some(path.to_owned()),
                    max_request_bytes: Some(self.opts.max_request_bytes),
                    max_findings: self.opts.max_findings,
                    threads: self.opts.threads,
                    ..PipelineOptions::default()
                };
                let checker = dirs
                    .as_ref()
                    .and_then(|d| self.mappings.get(d))
                    .map(|m| Box::new(crate::mapping::DocChecker::new(m)) as Box<dyn BodyCheck>);
                Reading::Documents {
                    pipeline: Box::new(Pipeline::with_checker(opts, checker)?),
                    place: Place::Kourou(dirs),
                }
            }
            FileClass::Json => Reading::Small(Vec::new()),
            _ => Reading::Skipped,
        })
    }

    pub(super) fn kourou_small_done(&mut self, path: &str, size: u64, bytes: &[u8]) {
        let cap = self.opts.max_findings;
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let class = match small_file_class(path, bytes) {
            Ok(class) => class,
            Err(f) => {
                self.report.add([f.in_file(Some(path))], cap);
                self.report.files.push(FileSummary::new(path, FileClass::Json, size));
                return;
            }
        };
        match class {
            FileClass::Mappings => self.kourou_mappings(path, bytes),
            FileClass::Roles
            | FileClass::Profiles
            | FileClass::Users
            | FileClass::Specifications
            | FileClass::ApiKeys
            | FileClass::UsersMappings => match crate::security::parse_security_file(bytes) {
                Ok(file) => {
                    self.report
                        .add(file.findings.into_iter().map(|f| f.in_file(Some(path))), cap);
                    let ids = file.entries.into_iter().filter_map(|e| match e.key {
                        EntryKey::Id(id) => Some(id),
                        EntryKey::Collection { index, collection } => Some(format!("{index}/{collection}")),
                        EntryKey::ApiKey { user_id, key_id } => Some(format!("{user_id}/{key_id}")),
                        EntryKey::UsersMapping => None,
                    });
                    self.report
                        .security
                        .entry(security_key(class).into())
                        .or_default()
                        .extend(ids);
                }
                Err(e) => self.report.add([finding_of(e).in_file(Some(path))], cap),
            },
            _ => {
                let f = Finding::warning(Code::UnknownFile, "skipped: a JSON file of no known dump type", 0, 0);
                self.report.add([f.in_file(Some(path))], cap);
            }
        }
        self.report.files.push(FileSummary::new(path, class, size));
    }

    fn kourou_mappings(&mut self, path: &str, bytes: &[u8]) {
        let cap = self.opts.max_findings;
        let dirs = self.dirs_of(path);
        let dirs_ref = dirs.as_ref().map(|(i, c)| (i.as_str(), c.as_str()));
        match crate::mapping::parse_mappings_file(bytes, dirs_ref) {
            Ok(file) => {
                self.report
                    .add(file.warnings.into_iter().map(|f| f.in_file(Some(path))), cap);
                for c in file.collections {
                    let problems = crate::mapping::check_mapping(&c.mappings);
                    self.report
                        .add(problems.into_iter().map(|f| f.in_file(Some(path))), cap);
                    let summary = self.report.collection(&c.index, &c.collection);
                    summary.has_mappings = true;
                    summary.mapped_fields = count_fields(&c.mappings);
                    summary.dynamic = c.mappings.get("dynamic").map(dynamic_text);
                    self.mappings.insert((c.index, c.collection), c.mappings);
                }
            }
            Err(e) => self.report.add([finding_of(e).in_file(Some(path))], cap),
        }
    }
}

/// What a small JSON file of a Kourou tree is (BOM already stripped): its `type`, or a raw
/// `mappings.json`; invalid JSON is a `JSON_SYNTAX` finding.
pub(crate) fn small_file_class(path: &str, bytes: &[u8]) -> Result<FileClass, Finding> {
    let tree = Json::parse(bytes).map_err(|e| {
        let (line, column) = crate::position::line_col(bytes, e.offset);
        Finding::error(Code::JsonSyntax, format!("invalid JSON: {}", e.message), line, column)
    })?;
    let is_raw_mappings = path.rsplit('/').next() == Some("mappings.json") && tree.get("type").is_none();
    Ok(match tree.get("type").and_then(|t| t.as_str()) {
        Some(t) => FileClass::from_type(&t),
        None if is_raw_mappings => FileClass::Mappings,
        None => FileClass::Unknown,
    })
}

/// `dynamic` as text (`"false"`, or `true` written as a boolean).
pub(super) fn dynamic_text(v: &Json) -> String {
    match v {
        Json::String(s) => s.text().into_owned(),
        other => other.to_compact(),
    }
}

fn security_key(class: FileClass) -> &'static str {
    match class {
        FileClass::Roles => "roles",
        FileClass::Profiles => "profiles",
        FileClass::Users => "users",
        FileClass::UsersMappings => "usersMappings",
        FileClass::Specifications => "specifications",
        FileClass::ApiKeys => "apiKeys",
        _ => "other",
    }
}

/// Which collection a documents file fills (the header wins over the folders), and the
/// findings about its names.
pub(super) fn collection_of(
    report: &Report,
    dirs: Option<(String, String)>,
) -> (Option<(String, String)>, Vec<Finding>) {
    collection_names(report.header.as_ref(), dirs)
}

/// Which collection a documents file with this header (if valid) fills: the header wins over
/// the folders (`NAME_MISMATCH` warning); names that break Kuzzle's rules are errors.
pub(crate) fn collection_names(
    header: Option<&Header>,
    dirs: Option<(String, String)>,
) -> (Option<(String, String)>, Vec<Finding>) {
    let mut findings = Vec::new();
    let Some(h) = header else {
        return (dirs, findings);
    };
    if let Some((di, dc)) = &dirs {
        if *di != h.index || *dc != h.collection {
            let msg = format!(
                "the header names {}/{} but the file is in {di}/{dc}: the header wins",
                h.index, h.collection
            );
            findings.push(Finding::warning(Code::NameMismatch, msg, 1, 0));
        }
    }
    if let Err(p) = crate::names::check_index_name(&h.index) {
        findings.push(Finding::error(
            Code::InvalidIndexName,
            format!("index name {:?} {p}", h.index),
            1,
            0,
        ));
    }
    if let Err(p) = crate::names::check_collection_name(&h.collection) {
        findings.push(Finding::error(
            Code::InvalidCollectionName,
            format!("collection name {:?} {p}", h.collection),
            1,
            0,
        ));
    }
    (Some((h.index.clone(), h.collection.clone())), findings)
}
