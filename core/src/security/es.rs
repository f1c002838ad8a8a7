//! Security files ↔ the `%kuzzle.*` indices at Elasticsearch level (formats.md §6): hit lines
//! `{"_index","_type","_id","_score","_source"}` one per line, as elasticdump and our ES dumps
//! hold them.
//!
//! Roles and profiles are stored as their entry, users as their `content`, specifications as
//! `{collection, index, validation}` under `_id` `"<index>#<collection>"`, API keys as their entry
//! (with `userId`). Credentials have no place there (password hashes live in the
//! passport-local plugin's storage), so users with credentials are reported.

use super::checks::{check_api_key, check_profile, check_role, check_spec, check_user, Issue};
use super::entries::{api_key_entry, profile_entry, role_entry, specification_entry, user_entry};
use super::{EntryKey, SecurityEntry, SecurityFile, SecurityKind};
use crate::error::{Code, DumpError, Finding, Severity};
use crate::json::Json;
use crate::specs::path::{locate, path_string, Seg};

/// The internal collection (`%<internal index>.<collection>`) that stores a kind; `None` for
/// the users mapping, which is the `%kuzzle.users` index mapping rather than documents.
pub fn internal_collection(kind: SecurityKind) -> Option<&'static str> {
    match kind {
        SecurityKind::Roles => Some("roles"),
        SecurityKind::Profiles => Some("profiles"),
        SecurityKind::Users => Some("users"),
        SecurityKind::Specifications => Some("validations"),
        SecurityKind::ApiKeys => Some("api-keys"),
        SecurityKind::UsersMappings => None,
    }
}

fn hit_line(out: &mut Vec<u8>, index: &str, id: &str, source: Json) {
    let hit = Json::object([
        ("_index", Json::str(index)),
        ("_type", Json::str("_doc")),
        ("_id", Json::str(id)),
        ("_score", Json::Number("1".into())),
        ("_source", source),
    ]);
    hit.write_compact(out);
    out.push(b'\n');
}

/// The hit lines of `%<internal_index>.<collection>` for a parsed security file (Kuzzle's
/// internal index is `kuzzle` unless configured otherwise), and warnings for what cannot be
/// represented (credentials; the users mapping, which belongs to the index definition).
pub fn es_hit_lines(file: &SecurityFile, internal_index: &str) -> (Vec<u8>, Vec<Finding>) {
    let mut out = Vec::new();
    let mut findings = Vec::new();
    let Some(collection) = internal_collection(file.kind) else {
        let message = format!("the users mapping is the mapping of %{internal_index}.users, not documents; write it with the index definition");
        findings.push(Finding::warning(Code::SecurityInvalid, message, 0, 0));
        return (out, findings);
    };
    let index = format!("%{internal_index}.{collection}");
    for e in &file.entries {
        match &e.key {
            EntryKey::Id(id) if file.kind == SecurityKind::Users => {
                if e.value
                    .get("credentials")
                    .and_then(Json::as_object)
                    .is_some_and(|c| !c.is_empty())
                {
                    let message = format!(
                        "user {id:?}: credentials cannot be stored at Elasticsearch level (password hashes live in the auth plugin's storage); they are left out"
                    );
                    findings.push(Finding::warning(Code::SecurityInvalid, message, e.line, e.column));
                }
                hit_line(
                    &mut out,
                    &index,
                    id,
                    e.value.get("content").cloned().unwrap_or(Json::Object(Vec::new())),
                );
            }
            EntryKey::Id(id) => hit_line(&mut out, &index, id, e.value.clone()),
            EntryKey::Collection {
                index: i,
                collection: c,
            } => {
                let source = Json::object([
                    ("collection", Json::str(c)),
                    ("index", Json::str(i)),
                    ("validation", e.value.clone()),
                ]);
                hit_line(&mut out, &index, &format!("{i}#{c}"), source);
            }
            EntryKey::ApiKey { user_id, key_id } => {
                let mut source = e.value.clone();
                if source.get("userId").is_none() {
                    source.set("userId", Json::str(user_id));
                }
                hit_line(&mut out, &index, key_id, source);
            }
            EntryKey::UsersMapping => {}
        }
    }
    (out, findings)
}

