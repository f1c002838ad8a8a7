//! `convert`: a dump rewritten in another layout (formats.md §3–§6): Kourou trees, elasticdump /
//! multielasticdump folders and Kourou `es:migrate` folders, each into the others.
//!
//! The caller does all I/O, as for [`crate::dump::DumpReader`], whose detection, file order,
//! gzip and content sniffing this shares: it lists the source folder, detects its format
//! ([`Converter::detect`]), pushes every file in [`Converter::order`] (chunk by chunk), and
//! writes the [`OutChunk`]s each call returns under the destination folder. Documents stream
//! through; only the small files (mappings, settings, aliases, security objects) are held, and
//! what depends on the whole dump (definitions, security files, empty indexes) is written by
//! [`Converter::finish`].
//!
//! Empty folders have no files to push: the caller passes each folder as a path ending in `/`
//! (any folder may be passed; a top-level one under which no file was pushed is an empty Kourou
//! index).

mod es_in;
mod es_out;
mod kourou_in;
mod output;
mod place;
mod report;

pub use output::OutChunk;
pub use report::{ConvertReport, OutFile};

use crate::dump::input::{es_head_ready, header_ready, Input};
use crate::dump::{DumpReader, Tally};
use crate::elasticdump::files::{EsFile, RootFormat};
use crate::error::{Code, DumpError, Finding, Result};
use crate::pipeline::{InputFormat, OutputFormat, Pipeline, PipelineOptions};
use crate::security::SecurityKind;
use output::{DataTarget, Output};
use serde::Deserialize;
use std::collections::BTreeMap;

/// Options of a [`Converter`].
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct ConvertOptions {
    /// The source's format ([`Converter::detect`]). @default "kourou"
    pub from: RootFormat,
    /// The format to write. @default "elasticdump"
    pub to: RootFormat,
    /// Compress the ES-level outputs: every name ends in `.json.gz` (multielasticdump
    /// `--fsCompress`). Kourou reads no gzip, so a Kourou output refuses it. @default false
    pub gzip: bool,
    /// Kuzzle's internal index name (`services.storageEngine.internalIndex`). @default "kuzzle"
    pub internal_index: String,
    /// Most findings kept in the report (all are counted). @default 1000
    pub max_findings: usize,
}

impl Default for ConvertOptions {
    fn default() -> Self {
        ConvertOptions {
            from: RootFormat::Kourou,
            to: RootFormat::Elasticdump,
            gzip: false,
            internal_index: "kuzzle".into(),
            max_findings: 1000,
        }
    }
}

/// What the open file is being read as.
enum Reading {
    /// First bytes held until the file's kind (ES level) or header (Kourou) can be told.
    Held(Vec<u8>),
    /// Documents converted into `target`.
    Documents {
        pipeline: Box<Pipeline>,
        target: DataTarget,
    },
    /// Documents checked and counted but not converted (for `es_index`, if any).
    Counted {
        pipeline: Box<Pipeline>,
        es_index: Option<String>,
    },
    /// A small file, read whole.
    Small(Vec<u8>, Small),
    /// Not read.
    Skipped,
}

/// What a small file is.
enum Small {
    /// An ES-level definition file (mapping, settings, alias, index, specs, template).
    EsArtefact(EsFile),
    /// The documents of a `%kuzzle` security index, read whole into a security file.
    EsSecurity(SecurityKind),
    /// A Kourou `mappings.json` or security file.
    Kourou,
}

struct Open {
    input: Input,
    reading: Reading,
}

/// Converts a dump pushed file by file.
pub struct Converter {
    opts: ConvertOptions,
    out: Output,
    report: ConvertReport,
    open: Option<Open>,
    finished: bool,
    es: es_in::EsSource,
    kourou: kourou_in::KourouSource,
}

