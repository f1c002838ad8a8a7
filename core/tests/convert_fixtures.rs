//! The shared `convert.json` fixture cases: each conversion pushes its input folder through the
//! `Converter`, file by file in `Converter::order`, in 7-byte chunks and whole, and the output
//! must equal the expected folder byte for byte (after gunzip for gzip outputs), with the
//! expected findings, left-out indices and owner-only files.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers: a failure should stop the test

use kuzzle_dump_core::convert::{ConvertOptions, ConvertReport, Converter};
use kuzzle_dump_core::elasticdump::RootFormat;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One or several folders, relative to the case.
#[derive(Deserialize)]
#[serde(untagged)]
enum Folders {
    One(String),
    Many(Vec<String>),
}

impl Folders {
    fn list(&self) -> Vec<String> {
        match self {
            Folders::One(f) => vec![f.clone()],
            Folders::Many(v) => v.clone(),
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Conversion {
    input: Folders,
    from: RootFormat,
    to: RootFormat,
    #[serde(default)]
    expected: Option<Folders>,
    #[serde(default)]
    gzip: bool,
    /// Folders passed as `<name>/` (git keeps no empty folder).
    #[serde(default)]
    input_dirs: Vec<String>,
    /// Folders the output creates.
    #[serde(default)]
    expected_dirs: Vec<String>,
    /// Codes of the findings, in order.
    #[serde(default)]
    findings: Vec<String>,
    #[serde(default)]
    left_out: Vec<String>,
    /// Output files created owner-only.
    #[serde(default)]
    secret: Vec<String>,
}

#[derive(Deserialize)]
struct Case {
    conversions: Vec<Conversion>,
}

fn files(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files(root, &p, out);
        } else {
            let rel = p.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
            out.insert(rel, std::fs::read(&p).unwrap());
        }
    }
}

/// The union of the folders' files (a path in two of them is a fixture bug).
fn union(case: &Path, folders: &[String]) -> BTreeMap<String, Vec<u8>> {
    let mut all = BTreeMap::new();
    for f in folders {
        let root = case.join(f);
        let mut one = BTreeMap::new();
        files(&root, &root, &mut one);
        for (path, bytes) in one {
            assert!(all.insert(path.clone(), bytes).is_none(), "{path} is in two folders");
        }
    }
    all
}

/// Output files (path → bytes) and folders, built from the chunks as a caller would write them.
struct Written {
    files: BTreeMap<String, Vec<u8>>,
    dirs: Vec<String>,
    secret: Vec<String>,
    report: ConvertReport,
}

fn convert(input: &BTreeMap<String, Vec<u8>>, dirs: &[String], opts: &ConvertOptions, chunk: usize) -> Written {
    let mut paths: Vec<String> = input.keys().cloned().collect();
    paths.extend(dirs.iter().cloned());
    let heads: BTreeMap<String, Vec<u8>> = input
        .iter()
        .filter(|(p, _)| !p.contains('/'))
        .map(|(p, b)| (p.clone(), b.iter().copied().take(4096).collect()))
        .collect();
    assert_eq!(Converter::detect(&paths, &heads), opts.from, "detected format");
    let mut c = Converter::new(opts.clone()).unwrap();
    let mut chunks = Vec::new();
    for p in Converter::order(opts.from, &paths) {
        chunks.extend(c.begin_file(&p).unwrap());
        for piece in input.get(&p).map(Vec::as_slice).unwrap_or_default().chunks(chunk) {
            chunks.extend(c.push(piece).unwrap());
        }
        chunks.extend(c.end_file().unwrap());
    }
    let (rest, report) = c.finish().unwrap();
    chunks.extend(rest);
    let mut w = Written {
        files: BTreeMap::new(),
        dirs: Vec::new(),
        secret: Vec::new(),
        report,
    };
    for ch in chunks {
        assert!(
            !ch.path.starts_with('/') && !ch.path.split('/').any(|p| p == ".."),
            "{} escapes",
            ch.path
        );
        if ch.path.ends_with('/') {
            assert!(ch.bytes.is_empty());
            w.dirs.push(ch.path);
            continue;
        }
        if ch.secret && !w.secret.contains(&ch.path) {
            w.secret.push(ch.path.clone());
        }
        w.files.entry(ch.path).or_default().extend(ch.bytes);
    }
    w.secret.sort();
    w
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn check(case: &Path, conv: &Conversion) {
    let label = format!(
        "{}: {:?} → {:?}{}",
        case.display(),
        conv.from,
        conv.to,
        if conv.gzip { " (gzip)" } else { "" }
    );
    let input = union(case, &conv.input.list());
    let opts = ConvertOptions {
        from: conv.from,
        to: conv.to,
        gzip: conv.gzip,
        ..ConvertOptions::default()
    };
    let whole = convert(&input, &conv.input_dirs, &opts, usize::MAX);
    let small = convert(&input, &conv.input_dirs, &opts, 7);
    assert_eq!(whole.files, small.files, "{label}: chunking changed the output");
    assert_eq!(whole.report, small.report, "{label}: chunking changed the report");
    let expected = union(case, &conv.expected.as_ref().map(Folders::list).unwrap_or_default());
    let mut got = BTreeMap::new();
    for (path, bytes) in &whole.files {
        let (path, bytes) = match path.strip_suffix(".gz").filter(|_| conv.gzip) {
            Some(plain) => {
                assert!(bytes.starts_with(&[0x1f, 0x8b]), "{label}: {path} is not gzip");
                (plain.to_owned(), kuzzle_dump_core::gzip::gunzip(bytes).unwrap())
            }
            None => {
                assert!(!conv.gzip, "{label}: {path} is not named .gz");
                (path.clone(), bytes.clone())
            }
        };
        got.insert(path, bytes);
    }
    let names = |m: &BTreeMap<String, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&got), names(&expected), "{label}: files");
    for (path, bytes) in &expected {
        assert_eq!(text(&got[path]), text(bytes), "{label}: {path}");
        assert_eq!(&got[path], bytes, "{label}: {path} bytes");
    }
    assert_eq!(whole.dirs, conv.expected_dirs, "{label}: folders");
    let codes: Vec<&str> = whole.report.findings.iter().map(|f| f.code.as_str()).collect();
    let messages: Vec<String> = whole.report.findings.iter().map(ToString::to_string).collect();
    assert_eq!(codes, conv.findings, "{label}: findings {messages:#?}");
    assert_eq!(whole.report.left_out, conv.left_out, "{label}: left out");
    assert_eq!(whole.secret, conv.secret, "{label}: owner-only files");
    let errors = whole
        .report
        .findings
        .iter()
        .any(|f| f.severity == kuzzle_dump_core::Severity::Error);
    assert_eq!(whole.report.ok, !errors, "{label}: ok");
    let written: u64 = whole.report.files.iter().map(|f| f.documents).sum();
    assert_eq!(whole.report.documents, written, "{label}: documents");
}

