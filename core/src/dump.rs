//! A whole dump, file by file: the caller walks the folder and pushes each file's bytes in the
//! order [`DumpReader::order`] gives; the reader checks every file and sums up what the dump
//! holds (`validate` and `inspect` both read this report).

use crate::error::{Code, DumpError, Finding, Result, Severity};
use crate::pipeline::{Pipeline, PipelineOptions, Report};
use crate::plan::{classify_path, FileClass};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Largest small JSON file (mappings, security) read whole.
pub const MAX_SMALL_FILE: usize = 256 << 20;

/// Options of a [`DumpReader`].
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct DumpOptions {
    /// A document larger than this many bytes is reported (`DOCUMENT_TOO_LARGE`). @default 1048576
    pub max_request_bytes: usize,
    /// Most findings kept (all are counted). @default 1000
    pub max_findings: usize,
    /// Threads used on large chunks (native only). @default 1
    pub threads: usize,
}

impl Default for DumpOptions {
    fn default() -> Self {
        DumpOptions {
            max_request_bytes: crate::batch::DEFAULT_MAX_REQUEST_BYTES,
            max_findings: 1000,
            threads: 1,
        }
    }
}

/// One collection of the dump.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct CollectionSummary {
    /// Document lines read.
    pub documents: u64,
    /// Documents without errors.
    pub valid_documents: u64,
    /// Bytes of its documents file(s).
    pub bytes: u64,
    /// Its files, relative to the dump root.
    pub files: Vec<String>,
    /// Whether a mappings file was found.
    pub has_mappings: bool,
}

/// One file of the dump.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct FileSummary {
    /// Path relative to the dump root.
    pub path: String,
    /// What it is.
    pub class: FileClass,
    /// Its size.
    pub bytes: u64,
    /// Document lines, for documents files.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub documents: Option<u64>,
    /// Why it was not read, if it was skipped.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skipped: Option<String>,
}

/// Everything a dump holds, and what is wrong with it.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct DumpReport {
    /// No error-severity finding.
    pub ok: bool,
    /// Document lines read, in all files.
    pub documents: u64,
    /// Collections found.
    pub collections: u64,
    /// Bytes read.
    pub bytes: u64,
    /// Error-severity findings.
    pub errors: u64,
    /// Warning-severity findings.
    pub warnings: u64,
    /// The first findings, file by file.
    pub findings: Vec<Finding>,
    /// Whether findings were left out (they are still counted).
    pub findings_truncated: bool,
    /// index → collection → summary.
    pub indexes: BTreeMap<String, BTreeMap<String, CollectionSummary>>,
    /// Security objects: file class name → ids.
    pub security: BTreeMap<String, Vec<String>>,
    /// Every file, in the order read.
    pub files: Vec<FileSummary>,
}

impl DumpReport {
    fn add(&mut self, findings: impl IntoIterator<Item = Finding>, cap: usize) {
        for f in findings {
            match f.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
            }
            if self.findings.len() < cap {
                self.findings.push(f);
            } else {
                self.findings_truncated = true;
            }
        }
    }
}

enum Current {
    Documents {
        pipeline: Box<Pipeline>,
        dirs: Option<(String, String)>,
    },
    Small {
        bytes: Vec<u8>,
    },
    Skipped,
}

/// Reads a dump pushed file by file.
pub struct DumpReader {
    opts: DumpOptions,
    /// Mappings read so far, by (index, collection), to check the documents against.
    mappings: BTreeMap<(String, String), crate::json::Json>,
    report: DumpReport,
    current: Option<(String, Current, u64)>,
    finished: bool,
}

impl DumpReader {
    /// A reader with the given options.
    pub fn new(opts: DumpOptions) -> Self {
        DumpReader {
            opts,
            mappings: BTreeMap::new(),
            report: DumpReport::default(),
            current: None,
            finished: false,
        }
    }

    /// The order to push the files in: small JSON files (mappings, security) first, so that
    /// documents can be checked against them, then documents files; Kourou's walk order within
    /// each group. Files that are never read (import error files, CSV) come last.
    pub fn order(paths: &[String]) -> Vec<String> {
        let mut sorted = paths.to_vec();
        crate::plan::walk_order(&mut sorted);
        let rank = |p: &String| match classify_path(p) {
            FileClass::Json => 0,
            FileClass::Documents | FileClass::Fixtures => 1,
            _ => 2,
        };
        sorted.sort_by_key(rank);
        sorted
    }