impl Converter {
    /// A converter. Fails (`INVALID_OPTIONS`) for a Kourou → Kourou conversion, gzip for a Kourou
    /// output, or an internal index name Kuzzle would refuse.
    pub fn new(opts: ConvertOptions) -> Result<Self> {
        if opts.from == RootFormat::Kourou && opts.to == RootFormat::Kourou {
            return Err(DumpError::InvalidOptions(
                "the source is already a Kourou tree: nothing to convert".into(),
            ));
        }
        if opts.gzip && opts.to == RootFormat::Kourou {
            return Err(DumpError::InvalidOptions(
                "gzip is for elasticdump and es:migrate outputs: Kourou cannot read gzip files".into(),
            ));
        }
        if let Err(p) = crate::names::check_index_name(&opts.internal_index) {
            return Err(DumpError::InvalidOptions(format!(
                "internalIndex {:?} {p}",
                opts.internal_index
            )));
        }
        let mut report = ConvertReport::new(opts.from, opts.to);
        if opts.gzip && opts.to == RootFormat::EsMigrate {
            let f = Finding::warning(
                Code::NotRepresentable,
                "Kourou's es:migrate cannot read gzip files: only kuzzle-dump can load this folder",
                0,
                0,
            );
            report.add([f], opts.max_findings);
        }
        Ok(Converter {
            opts,
            out: Output::default(),
            report,
            open: None,
            finished: false,
            es: es_in::EsSource::default(),
            kourou: kourou_in::KourouSource::default(),
        })
    }

    /// The format of a source folder, as [`DumpReader::detect`] tells it (paths, and the first
    /// bytes of its top-level files).
    pub fn detect(paths: &[String], heads: &BTreeMap<String, Vec<u8>>) -> RootFormat {
        DumpReader::detect(paths, heads)
    }

    /// The order to push the files in, as [`DumpReader::order`]: definitions (mappings,
    /// settings, aliases, specs, security files) before documents, so that the place of a
    /// documents file is known when it begins.
    pub fn order(from: RootFormat, paths: &[String]) -> Vec<String> {
        DumpReader::order(from, paths)
    }

    /// Starts a file (its path relative to the source root, `/`-separated; a folder's ends
    /// in `/`).
    pub fn begin_file(&mut self, path: &str) -> Result<Vec<OutChunk>> {
        if self.finished || self.open.is_some() {
            return Err(DumpError::InvalidState(
                "begin_file while a file is open or after finish".into(),
            ));
        }
        let reading = match self.opts.from {
            RootFormat::Kourou => self.kourou_begin(path),
            _ if path.ends_with('/') => Reading::Skipped,
            _ => Reading::Held(Vec::new()),
        };
        self.open = Some(Open {
            input: Input::new(path),
            reading,
        });
        Ok(self.out.take())
    }

    /// Pushes the next chunk of the open file; returns the output that is ready.
    pub fn push(&mut self, chunk: &[u8]) -> Result<Vec<OutChunk>> {
        let Some(mut open) = self.open.take() else {
            return Err(DumpError::InvalidState("push without begin_file".into()));
        };
        let result = open
            .input
            .push(chunk)
            .and_then(|plain| self.feed(&mut open, &plain, false));
        self.open = Some(open);
        result?;
        Ok(self.out.take())
    }

    /// Ends the open file.
    pub fn end_file(&mut self) -> Result<Vec<OutChunk>> {
        let Some(mut open) = self.open.take() else {
            return Err(DumpError::InvalidState("end_file without begin_file".into()));
        };
        let cap = self.opts.max_findings;
        let (plain, gzip_error) = open.input.finish();
        self.report.add(gzip_error, cap);
        self.feed(&mut open, &plain, true)?;
        self.report.bytes_in += open.input.bytes;
        let path = open.input.path;
        match open.reading {
            Reading::Documents { mut pipeline, target } => {
                let (out, report) = pipeline.finish()?;
                self.out.data(&target, &out.bytes)?;
                self.report.add_findings_of(&report, cap);
            }
            Reading::Counted { mut pipeline, es_index } => {
                let (_, report) = pipeline.finish()?;
                self.report.add_findings_of(&report, cap);
                if let Some(name) = es_index {
                    self.es.count(&name, report.documents);
                }
            }
            Reading::Small(bytes, Small::EsArtefact(file)) => self.es_artefact_done(&path, &file, &bytes),
            Reading::Small(bytes, Small::EsSecurity(kind)) => self.es_security_done(&path, kind, &bytes),
            Reading::Small(bytes, Small::Kourou) => self.kourou_small_done(&path, &bytes),
            Reading::Skipped | Reading::Held(_) => {}
        }
        Ok(self.out.take())
    }

