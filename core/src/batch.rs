//! Request bodies cut by document count and byte size: Kuzzle `bulk:mWrite` and Elasticsearch `_bulk`.

use serde::Serialize;

/// Kuzzle's default `server.maxRequestSize` (1 MB, counted in powers of 1024).
pub const DEFAULT_MAX_REQUEST_BYTES: usize = 1024 * 1024;

/// Which request body to build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BatchKind {
    /// `{"documents":[{"_id":…,"body":…},…]}` for `bulk:mWrite`.
    MWrite,
    /// NDJSON action and source lines for Elasticsearch `_bulk`.
    EsBulk,
}

/// One ready-to-send request body.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Batch {
    /// The request body.
    #[serde(skip)]
    pub body: Vec<u8>,
    /// Documents in it.
    pub count: u32,
    /// Source line of the first document.
    pub first_line: u64,
    /// Source line of the last document.
    pub last_line: u64,
    /// Source line of each document, in order (to map per-document errors back to lines).
    pub lines: Vec<u64>,
}

impl BatchKind {
    /// The kind of a JS name: `"mwrite"` (Kuzzle `bulk:mWrite`) or `"bulk"` (Elasticsearch `_bulk`).
    pub fn from_name(name: &str) -> crate::Result<BatchKind> {
        match name {
            "mwrite" => Ok(BatchKind::MWrite),
            "bulk" => Ok(BatchKind::EsBulk),
            other => Err(crate::DumpError::InvalidOptions(format!(
                "batch kind must be \"mwrite\" or \"bulk\", not {other:?}"
            ))),
        }
    }
}

impl Batch {
    /// A batch handed back by a caller: its body and the source line of each document; the count
    /// and line range follow from `lines`.
    pub fn from_parts(body: Vec<u8>, lines: Vec<u64>) -> Batch {
        Batch {
            body,
            count: u32::try_from(lines.len()).unwrap_or(u32::MAX),
            first_line: lines.first().copied().unwrap_or(0),
            last_line: lines.last().copied().unwrap_or(0),
            lines,
        }
    }
}

/// Accumulates documents into batches no larger than `max_bytes` and `max_docs`.
#[derive(Debug)]
pub struct Batcher {
    kind: BatchKind,
    max_bytes: usize,
    max_docs: u32,
    action_index: Vec<u8>,
    current: Batch,
    ready: Vec<Batch>,
}

const MWRITE_OPEN: &[u8] = b"{\"documents\":[";
const MWRITE_CLOSE: &[u8] = b"]}";

impl Batcher {
    /// A batcher; `index` is the `_index` written in `_bulk` action lines (ignored for mWrite).
    pub fn new(kind: BatchKind, max_bytes: usize, max_docs: u32, index: &str) -> Self {
        let mut action_index = Vec::new();
        crate::json::escape::write_str(&mut action_index, index);
        Batcher {
            kind,
            max_bytes,
            max_docs: max_docs.max(1),
            action_index,
            current: Batch::default(),
            ready: Vec::new(),
        }
    }

    /// Bytes that one document adds to a batch, wrapper overhead included.
    pub fn doc_cost(&self, id_raw: &[u8], body_len: usize, doc_json_len: Option<usize>) -> usize {
        match self.kind {
            // {"_id":"…","body":…} plus a comma
            BatchKind::MWrite => doc_json_len.unwrap_or(id_raw.len() + body_len + 18) + 1,
            // {"index":{"_index":…,"_id":"…"}}\n…\n
            BatchKind::EsBulk => 32 + self.action_index.len() + id_raw.len() + body_len,
        }
    }

    /// Largest single document this batcher can send.
    pub fn max_doc_bytes(&self) -> usize {
        match self.kind {
            BatchKind::MWrite => self.max_bytes.saturating_sub(MWRITE_OPEN.len() + MWRITE_CLOSE.len()),
            BatchKind::EsBulk => self.max_bytes,
        }
    }

    /// Whether a document of `cost` bytes can ever be sent.
    pub fn fits(&self, cost: usize) -> bool {
        cost <= self.max_doc_bytes() + usize::from(self.kind == BatchKind::MWrite)
    }

