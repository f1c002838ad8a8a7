//! Export encoders: search pages in, dump file bytes out. One [`Exporter`] per output file; the
//! caller fetches pages (Kuzzle scroll or Elasticsearch scroll) and writes what it returns.

use crate::error::{DumpError, Result};
use crate::json::{escape, Json};
use crate::kourou::csv::{columns_from_fields, columns_from_mapping, CsvWriter};
use crate::kourou::fixtures::FixturesWriter;
use crate::response::{es_hits, kuzzle_hits, PageHit, SearchPage};
use serde::Deserialize;

/// The file an [`Exporter`] writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub enum ExportFormat {
    /// Kourou `documents.jsonl`: header, then `{"_id","body"}` lines.
    #[default]
    Jsonl,
    /// Kourou `documents.csv`.
    Csv,
    /// The `kuzzle` fixtures format `documents.json` (one `admin:loadFixtures` body).
    Kuzzle,
    /// elasticdump data lines (raw hits).
    Hits,
}

/// Where the pages come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub enum PageSource {
    /// Kuzzle `document:search` / `document:scroll` responses.
    #[default]
    Kuzzle,
    /// Elasticsearch `_search` / `_search/scroll` responses.
    Elasticsearch,
}

/// Options of an [`Exporter`].
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct ExportOptions {
    /// Output format. @default "jsonl"
    pub format: ExportFormat,
    /// Page format. @default "kuzzle"
    pub source: PageSource,
    /// Kuzzle index (header, fixtures).
    pub index: String,
    /// Kuzzle collection (header, fixtures).
    pub collection: String,
    /// CSV columns as Kourou's `--fields` (`a,b.c`); without it, from `mapping`.
    pub fields: Option<String>,
    /// The collection's mapping (`collection:getMapping`), for CSV columns.
    pub mapping: Option<serde_json::Value>,
    /// `_index` of hits synthesized from Kuzzle pages. @default "&<index>.<collection>"
    pub es_index: Option<String>,
}

enum Encoder {
    Jsonl,
    Csv(Box<CsvWriter>),
    Kuzzle(Option<FixturesWriter>),
    Hits(String),
}

/// Turns search pages into the bytes of one dump file.
pub struct Exporter {
    source: PageSource,
    encoder: Encoder,
    header: Vec<u8>,
    documents: u64,
}

impl Exporter {
    /// An exporter; [`Exporter::header`] gives the bytes to write first.
    pub fn new(opts: ExportOptions) -> Result<Self> {
        let mut header = Vec::new();
        let encoder = match opts.format {
            ExportFormat::Jsonl => {
                crate::document::write_header(&opts.index, &opts.collection, &mut header);
                Encoder::Jsonl
            }
            ExportFormat::Csv => {
                let columns = match (&opts.fields, &opts.mapping) {
                    (Some(f), _) => columns_from_fields(f),
                    (None, Some(m)) => {
                        let tree = Json::parse(m.to_string().as_bytes())
                            .map_err(|e| DumpError::InvalidOptions(format!("mapping: {}", e.message)))?;
                        tree.get("properties").map(columns_from_mapping).unwrap_or_default()
                    }
                    (None, None) => Vec::new(),
                };
                let w = CsvWriter::new(columns);
                w.header(&mut header);
                Encoder::Csv(Box::new(w))
            }
            ExportFormat::Kuzzle => {
                Encoder::Kuzzle(Some(FixturesWriter::begin(&opts.index, &opts.collection, &mut header)))
            }
            ExportFormat::Hits => Encoder::Hits(
                opts.es_index
                    .clone()
                    .unwrap_or_else(|| format!("&{}.{}", opts.index, opts.collection)),
            ),
        };
        Ok(Exporter {
            source: opts.source,
            encoder,
            header,
            documents: 0,
        })
    }

    /// The bytes that start the file (header line, CSV header, fixtures opening).
    pub fn header(&self) -> &[u8] {
        &self.header
    }

    /// Documents written so far.
    pub fn documents(&self) -> u64 {
        self.documents
    }