    /// Hands plain bytes to the open file's reader; decides what it is once enough bytes (or
    /// the end) are there.
    fn feed(&mut self, open: &mut Open, bytes: &[u8], end: bool) -> Result<()> {
        if let Reading::Held(head) = &mut open.reading {
            head.extend_from_slice(bytes);
            let ready = match self.opts.from {
                RootFormat::Kourou => header_ready(head, end),
                _ => es_head_ready(head, end),
            };
            if !ready {
                return Ok(());
            }
            let head = std::mem::take(head);
            open.reading = match self.opts.from {
                RootFormat::Kourou => self.kourou_documents(&open.input.path, &head)?,
                _ => self.es_decide(&open.input.path, &head)?,
            };
            return self.feed(open, &head, end);
        }
        match &mut open.reading {
            Reading::Documents { pipeline, target } => {
                let out = pipeline.push(bytes)?;
                self.out.data(target, &out.bytes)?;
            }
            Reading::Counted { pipeline, .. } => {
                pipeline.push(bytes)?;
            }
            Reading::Small(content, _) => crate::dump::gather(content, bytes, &open.input.path)?,
            Reading::Skipped | Reading::Held(_) => {}
        }
        Ok(())
    }

    /// A pipeline over one documents file of the source.
    fn pipeline(
        &self,
        path: &str,
        input: InputFormat,
        output: OutputFormat,
        es_index: Option<String>,
    ) -> Result<Pipeline> {
        Pipeline::new(PipelineOptions {
            input,
            output,
            file: Some(path.to_owned()),
            es_index,
            // A conversion drops no document for its size.
            max_request_bytes: Some(usize::MAX),
            // elasticdump parses with JavaScript: say which numbers it would change (§4.6).
            js_numbers: self.opts.to == RootFormat::Elasticdump && output != OutputFormat::None,
            max_findings: self.opts.max_findings,
            ..PipelineOptions::default()
        })
    }

    /// Adds findings about one source file.
    fn findings(&mut self, path: Option<&str>, findings: impl IntoIterator<Item = Finding>) {
        let cap = self.opts.max_findings;
        self.report.add(findings.into_iter().map(|f| f.in_file(path)), cap);
    }

    /// Ends the conversion: writes what depends on the whole dump and returns the report.
    pub fn finish(&mut self) -> Result<(Vec<OutChunk>, ConvertReport)> {
        if self.open.is_some() || self.finished {
            return Err(DumpError::InvalidState("finish while a file is open, or twice".into()));
        }
        self.finished = true;
        self.out.close_stream()?;
        match self.opts.from {
            RootFormat::Kourou => self.kourou_finish()?,
            _ => self.es_finish()?,
        }
        self.out.close_stream()?;
        let mut report = std::mem::replace(&mut self.report, ConvertReport::new(self.opts.from, self.opts.to));
        report.files = self.out.files().to_vec();
        report.documents = report.files.iter().map(|f| f.documents).sum();
        report.ok = report.errors == 0;
        Ok((self.out.take(), report))
    }
}

/// Runs a whole conversion over in-memory files, for the modules' tests.
#[cfg(test)]
pub(crate) mod testing {
    use super::*;

