//! What a conversion wrote and what it could not: files with their document counts, findings
//! (capped, all counted), and the indices left out of the target layout.

use crate::dump::Tally;
use crate::elasticdump::files::RootFormat;
use crate::error::Finding;
use serde::Serialize;

/// One file (or folder) written.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct OutFile {
    /// Path relative to the destination (a folder's ends in `/`).
    pub path: String,
    /// Document lines written to it.
    pub documents: u64,
    /// Bytes written (compressed, for gzip files).
    pub bytes: u64,
    /// Created owner-only.
    pub secret: bool,
}

/// The summary of a conversion.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ConvertReport {
    /// No error-severity finding: everything the target layout can hold was converted.
    pub ok: bool,
    /// The source's format.
    pub from: RootFormat,
    /// The written format.
    pub to: RootFormat,
    /// Documents written, in all files.
    pub documents: u64,
    /// Bytes read (as stored).
    pub bytes_in: u64,
    /// Error-severity findings: what could not be converted (bad lines, unsafe names, conflicts).
    pub errors: u64,
    /// Warning-severity findings: what was changed or left out (`NOT_REPRESENTABLE`, …).
    pub warnings: u64,
    /// The first findings.
    pub findings: Vec<Finding>,
    /// Whether findings were left out (they are still counted).
    pub findings_truncated: bool,
    /// Every file written, in the order started.
    pub files: Vec<OutFile>,
    /// ES indices the Kourou layout cannot hold, each as `"<index>: <reason>"`.
    pub left_out: Vec<String>,
}

impl ConvertReport {
    pub(super) fn new(from: RootFormat, to: RootFormat) -> Self {
        ConvertReport {
            ok: false,
            from,
            to,
            documents: 0,
            bytes_in: 0,
            errors: 0,
            warnings: 0,
            findings: Vec::new(),
            findings_truncated: false,
            files: Vec::new(),
            left_out: Vec::new(),
        }
    }
}

impl Tally for ConvertReport {
    fn tally(&mut self) -> (&mut u64, &mut u64, &mut Vec<Finding>, &mut bool) {
        (
            &mut self.errors,
            &mut self.warnings,
            &mut self.findings,
            &mut self.findings_truncated,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Code;

    #[test]
    fn findings_are_capped_but_counted() {
        let mut r = ConvertReport::new(RootFormat::Kourou, RootFormat::Elasticdump);
        let f = |n| Finding::warning(Code::NotRepresentable, "x", n, 0);
        r.add((1..=3).map(f), 2);
        r.add([Finding::error(Code::UnsafeName, "y", 0, 0)], 2);
        assert_eq!(
            (r.errors, r.warnings, r.findings.len(), r.findings_truncated),
            (1, 3, 2, true)
        );
        let v = serde_json::to_value(&r).unwrap();
        assert_eq!(v["leftOut"], serde_json::json!([]));
        assert_eq!(v["from"], "kourou");
        assert_eq!(v["to"], "elasticdump");
    }
}
