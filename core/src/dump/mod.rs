//! A whole dump, file by file: the caller walks the folder and pushes each file's bytes in the
//! order [`DumpReader::order`] gives; the reader checks every file and sums up what the dump
//! holds (`validate` and `inspect` both read this report). Gzip is detected on every file by its
//! magic bytes. Kourou trees, elasticdump folders and `es:migrate` folders are all read.

mod es;
pub(crate) mod input;
pub(crate) mod kourou;
mod report;

pub(crate) use es::{artefact_entries, order_es};
pub(crate) use report::Tally;
pub use report::{CollectionSummary, DumpReport, FileSummary};

use crate::elasticdump::files::{detect_root, RootFormat};
use crate::elasticdump::layout::EsIndexInfo;
use crate::error::{Code, DumpError, Finding, Result};
use crate::json::Json;
use crate::pipeline::Pipeline;
use crate::plan::FileClass;
use input::{es_head_ready, Input};
use serde::Deserialize;
use std::collections::BTreeMap;

/// Largest small JSON file (mappings, security, elasticdump artefacts) read whole.
pub const MAX_SMALL_FILE: usize = 256 << 20;

/// Options of a [`DumpReader`].
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct DumpOptions {
    /// The dump's format; see [`DumpReader::detect`]. @default "kourou"
    pub format: RootFormat,
    /// A document larger than this many bytes is reported (`DOCUMENT_TOO_LARGE`). @default 1048576
    pub max_request_bytes: usize,
    /// Most findings kept (all are counted). @default 1000
    pub max_findings: usize,
    /// Threads used on large chunks (native only). @default 1
    pub threads: usize,
    /// Kuzzle's internal index name. @default "kuzzle"
    pub internal_index: String,
    /// `[index, collection]` of the files at the root, when the root is one collection's folder
    /// (Kourou format): its `mappings.json` then applies to its documents, as in a whole dump.
    pub root_collection: Option<(String, String)>,
}

impl Default for DumpOptions {
    fn default() -> Self {
        DumpOptions {
            format: RootFormat::Kourou,
            max_request_bytes: crate::batch::DEFAULT_MAX_REQUEST_BYTES,
            max_findings: 1000,
            threads: 1,
            internal_index: "kuzzle".into(),
            root_collection: None,
        }
    }
}

/// What the open file is being read as.
enum Reading {
    /// Waiting for the first bytes to decide (elasticdump names can be ambiguous).
    Sniffing(Vec<u8>),
    /// Documents through the pipeline; `place` says where they belong.
    Documents { pipeline: Box<Pipeline>, place: Place },
    /// A small JSON file, read whole.
    Small(Vec<u8>),
    /// Not read.
    Skipped,
}

/// Where a documents file's documents belong.
#[derive(Debug, Clone)]
enum Place {
    /// A Kourou collection, from the file's two parent folders (the header may override them).
    Kourou(Option<(String, String)>),
    /// A physical Elasticsearch index.
    Es(String),
}

struct OpenFile {
    input: Input,
    reading: Reading,
}

/// Reads a dump pushed file by file.
pub struct DumpReader {
    opts: DumpOptions,
    report: DumpReport,
    /// Kourou mappings read so far, by (index, collection).
    mappings: BTreeMap<(String, String), Json>,
    /// What the elasticdump / es:migrate files say of each physical index.
    es_indices: BTreeMap<String, EsIndexInfo>,
    /// Documents counted per physical index.
    es_documents: BTreeMap<String, CollectionSummary>,
    open: Option<OpenFile>,
    finished: bool,
}

impl DumpReader {
    /// A reader with the given options.
    pub fn new(opts: DumpOptions) -> Self {
        let format = opts.format;
        DumpReader {
            opts,
            report: DumpReport {
                format: Some(format),
                ..DumpReport::default()
            },
            mappings: BTreeMap::new(),
            es_indices: BTreeMap::new(),
            es_documents: BTreeMap::new(),
            open: None,
            finished: false,
        }
    }

    /// The format of a dump folder from its file paths and the first bytes of its top-level
    /// files (`heads`: path → first bytes, gzip or not; a few KiB each is plenty).
    pub fn detect(paths: &[String], heads: &BTreeMap<String, Vec<u8>>) -> RootFormat {
        let names: Vec<&str> = paths.iter().map(String::as_str).collect();
        detect_root(&names, |name| heads.get(name).cloned())
    }

    /// The order to push the files in: whatever describes collections (mappings, security,
    /// elasticdump artefacts) before the documents, so that documents are checked against it.
    pub fn order(format: RootFormat, paths: &[String]) -> Vec<String> {
        match format {
            RootFormat::Kourou => kourou::order(paths),
            RootFormat::Elasticdump | RootFormat::EsMigrate => order_es(paths),
        }
    }

    /// Starts a file (its path relative to the dump root, `/`-separated).
    pub fn begin_file(&mut self, path: &str) -> Result<()> {
        if self.finished || self.open.is_some() {
            return Err(DumpError::InvalidState(
                "begin_file while a file is open or after finish".into(),
            ));
        }
        let reading = match self.opts.format {
            RootFormat::Kourou => self.kourou_reading(path)?,
            RootFormat::Elasticdump | RootFormat::EsMigrate => Reading::Sniffing(Vec::new()),
        };
        self.open = Some(OpenFile {
            input: Input::new(path),
            reading,
        });
        Ok(())
    }

