//! The shared `tests/fixtures/dump-*` cases: each dump folder is pushed file by file, in small and
//! large chunks, and the report must match `expected.json`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use kuzzle_dump_core::dump::{DumpOptions, DumpReader, DumpReport};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn files(root: &Path, dir: &Path, out: &mut Vec<String>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files(root, &p, out);
        } else {
            out.push(p.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/"));
        }
    }
}

fn read_dump(root: &Path, chunk: usize) -> DumpReport {
    let mut paths = Vec::new();
    files(root, root, &mut paths);
    let heads: BTreeMap<String, Vec<u8>> = paths
        .iter()
        .filter(|p| !p.contains('/'))
        .map(|p| {
            (
                p.clone(),
                std::fs::read(root.join(p)).unwrap().into_iter().take(4096).collect(),
            )
        })
        .collect();
    let format = DumpReader::detect(&paths, &heads);
    let mut reader = DumpReader::new(DumpOptions {
        format,
        ..DumpOptions::default()
    });
    for p in DumpReader::order(format, &paths) {
        let bytes = std::fs::read(root.join(&p)).unwrap();
        reader.begin_file(&p).unwrap();
        for c in bytes.chunks(chunk) {
            reader.push(c).unwrap();
        }
        reader.end_file().unwrap();
    }
    reader.finish().unwrap()
}

fn summary(report: &DumpReport, expected: &Value) -> Value {
    let findings: Vec<Value> = report
        .findings
        .iter()
        .zip(
            expected["findings"]
                .as_array()
                .unwrap()
                .iter()
                .chain(std::iter::repeat(&Value::Null)),
        )
        .map(|(f, e)| {
            let mut v = json!({"code": f.code.as_str(), "file": f.location.file, "line": f.location.line});
            if e.get("column").is_some() {
                v["column"] = json!(f.location.column);
            }
            v
        })
        .collect();
    json!({"ok": report.ok, "documents": report.documents, "collections": report.collections, "findings": findings})
}

#[test]
fn dump_fixture_cases() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
    let mut cases = 0;
    for e in std::fs::read_dir(&dir).unwrap() {
        let case = e.unwrap().path();
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        if !name.starts_with("dump-") {
            continue;
        }
        cases += 1;
        let expected: Value = serde_json::from_slice(&std::fs::read(case.join("expected.json")).unwrap()).unwrap();
        for chunk in [7, 1 << 16] {
            let report = read_dump(&case.join("input"), chunk);
            assert_eq!(
                summary(&report, &expected),
                expected,
                "{name}, chunks of {chunk}: {:#?}",
                report.findings
            );
        }
    }
    assert!(cases >= 8, "only {cases} dump cases found in {}", dir.display());
}

#[test]
fn a_collection_folder_reads_like_a_dump() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/dump-bad-lines/input/nyc-open-data/yellow-taxi");
    let read = |root_collection: Option<(String, String)>| {
        let mut reader = DumpReader::new(DumpOptions {
            root_collection,
            ..DumpOptions::default()
        });
        let paths = vec!["documents.jsonl".to_owned(), "mappings.json".to_owned()];
        for p in DumpReader::order(kuzzle_dump_core::elasticdump::RootFormat::Kourou, &paths) {
            reader.begin_file(&p).unwrap();
            reader.push(&std::fs::read(root.join(&p)).unwrap()).unwrap();
            reader.end_file().unwrap();
        }
        reader.finish().unwrap()
    };
    let codes = |r: &DumpReport| {
        r.findings
            .iter()
            .map(|f| (f.code.as_str(), f.location.file.clone().unwrap(), f.location.line))
            .collect::<Vec<_>>()
    };
    let with = read(Some(("nyc-open-data".into(), "yellow-taxi".into())));
    assert_eq!(
        codes(&with).last().unwrap(),
        &("FIELD_TYPE_MISMATCH", "documents.jsonl".to_owned(), 10)
    );
    assert_eq!(with.indexes["nyc-open-data"]["yellow-taxi"].mapped_fields, 2);
    // Without the names, the mapping has no collection to apply to.
    let without = read(None);
    assert!(codes(&without).iter().all(|c| c.0 != "FIELD_TYPE_MISMATCH"));
    assert_eq!(with.findings.len(), without.findings.len() + 1);
}