    /// Starts a file (its path relative to the dump root, `/`-separated).
    pub fn begin_file(&mut self, path: &str) -> Result<()> {
        if self.finished || self.current.is_some() {
            return Err(DumpError::InvalidState(
                "begin_file while a file is open or after finish".into(),
            ));
        }
        let class = classify_path(path);
        let parts: Vec<&str> = path.split('/').collect();
        let dirs = (parts.len() >= 3).then(|| (parts[parts.len() - 3].to_owned(), parts[parts.len() - 2].to_owned()));
        let current = match class {
            FileClass::Documents => {
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
                    .map(|m| Box::new(crate::mapping::DocChecker::new(m)) as Box<dyn crate::pipeline::BodyCheck>);
                Current::Documents {
                    pipeline: Box::new(Pipeline::with_checker(opts, checker)?),
                    dirs,
                }
            }
            FileClass::Json => Current::Small { bytes: Vec::new() },
            _ => Current::Skipped,
        };
        self.current = Some((path.to_owned(), current, 0));
        Ok(())
    }

    /// Pushes the next chunk of the open file.
    pub fn push(&mut self, chunk: &[u8]) -> Result<()> {
        let Some((path, current, size)) = &mut self.current else {
            return Err(DumpError::InvalidState("push without begin_file".into()));
        };
        *size += chunk.len() as u64;
        match current {
            Current::Documents { pipeline, .. } => {
                pipeline.push(chunk)?;
            }
            Current::Small { bytes, .. } => {
                if bytes.len() + chunk.len() > MAX_SMALL_FILE {
                    return Err(DumpError::data(
                        Code::UnknownFile,
                        format!("{path} is too large for a JSON dump file"),
                        0,
                        0,
                    ));
                }
                bytes.extend_from_slice(chunk);
            }
            Current::Skipped => {}
        }
        Ok(())
    }

    /// Ends the open file.
    pub fn end_file(&mut self) -> Result<()> {
        let Some((path, current, size)) = self.current.take() else {
            return Err(DumpError::InvalidState("end_file without begin_file".into()));
        };
        self.report.bytes += size;
        let cap = self.opts.max_findings;
        match current {
            Current::Documents { mut pipeline, dirs } => {
                let (_, report) = pipeline.finish()?;
                self.documents_done(&path, size, dirs, report);
            }
            Current::Small { bytes } => self.small_done(&path, size, &bytes),
            Current::Skipped => {
                let class = classify_path(&path);
                let why = match class {
                    FileClass::ImportErrors => "an importer's error file, not documents",
                    FileClass::Csv => "CSV exports cannot be imported",
                    FileClass::Fixtures => "the kuzzle fixtures format is not validated yet",
                    _ => "not a dump file",
                };
                if class != FileClass::ImportErrors {
                    let f = Finding::warning(Code::UnknownFile, format!("skipped: {why}"), 0, 0).in_file(Some(&path));
                    self.report.add([f], cap);
                }
                self.report.files.push(FileSummary {
                    path,
                    class,
                    bytes: size,
                    documents: None,
                    skipped: Some(why.into()),
                });
            }
        }
        Ok(())
    }

    fn documents_done(&mut self, path: &str, size: u64, dirs: Option<(String, String)>, report: Report) {
        let cap = self.opts.max_findings;
        let mut extra = Vec::new();
        let names = match (&report.header, &dirs) {
            (Some(h), dirs) => {
                if let Some((di, dc)) = dirs {
                    if *di != h.index || *dc != h.collection {
                        extra.push(Finding::warning(
                            Code::NameMismatch,
                            format!(
                                "the header names {}/{} but the file is in {di}/{dc}: the header wins",
                                h.index, h.collection
                            ),
                            1,
                            0,
                        ));
                    }
                }
                if let Err(p) = crate::names::check_index_name(&h.index) {
                    extra.push(Finding::error(
                        Code::InvalidIndexName,
                        format!("index name {:?} {p}", h.index),
                        1,
                        0,
                    ));
                }
                if let Err(p) = crate::names::check_collection_name(&h.collection) {
                    extra.push(Finding::error(
                        Code::InvalidCollectionName,
                        format!("collection name {:?} {p}", h.collection),
                        1,
                        0,
                    ));
                }
                Some((h.index.clone(), h.collection.clone()))
            }
            (None, Some(d)) => Some(d.clone()),
            (None, None) => None,
        };
        // Header findings first, then the file's own (already in line order).
        self.report.add(extra.into_iter().map(|f| f.in_file(Some(path))), cap);
        self.report.add(report.findings.iter().cloned(), cap);
        let unlisted = report.errors + report.warnings - report.findings.len() as u64;
        if unlisted > 0 {
            self.report.findings_truncated = true;
            self.report.errors += report.errors.saturating_sub(count(&report.findings, Severity::Error));
            self.report.warnings += report
                .warnings
                .saturating_sub(count(&report.findings, Severity::Warning));
        }
        self.report.documents += report.documents;
        if let Some((index, collection)) = names {
            let c = self
                .report
                .indexes
                .entry(index)
                .or_default()
                .entry(collection)
                .or_default();
            c.documents += report.documents;
            c.valid_documents += report.valid_documents;
            c.bytes += size;
            c.files.push(path.to_owned());
        }
        self.report.files.push(FileSummary {
            path: path.to_owned(),
            class: FileClass::Documents,
            bytes: size,
            documents: Some(report.documents),
            skipped: None,
        });
    }