#[test]
fn convert_fixture_cases() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
    let mut conversions = 0;
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    cases.sort();
    for case in cases {
        let Ok(spec) = std::fs::read(case.join("convert.json")) else {
            continue;
        };
        let spec: Case = serde_json::from_slice(&spec).unwrap();
        for conv in &spec.conversions {
            check(&case, conv);
            conversions += 1;
        }
    }
    assert!(conversions >= 6, "only {conversions} conversions found");
}

/// Pushes a whole dump, stopping at the first error; must never panic.
fn try_convert(input: &BTreeMap<String, Vec<u8>>, opts: &ConvertOptions) {
    let paths: Vec<String> = input.keys().cloned().collect();
    let Ok(mut c) = Converter::new(opts.clone()) else {
        return;
    };
    let run = |c: &mut Converter| -> kuzzle_dump_core::Result<()> {
        for p in Converter::order(opts.from, &paths) {
            c.begin_file(&p)?;
            for piece in input[&p].chunks(5) {
                c.push(piece)?;
            }
            c.end_file()?;
        }
        c.finish().map(|_| ())
    };
    let _ = run(&mut c);
}

#[test]
fn never_panics_on_cut_or_flipped_files() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
    for e in std::fs::read_dir(&dir).unwrap() {
        let case = e.unwrap().path();
        let Ok(spec) = std::fs::read(case.join("convert.json")) else {
            continue;
        };
        let spec: Case = serde_json::from_slice(&spec).unwrap();
        for conv in &spec.conversions {
            let input = union(&case, &conv.input.list());
            let opts = ConvertOptions {
                from: conv.from,
                to: conv.to,
                gzip: conv.gzip,
                ..ConvertOptions::default()
            };
            for (path, bytes) in &input {
                let n = bytes.len();
                let mut variants: Vec<Vec<u8>> = [n / 3, n / 2, n.saturating_sub(1)]
                    .iter()
                    .map(|&cut| bytes[..cut].to_vec())
                    .collect();
                for at in [0, n / 4, n / 2, n * 3 / 4].into_iter().filter(|&at| at < n) {
                    for b in [b'"', b'\\', b'\n', 0xff] {
                        let mut v = bytes.clone();
                        v[at] = b;
                        variants.push(v);
                    }
                }
                for v in variants {
                    let mut broken = input.clone();
                    broken.insert(path.clone(), v);
                    try_convert(&broken, &opts);
                }
            }
        }
    }
}
