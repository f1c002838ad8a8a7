//! Runs the shared `tests/fixtures/mappings-*` cases: each holds `<index>/<collection>/mappings.json`
//! and `expected.json` (collections and warning codes) or `expected-error.json`, plus
//! `expected-written.json` when our writer must give those exact bytes for the first collection.

// Test helpers outside #[test] functions: failing loudly is their job.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use kuzzle_dump_core::json::Json;
use kuzzle_dump_core::mapping::{parse_mappings_file, write_mappings_file, Shape};
use std::fs;
use std::path::{Path, PathBuf};

fn find_mappings(dir: &Path) -> Option<PathBuf> {
    for entry in fs::read_dir(dir).ok()?.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if let Some(found) = find_mappings(&path) {
                return Some(found);
            }
        } else if path.file_name().is_some_and(|n| n == "mappings.json") {
            return Some(path);
        }
    }
    None
}

fn text(v: Option<&Json>) -> String {
    v.and_then(Json::as_str).map(|s| s.into_owned()).unwrap_or_default()
}

fn shape_name(shape: Shape) -> &'static str {
    match shape {
        Shape::Current => "current",
        Shape::Legacy => "legacy",
        Shape::Raw => "raw",
    }
}

fn run_case(case: &Path) {
    let file = find_mappings(case).expect("a mappings.json");
    let collection_dir = file.parent().unwrap();
    let dirs = (
        collection_dir.parent().unwrap().file_name().unwrap().to_str().unwrap(),
        collection_dir.file_name().unwrap().to_str().unwrap(),
    );
    let bytes = fs::read(&file).unwrap();
    let result = parse_mappings_file(&bytes, Some(dirs));
    let read = |name: &str| fs::read(case.join(name)).ok().map(|b| Json::parse(&b).unwrap());
    if let Some(error) = read("expected-error.json") {
        let e = result.expect_err("an error");
        let loc = e.location().unwrap();
        assert_eq!(e.code().as_str(), text(error.get("code")), "{case:?}");
        assert_eq!(
            loc.line.to_string(),
            error.get("line").unwrap().to_compact(),
            "{case:?}"
        );
        assert_eq!(
            loc.column.to_string(),
            error.get("column").unwrap().to_compact(),
            "{case:?}"
        );
        assert_eq!(e.message(), text(error.get("message")), "{case:?}");
        return;
    }
    let got = result.unwrap();
    let expected = read("expected.json").expect("expected.json");
    let want = expected.get("collections").and_then(Json::as_array).unwrap();
    assert_eq!(got.collections.len(), want.len(), "{case:?}");
    for (c, w) in got.collections.iter().zip(want) {
        assert_eq!(c.index, text(w.get("index")), "{case:?}");
        assert_eq!(c.collection, text(w.get("collection")), "{case:?}");
        assert_eq!(shape_name(c.shape), text(w.get("shape")), "{case:?}");
        assert_eq!(
            c.mappings.to_compact(),
            w.get("mappings").unwrap().to_compact(),
            "{case:?}"
        );
        let settings = c.settings.as_ref().map_or("null".to_owned(), Json::to_compact);
        assert_eq!(settings, w.get("settings").unwrap().to_compact(), "{case:?}");
    }
    let codes: Vec<&str> = got.warnings.iter().map(|w| w.code.as_str()).collect();
    let want_codes: Vec<String> = expected
        .get("warnings")
        .and_then(Json::as_array)
        .unwrap()
        .iter()
        .map(|w| text(Some(w)))
        .collect();
    assert_eq!(codes, want_codes, "{case:?}");
    if let Ok(written) = fs::read(case.join("expected-written.json")) {
        let c = &got.collections[0];
        let out = write_mappings_file(&c.index, &c.collection, &c.mappings, c.settings.as_ref());
        assert_eq!(
            String::from_utf8(out).unwrap(),
            String::from_utf8(written).unwrap(),
            "{case:?}"
        );
    }
}

#[test]
fn mappings_fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
    let mut cases: Vec<PathBuf> = fs::read_dir(&root)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("mappings-"))
        })
        .collect();
    cases.sort();
    assert!(cases.len() >= 7, "{cases:?}");
    for case in &cases {
        run_case(case);
    }
}