    /// Encodes one page; returns the bytes to append and what the page said (scroll id, …).
    pub fn push_page(&mut self, response: &[u8]) -> Result<(Vec<u8>, SearchPage)> {
        let mut out = Vec::with_capacity(response.len());
        let encoder = &mut self.encoder;
        let es = self.source == PageSource::Elasticsearch;
        let write = |hit: PageHit<'_>| -> Result<()> { encode(encoder, es, hit, &mut out) };
        let page = match self.source {
            PageSource::Kuzzle => kuzzle_hits(response, write)?,
            PageSource::Elasticsearch => es_hits(response, write)?,
        };
        self.documents += page.hits;
        Ok((out, page))
    }

    /// The bytes that end the file.
    pub fn finish(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        if let Encoder::Kuzzle(w) = &mut self.encoder {
            if let Some(w) = w.take() {
                w.finish(&mut out);
            }
        }
        out
    }
}

fn encode(encoder: &mut Encoder, es: bool, hit: PageHit<'_>, out: &mut Vec<u8>) -> Result<()> {
    match encoder {
        Encoder::Jsonl => crate::document::write_doc_line(hit.id, hit.source, out),
        Encoder::Csv(w) => w.write_row(&escape::unescape(hit.id), hit.source, out)?,
        Encoder::Kuzzle(w) => {
            if let Some(w) = w {
                w.push(hit.id, hit.source, out);
            }
        }
        Encoder::Hits(_) if es => {
            out.extend_from_slice(&crate::json::compact(hit.raw));
            out.push(b'\n');
        }
        Encoder::Hits(index) => {
            crate::elasticdump::write_hit(index, hit.id, hit.source, false, out);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"{"status":200,"error":null,"result":{"hits":[{"_id":"luca","_source":{"city":"changmai","district":[7,8,9]}},{"_id":"toto","_source":{"city":"changmai","district":11,"object":{"field":"x"}}}],"total":2,"remaining":0,"scrollId":"s"}}"#;

    fn export(opts: ExportOptions) -> String {
        let mut e = Exporter::new(opts).unwrap();
        let mut out = e.header().to_vec();
        let (bytes, page) = e.push_page(PAGE.as_bytes()).unwrap();
        assert_eq!((page.hits, page.remaining), (2, Some(0)));
        out.extend(bytes);
        out.extend(e.finish());
        String::from_utf8(out).unwrap()
    }

    fn opts(format: ExportFormat) -> ExportOptions {
        ExportOptions {
            format,
            index: "nyc".into(),
            collection: "taxi".into(),
            ..ExportOptions::default()
        }
    }

    #[test]
    fn jsonl() {
        assert_eq!(
            export(opts(ExportFormat::Jsonl)),
            "{\"type\":\"collection\",\"index\":\"nyc\",\"collection\":\"taxi\"}\n{\"_id\":\"luca\",\"body\":{\"city\":\"changmai\",\"district\":[7,8,9]}}\n{\"_id\":\"toto\",\"body\":{\"city\":\"changmai\",\"district\":11,\"object\":{\"field\":\"x\"}}}\n"
        );
    }

    #[test]
    fn csv_with_fields() {
        let o = ExportOptions {
            fields: Some("city,district,object".into()),
            ..opts(ExportFormat::Csv)
        };
        assert_eq!(
            export(o),
            "_id,city,district,object\nluca,changmai,[NOT_SCALAR],\ntoto,changmai,11,[NOT_SCALAR]\n"
        );
    }

    #[test]
    fn csv_from_mapping() {
        let mapping = serde_json::json!({"dynamic":"false","properties":{"city":{"type":"keyword"}}});
        let o = ExportOptions {
            mapping: Some(mapping),
            ..opts(ExportFormat::Csv)
        };
        assert_eq!(export(o), "_id,city\nluca,changmai\ntoto,changmai\n");
    }

    #[test]
    fn fixtures_and_hits() {
        assert_eq!(
            export(opts(ExportFormat::Kuzzle)),
            "{\"nyc\":{\"taxi\":[{\"index\":{\"_id\":\"luca\"}},{\"city\":\"changmai\",\"district\":[7,8,9]},{\"index\":{\"_id\":\"toto\"}},{\"city\":\"changmai\",\"district\":11,\"object\":{\"field\":\"x\"}}]}}\n"
        );
        assert!(export(opts(ExportFormat::Hits))
            .starts_with("{\"_index\":\"&nyc.taxi\",\"_type\":\"_doc\",\"_id\":\"luca\",\"_score\":1,\"_source\":{"));
    }
}