    fn small_done(&mut self, path: &str, size: u64, bytes: &[u8]) {
        let cap = self.opts.max_findings;
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let tree = match crate::json::Json::parse(bytes) {
            Ok(t) => t,
            Err(e) => {
                let (line, column) = crate::position::line_col(bytes, e.offset);
                let f = Finding::error(Code::JsonSyntax, format!("invalid JSON: {}", e.message), line, column);
                self.report.add([f.in_file(Some(path))], cap);
                self.report.files.push(FileSummary {
                    path: path.into(),
                    class: FileClass::Json,
                    bytes: size,
                    documents: None,
                    skipped: None,
                });
                return;
            }
        };
        let is_raw_mappings = path.rsplit('/').next() == Some("mappings.json") && tree.get("type").is_none();
        let class = match tree.get("type").and_then(|t| t.as_str()) {
            Some(t) => FileClass::from_type(&t),
            None if is_raw_mappings => FileClass::Mappings,
            None => FileClass::Unknown,
        };
        match class {
            FileClass::Mappings => {
                let parts: Vec<&str> = path.split('/').collect();
                let dirs = (parts.len() >= 3).then(|| (parts[parts.len() - 3], parts[parts.len() - 2]));
                match crate::mapping::parse_mappings_file(bytes, dirs) {
                    Ok(file) => {
                        self.report
                            .add(file.warnings.into_iter().map(|f| f.in_file(Some(path))), cap);
                        for c in file.collections {
                            let problems = crate::mapping::check_mapping(&c.mappings);
                            self.report
                                .add(problems.into_iter().map(|f| f.in_file(Some(path))), cap);
                            let entry = self.report.indexes.entry(c.index.clone()).or_default();
                            entry.entry(c.collection.clone()).or_default().has_mappings = true;
                            self.mappings.insert((c.index, c.collection), c.mappings);
                        }
                    }
                    Err(e) => self.report.add([finding_of(e).in_file(Some(path))], cap),
                }
            }
            FileClass::Roles
            | FileClass::Profiles
            | FileClass::Users
            | FileClass::Specifications
            | FileClass::ApiKeys => {
                let ids = tree
                    .get("content")
                    .and_then(|c| c.as_object())
                    .map(|m| m.iter().map(|(k, _)| k.text().into_owned()).collect())
                    .unwrap_or_default();
                self.report
                    .security
                    .entry(class_name(class).into())
                    .or_default()
                    .extend::<Vec<String>>(ids);
            }
            FileClass::UsersMappings => {
                self.report.security.entry(class_name(class).into()).or_default();
            }
            _ => {
                let f = Finding::warning(Code::UnknownFile, "skipped: a JSON file of no known dump type", 0, 0);
                self.report.add([f.in_file(Some(path))], cap);
            }
        }
        self.report.files.push(FileSummary {
            path: path.into(),
            class,
            bytes: size,
            documents: None,
            skipped: None,
        });
    }

    /// Ends the dump and returns the report.
    pub fn finish(&mut self) -> Result<DumpReport> {
        if self.current.is_some() {
            return Err(DumpError::InvalidState("finish while a file is open".into()));
        }
        self.finished = true;
        let mut report = std::mem::take(&mut self.report);
        report.collections = report.indexes.values().map(|c| c.len() as u64).sum();
        report.ok = report.errors == 0;
        Ok(report)
    }
}

fn finding_of(e: DumpError) -> Finding {
    match e {
        DumpError::Data(f) => *f,
        other => Finding::error(other.code(), other.to_string(), 0, 0),
    }
}

fn count(findings: &[Finding], severity: Severity) -> u64 {
    findings.iter().filter(|f| f.severity == severity).count() as u64
}

fn class_name(class: FileClass) -> &'static str {
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
