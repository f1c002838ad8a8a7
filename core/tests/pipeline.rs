//! The pipeline end to end: same results for any chunking and thread count, exact outputs.
#![allow(clippy::unwrap_used)]

use kuzzle_dump_core::pipeline::{InputFormat, OutputFormat, Pipeline, PipelineOptions, Report};
use kuzzle_dump_core::Code;

fn run(input: &[u8], chunk: usize, opts: PipelineOptions) -> (Vec<Vec<u8>>, Vec<u8>, Report) {
    let mut p = Pipeline::new(opts).unwrap();
    let mut batches = Vec::new();
    let mut bytes = Vec::new();
    for c in input.chunks(chunk.max(1)) {
        let out = p.push(c).unwrap();
        batches.extend(out.batches.into_iter().map(|b| b.body));
        bytes.extend(out.bytes);
    }
    let (out, report) = p.finish().unwrap();
    batches.extend(out.batches.into_iter().map(|b| b.body));
    bytes.extend(out.bytes);
    (batches, bytes, report)
}

fn opts(output: OutputFormat) -> PipelineOptions {
    PipelineOptions {
        output,
        file: Some("i/c/documents.jsonl".into()),
        ..PipelineOptions::default()
    }
}

const GOOD: &str = concat!(
    "{\"type\":\"collection\",\"index\":\"nyc-open-data\",\"collection\":\"yellow-taxi\"}\n",
    "{\"_id\":\"chuon-chuon-kim\",\"body\":{\"city\":\"hcmc\",\"district\":1,\"_kuzzle_info\":{\"author\":\"test-admin\",\"createdAt\":1700000000000,\"updatedAt\":null,\"updater\":null}}}\n",
    "{\"_id\":\"the-hive-vn\",\"body\":{\"city\":\"hcmc\",\"district\":2,\"big\":12345678901234567890123,\"d\":0.1000000000000000055511,\"s\":\"caf\\u00e9 \\ud83d\\ude00 \\ud800\"}}\n",
);

#[test]
fn canonical_jsonl_round_trips_byte_for_byte() {
    for chunk in [1, 2, 3, 7, 64, 1 << 20] {
        let (_, bytes, report) = run(GOOD.as_bytes(), chunk, opts(OutputFormat::Jsonl));
        assert_eq!(String::from_utf8(bytes).unwrap(), GOOD, "chunk {chunk}");
        assert!(report.ok);
        assert_eq!((report.documents, report.valid_documents, report.lines), (2, 2, 3));
        let h = report.header.unwrap();
        assert_eq!(
            (h.index.as_str(), h.collection.as_str()),
            ("nyc-open-data", "yellow-taxi")
        );
    }
}

#[test]
fn crlf_bom_blank_lines_and_whitespace_are_normalised() {
    let input = "\u{feff}{\"collection\":\"c\",\"index\":\"i\",\"type\":\"collection\"}\r\n\r\n  \r\n{ \"body\" : { \"a\" : [ 1 , 2 ] }, \"_id\" : \"x\" }\r\n{\"_id\":\"y\",\"body\":{}}";
    let expected = "{\"type\":\"collection\",\"index\":\"i\",\"collection\":\"c\"}\n{\"_id\":\"x\",\"body\":{\"a\":[1,2]}}\n{\"_id\":\"y\",\"body\":{}}\n";
    for chunk in 1..input.len() + 1 {
        let (_, bytes, report) = run(input.as_bytes(), chunk, opts(OutputFormat::Jsonl));
        assert_eq!(String::from_utf8(bytes).unwrap(), expected, "chunk {chunk}");
        assert_eq!((report.documents, report.lines, report.errors), (2, 5, 0));
    }
}

#[test]
fn every_bad_line_is_reported_and_good_ones_still_count() {
    let input = concat!(
        "{\"type\":\"collection\",\"index\":\"i\",\"collection\":\"c\"}\n",
        "{\"_id\":\"a\",\"body\":{}}\n",
        "{\"_id\":\"b\",\"body\":{}\n",
        "{\"_id\":\"a\",\"body\":{\"again\":true}}\n",
        "{\"_id\":7,\"body\":{}}\n",
        "{\"_id\":\"c\",\"body\":[]}\n",
        "not json\n",
        "{\"_id\":\"d\",\"body\":{}}\n",
    );
    let mut bytes = input.as_bytes().to_vec();
    bytes.extend_from_slice(b"{\"_id\":\"e\",\"body\":{\"x\":\"\xff\"}}\n");
    let (_, _, report) = run(&bytes, 5, opts(OutputFormat::None));
    let got: Vec<(Code, u64, u64)> = report
        .findings
        .iter()
        .map(|f| (f.code, f.location.line, f.location.column))
        .collect();
    assert_eq!(
        got,
        vec![
            (Code::JsonSyntax, 3, 21),
            (Code::DuplicateId, 4, 8),
            (Code::IdNotString, 5, 8),
            (Code::BodyNotObject, 6, 19),
            (Code::JsonSyntax, 7, 1),
            (Code::InvalidUtf8, 9, 25),
        ]
    );
    assert_eq!((report.documents, report.valid_documents, report.errors), (8, 2, 6));
    assert!(!report.ok);
    assert!(report
        .findings
        .iter()
        .all(|f| f.location.file.as_deref() == Some("i/c/documents.jsonl")));
}