/// Reads hit lines of one internal collection (`%kuzzle.roles`, `.profiles`, `.users`,
/// `.validations`, `.api-keys`) into a security file: `_kuzzle_info` and `optimizedPolicies`
/// are stripped, entries are checked, request bodies built. Bad lines become findings.
pub fn entries_from_es_hits(kind: SecurityKind, hits: &[u8]) -> Result<SecurityFile, DumpError> {
    if kind == SecurityKind::UsersMappings {
        return Err(DumpError::InvalidOptions(
            "the users mapping comes from the %kuzzle.users index mapping (users_mapping_from_properties), not from hits".into(),
        ));
    }
    let hits = hits.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(hits);
    let mut file = SecurityFile {
        kind,
        entries: Vec::new(),
        findings: Vec::new(),
    };
    for (n, line) in hits.split(|&b| b == b'\n').enumerate() {
        let line_no = n as u64 + 1;
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.iter().all(|b| matches!(b, b' ' | b'\t')) {
            continue;
        }
        let bad = |message: String, column: u64| Finding::error(Code::SecurityInvalid, message, line_no, column);
        let hit = match Json::parse(line) {
            Ok(h) => h,
            Err(e) => {
                file.findings.push(Finding::error(
                    Code::JsonSyntax,
                    format!("not a JSON hit: {}", e.message),
                    line_no,
                    e.offset as u64 + 1,
                ));
                continue;
            }
        };
        let (Some(id), Some(source)) = (
            hit.get("_id").and_then(Json::as_str),
            hit.get("_source").filter(|s| s.is_object()),
        ) else {
            file.findings
                .push(bad("a hit needs a string _id and a _source object".into(), 1));
            continue;
        };
        let id = id.into_owned();
        // The entry, its issues, where its paths start in the hit, its key and request body.
        let (key, value, issues, prefix, body): (EntryKey, Json, Vec<Issue>, Vec<Seg>, Option<Json>) = match kind {
            SecurityKind::Roles => {
                let v = role_entry(source);
                (
                    EntryKey::Id(id),
                    v.clone(),
                    check_role(&v),
                    vec!["_source".into()],
                    Some(v),
                )
            }
            SecurityKind::Profiles => {
                let v = profile_entry(source);
                (
                    EntryKey::Id(id),
                    v.clone(),
                    check_profile(&v),
                    vec!["_source".into()],
                    Some(v),
                )
            }
            SecurityKind::Users => {
                let v = user_entry(source, None);
                let issues = check_user(&v)
                    .into_iter()
                    .map(|mut i| {
                        // `content.x` of the entry is `_source.x` of the hit.
                        if i.segs.first() == Some(&Seg::from("content")) {
                            i.segs.remove(0);
                        }
                        i
                    })
                    .collect();
                (EntryKey::Id(id), v.clone(), issues, vec!["_source".into()], Some(v))
            }
            SecurityKind::Specifications => {
                let Some((index, collection, spec)) = specification_entry(source) else {
                    file.findings.push(bad(
                        format!("validation {id:?} needs string index and collection and a validation"),
                        1,
                    ));
                    continue;
                };
                let issues = check_spec(&index, &collection, &spec);
                let prefix = vec![Seg::from("_source"), Seg::from("validation")];
                (
                    EntryKey::Collection { index, collection },
                    spec.clone(),
                    issues,
                    prefix,
                    Some(spec),
                )
            }
            SecurityKind::ApiKeys | SecurityKind::UsersMappings => {
                let Some((user_id, v)) = api_key_entry(source) else {
                    file.findings
                        .push(bad(format!("API key {id:?} has no string userId"), 1));
                    continue;
                };
                let issues = check_api_key(&user_id, &v);
                (
                    EntryKey::ApiKey { user_id, key_id: id },
                    v,
                    issues,
                    vec!["_source".into()],
                    None,
                )
            }
        };
        for i in issues {
            let segs: Vec<Seg> = prefix.iter().cloned().chain(i.segs.iter().cloned()).collect();
            let column = locate(line, 0, &segs)
                .or_else(|| locate(line, 0, &prefix))
                .map_or(1, |o| o as u64 + 1);
            let rel = path_string(&i.segs);
            let message = if rel.is_empty() {
                format!("hit {:?}: {}", key_name(&key), i.message)
            } else {
                format!("hit {:?}, {rel}: {}", key_name(&key), i.message)
            };
            let f = match i.severity {
                Severity::Error => Finding::error(i.code, message, line_no, column),
                Severity::Warning => Finding::warning(i.code, message, line_no, column),
            };
            file.findings.push(f.at_path(path_string(&segs)));
        }
        let body = body.map(|b| {
            let mut out = Vec::new();
            match kind {
                SecurityKind::Users => Json::object([
                    ("content", b.get("content").cloned().unwrap_or(Json::Null)),
                    ("credentials", Json::object([])),
                ])
                .write_compact(&mut out),
                _ => b.write_compact(&mut out),
            }
            out
        });
        file.entries.push(SecurityEntry {
            key,
            value,
            line: line_no,
            column: 1,
            body,
        });
    }
    if kind == SecurityKind::Users && !file.entries.is_empty() {
        let message = "users come without credentials: password hashes live in the auth plugin's storage, so users restored through the API need new passwords";
        file.findings
            .push(Finding::warning(Code::SecurityInvalid, message, 0, 0));
    }
    Ok(file)
}

