//! Errors and findings, with stable SCREAMING_SNAKE codes and source locations.
//!
//! A [`Finding`] is a problem found in the data: validators return them as data and keep going.
//! A [`DumpError`] stops an operation; when bad data is the cause it carries the finding.

use serde::Serialize;
use std::fmt;

/// Stable machine-readable code of a finding or error. Codes are only ever added, never renamed.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[non_exhaustive]
pub enum Code {
    /// The bytes are not valid JSON.
    JsonSyntax,
    /// The bytes are not valid UTF-8.
    InvalidUtf8,
    /// A file ends inside a JSON value, or an export stream ends in error text.
    Truncated,
    /// A Kourou `documents.jsonl` has no header line.
    HeaderMissing,
    /// The first line is not a valid collection header.
    HeaderInvalid,
    /// A document has no `_id`.
    IdMissing,
    /// A document `_id` is not a string.
    IdNotString,
    /// A document `_id` is the empty string.
    IdEmpty,
    /// A document `_id` is longer than 512 bytes.
    IdTooLong,
    /// A document line is not a JSON object.
    DocumentNotObject,
    /// A document has no `body` (or `_source`).
    BodyMissing,
    /// A document body is not a JSON object.
    BodyNotObject,
    /// The same `_id` appears twice in one collection.
    DuplicateId,
    /// One document is larger than the request-size limit.
    DocumentTooLarge,
    /// An index name breaks Kuzzle's naming rules.
    InvalidIndexName,
    /// A collection name breaks Kuzzle's naming rules.
    InvalidCollectionName,
    /// The directory names differ from the names in the file contents.
    NameMismatch,
    /// A mappings file is not in any known shape.
    MappingsInvalid,
    /// A mapping breaks Kuzzle's rules (`collection:create` would refuse it).
    MappingInvalid,
    /// A mapping uses a field type Elasticsearch does not know.
    MappingUnknownType,
    /// A mapping holds something Kuzzle silently drops (e.g. `dynamic_templates`).
    MappingIgnored,
    /// A document value that Elasticsearch would reject for the field type.
    FieldTypeMismatch,
    /// A field not declared in a `dynamic: "strict"` mapping.
    FieldNotAllowed,
    /// A validation specification Kuzzle would refuse.
    SpecificationInvalid,
    /// A document that breaks its collection's validation specification.
    SpecificationViolation,
    /// A security file (roles, profiles, users, mappings, API keys) is malformed.
    SecurityInvalid,
    /// A file of an unknown kind, skipped.
    UnknownFile,
    /// An elasticdump / es:migrate file is malformed.
    ElasticdumpInvalid,
    /// A name from a dump would escape the output folder or is not a valid file name.
    UnsafeName,
    /// A value the target format cannot represent exactly (e.g. an integer beyond 2^53 for elasticdump).
    PrecisionLoss,
    /// Options given by the caller are invalid.
    InvalidOptions,
    /// An operation was used in the wrong state (e.g. push after finish).
    InvalidState,
    /// Reading or writing failed.
    IoError,
    /// A bug: should never happen; please report it.
    Internal,
    /// A Kourou `documents.json` (an `admin:loadFixtures` body) is not shaped as fixtures:
    /// wrong nesting, an `update`/`delete` or unknown action, an odd number of array items.
    FixturesInvalid,
    /// A gzip stream is corrupt (bad header, bad deflate data, CRC mismatch, trailing garbage).
    GzipInvalid,
    /// Two ES indices map to one Kourou collection, or one index has several `@` aliases.
    LayoutConflict,
    /// A physical index name's `.N` suffix was dropped to find its collection.
    SuffixDropped,
    /// Data the target layout cannot hold (internal `%` indices, plugin storage, credentials).
    NotRepresentable,
    /// A file holds several collections where Kourou reads only the first (ours reads all).
    MultipleCollections,
}

impl Code {
    /// The code as written in reports, e.g. `"DUPLICATE_ID"`.
    pub fn as_str(self) -> &'static str {
        use Code::*;
        match self {
            JsonSyntax => "JSON_SYNTAX",
            InvalidUtf8 => "INVALID_UTF8",
            Truncated => "TRUNCATED",
            HeaderMissing => "HEADER_MISSING",
            HeaderInvalid => "HEADER_INVALID",
            IdMissing => "ID_MISSING",
            IdNotString => "ID_NOT_STRING",
            IdEmpty => "ID_EMPTY",
            IdTooLong => "ID_TOO_LONG",
            DocumentNotObject => "DOCUMENT_NOT_OBJECT",
            BodyMissing => "BODY_MISSING",
            BodyNotObject => "BODY_NOT_OBJECT",
            DuplicateId => "DUPLICATE_ID",
            DocumentTooLarge => "DOCUMENT_TOO_LARGE",
            InvalidIndexName => "INVALID_INDEX_NAME",
            InvalidCollectionName => "INVALID_COLLECTION_NAME",
            NameMismatch => "NAME_MISMATCH",
            MappingsInvalid => "MAPPINGS_INVALID",
            MappingInvalid => "MAPPING_INVALID",
            MappingUnknownType => "MAPPING_UNKNOWN_TYPE",
            MappingIgnored => "MAPPING_IGNORED",
            FieldTypeMismatch => "FIELD_TYPE_MISMATCH",
            FieldNotAllowed => "FIELD_NOT_ALLOWED",
            SpecificationInvalid => "SPECIFICATION_INVALID",
            SpecificationViolation => "SPECIFICATION_VIOLATION",
            SecurityInvalid => "SECURITY_INVALID",
            UnknownFile => "UNKNOWN_FILE",
            ElasticdumpInvalid => "ELASTICDUMP_INVALID",
            UnsafeName => "UNSAFE_NAME",
            PrecisionLoss => "PRECISION_LOSS",
            InvalidOptions => "INVALID_OPTIONS",
            InvalidState => "INVALID_STATE",
            IoError => "IO_ERROR",
            Internal => "INTERNAL",
            FixturesInvalid => "FIXTURES_INVALID",
            GzipInvalid => "GZIP_INVALID",
            LayoutConflict => "LAYOUT_CONFLICT",
            SuffixDropped => "SUFFIX_DROPPED",
            NotRepresentable => "NOT_REPRESENTABLE",
            MultipleCollections => "MULTIPLE_COLLECTIONS",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How bad a finding is: errors make a dump unusable as is, warnings do not.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; the data can still be imported.
    Warning,
    /// The data cannot be imported as is.
    Error,
}

/// Where a finding is: a file label given by the caller, 1-based line and column (in bytes).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Location {
    /// Label of the file (its path relative to the dump root, usually).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// 1-based line; 0 when the finding is about the whole file.
    pub line: u64,
    /// 1-based byte column; 0 when unknown.
    #[serde(skip_serializing_if = "is_zero")]
    pub column: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// One problem found in the data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable code, e.g. `DUPLICATE_ID`.
    pub code: Code,
    /// `error` or `warning`.
    pub severity: Severity,
    /// A message that stands alone.
    pub message: String,
    /// File, line and column.
    #[serde(flatten)]
    pub location: Location,
    /// JSON path of the offending value inside the line, e.g. `body.pickup.lat`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

impl Finding {
    /// An error-severity finding at a line (and column, 0 if unknown).
    pub fn error(code: Code, message: impl Into<String>, line: u64, column: u64) -> Self {
        Self::new(code, Severity::Error, message, line, column)
    }