    /// Adds a document. `doc_json` is the whole `{"_id":…,"body":…}` when the input already has
    /// it verbatim (a canonical Kourou line); otherwise it is built from `id_raw` and `body`.
    /// The caller checks [`Batcher::fits`] first.
    pub fn push(&mut self, line: u64, id_raw: &[u8], body: &[u8], doc_json: Option<&[u8]>) {
        let cost = self.doc_cost(id_raw, body.len(), doc_json.map(<[u8]>::len));
        let closing = if self.kind == BatchKind::MWrite {
            MWRITE_CLOSE.len()
        } else {
            0
        };
        let full = self.current.count >= self.max_docs
            || (self.current.count > 0 && self.current.body.len() + cost + closing > self.max_bytes);
        if full {
            self.close();
        }
        let b = &mut self.current;
        if b.count == 0 {
            b.first_line = line;
            b.body.reserve(self.max_bytes.min(1 << 20));
            if self.kind == BatchKind::MWrite {
                b.body.extend_from_slice(MWRITE_OPEN);
            }
        } else if self.kind == BatchKind::MWrite {
            b.body.push(b',');
        }
        match self.kind {
            BatchKind::MWrite => match doc_json {
                Some(json) => b.body.extend_from_slice(json),
                None => {
                    b.body.extend_from_slice(b"{\"_id\":\"");
                    b.body.extend_from_slice(id_raw);
                    b.body.extend_from_slice(b"\",\"body\":");
                    b.body.extend_from_slice(body);
                    b.body.push(b'}');
                }
            },
            BatchKind::EsBulk => {
                b.body.extend_from_slice(b"{\"index\":{\"_index\":");
                b.body.extend_from_slice(&self.action_index);
                b.body.extend_from_slice(b",\"_id\":\"");
                b.body.extend_from_slice(id_raw);
                b.body.extend_from_slice(b"\"}}\n");
                b.body.extend_from_slice(body);
                b.body.push(b'\n');
            }
        }
        b.count += 1;
        b.last_line = line;
        b.lines.push(line);
    }

    /// Closes the open batch, if any.
    pub fn close(&mut self) {
        if self.current.count == 0 {
            return;
        }
        if self.kind == BatchKind::MWrite {
            self.current.body.extend_from_slice(MWRITE_CLOSE);
        }
        let done = std::mem::take(&mut self.current);
        self.ready.push(done);
    }

    /// Takes the batches closed so far.
    pub fn take_ready(&mut self) -> Vec<Batch> {
        std::mem::take(&mut self.ready)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mwrite_batches_by_count() {
        let mut b = Batcher::new(BatchKind::MWrite, 1 << 20, 2, "");
        b.push(2, b"a", b"{\"x\":1}", None);
        b.push(3, b"b", b"{}", Some(b"{\"_id\":\"b\",\"body\":{}}"));
        b.push(4, b"c", b"{}", None);
        b.close();
        let ready = b.take_ready();
        assert_eq!(ready.len(), 2);
        assert_eq!(
            ready[0].body,
            br#"{"documents":[{"_id":"a","body":{"x":1}},{"_id":"b","body":{}}]}"#
        );
        assert_eq!((ready[0].count, ready[0].first_line, ready[0].last_line), (2, 2, 3));
        assert_eq!(ready[1].body, br#"{"documents":[{"_id":"c","body":{}}]}"#);
    }

    #[test]
    fn mwrite_batches_never_exceed_the_byte_limit() {
        let body = format!("{{\"s\":\"{}\"}}", "x".repeat(80));
        let limit = 400;
        let mut b = Batcher::new(BatchKind::MWrite, limit, 1000, "");
        for i in 0..50u64 {
            let id = format!("id-{i}");
            let cost = b.doc_cost(id.as_bytes(), body.len(), None);
            assert!(b.fits(cost));
            b.push(i + 2, id.as_bytes(), body.as_bytes(), None);
        }
        b.close();
        let ready = b.take_ready();
        assert_eq!(ready.iter().map(|r| r.count).sum::<u32>(), 50);
        for r in &ready {
            assert!(r.body.len() <= limit, "{} > {limit}", r.body.len());
            serde_json::from_slice::<serde_json::Value>(&r.body).unwrap();
        }
        // Full batches: adding the next document would have crossed the limit.
        assert!(ready[0].body.len() + body.len() + 25 > limit);
    }

    #[test]
    fn single_document_limit_is_exact() {
        let b = Batcher::new(BatchKind::MWrite, 100, 10, "");
        // {"documents":[ + doc + ]} = 16 + doc bytes
        let doc_len = 84;
        assert!(b.fits(b.doc_cost(b"", 0, Some(doc_len))));
        assert!(!b.fits(b.doc_cost(b"", 0, Some(doc_len + 1))));
    }

    #[test]
    fn kinds_by_name_and_batches_from_parts() {
        assert_eq!(BatchKind::from_name("mwrite").unwrap(), BatchKind::MWrite);
        assert_eq!(BatchKind::from_name("bulk").unwrap(), BatchKind::EsBulk);
        assert_eq!(
            BatchKind::from_name("mWrite").unwrap_err().to_string(),
            "invalid options: batch kind must be \"mwrite\" or \"bulk\", not \"mWrite\""
        );
        let b = Batch::from_parts(b"{}".to_vec(), vec![4, 7, 9]);
        assert_eq!((b.count, b.first_line, b.last_line), (3, 4, 9));
        assert_eq!(Batch::from_parts(Vec::new(), Vec::new()), Batch::default());
    }

    #[test]
    fn es_bulk_lines() {
        let mut b = Batcher::new(BatchKind::EsBulk, 1 << 20, 10, "&i.c");
        b.push(1, br"caf\u00e9", b"{\"x\":1}", None);
        b.close();
        let ready = b.take_ready();
        assert_eq!(
            ready[0].body,
            b"{\"index\":{\"_index\":\"&i.c\",\"_id\":\"caf\\u00e9\"}}\n{\"x\":1}\n"
        );
        assert_eq!(b.doc_cost(br"caf\u00e9", 7, None), ready[0].body.len());
    }
}