#[test]
fn header_problems() {
    let (_, _, r) = run(b"", 10, opts(OutputFormat::None));
    assert_eq!(r.findings[0].code, Code::HeaderMissing);
    let (_, _, r) = run(
        b"{\"_id\":\"a\",\"body\":{}}\n{\"_id\":\"b\",\"body\":{}}\n",
        10,
        opts(OutputFormat::None),
    );
    assert_eq!(
        r.findings.iter().map(|f| (f.code, f.location.line)).collect::<Vec<_>>(),
        vec![(Code::HeaderMissing, 1)]
    );
    assert_eq!(r.documents, 2, "the first line is read as a document");
    let (_, _, r) = run(
        b"{\"type\":\"collection\",\"index\":\"i\",\"collection\":\"c\"}\n",
        10,
        opts(OutputFormat::None),
    );
    assert!(r.ok, "a header-only file is a valid empty collection");
}

#[test]
fn mwrite_batches_hold_every_document_within_limits() {
    let mut input = String::from("{\"type\":\"collection\",\"index\":\"i\",\"collection\":\"c\"}\n");
    for i in 0..1000 {
        input.push_str(&format!(
            "{{\"_id\":\"doc-{i}\",\"body\":{{\"n\":{i},\"pad\":\"{}\"}}}}\n",
            "x".repeat(i % 200)
        ));
    }
    let o = PipelineOptions {
        batch_bytes: 10_000,
        batch_documents: 60,
        ..opts(OutputFormat::Mwrite)
    };
    let (batches, _, report) = run(input.as_bytes(), 4096, o.clone());
    assert!(report.ok);
    let mut ids = Vec::new();
    for b in &batches {
        assert!(b.len() <= 10_000);
        let v: serde_json::Value = serde_json::from_slice(b).unwrap();
        let docs = v["documents"].as_array().unwrap();
        assert!(docs.len() <= 60);
        ids.extend(docs.iter().map(|d| d["_id"].as_str().unwrap().to_owned()));
    }
    assert_eq!(ids, (0..1000).map(|i| format!("doc-{i}")).collect::<Vec<_>>());
    assert_eq!(report.batches, batches.len() as u64);
    // Same batches whatever the chunking.
    let (again, _, _) = run(input.as_bytes(), 333, o);
    assert_eq!(again, batches);
}

#[test]
fn oversized_document_is_a_finding_not_a_drop() {
    let input = format!(
        "{{\"type\":\"collection\",\"index\":\"i\",\"collection\":\"c\"}}\n{{\"_id\":\"big\",\"body\":{{\"s\":\"{}\"}}}}\n{{\"_id\":\"ok\",\"body\":{{}}}}\n",
        "x".repeat(500)
    );
    let o = PipelineOptions {
        batch_bytes: 300,
        ..opts(OutputFormat::Mwrite)
    };
    let (batches, _, report) = run(input.as_bytes(), 64, o);
    assert_eq!(
        report
            .findings
            .iter()
            .map(|f| (f.code, f.location.line))
            .collect::<Vec<_>>(),
        vec![(Code::DocumentTooLarge, 2)]
    );
    assert_eq!(
        batches,
        vec![b"{\"documents\":[{\"_id\":\"ok\",\"body\":{}}]}".to_vec()]
    );
    let o = PipelineOptions {
        max_request_bytes: Some(300),
        ..opts(OutputFormat::None)
    };
    let (_, _, report) = run(input.as_bytes(), 64, o);
    assert_eq!(report.errors, 1);
}

