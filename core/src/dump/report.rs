//! The summary of a dump: counts, findings, collections, security objects, files.

use crate::elasticdump::files::RootFormat;
use crate::error::{Finding, Severity};
use crate::plan::FileClass;
use serde::Serialize;
use std::collections::BTreeMap;

/// One collection of the dump.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct CollectionSummary {
    /// Document lines read.
    pub documents: u64,
    /// Documents without errors.
    pub valid_documents: u64,
    /// Bytes of its documents file(s), as stored (compressed if gzip).
    pub bytes: u64,
    /// Its files, relative to the dump root.
    pub files: Vec<String>,
    /// Whether a mapping was found.
    pub has_mappings: bool,
    /// Number of fields its mapping declares (leaf and object fields).
    pub mapped_fields: u64,
    /// The mapping's root `dynamic` value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dynamic: Option<String>,
    /// The physical Elasticsearch index it came from (ES-level dumps).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub es_index: Option<String>,
}

/// One file of the dump.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct FileSummary {
    /// Path relative to the dump root.
    pub path: String,
    /// What it is.
    pub class: FileClass,
    /// Its size as stored.
    pub bytes: u64,
    /// Document lines, for documents files.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub documents: Option<u64>,
    /// Why it was not read, if it was skipped.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skipped: Option<String>,
}

impl FileSummary {
    pub(crate) fn new(path: &str, class: FileClass, bytes: u64) -> Self {
        FileSummary {
            path: path.to_owned(),
            class,
            bytes,
            documents: None,
            skipped: None,
        }
    }

    pub(crate) fn skipped(mut self, why: &str) -> Self {
        self.skipped = Some(why.to_owned());
        self
    }
}

/// Everything a dump holds, and what is wrong with it.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct DumpReport {
    /// No error-severity finding.
    pub ok: bool,
    /// The dump's format.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<RootFormat>,
    /// Document lines read, in all files.
    pub documents: u64,
    /// Collections found.
    pub collections: u64,
    /// Bytes read (as stored).
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
    /// Security objects: `roles`, `profiles`, `users`, … → ids (or document counts at ES level).
    pub security: BTreeMap<String, Vec<String>>,
    /// Internal and plugin indices a Kourou layout cannot hold (ES-level dumps), with their
    /// document counts.
    pub internal: BTreeMap<String, u64>,
    /// Every file, in the order read.
    pub files: Vec<FileSummary>,
}

/// Findings kept up to a cap and all counted, as the dump and convert reports hold them.
pub(crate) trait Tally {
    /// The error and warning counts, the kept findings, and whether some were left out.
    fn tally(&mut self) -> (&mut u64, &mut u64, &mut Vec<Finding>, &mut bool);

    /// Adds findings, counting all and keeping at most `cap`.
    fn add(&mut self, findings: impl IntoIterator<Item = Finding>, cap: usize) {
        let (errors, warnings, kept, truncated) = self.tally();
        for f in findings {
            match f.severity {
                Severity::Error => *errors += 1,
                Severity::Warning => *warnings += 1,
            }
            if kept.len() < cap {
                kept.push(f);
            } else {
                *truncated = true;
            }
        }
    }

    /// Adds a documents file's findings and counts (its report may have left findings out).
    fn add_findings_of(&mut self, report: &crate::pipeline::Report, cap: usize) {
        self.add(report.findings.iter().cloned(), cap);
        let listed = |s: Severity| report.findings.iter().filter(|f| f.severity == s).count() as u64;
        let (errors, warnings, _, truncated) = self.tally();
        *errors += report.errors.saturating_sub(listed(Severity::Error));
        *warnings += report.warnings.saturating_sub(listed(Severity::Warning));
        *truncated |= report.findings_truncated;
    }
}

impl Tally for DumpReport {
    fn tally(&mut self) -> (&mut u64, &mut u64, &mut Vec<Finding>, &mut bool) {
        (
            &mut self.errors,
            &mut self.warnings,
            &mut self.findings,
            &mut self.findings_truncated,
        )
    }
}

impl DumpReport {
    /// Adds a documents file's findings and counts (its report may have left findings out).
    pub(crate) fn add_file_report(&mut self, report: &crate::pipeline::Report, cap: usize) {
        self.add_findings_of(report, cap);
        self.documents += report.documents;
    }

    /// The summary of a collection, created if new.
    pub(crate) fn collection(&mut self, index: &str, collection: &str) -> &mut CollectionSummary {
        self.indexes
            .entry(index.to_owned())
            .or_default()
            .entry(collection.to_owned())
            .or_default()
    }
}
