//! The shared security fixtures (`tests/fixtures/{security-*,specifications-file,api-keys-file,
//! specification-invalid}`): Kuzzle responses and ES hits in, exact file bytes out, and back.
#![cfg(test)]

use kuzzle_dump_core::json::Json;
use kuzzle_dump_core::security::*;

macro_rules! fixture {
    ($path:literal) => {
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/", $path)).as_slice()
    };
}

fn text(b: &[u8]) -> &str {
    std::str::from_utf8(b).unwrap()
}

#[test]
fn users_example_from_kuzzle_and_back_through_es() {
    let page = entries_from_search(fixture!("security-users-example/search-users.json")).unwrap();
    assert_eq!((page.total, page.scroll_id.as_deref()), (Some(2), Some("c2Nyb2xsLTE=")));
    let passwords: Vec<&str> = text(fixture!("security-users-example/passwords.txt"))
        .split('\n')
        .collect();
    let entries: Vec<(String, Json)> = page
        .hits
        .iter()
        .zip(&passwords)
        .map(|((id, source), pw)| {
            let username = generated_username(id, source, "_id");
            let creds = (!pw.is_empty()).then_some((username.as_str(), *pw));
            (id.clone(), user_entry(source, creds))
        })
        .collect();
    let written = write_users(&entries);
    assert_eq!(
        text(&written.bytes),
        text(fixture!("security-users-example/users.json"))
    );
    assert!(written.holds_secrets);

    let file = parse_security_file(&written.bytes).unwrap();
    assert!(file.findings.is_empty());
    let (hits, findings) = es_hit_lines(&file, "kuzzle");
    assert_eq!(text(&hits), text(fixture!("security-users-example/hits.jsonl")));
    assert_eq!(findings.len(), 1, "alyx's credentials cannot go to ES");
    let back = entries_from_es_hits(SecurityKind::Users, &hits).unwrap();
    assert!(!write_file(&back).holds_secrets);
}

#[test]
fn profiles_keep_rate_limit_and_tags() {
    let page = entries_from_search(fixture!("security-profiles-keep-rate-limit/search-profiles.json")).unwrap();
    let entries: Vec<(String, Json)> = page.hits.iter().map(|(id, s)| (id.clone(), profile_entry(s))).collect();
    let expected = fixture!("security-profiles-keep-rate-limit/profiles.json");
    assert_eq!(text(&write_profiles(&entries).bytes), text(expected));
    let file = parse_security_file(expected).unwrap();
    assert!(file.findings.is_empty());
    assert_eq!(write_file(&file).bytes, expected);
    assert_eq!(
        text(file.entries[1].body.as_deref().unwrap()),
        r#"{"policies":[{"roleId":"default","restrictedTo":[{"index":"nyc-open-data"}]}],"rateLimit":10}"#
    );
}

#[test]
fn specifications_file() {
    let page = entries_from_search(fixture!("specifications-file/search-specifications.json")).unwrap();
    let entries: Vec<(String, String, Json)> = page.hits.iter().filter_map(|(_, s)| specification_entry(s)).collect();
    let expected = fixture!("specifications-file/specifications.json");
    assert_eq!(text(&write_specifications(&entries).bytes), text(expected));
    let file = parse_security_file(expected).unwrap();
    assert_eq!(file.findings, vec![]);
    let (hits, findings) = es_hit_lines(&file, "kuzzle");
    assert!(findings.is_empty());
    assert_eq!(text(&hits), text(fixture!("specifications-file/hits.jsonl")));
    assert_eq!(
        write_file(&entries_from_es_hits(SecurityKind::Specifications, &hits).unwrap()).bytes,
        expected
    );
    assert_eq!(
        text(file.entries[0].body.as_deref().unwrap()),
        r#"{"strict":true,"fields":{"passenger_count":{"type":"integer","mandatory":true,"typeOptions":{"range":{"min":1,"max":9}}}}}"#
    );
}