#[test]
fn threads_give_the_same_results() {
    let mut input = String::from("{\"type\":\"collection\",\"index\":\"i\",\"collection\":\"c\"}\n");
    for i in 0..20_000 {
        if i % 997 == 0 {
            input.push_str("{\"_id\":\"dup\",\"body\":{}}\n");
        } else if i % 1231 == 0 {
            input.push_str("{broken\n");
        } else {
            input.push_str(&format!("{{\"_id\":\"d{i}\",\"body\":{{\"v\":[{i},\"é\"]}}}}\n"));
        }
    }
    let one = run(
        input.as_bytes(),
        1 << 20,
        PipelineOptions {
            threads: 1,
            ..opts(OutputFormat::Mwrite)
        },
    );
    assert!(one.2.errors > 20);
    // Line numbers are the file's: the header is line 1, item i is line i + 2.
    assert_eq!(one.2.lines, 20_001);
    let lines_of = |code: &str| -> Vec<u64> {
        one.2
            .findings
            .iter()
            .filter(|f| f.code.as_str() == code)
            .map(|f| f.location.line)
            .collect()
    };
    let broken: Vec<u64> = (1..20_000u64)
        .filter(|i| i % 1231 == 0 && i % 997 != 0)
        .map(|i| i + 2)
        .collect();
    assert_eq!(lines_of("JSON_SYNTAX"), broken);
    let dups: Vec<u64> = (1..20_000u64).filter(|i| i % 997 == 0).map(|i| i + 2).collect();
    assert_eq!(lines_of("DUPLICATE_ID"), dups);
    // Blocks of 300 KB and 1 MiB both take the overlapped parse-and-merge path (>= 256 KiB).
    for threads in [2, 3, 4] {
        for chunk in [300_000, 1 << 20] {
            let many = run(
                input.as_bytes(),
                chunk,
                PipelineOptions {
                    threads,
                    ..opts(OutputFormat::Mwrite)
                },
            );
            assert_eq!(one.0, many.0, "{threads} threads, chunks of {chunk}");
            assert_eq!(one.2, many.2, "{threads} threads, chunks of {chunk}");
        }
    }
}

#[test]
fn es_bulk_output() {
    let input = "{\"type\":\"collection\",\"index\":\"i\",\"collection\":\"c\"}\n{\"_id\":\"a\",\"body\":{\"x\":1}}\n";
    let o = PipelineOptions {
        es_index: Some("&i.c".into()),
        ..opts(OutputFormat::Bulk)
    };
    let (batches, _, _) = run(input.as_bytes(), 8, o);
    assert_eq!(
        batches,
        vec![b"{\"index\":{\"_index\":\"&i.c\",\"_id\":\"a\"}}\n{\"x\":1}\n".to_vec()]
    );
}

#[test]
fn findings_are_capped_but_counted() {
    let mut input = String::from("{\"type\":\"collection\",\"index\":\"i\",\"collection\":\"c\"}\n");
    for _ in 0..50 {
        input.push_str("oops\n");
    }
    let (_, _, r) = run(
        input.as_bytes(),
        100,
        PipelineOptions {
            max_findings: 10,
            ..opts(OutputFormat::None)
        },
    );
    assert_eq!((r.findings.len(), r.errors, r.findings_truncated), (10, 50, true));
}

#[test]
fn elasticdump_hits_become_kourou_lines_and_bulk_bodies() {
    let input = concat!(
        "{\"_index\":\"&nyc-open-data.yellow-taxi\",\"_type\":\"_doc\",\"_id\":\"chuon-chuon-kim\",\"_score\":1,\"_source\":{\"city\":\"hcmc\",\"big\":9223372036854775807}}\n",
        "\n",
        "{\"_index\":\"&i.c\",\"_id\":10021042309491564510020011410144,\"_score\":1,\"_source\":{ \"a\" : 1 }}\r\n",
        "{\"_index\":\"&i.c\",\"_id\":\"x\",\"_score\":1}\n",
    );
    let o = PipelineOptions {
        input: InputFormat::Hits,
        ..opts(OutputFormat::Jsonl)
    };
    let (_, bytes, report) = run(input.as_bytes(), 5, o);
    assert_eq!(
        String::from_utf8(bytes).unwrap(),
        "{\"_id\":\"chuon-chuon-kim\",\"body\":{\"city\":\"hcmc\",\"big\":9223372036854775807}}\n{\"_id\":\"10021042309491564510020011410144\",\"body\":{\"a\":1}}\n"
    );
    assert_eq!(report.documents, 3);
    assert_eq!(
        report
            .findings
            .iter()
            .map(|f| (f.code, f.location.line))
            .collect::<Vec<_>>(),
        vec![(Code::BodyMissing, 4)]
    );
    assert!(report.header.is_none());
    let o = PipelineOptions {
        input: InputFormat::Hits,
        es_index: Some("&i.c".into()),
        ..opts(OutputFormat::Bulk)
    };
    let (batches, _, _) = run(input.as_bytes(), 64, o);
    assert_eq!(
        String::from_utf8(batches.concat()).unwrap(),
        "{\"index\":{\"_index\":\"&i.c\",\"_id\":\"chuon-chuon-kim\"}}\n{\"city\":\"hcmc\",\"big\":9223372036854775807}\n{\"index\":{\"_index\":\"&i.c\",\"_id\":\"10021042309491564510020011410144\"}}\n{\"a\":1}\n"
    );
}

