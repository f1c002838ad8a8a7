//! What the converter hands back: chunks of output files under the destination folder. Every
//! path is checked to stay inside it, every file is accounted for in the report, and one data
//! file at a time may be streamed through a gzip encoder.

use super::report::OutFile;
use crate::error::{Code, DumpError, Result};
use crate::gzip::Gzip;
use crate::names::check_file_name;
use std::collections::HashMap;

/// A piece of an output file, to write under the destination folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutChunk {
    /// Path relative to the destination, `/`-separated. A path ending in `/` means "create this
    /// folder" (an empty Kourou index). The first chunk of a path creates the file (it may be
    /// empty: an empty file); later chunks of the same path append to it.
    pub path: String,
    /// Bytes to append.
    pub bytes: Vec<u8>,
    /// Create the file owner-only (mode 0600): it holds secrets (password hashes, API key
    /// fingerprints, Kuzzle's `%kuzzle.config`).
    pub secret: bool,
}

/// Where a data file's documents go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct DataTarget {
    /// Output path.
    pub path: String,
    /// Owner-only.
    pub secret: bool,
    /// Streamed through gzip.
    pub gzip: bool,
}

/// The open gzip member of one data file.
struct Stream {
    path: String,
    secret: bool,
    gzip: Gzip,
}

/// Output chunks waiting to be handed back, and every file written so far.
#[derive(Default)]
pub(super) struct Output {
    chunks: Vec<OutChunk>,
    files: Vec<OutFile>,
    at: HashMap<String, usize>,
    stream: Option<Stream>,
}

/// Checks that a relative output path stays inside the destination: every component is a
/// usable file name (no `..`, no separator, at most 255 bytes; never truncated).
pub(super) fn check_path(path: &str) -> Result<()> {
    let inner = path.strip_suffix('/').unwrap_or(path);
    for part in inner.split('/') {
        check_file_name(part).map_err(|e| {
            DumpError::data(
                Code::UnsafeName,
                format!("output {path:?} cannot be written: {e}"),
                0,
                0,
            )
        })?;
    }
    Ok(())
}

impl Output {
    /// Whether a file was started at `path`.
    pub(super) fn exists(&self, path: &str) -> bool {
        self.at.contains_key(path)
    }

    fn emit(&mut self, path: &str, bytes: Vec<u8>, secret: bool, documents: u64) -> Result<()> {
        let i = match self.at.get(path) {
            Some(&i) => i,
            None => {
                check_path(path)?;
                self.files.push(OutFile {
                    path: path.to_owned(),
                    documents: 0,
                    bytes: 0,
                    secret,
                });
                self.at.insert(path.to_owned(), self.files.len() - 1);
                self.chunks.push(OutChunk {
                    path: path.to_owned(),
                    bytes: Vec::new(),
                    secret,
                });
                self.files.len() - 1
            }
        };
        let Some(file) = self.files.get_mut(i) else {
            return Err(DumpError::Internal("output file index out of range".into()));
        };
        file.documents += documents;
        file.bytes += bytes.len() as u64;
        file.secret |= secret;
        if !bytes.is_empty() {
            let secret = file.secret;
            match self.chunks.last_mut() {
                Some(last) if last.path == path && last.secret == secret => last.bytes.extend_from_slice(&bytes),
                _ => self.chunks.push(OutChunk {
                    path: path.to_owned(),
                    bytes,
                    secret,
                }),
            }
        }
        Ok(())
    }

    /// A folder (`path` ends in `/`).
    pub(super) fn dir(&mut self, path: &str) -> Result<()> {
        if !path.ends_with('/') {
            return Err(DumpError::Internal(format!("folder path {path:?} must end in '/'")));
        }
        self.emit(path, Vec::new(), false, 0)
    }

    /// Appends plain bytes holding no documents (a header line).
    pub(super) fn text(&mut self, path: &str, bytes: Vec<u8>) -> Result<()> {
        self.emit(path, bytes, false, 0)
    }

    /// A whole small file, gzip-compressed when `gzip` (one member).
    pub(super) fn file(&mut self, path: &str, bytes: &[u8], secret: bool, gzip: bool) -> Result<()> {
        self.whole(path, bytes, secret, gzip, 0)
    }

    /// A whole data file of hit lines (one document per LF), gzip-compressed when `gzip`.
    pub(super) fn hits(&mut self, t: &DataTarget, bytes: &[u8]) -> Result<()> {
        let documents = memchr::memchr_iter(b'\n', bytes).count() as u64;
        self.whole(&t.path, bytes, t.secret, t.gzip, documents)
    }

    fn whole(&mut self, path: &str, bytes: &[u8], secret: bool, gzip: bool, documents: u64) -> Result<()> {
        if self.stream.as_ref().is_some_and(|s| s.path == path) {
            self.close_stream()?;
        }
        let bytes = if gzip {
            crate::gzip::gzip(bytes)?
        } else {
            bytes.to_vec()
        };
        self.emit(path, bytes, secret, documents)
    }