    /// Pushes the next chunk of the open file.
    pub fn push(&mut self, chunk: &[u8]) -> Result<()> {
        let Some(mut open) = self.open.take() else {
            return Err(DumpError::InvalidState("push without begin_file".into()));
        };
        let result = open
            .input
            .push(chunk)
            .and_then(|plain| self.feed(&mut open, &plain, false));
        self.open = Some(open);
        result
    }

    /// Ends the open file.
    pub fn end_file(&mut self) -> Result<()> {
        let Some(mut open) = self.open.take() else {
            return Err(DumpError::InvalidState("end_file without begin_file".into()));
        };
        let (plain, gzip_error) = open.input.finish();
        self.report.add(gzip_error, self.opts.max_findings);
        self.feed(&mut open, &plain, true)?;
        self.report.bytes += open.input.bytes;
        let OpenFile {
            input: Input { path, bytes, .. },
            reading,
        } = open;
        match reading {
            Reading::Documents { mut pipeline, place } => {
                let (_, report) = pipeline.finish()?;
                self.documents_done(&path, bytes, place, report);
            }
            Reading::Small(content) => match self.opts.format {
                RootFormat::Kourou => self.kourou_small_done(&path, bytes, &content),
                _ => self.es_small_done(&path, bytes, &content),
            },
            Reading::Skipped | Reading::Sniffing(_) => self.skipped(&path, bytes),
        }
        Ok(())
    }

    /// Hands decompressed bytes to the open file's reader; decides what it is once enough
    /// bytes (or the end) are there.
    fn feed(&mut self, open: &mut OpenFile, bytes: &[u8], end: bool) -> Result<()> {
        if let Reading::Sniffing(head) = &mut open.reading {
            head.extend_from_slice(bytes);
            if !es_head_ready(head, end) {
                return Ok(());
            }
            let head = std::mem::take(head);
            open.reading = self.es_reading(&open.input.path, &head)?;
            return self.feed(open, &head, end);
        }
        match &mut open.reading {
            Reading::Documents { pipeline, .. } => {
                pipeline.push(bytes)?;
            }
            Reading::Small(content) => {
                gather(content, bytes, &open.input.path)?;
            }
            Reading::Skipped | Reading::Sniffing(_) => {}
        }
        Ok(())
    }

    fn skipped(&mut self, path: &str, size: u64) {
        let class = crate::plan::classify_path(path);
        let why = skip_reason(class);
        if !crate::plan::skipped_quietly(class) {
            let f = Finding::warning(Code::UnknownFile, format!("skipped: {why}"), 0, 0).in_file(Some(path));
            self.report.add([f], self.opts.max_findings);
        }
        self.report.files.push(FileSummary::new(path, class, size).skipped(why));
    }

    fn documents_done(&mut self, path: &str, size: u64, place: Place, report: crate::pipeline::Report) {
        let cap = self.opts.max_findings;
        let target = match place {
            Place::Kourou(dirs) => {
                let (names, findings) = kourou::collection_of(&report, dirs);
                self.report
                    .add(findings.into_iter().map(|f| f.in_file(Some(path))), cap);
                names.map(|(i, c)| self.report.collection(&i, &c))
            }
            Place::Es(index) => Some(self.es_documents.entry(index).or_default()),
        };
        if let Some(c) = target {
            c.documents += report.documents;
            c.valid_documents += report.valid_documents;
            c.bytes += size;
            c.files.push(path.to_owned());
        }
        self.report.add_file_report(&report, cap);
        let mut file = FileSummary::new(path, FileClass::Documents, size);
        file.documents = Some(report.documents);
        self.report.files.push(file);
    }

    /// Ends the dump and returns the report.
    pub fn finish(&mut self) -> Result<DumpReport> {
        if self.open.is_some() {
            return Err(DumpError::InvalidState("finish while a file is open".into()));
        }
        self.finished = true;
        if self.opts.format != RootFormat::Kourou {
            self.es_finish();
        }
        let mut report = std::mem::take(&mut self.report);
        report.collections = report.indexes.values().map(|c| c.len() as u64).sum();
        report.ok = report.errors == 0;
        Ok(report)
    }
}

pub(crate) use input::finding_of;

/// Why a file of this class is not read (the kuzzle fixtures format is read by `import` only).
pub(crate) fn skip_reason(class: FileClass) -> &'static str {
    match class {
        FileClass::ImportErrors => "an importer's error file, not documents",
        FileClass::Manifest => "kuzzle-dump's manifest (restore and verify check it)",
        FileClass::Csv => "CSV exports cannot be imported",
        FileClass::Fixtures => "the kuzzle fixtures format is read by import, not here",
        _ => "not a dump file",
    }
}

/// Appends a small file's bytes, refusing to hold more than [`MAX_SMALL_FILE`].
pub(crate) fn gather(content: &mut Vec<u8>, bytes: &[u8], path: &str) -> Result<()> {
    if content.len() + bytes.len() > MAX_SMALL_FILE {
        let msg = format!("{path} is too large for a JSON dump file");
        return Err(DumpError::data(Code::UnknownFile, msg, 0, 0));
    }
    content.extend_from_slice(bytes);
    Ok(())
}
