//! Results that carry request bodies or encoded lines: pipeline pushes, write responses,
//! narrowed and halved batches, search pages.

use super::{Out, PathKey, Slot};
use crate::batch::{Batch, BatchKind};
use crate::error::{DumpError, Result};
use crate::export::Exporter;
use crate::pipeline::{Output, Pipeline, Report};
use crate::response::{self, HitsFormat, SearchPage, WriteResult};
use serde::{Deserialize, Serialize};

/// A batch as JS sees it: `body` is set as bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BatchView {
    /// The request body (bytes).
    pub body: Slot,
    /// Documents in it.
    pub count: u32,
    /// Source line of the first document.
    pub first_line: u64,
    /// Source line of the last document.
    pub last_line: u64,
    /// Source line of each document.
    pub lines: Vec<u64>,
}

/// Splits batches into their views and their bodies (as buffers under `at`).
fn views(batches: Vec<Batch>, at: &[PathKey], buffers: &mut Vec<super::Buffer>) -> Vec<BatchView> {
    batches
        .into_iter()
        .enumerate()
        .map(|(i, b)| {
            let mut path = at.to_vec();
            path.extend([PathKey::Index(i), PathKey::Field("body")]);
            buffers.push(super::Buffer { path, bytes: b.body });
            BatchView {
                body: Slot,
                count: b.count,
                first_line: b.first_line,
                last_line: b.last_line,
                lines: b.lines,
            }
        })
        .collect()
}

/// What `Pipeline.push` returns: `{batches, bytes}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pushed {
    /// Complete request bodies (`mwrite`, `bulk` outputs).
    pub batches: Vec<BatchView>,
    /// Encoded lines (`jsonl` output), as bytes.
    pub bytes: Slot,
}

/// What `Pipeline.finish` returns: `{batches, bytes, report}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finished {
    /// The last request bodies.
    pub batches: Vec<BatchView>,
    /// The last encoded lines, as bytes.
    pub bytes: Slot,
    /// Counts and findings of the whole file.
    pub report: Report,
}

fn pushed(out: Output) -> Out<Pushed> {
    let mut buffers = Vec::new();
    let batches = views(out.batches, &[PathKey::Field("batches")], &mut buffers);
    let mut out = Out::new(Pushed { batches, bytes: Slot }).with(&[PathKey::Field("bytes")], out.bytes);
    out.buffers.extend(buffers);
    out
}

/// Pushes a chunk through a pipeline.
pub fn pipeline_push(p: &mut Pipeline, chunk: &[u8]) -> Result<Out<Pushed>> {
    Ok(pushed(p.push(chunk)?))
}

/// Ends a pipeline's file.
pub fn pipeline_finish(p: &mut Pipeline) -> Result<Out<Finished>> {
    let (out, report) = p.finish()?;
    let Out { info, buffers } = pushed(out);
    Ok(Out {
        info: Finished {
            batches: info.batches,
            bytes: Slot,
            report,
        },
        buffers,
    })
}

/// A batch handed back from JS: its `body` and `lines` (JS numbers, checked to be line numbers).
pub fn batch_from_js(body: Vec<u8>, lines: &[f64]) -> Result<Batch> {
    const MAX_SAFE: f64 = 9_007_199_254_740_991.0;
    let mut out = Vec::with_capacity(lines.len());
    for &l in lines {
        if !(l.is_finite() && l >= 0.0 && l.fract() == 0.0 && l <= MAX_SAFE) {
            return Err(DumpError::InvalidOptions(format!(
                "batch.lines must hold line numbers (integers from 0), not {l}"
            )));
        }
        out.push(l as u64);
    }
    Ok(Batch::from_parts(body, out))
}

fn write_result(r: WriteResult, error_lines: Vec<u8>) -> Out<WriteResult> {
    Out::new(r).with(&[PathKey::Field("errorLines")], error_lines)
}

/// A Kuzzle `bulk:mWrite` response for `batch`: counts, refused lines, error lines as bytes.
pub fn mwrite_result(response: &[u8], batch: &Batch) -> Result<Out<WriteResult>> {
    let mut lines = Vec::new();
    let r = response::mwrite_result(response, batch, &mut lines)?;
    Ok(write_result(r, lines))
}

