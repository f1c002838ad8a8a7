//! One pushed file of a dump, as every file-by-file reader (the dump reader, the converter) sees
//! it: gzip is undone by magic bytes, stored bytes are counted, and what an ES-level file or a
//! Kourou documents file holds is told from its first bytes.

use crate::document::{parse_header, Header};
use crate::elasticdump::files::{classify_by_content, resolve_file, EsFile};
use crate::error::{DumpError, Finding, Result};
use crate::gzip::AutoGunzip;

/// Plain bytes of an ES-level file looked at to tell what it holds (names can be ambiguous).
pub(crate) const SNIFF_BYTES: usize = 4096;

/// Most plain bytes held back while looking for a documents file's header line; past that the
/// file is read without one (its pipeline reports the missing header).
pub(crate) const HEADER_LIMIT: usize = 1 << 20;

/// A file being pushed.
pub(crate) struct Input {
    /// Its path relative to the dump root.
    pub path: String,
    /// Bytes pushed, as stored (compressed if gzip).
    pub bytes: u64,
    gunzip: AutoGunzip,
}

impl Input {
    /// A file that has not seen any byte yet.
    pub(crate) fn new(path: &str) -> Self {
        Input {
            path: path.to_owned(),
            bytes: 0,
            gunzip: AutoGunzip::new(),
        }
    }

    /// The plain bytes of the next stored chunk.
    pub(crate) fn push(&mut self, chunk: &[u8]) -> Result<Vec<u8>> {
        self.bytes += chunk.len() as u64;
        let mut plain = Vec::new();
        self.gunzip.push(chunk, &mut plain)?;
        Ok(plain)
    }

    /// The last plain bytes. A gzip stream that does not end well is a finding, not an error:
    /// what was decoded is still read, so its problems are reported too.
    pub(crate) fn finish(&mut self) -> (Vec<u8>, Option<Finding>) {
        let mut plain = Vec::new();
        let finding = self
            .gunzip
            .finish(&mut plain)
            .err()
            .map(|e| finding_of(e).in_file(Some(&self.path)));
        (plain, finding)
    }
}

/// An error as a finding (data errors carry theirs).
pub(crate) fn finding_of(e: DumpError) -> Finding {
    match e {
        DumpError::Data(f) => *f,
        other => Finding::error(other.code(), other.to_string(), 0, 0),
    }
}

/// The last component of a `/`-separated path.
pub(crate) fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// Whether enough of an ES-level file is there to tell what it holds.
pub(crate) fn es_head_ready(head: &[u8], end: bool) -> bool {
    end || head.len() >= SNIFF_BYTES
}

/// What an ES-level file is, from its name and first plain bytes (`None`: not an ES file).
pub(crate) fn es_file_of(path: &str, head: &[u8]) -> Option<EsFile> {
    resolve_file(file_name(path), &classify_by_content(head))
}

/// The first non-blank line of `head` (a leading BOM skipped), once it is complete or the
/// file ended; `Some(None)` when the file has no such line.
fn first_line(head: &[u8], end: bool) -> Option<Option<&[u8]>> {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let mut rest = head;
    loop {
        match memchr::memchr(b'\n', rest) {
            Some(i) => {
                let line = rest.get(..i).unwrap_or_default();
                if !is_blank(line) {
                    return Some(Some(line.strip_suffix(b"\r").unwrap_or(line)));
                }
                rest = rest.get(i + 1..).unwrap_or_default();
            }
            None if end => return Some((!is_blank(rest)).then_some(rest)),
            None => return None,
        }
    }
}

fn is_blank(line: &[u8]) -> bool {
    line.iter().all(|b| matches!(b, b' ' | b'\t' | b'\r'))
}

/// Whether enough of a Kourou documents file is there to read its header line.
pub(crate) fn header_ready(head: &[u8], end: bool) -> bool {
    head.len() >= HEADER_LIMIT || first_line(head, end).is_some()
}

/// The collection header of a documents file, from its first bytes (`None` when the first
/// line is not a valid header: the file's pipeline reports why).
pub(crate) fn header_of(head: &[u8]) -> Option<Header> {
    let line = first_line(head, true).flatten()?;
    std::str::from_utf8(line).ok()?;
    parse_header(line, 1).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_header_line() {
        let h = "\u{feff}\r\n  \n{\"type\":\"collection\",\"index\":\"i\",\"collection\":\"c\"}\r\n{\"_id\"";
        assert!(!header_ready(&h.as_bytes()[..20], false));
        assert!(header_ready(h.as_bytes(), false));
        let header = header_of(h.as_bytes()).unwrap();
        assert_eq!((header.index.as_str(), header.collection.as_str()), ("i", "c"));
        let cut = "{\"type\":\"collection\",\"index\":\"i\",\"collection\":\"c\"}";
        assert!(!header_ready(cut.as_bytes(), false));
        assert!(header_ready(cut.as_bytes(), true));
        assert!(header_of(cut.as_bytes()).is_some());
        assert!(header_of(b"{\"_id\":\"a\",\"body\":{}}\n").is_none());
        assert!(header_of(b" \n").is_none());
        assert!(header_ready(b"", true));
        assert!(header_of(b"\xff\n").is_none());
    }

    #[test]
    fn counts_and_gunzips() {
        let gz = crate::gzip::gzip(b"abc").unwrap();
        let mut input = Input::new("x.json.gz");
        let mut plain = Vec::new();
        for c in gz.chunks(3) {
            plain.extend(input.push(c).unwrap());
        }
        let (rest, finding) = input.finish();
        plain.extend(rest);
        assert_eq!(
            (plain.as_slice(), finding, input.bytes),
            (&b"abc"[..], None, gz.len() as u64)
        );
        let mut cut = Input::new("y.gz");
        cut.push(&gz[..gz.len() - 4]).unwrap();
        let (_, finding) = cut.finish();
        assert_eq!(finding.unwrap().location.file.as_deref(), Some("y.gz"));
    }
}