#[test]
fn hits_output_synthesizes_or_copies_hit_lines() {
    // Kourou lines → hits of the given index (formats.md §6, Kourou → ES step 4).
    let kourou = concat!(
        "{\"type\":\"collection\",\"index\":\"i\",\"collection\":\"c\"}\n",
        "{\"_id\":\"a\\\"b\",\"body\":{ \"n\" : 12345678901234567890123 }}\r\n",
        "{\"_id\":\"c\"}\n",
    );
    for chunk in [1, 7, 1 << 20] {
        let o = PipelineOptions {
            es_index: Some("&i.c".into()),
            ..opts(OutputFormat::Hits)
        };
        let (_, bytes, report) = run(kourou.as_bytes(), chunk, o);
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "{\"_index\":\"&i.c\",\"_type\":\"_doc\",\"_id\":\"a\\\"b\",\"_score\":1,\"_source\":{\"n\":12345678901234567890123}}\n"
        );
        assert_eq!((report.documents, report.errors), (2, 1));
    }
    // Hit lines copied, compacted, with every key kept.
    let hits =
        "{ \"_index\":\"&i.c.4\", \"_id\":7,\"_routing\":\"r\",\"_source\":{\"s\":\"a b\"} }\n\n{\"_id\":\"x\"}\n";
    let o = PipelineOptions {
        input: InputFormat::Hits,
        ..opts(OutputFormat::Hits)
    };
    let (_, bytes, report) = run(hits.as_bytes(), 3, o);
    assert_eq!(
        String::from_utf8(bytes).unwrap(),
        "{\"_index\":\"&i.c.4\",\"_id\":7,\"_routing\":\"r\",\"_source\":{\"s\":\"a b\"}}\n"
    );
    assert_eq!(report.errors, 1);
    let e = Pipeline::new(opts(OutputFormat::Hits)).err().unwrap();
    assert_eq!(e.code(), Code::InvalidOptions);
}

#[test]
fn js_number_warnings_and_resume_skip() {
    let input = concat!(
        "{\"type\":\"collection\",\"index\":\"i\",\"collection\":\"c\"}\n",
        "{\"_id\":\"a\",\"body\":{\"n\":1.0}}\n",
        "{\"_id\":\"b\",\"body\":{\"n\":12345678901234567890123}}\n",
        "{\"_id\":\"c\",\"body\":{}}\n",
    );
    let o = PipelineOptions {
        js_numbers: true,
        skip_through_line: 2,
        ..opts(OutputFormat::Mwrite)
    };
    let (batches, _, report) = run(input.as_bytes(), 9, o);
    assert_eq!(
        report
            .findings
            .iter()
            .map(|f| (f.code, f.location.line, f.location.column))
            .collect::<Vec<_>>(),
        vec![(Code::PrecisionLoss, 3, 24)]
    );
    assert!(report.ok, "a warning does not fail the file");
    assert_eq!(
        batches,
        vec![br#"{"documents":[{"_id":"b","body":{"n":12345678901234567890123}},{"_id":"c","body":{}}]}"#.to_vec()]
    );
}

#[test]
fn header_line_ending_in_cr_cr_lf_keeps_line_numbers() {
    // Found by the fuzzer: only the CR right before LF ends a line, so the rest of a header line
    // "…\r\r\n" starts after the LF, whatever the chunking.
    let input =
        b"{\"type\":\"collection\",\"index\":\"i\",\"collection\":\"c\"}\r\r\n{\"_id\":\"a\",\"body\":{}}\nbad\n";
    let lines = |chunk| {
        let (_, _, r) = run(input, chunk, opts(OutputFormat::None));
        r.findings.iter().map(|f| (f.code, f.location.line)).collect::<Vec<_>>()
    };
    let whole = lines(input.len());
    assert_eq!(whole, vec![(Code::JsonSyntax, 3)], "a trailing CR is JSON whitespace");
    for chunk in 1..input.len() {
        assert_eq!(lines(chunk), whole, "chunk {chunk}");
    }
}