/// An Elasticsearch `_bulk` response for `batch`, like [`mwrite_result`].
pub fn es_bulk_result(response: &[u8], batch: &Batch) -> Result<Out<WriteResult>> {
    let mut lines = Vec::new();
    let r = response::es_bulk_result(response, batch, &mut lines)?;
    Ok(write_result(r, lines))
}

fn batch_out(b: Batch) -> Out<BatchView> {
    let mut buffers = Vec::new();
    let mut v = views(vec![b], &[], &mut buffers);
    let view = v.pop().unwrap_or(BatchView {
        body: Slot,
        count: 0,
        first_line: 0,
        last_line: 0,
        lines: Vec::new(),
    });
    // The single view sits at the root: drop the index from its body's path.
    let buffers = buffers
        .into_iter()
        .map(|mut b| {
            b.path.remove(0);
            b
        })
        .collect();
    Out { info: view, buffers }
}

/// The documents of `batch` at `positions`, as a new batch (`kind`: `"mwrite"` or `"bulk"`).
pub fn select_batch(kind: &str, batch: &Batch, positions: &[u32]) -> Result<Out<BatchView>> {
    Ok(batch_out(response::select(
        BatchKind::from_name(kind)?,
        batch,
        positions,
    )?))
}

/// `batch` cut in two halves.
pub fn halve_batch(kind: &str, batch: &Batch) -> Result<Out<Vec<BatchView>>> {
    let (a, b) = response::halve(BatchKind::from_name(kind)?, batch)?;
    let mut buffers = Vec::new();
    let info = views(vec![a, b], &[], &mut buffers);
    Ok(Out { info, buffers })
}

/// How to write a page's hits, as JS gives it: `"jsonl"` or `{"hits": "<_index>"}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum PageFormat {
    /// Kourou document lines.
    Jsonl,
    /// elasticdump data lines; the `_index` of hits synthesized from Kuzzle pages.
    Hits(String),
}

impl From<PageFormat> for HitsFormat {
    fn from(f: PageFormat) -> Self {
        match f {
            PageFormat::Jsonl => HitsFormat::Jsonl,
            PageFormat::Hits(index) => HitsFormat::Hits { index },
        }
    }
}

/// A page turned into lines: `{bytes, page}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Page {
    /// The encoded lines, as bytes.
    pub bytes: Slot,
    /// What the page said besides its hits.
    pub page: SearchPage,
}

fn page(bytes: Vec<u8>, page: SearchPage) -> Out<Page> {
    Out::new(Page { bytes: Slot, page }).with(&[PathKey::Field("bytes")], bytes)
}

/// A Kuzzle search or scroll response to lines.
pub fn kuzzle_page(response: &[u8], format: PageFormat) -> Result<Out<Page>> {
    let mut out = Vec::with_capacity(response.len());
    let p = response::kuzzle_page(response, &format.into(), &mut out)?;
    Ok(page(out, p))
}

/// An Elasticsearch search or scroll response to lines.
pub fn es_page(response: &[u8], format: PageFormat) -> Result<Out<Page>> {
    let mut out = Vec::with_capacity(response.len());
    let p = response::es_page(response, &format.into(), &mut out)?;
    Ok(page(out, p))
}