fn key_name(k: &EntryKey) -> String {
    match k {
        EntryKey::Id(id) => id.clone(),
        EntryKey::Collection { index, collection } => format!("{index}/{collection}"),
        EntryKey::ApiKey { user_id, key_id } => format!("{user_id}/{key_id}"),
        EntryKey::UsersMapping => "usersMappings".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::{parse_security_file, write_file};
    use super::*;

    #[test]
    fn security_files_to_hits_and_back() {
        let roles = "{\n  \"type\": \"roles\",\n  \"content\": {\n    \"teacher\": {\n      \"controllers\": {\n        \"document\": {\n          \"actions\": {\n            \"create\": true\n          }\n        }\n      }\n    }\n  }\n}";
        let file = parse_security_file(roles.as_bytes()).unwrap();
        let (lines, findings) = es_hit_lines(&file, "kuzzle");
        assert_eq!(
            String::from_utf8(lines.clone()).unwrap(),
            "{\"_index\":\"%kuzzle.roles\",\"_type\":\"_doc\",\"_id\":\"teacher\",\"_score\":1,\"_source\":{\"controllers\":{\"document\":{\"actions\":{\"create\":true}}}}}\n"
        );
        assert!(findings.is_empty());
        let back = entries_from_es_hits(SecurityKind::Roles, &lines).unwrap();
        assert_eq!(write_file(&back).bytes, roles.as_bytes());
    }

    #[test]
    fn users_lose_credentials() {
        let users = super::super::write::tests::USERS_JSON;
        let file = parse_security_file(users.as_bytes()).unwrap();
        let (lines, findings) = es_hit_lines(&file, "kuzzle");
        let text = String::from_utf8(lines.clone()).unwrap();
        assert_eq!(
            text.lines().next(),
            Some("{\"_index\":\"%kuzzle.users\",\"_type\":\"_doc\",\"_id\":\"kleiner\",\"_score\":1,\"_source\":{\"profileIds\":[\"admin\"],\"email\":\"kleiner@blackmesa.us\"}}")
        );
        assert_eq!(findings.len(), 1);
        assert_eq!(
            (findings[0].location.line, findings[0].severity),
            (13, Severity::Warning)
        );
        let back = entries_from_es_hits(SecurityKind::Users, &lines).unwrap();
        assert_eq!(
            back.entries[1].value.to_compact(),
            r#"{"content":{"profileIds":["admin"],"email":"alyx@blackmesa.us"},"credentials":{}}"#
        );
        assert_eq!(back.findings.len(), 1);
    }

    #[test]
    fn strips_kuzzle_fields_and_reports_bad_hits() {
        let hits = concat!(
            "{\"_index\":\"%kuzzle.profiles\",\"_id\":\"p\",\"_source\":{\"policies\":[{\"roleId\":\"r\"}],\"optimizedPolicies\":[],\"rateLimit\":1.5,\"_kuzzle_info\":{}}}\r\n",
            "\n",
            "{\"_id\":3}\n",
            "{oops\n"
        );
        let f = entries_from_es_hits(SecurityKind::Profiles, hits.as_bytes()).unwrap();
        assert_eq!(f.entries.len(), 1);
        assert_eq!(
            f.entries[0].value.to_compact(),
            r#"{"policies":[{"roleId":"r"}],"rateLimit":1.5}"#
        );
        let found: Vec<String> = f
            .findings
            .iter()
            .map(|f| format!("{}:{} {} {}", f.location.line, f.location.column, f.code, f.message))
            .collect();
        assert_eq!(
            found,
            [
                "1:114 SECURITY_INVALID hit \"p\", rateLimit: rateLimit must be an integer",
                "3:1 SECURITY_INVALID a hit needs a string _id and a _source object",
                "4:2 JSON_SYNTAX not a JSON hit: expected a string",
            ]
        );
    }

    #[test]
    fn specifications_and_api_keys_round_trip() {
        let specs = r#"{"_index":"%kuzzle.validations","_type":"_doc","_id":"nyc#taxis","_score":1,"_source":{"collection":"taxis","index":"nyc","validation":{"strict":true}}}"#.to_owned() + "\n";
        let f = entries_from_es_hits(SecurityKind::Specifications, specs.as_bytes()).unwrap();
        assert!(f.findings.is_empty());
        assert_eq!(es_hit_lines(&f, "kuzzle").0, specs.as_bytes());
        let fp = "b".repeat(64);
        let keys = format!("{{\"_index\":\"%kuzzle.api-keys\",\"_type\":\"_doc\",\"_id\":\"k\",\"_score\":1,\"_source\":{{\"description\":\"ci\",\"expiresAt\":-1,\"fingerprint\":\"{fp}\",\"ttl\":-1,\"userId\":\"alyx\"}}}}\n");
        let f = entries_from_es_hits(SecurityKind::ApiKeys, keys.as_bytes()).unwrap();
        assert_eq!(
            f.entries[0].key,
            EntryKey::ApiKey {
                user_id: "alyx".into(),
                key_id: "k".into()
            }
        );
        let w = write_file(&f);
        assert!(w.holds_secrets);
        let again = parse_security_file(&w.bytes).unwrap();
        assert_eq!(es_hit_lines(&again, "kuzzle").0, keys.as_bytes());
    }
}
