//! What a pipeline run found: counts and capped findings.

use crate::document::Header;
use crate::error::{Finding, Severity};
use serde::Serialize;

/// The result of validating a stream of documents.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// No error-severity finding.
    pub ok: bool,
    /// Label of the file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// The collection header, when the input has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub header: Option<Header>,
    /// Bytes read.
    pub bytes: u64,
    /// Lines read, blank ones included.
    pub lines: u64,
    /// Document lines read (not the header, not blank lines), good or bad.
    pub documents: u64,
    /// Documents without any error.
    pub valid_documents: u64,
    /// Request bodies built.
    pub batches: u64,
    /// Size of the largest document line.
    pub largest_document: u64,
    /// Error-severity findings.
    pub errors: u64,
    /// Warning-severity findings.
    pub warnings: u64,
    /// The first findings, in line order.
    pub findings: Vec<Finding>,
    /// Whether findings were left out of `findings` (they are still counted).
    pub findings_truncated: bool,
}

impl Report {
    /// Adds findings (already in line order), keeping at most `cap`.
    pub(crate) fn add_findings(&mut self, findings: impl IntoIterator<Item = Finding>, cap: usize, file: Option<&str>) {
        for f in findings {
            match f.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
            }
            if self.findings.len() < cap {
                self.findings.push(f.in_file(file));
            } else {
                self.findings_truncated = true;
            }
        }
    }
}