/// One page through an exporter.
pub fn export_page(e: &mut Exporter, response: &[u8]) -> Result<Out<Page>> {
    let (bytes, p) = e.push_page(response)?;
    Ok(page(bytes, p))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::{OutputFormat, PipelineOptions};

    fn json<T: Serialize>(v: &T) -> String {
        serde_json::to_string(v).unwrap()
    }

    #[test]
    fn pipeline_batches_carry_their_bodies_as_buffers() {
        let mut p = Pipeline::new(PipelineOptions {
            output: OutputFormat::Mwrite,
            batch_documents: 1,
            ..PipelineOptions::default()
        })
        .unwrap();
        let input = b"{\"type\":\"collection\",\"index\":\"i\",\"collection\":\"c\"}\n{\"_id\":\"a\",\"body\":{}}\n{\"_id\":\"b\",\"body\":{\"x\":1}}\n";
        let pushed = pipeline_push(&mut p, input).unwrap();
        assert_eq!(
            json(&pushed.info),
            r#"{"batches":[{"body":null,"count":1,"firstLine":2,"lastLine":2,"lines":[2]}],"bytes":null}"#
        );
        let paths: Vec<_> = pushed
            .buffers
            .iter()
            .map(|b| (b.path.clone(), String::from_utf8(b.bytes.clone()).unwrap()))
            .collect();
        assert_eq!(
            paths,
            vec![
                (vec![PathKey::Field("bytes")], String::new()),
                (
                    vec![PathKey::Field("batches"), PathKey::Index(0), PathKey::Field("body")],
                    r#"{"documents":[{"_id":"a","body":{}}]}"#.to_owned()
                ),
            ]
        );
        let done = pipeline_finish(&mut p).unwrap();
        assert_eq!(done.info.batches.len(), 1);
        assert_eq!(done.info.report.documents, 2);
        assert_eq!(done.buffers[1].bytes, br#"{"documents":[{"_id":"b","body":{"x":1}}]}"#);
    }

    #[test]
    fn batches_come_back_from_js() {
        let b = batch_from_js(b"{}".to_vec(), &[2.0, 5.0]).unwrap();
        assert_eq!((b.count, b.first_line, b.last_line, b.lines), (2, 2, 5, vec![2, 5]));
        for bad in [-1.0, 1.5, f64::NAN, f64::INFINITY, 1e300] {
            assert_eq!(
                batch_from_js(Vec::new(), &[bad]).unwrap_err().code(),
                crate::Code::InvalidOptions
            );
        }
    }

    #[test]
    fn select_and_halve() {
        let body = br#"{"documents":[{"_id":"a","body":{}},{"_id":"b","body":{}},{"_id":"c","body":{}}]}"#.to_vec();
        let batch = Batch::from_parts(body, vec![2, 3, 4]);
        let one = select_batch("mwrite", &batch, &[2]).unwrap();
        assert_eq!(
            json(&one.info),
            r#"{"body":null,"count":1,"firstLine":4,"lastLine":4,"lines":[4]}"#
        );
        assert_eq!(one.buffers[0].path, vec![PathKey::Field("body")]);
        assert_eq!(one.buffers[0].bytes, br#"{"documents":[{"_id":"c","body":{}}]}"#);
        let halves = halve_batch("mwrite", &batch).unwrap();
        assert_eq!(halves.info.len(), 2);
        assert_eq!(halves.buffers[1].path, vec![PathKey::Index(1), PathKey::Field("body")]);
        assert_eq!(
            halves.buffers[1].bytes,
            br#"{"documents":[{"_id":"b","body":{}},{"_id":"c","body":{}}]}"#
        );
        assert_eq!(
            select_batch("xml", &batch, &[]).unwrap_err().code(),
            crate::Code::InvalidOptions
        );
    }

    #[test]
    fn write_results_and_pages() {
        let batch = Batch::from_parts(br#"{"documents":[{"_id":"a","body":{}}]}"#.to_vec(), vec![7]);
        let r = br#"{"status":206,"error":null,"result":{"successes":[],"errors":[{"document":{"_id":"a","body":{}},"status":400,"reason":"bad"}]}}"#;
        let out = mwrite_result(r, &batch).unwrap();
        assert_eq!(json(&out.info), r#"{"successes":0,"errors":1,"lines":[7],"retry":[]}"#);
        assert_eq!(
            String::from_utf8(out.buffers[0].bytes.clone()).unwrap(),
            "{\"document\":{\"_id\":\"a\",\"body\":{}},\"status\":400,\"reason\":\"bad\",\"line\":7}\n"
        );
        let f: PageFormat = serde_json::from_str(r#"{"hits":"&i.c"}"#).unwrap();
        assert_eq!(f, PageFormat::Hits("&i.c".into()));
        let f: PageFormat = serde_json::from_str(r#""jsonl""#).unwrap();
        let p = kuzzle_page(br#"{"result":{"hits":[{"_id":"a","_source":{"n":1}}],"total":1}}"#, f).unwrap();
        assert_eq!(
            json(&p.info),
            r#"{"bytes":null,"page":{"hits":1,"total":1,"bigIntegers":false,"lastId":"a"}}"#
        );
        assert_eq!(p.buffers[0].bytes, b"{\"_id\":\"a\",\"body\":{\"n\":1}}\n");
    }
}