#[test]
fn api_keys_file() {
    let file = entries_from_es_hits(SecurityKind::ApiKeys, fixture!("api-keys-file/es-hits.jsonl")).unwrap();
    assert!(file.findings.is_empty());
    let written = write_file(&file);
    let expected = fixture!("api-keys-file/api-keys.json");
    assert_eq!(text(&written.bytes), text(expected));
    assert!(written.holds_secrets);
    let again = parse_security_file(expected).unwrap();
    assert_eq!(again.entries[0].body, None);
    assert_eq!(
        text(&es_hit_lines(&again, "kuzzle").0),
        text(fixture!("api-keys-file/hits.jsonl"))
    );
}

#[test]
fn invalid_specification_findings() {
    let file = parse_security_file(fixture!("specification-invalid/specifications.json")).unwrap();
    let found: Vec<serde_json::Value> = file
        .findings
        .iter()
        .map(|f| {
            serde_json::json!({
                "code": f.code.as_str(), "severity": f.severity, "line": f.location.line,
                "column": f.location.column, "path": f.path, "message": f.message,
            })
        })
        .collect();
    let expected: serde_json::Value =
        serde_json::from_slice(fixture!("specification-invalid/expected-findings.json")).unwrap();
    assert_eq!(serde_json::Value::Array(found), expected);
}

#[test]
fn docs_examples_are_the_fixtures() {
    let doc = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/formats-extra.md"));
    let blocks: Vec<&str> = doc
        .split("```json\n")
        .skip(1)
        .filter_map(|b| b.split("\n```").next())
        .collect();
    assert_eq!(
        blocks,
        [
            text(fixture!("specifications-file/specifications.json")),
            text(fixture!("api-keys-file/api-keys.json"))
        ]
    );
    let first_hit = text(fixture!("specifications-file/hits.jsonl")).lines().next().unwrap();
    assert!(first_hit.starts_with(r#"{"_index":"%kuzzle.validations","_type":"_doc","_id":"nyc-open-data#yellow-taxi","_score":1,"_source":{"collection":"yellow-taxi","index":"nyc-open-data","validation":{"strict":true,"fields":{"#));
    assert!(doc.contains(&format!("`{}`", text(fixture!("api-keys-file/hits.jsonl")).trim_end())));
}

#[test]
fn never_panics_on_truncated_or_mangled_input() {
    use kuzzle_dump_core::specs::SpecChecker;
    let inputs = [
        fixture!("security-users-example/users.json"),
        fixture!("security-users-example/search-users.json"),
        fixture!("specifications-file/specifications.json"),
        fixture!("specification-invalid/specifications.json"),
        fixture!("api-keys-file/api-keys.json"),
    ];
    for input in inputs {
        for cut in 0..input.len() {
            let mut mangled = input.to_vec();
            let _ = parse_security_file(&mangled[..cut]);
            let _ = entries_from_search(&mangled[..cut]);
            // Swap one byte for a quote, a digit or a bracket, in turn.
            mangled[cut] = b"\"7]{\\"[cut % 5];
            let _ = parse_security_file(&mangled);
            let _ = entries_from_es_hits(SecurityKind::Roles, &mangled);
        }
    }
    let spec = Json::parse(fixture!("specifications-file/specifications.json")).unwrap();
    let spec = spec.pointer(&["content", "nyc-open-data", "green-taxi"]).unwrap();
    let checker = SpecChecker::new(spec).unwrap();
    for doc in [
        r#"{"pickup": {"at": "2020-W53-7T24:00:00,999999999999999999+99:99"}}"#,
        r#"{"pickup": {"at": "+999999-12-31T23:59:59Z"}}"#,
        r#"{"pickup": {"at": "-000001-W01"}}"#,
        r#"{"pickup": {"at": 1e999}}"#,
        r#"{"pickup": {"at": [[[[]]]]}}"#,
        r#"{"pickup": []}"#,
        r#"{"pickup": {"at": "\ud800"}}"#,
        "{\"pickup\": {\"at\": \"2020-01-01T00:00:00.5\u{2028}\"}}",
    ] {
        let mut out = Vec::new();
        checker.check(doc.as_bytes(), &mut out);
    }
}
