//! The `elasticdump-kuzzle-collection` fixture converted both ways with the elasticdump API: the
//! pieces (names, content sniffing, double-encoded files, hits, layout) fit together.
#![allow(clippy::unwrap_used, clippy::panic)] // test helpers: a failure should stop the test

use kuzzle_dump_core::elasticdump::convert::{es_target, kourou_entry, mappings_document};
use kuzzle_dump_core::elasticdump::double::entries;
use kuzzle_dump_core::elasticdump::layout::{resolve_layout, EsIndexInfo, Place};
use kuzzle_dump_core::elasticdump::{
    classify_by_content, decode_double, detect_root, encode_double, file_name, parse_hit, parse_mapping_file,
    resolve_file, write_hit, write_mapping_file, FileKind, RootFormat,
};
use kuzzle_dump_core::json::Json;
use std::path::PathBuf;

const INDEX: &str = "&nyc-open-data.yellow-taxi";

fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/elasticdump-kuzzle-collection")
        .join(rel)
}

fn read(rel: &str) -> Vec<u8> {
    std::fs::read(fixture(rel)).unwrap()
}

fn es_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(fixture("elasticdump"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

#[test]
fn elasticdump_to_kourou() {
    let names = es_names();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    assert_eq!(
        detect_root(&refs, |n| Some(read(&format!("elasticdump/{n}")))),
        RootFormat::Elasticdump
    );
    let mut info = EsIndexInfo::new(INDEX);
    let mut data = Vec::new();
    for name in &names {
        let bytes = read(&format!("elasticdump/{name}"));
        let file = resolve_file(name, &classify_by_content(&bytes)).unwrap();
        assert_eq!(file.base, INDEX);
        match file.kind {
            FileKind::Data => data = bytes,
            FileKind::Mapping => info.mappings = Some(parse_mapping_file(&bytes).unwrap().remove(0).mappings),
            FileKind::Settings | FileKind::Alias => {
                let doc = decode_double(&bytes).unwrap();
                for (_, entry) in entries(&doc) {
                    info.absorb(entry);
                }
            }
            other => panic!("unexpected {other:?}"),
        }
    }
    let layout = resolve_layout(std::slice::from_ref(&info), "kuzzle");
    assert!(layout.findings.is_empty());
    let Place::Collection { index, collection } = &layout.placed[0].place else {
        panic!("{layout:?}")
    };
    let (entry, findings) = kourou_entry(&info);
    assert!(findings.is_empty());
    assert_eq!(
        mappings_document(index, collection, entry).to_pretty().as_bytes(),
        read("kourou/nyc-open-data/yellow-taxi/mappings.json")
    );
    let mut jsonl =
        format!("{{\"type\":\"collection\",\"index\":\"{index}\",\"collection\":\"{collection}\"}}\n").into_bytes();
    for line in data.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        let hit = parse_hit(line).unwrap();
        jsonl.extend_from_slice(b"{\"_id\":\"");
        jsonl.extend_from_slice(hit.id);
        jsonl.extend_from_slice(b"\",\"body\":");
        jsonl.extend_from_slice(hit.source);
        jsonl.extend_from_slice(b"}\n");
    }
    assert_eq!(jsonl, read("kourou/nyc-open-data/yellow-taxi/documents.jsonl"));
}

#[test]
fn kourou_to_elasticdump() {
    let mappings = Json::parse(&read("kourou/nyc-open-data/yellow-taxi/mappings.json")).unwrap();
    let m = mappings.pointer(&["content", "nyc-open-data", "yellow-taxi", "mappings"]);
    let target = es_target("nyc-open-data", Some("yellow-taxi"), m, None).unwrap();
    let name = |kind| file_name(&target.name(), kind, false).unwrap();
    let mut produced = vec![
        (
            name(FileKind::Mapping),
            write_mapping_file(&target.name(), &target.mappings),
        ),
        (name(FileKind::Settings), encode_double(&target.settings_doc())),
        (name(FileKind::Alias), encode_double(&target.alias_doc())),
    ];
    let mut data = Vec::new();
    let jsonl = read("kourou/nyc-open-data/yellow-taxi/documents.jsonl");
    for line in jsonl.split(|&b| b == b'\n').filter(|l| !l.is_empty()).skip(1) {
        let doc = Json::parse(line).unwrap();
        let Some(Json::String(id)) = doc.get("_id") else {
            panic!()
        };
        let body = doc.get("body").unwrap().to_compact();
        write_hit(&target.name(), id.raw().as_bytes(), body.as_bytes(), false, &mut data);
    }
    produced.push((name(FileKind::Data), data));
    produced.sort();
    let names = es_names();
    assert_eq!(produced.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(), names);
    for (name, bytes) in produced {
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            String::from_utf8(read(&format!("elasticdump/{name}"))).unwrap(),
            "{name}"
        );
    }
}