    /// Output files (path → bytes, folders with no bytes) and the report; files are pushed in
    /// [`Converter::order`], in 3-byte chunks.
    pub(crate) fn run(opts: ConvertOptions, files: &[(&str, &[u8])]) -> (BTreeMap<String, Vec<u8>>, ConvertReport) {
        let paths: Vec<String> = files.iter().map(|(p, _)| p.to_string()).collect();
        let mut c = Converter::new(opts.clone()).unwrap();
        let mut chunks = Vec::new();
        for p in Converter::order(opts.from, &paths) {
            let bytes = files.iter().find(|(f, _)| *f == p).map_or(&b""[..], |(_, b)| b);
            chunks.extend(c.begin_file(&p).unwrap());
            for piece in bytes.chunks(3) {
                chunks.extend(c.push(piece).unwrap());
            }
            chunks.extend(c.end_file().unwrap());
        }
        let (rest, report) = c.finish().unwrap();
        chunks.extend(rest);
        let mut out: BTreeMap<String, Vec<u8>> = BTreeMap::new();
        for ch in chunks {
            out.entry(ch.path).or_default().extend(ch.bytes);
        }
        (out, report)
    }

    /// The codes of the report's findings.
    pub(crate) fn codes(report: &ConvertReport) -> Vec<Code> {
        report.findings.iter().map(|f| f.code).collect()
    }

    /// Options for `from` → `to`.
    pub(crate) fn opts(from: RootFormat, to: RootFormat) -> ConvertOptions {
        ConvertOptions {
            from,
            to,
            ..ConvertOptions::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::testing::opts;
    use super::*;

    #[test]
    fn options_are_checked() {
        let code = |o: ConvertOptions| Converter::new(o).err().map(|e| e.code());
        assert_eq!(
            code(opts(RootFormat::Kourou, RootFormat::Kourou)),
            Some(Code::InvalidOptions)
        );
        let gz = ConvertOptions {
            gzip: true,
            ..opts(RootFormat::Elasticdump, RootFormat::Kourou)
        };
        assert_eq!(code(gz), Some(Code::InvalidOptions));
        let internal = ConvertOptions {
            internal_index: "a/b".into(),
            ..ConvertOptions::default()
        };
        assert_eq!(code(internal), Some(Code::InvalidOptions));
        assert_eq!(code(ConvertOptions::default()), None);
        let parsed: ConvertOptions = serde_json::from_str(r#"{"from":"esMigrate","to":"kourou"}"#).unwrap();
        assert_eq!(
            (parsed.from, parsed.to, parsed.max_findings),
            (RootFormat::EsMigrate, RootFormat::Kourou, 1000)
        );
        assert!(serde_json::from_str::<ConvertOptions>(r#"{"form":"kourou"}"#).is_err());
        let mut c = Converter::new(ConvertOptions {
            gzip: true,
            ..opts(RootFormat::Kourou, RootFormat::EsMigrate)
        })
        .unwrap();
        let (_, report) = c.finish().unwrap();
        assert_eq!(report.findings[0].code, Code::NotRepresentable);
    }

    #[test]
    fn protocol_misuse_is_an_invalid_state() {
        let mut c = Converter::new(ConvertOptions::default()).unwrap();
        assert_eq!(c.push(b"x").unwrap_err().code(), Code::InvalidState);
        assert_eq!(c.end_file().unwrap_err().code(), Code::InvalidState);
        c.begin_file("i/c/documents.jsonl").unwrap();
        assert_eq!(c.begin_file("x").unwrap_err().code(), Code::InvalidState);
        assert_eq!(c.finish().unwrap_err().code(), Code::InvalidState);
        c.end_file().unwrap();
        let (_, report) = c.finish().unwrap();
        assert!(!report.ok, "a documents file without header nor documents is an error");
        assert_eq!(report.findings[0].code, Code::HeaderMissing);
        assert_eq!(c.finish().unwrap_err().code(), Code::InvalidState);
        assert_eq!(c.begin_file("x").unwrap_err().code(), Code::InvalidState);
    }
}