    /// Appends document lines (one per LF) to a data file; a compressed one is streamed
    /// through its open gzip member, opened here and closed when another data file starts.
    pub(super) fn data(&mut self, t: &DataTarget, bytes: &[u8]) -> Result<()> {
        let documents = memchr::memchr_iter(b'\n', bytes).count() as u64;
        if !t.gzip {
            return self.emit(&t.path, bytes.to_vec(), t.secret, documents);
        }
        if self.stream.as_ref().is_some_and(|s| s.path != t.path) {
            self.close_stream()?;
        }
        let stream = self.stream.get_or_insert_with(|| Stream {
            path: t.path.clone(),
            secret: t.secret,
            gzip: Gzip::new(),
        });
        let mut z = Vec::new();
        stream.gzip.push(bytes, &mut z)?;
        self.emit(&t.path, z, t.secret, documents)
    }

    /// Makes sure a data file exists, empty if no document went there (elasticdump and
    /// Kourou's `es:migrate` find indices by their data files).
    pub(super) fn touch(&mut self, t: &DataTarget) -> Result<()> {
        if self.exists(&t.path) {
            return Ok(());
        }
        self.file(&t.path, b"", t.secret, t.gzip)
    }

    /// Ends the open gzip member, if any.
    pub(super) fn close_stream(&mut self) -> Result<()> {
        if let Some(mut s) = self.stream.take() {
            let mut z = Vec::new();
            s.gzip.finish(&mut z)?;
            self.emit(&s.path, z, s.secret, 0)?;
        }
        Ok(())
    }

    /// The chunks produced since the last call.
    pub(super) fn take(&mut self) -> Vec<OutChunk> {
        std::mem::take(&mut self.chunks)
    }

    /// Every file written, in the order they were started.
    pub(super) fn files(&self) -> &[OutFile] {
        &self.files
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn joined(chunks: &[OutChunk], path: &str) -> Vec<u8> {
        chunks
            .iter()
            .filter(|c| c.path == path)
            .flat_map(|c| c.bytes.clone())
            .collect()
    }

    #[test]
    fn paths_stay_inside() {
        for ok in ["a/b/documents.jsonl", "&i.c.json", "shop/", "%kuzzle.users.json.gz"] {
            assert!(check_path(ok).is_ok(), "{ok}");
        }
        for bad in ["", "/etc/x", "a/../b", "..", "a//b", "a\\b", "a/b//", &"x".repeat(256)] {
            let e = check_path(bad).unwrap_err();
            assert_eq!(e.code(), Code::UnsafeName, "{bad}");
        }
        let mut out = Output::default();
        assert!(out.text("../x", b"y".to_vec()).is_err());
        assert!(out.take().is_empty() && out.files().is_empty());
    }

    #[test]
    fn files_are_created_then_appended() {
        let mut out = Output::default();
        out.text("i/c/documents.jsonl", b"{\"h\":1}\n".to_vec()).unwrap();
        let t = DataTarget {
            path: "i/c/documents.jsonl".into(),
            secret: false,
            gzip: false,
        };
        out.data(&t, b"a\nb\n").unwrap();
        out.dir("i/").unwrap();
        out.touch(&t).unwrap();
        let key = DataTarget {
            path: "%kuzzle.api-keys.json".into(),
            secret: true,
            gzip: false,
        };
        out.touch(&key).unwrap();
        let chunks = out.take();
        assert_eq!(
            chunks,
            [
                OutChunk {
                    path: "i/c/documents.jsonl".into(),
                    bytes: b"{\"h\":1}\na\nb\n".to_vec(),
                    secret: false
                },
                OutChunk {
                    path: "i/".into(),
                    bytes: vec![],
                    secret: false
                },
                OutChunk {
                    path: "%kuzzle.api-keys.json".into(),
                    bytes: vec![],
                    secret: true
                },
            ]
        );
        let f = &out.files()[0];
        assert_eq!((f.documents, f.bytes), (2, 12));
        assert!(out.dir("x").is_err());
    }

    #[test]
    fn one_gzip_member_per_data_file() {
        let mut out = Output::default();
        let a = DataTarget {
            path: "&a.json.gz".into(),
            secret: false,
            gzip: true,
        };
        let b = DataTarget {
            path: "&b.json.gz".into(),
            ..a.clone()
        };
        out.data(&a, b"1\n").unwrap();
        out.data(&a, b"2\n").unwrap();
        out.data(&b, b"3\n").unwrap();
        out.touch(&DataTarget {
            path: "&c.json.gz".into(),
            ..a.clone()
        })
        .unwrap();
        out.close_stream().unwrap();
        out.close_stream().unwrap();
        let chunks = out.take();
        assert_eq!(crate::gzip::gunzip(&joined(&chunks, "&a.json.gz")).unwrap(), b"1\n2\n");
        assert_eq!(crate::gzip::gunzip(&joined(&chunks, "&b.json.gz")).unwrap(), b"3\n");
        assert_eq!(crate::gzip::gunzip(&joined(&chunks, "&c.json.gz")).unwrap(), b"");
        assert_eq!(joined(&chunks, "&a.json.gz"), crate::gzip::gzip(b"1\n2\n").unwrap());
        assert_eq!(out.files()[0].documents, 2);
    }
}
