//! Results of a [`Converter`]: chunks of output files, each with its bytes, and the report.

use super::{Buffer, Out, PathKey, Slot};
use crate::convert::{ConvertReport, Converter, OutChunk};
use crate::error::Result;
use serde::Serialize;

/// A piece of an output file, as JS sees it: `bytes` is set as bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChunkView {
    /// Path relative to the destination, `/`-separated; one ending in `/` is a folder to create.
    pub path: String,
    /// Bytes to append (the first chunk of a path creates the file).
    pub bytes: Slot,
    /// Create the file owner-only (mode 0600).
    pub secret: bool,
}

fn views(chunks: Vec<OutChunk>, at: &[PathKey], buffers: &mut Vec<Buffer>) -> Vec<ChunkView> {
    chunks
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            let mut path = at.to_vec();
            path.extend([PathKey::Index(i), PathKey::Field("bytes")]);
            buffers.push(Buffer { path, bytes: c.bytes });
            ChunkView {
                path: c.path,
                bytes: Slot,
                secret: c.secret,
            }
        })
        .collect()
}

fn out(chunks: Vec<OutChunk>) -> Out<Vec<ChunkView>> {
    let mut buffers = Vec::new();
    let info = views(chunks, &[], &mut buffers);
    Out { info, buffers }
}

/// What `Converter.finish` returns: `{chunks, report}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConvertFinished {
    /// The last output chunks (definitions, security files, empty indexes).
    pub chunks: Vec<ChunkView>,
    /// What was written and what could not be.
    pub report: ConvertReport,
}

/// Starts a source file (a folder's path ends in `/`).
pub fn converter_begin(c: &mut Converter, path: &str) -> Result<Out<Vec<ChunkView>>> {
    Ok(out(c.begin_file(path)?))
}

/// Pushes the next chunk of the open source file.
pub fn converter_push(c: &mut Converter, chunk: &[u8]) -> Result<Out<Vec<ChunkView>>> {
    Ok(out(c.push(chunk)?))
}

/// Ends the open source file.
pub fn converter_end(c: &mut Converter) -> Result<Out<Vec<ChunkView>>> {
    Ok(out(c.end_file()?))
}

/// Ends the conversion.
pub fn converter_finish(c: &mut Converter) -> Result<Out<ConvertFinished>> {
    let (chunks, report) = c.finish()?;
    let mut buffers = Vec::new();
    let chunks = views(chunks, &[PathKey::Field("chunks")], &mut buffers);
    Ok(Out {
        info: ConvertFinished { chunks, report },
        buffers,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::convert::ConvertOptions;
    use crate::elasticdump::RootFormat;

    #[test]
    fn chunks_carry_their_bytes_as_buffers() {
        let mut c = Converter::new(ConvertOptions::default()).unwrap();
        let mut all = converter_begin(&mut c, "i/c/documents.jsonl").unwrap().buffers;
        let input = b"{\"type\":\"collection\",\"index\":\"i\",\"collection\":\"c\"}\n{\"_id\":\"a\",\"body\":{}}\n";
        all.extend(converter_push(&mut c, input).unwrap().buffers);
        let end = converter_end(&mut c).unwrap();
        all.extend(end.buffers);
        let done = converter_finish(&mut c).unwrap();
        assert_eq!(done.info.report.to, RootFormat::Elasticdump);
        assert_eq!(done.info.report.documents, 1);
        let text: Vec<u8> = all.into_iter().chain(done.buffers).flat_map(|b| b.bytes).collect();
        assert!(String::from_utf8(text).unwrap().contains("\"_id\":\"a\""));
        let json = serde_json::to_string(&done.info.chunks.first()).unwrap();
        assert!(json.contains("\"bytes\":null"), "{json}");
        assert_eq!(
            serde_json::to_string(
                &out(vec![OutChunk {
                    path: "x/".into(),
                    bytes: Vec::new(),
                    secret: false
                }])
                .info
            )
            .unwrap(),
            r#"[{"path":"x/","bytes":null,"secret":false}]"#
        );
    }
}