    /// A warning-severity finding at a line (and column, 0 if unknown).
    pub fn warning(code: Code, message: impl Into<String>, line: u64, column: u64) -> Self {
        Self::new(code, Severity::Warning, message, line, column)
    }

    fn new(code: Code, severity: Severity, message: impl Into<String>, line: u64, column: u64) -> Self {
        Finding {
            code,
            severity,
            message: message.into(),
            location: Location {
                file: None,
                line,
                column,
            },
            path: None,
        }
    }

    /// Sets the JSON path of the offending value.
    pub fn at_path(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// Sets the file label.
    pub fn in_file(mut self, file: Option<&str>) -> Self {
        if self.location.file.is_none() {
            self.location.file = file.map(str::to_owned);
        }
        self
    }
}

impl fmt::Display for Finding {
    /// `file:line:column CODE message`, the CLI's human format.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let loc = &self.location;
        if let Some(file) = &loc.file {
            write!(f, "{file}:")?;
        }
        write!(f, "{}:{} {} {}", loc.line, loc.column, self.code, self.message)
    }
}

/// An error that stops an operation.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DumpError {
    /// The data is bad at a known place.
    #[error("{0}")]
    Data(Box<Finding>),
    /// The caller's options are invalid.
    #[error("invalid options: {0}")]
    InvalidOptions(String),
    /// The operation does not fit the object's state.
    #[error("invalid state: {0}")]
    InvalidState(String),
    /// Reading or writing failed.
    #[error("I/O error: {0}")]
    Io(String),
    /// A bug in kuzzle-dump.
    #[error("internal error: {0}")]
    Internal(String),
}

impl DumpError {
    /// The stable code.
    pub fn code(&self) -> Code {
        match self {
            DumpError::Data(f) => f.code,
            DumpError::InvalidOptions(_) => Code::InvalidOptions,
            DumpError::InvalidState(_) => Code::InvalidState,
            DumpError::Io(_) => Code::IoError,
            DumpError::Internal(_) => Code::Internal,
        }
    }

    /// File, line and column when the error is about data.
    pub fn location(&self) -> Option<&Location> {
        match self {
            DumpError::Data(f) => Some(&f.location),
            _ => None,
        }
    }

    /// A data error at a line and column.
    pub fn data(code: Code, message: impl Into<String>, line: u64, column: u64) -> Self {
        DumpError::Data(Box::new(Finding::error(code, message, line, column)))
    }

    /// Sets the file label of a data error.
    pub fn in_file(self, file: Option<&str>) -> Self {
        match self {
            DumpError::Data(f) => DumpError::Data(Box::new(f.in_file(file))),
            other => other,
        }
    }

    /// The message without the location prefix.
    pub fn message(&self) -> String {
        match self {
            DumpError::Data(f) => f.message.clone(),
            other => other.to_string(),
        }
    }
}

impl From<Finding> for DumpError {
    fn from(f: Finding) -> Self {
        DumpError::Data(Box::new(f))
    }
}

impl From<std::io::Error> for DumpError {
    fn from(e: std::io::Error) -> Self {
        DumpError::Io(e.to_string())
    }
}

/// Result alias of the crate.
pub type Result<T, E = DumpError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_serialize_as_screaming_snake() {
        for code in [Code::DuplicateId, Code::InvalidUtf8, Code::IdTooLong, Code::JsonSyntax] {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
        }
    }

    #[test]
    fn finding_displays_like_the_cli() {
        let f = Finding::error(Code::DuplicateId, "duplicate _id \"a\"", 3, 9).in_file(Some("i/c/documents.jsonl"));
        assert_eq!(
            f.to_string(),
            "i/c/documents.jsonl:3:9 DUPLICATE_ID duplicate _id \"a\""
        );
        let v = serde_json::to_value(&f).unwrap();
        assert_eq!(v["file"], "i/c/documents.jsonl");
        assert_eq!(v["line"], 3);
        assert_eq!(v["severity"], "error");
    }
}
