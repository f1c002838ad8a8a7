//! Writers of the security files, byte for byte as Kourou writes them:
//! `JSON.stringify({type, content}, null, 2)`, no trailing newline.
//!
//! `content` is a JavaScript object that Kourou fills one id at a time, so its key order is
//! JavaScript's: array-index keys (`"0"`, `"42"`) first in ascending order, then the others in
//! insertion order; a repeated id keeps its first place and takes the last value.

use super::{EntryKey, SecurityFile, SecurityKind};
use crate::json::{Json, RawStr};
use std::collections::HashMap;

/// A written file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// Whether the file holds secrets (generated passwords, API key fingerprints): create it
    /// owner-only (mode 0600).
    pub holds_secrets: bool,
    /// Number of entries written.
    pub entries: usize,
}

/// Whether a key is an ECMAScript array index (canonical decimal below 2^32 - 1).
fn is_array_index(k: &str) -> bool {
    !k.is_empty()
        && k.len() <= 10
        && k.bytes().all(|b| b.is_ascii_digit())
        && (k == "0" || !k.starts_with('0'))
        && k.parse::<u64>().is_ok_and(|n| n < 4_294_967_295)
}

/// An object built like a JavaScript one by assigning `pairs` in order.
fn js_object(pairs: impl IntoIterator<Item = (String, Json)>) -> Json {
    let mut members: Vec<(String, Json)> = Vec::new();
    let mut at: HashMap<String, usize> = HashMap::new();
    for (k, v) in pairs {
        match at.get(&k) {
            Some(&i) => {
                if let Some(slot) = members.get_mut(i) {
                    slot.1 = v;
                }
            }
            None => {
                at.insert(k.clone(), members.len());
                members.push((k, v));
            }
        }
    }
    let (mut indices, others): (Vec<_>, Vec<_>) = members.into_iter().partition(|(k, _)| is_array_index(k));
    indices.sort_by_key(|(k, _)| k.parse::<u64>().unwrap_or(0));
    indices.extend(others);
    Json::Object(indices.into_iter().map(|(k, v)| (RawStr::from_text(&k), v)).collect())
}

fn wrap(kind: SecurityKind, content: Json, entries: usize, holds_secrets: bool) -> Written {
    let mut bytes = Vec::new();
    Json::object([("type", Json::str(kind.type_name())), ("content", content)]).write_pretty(&mut bytes);
    Written {
        bytes,
        holds_secrets,
        entries,
    }
}

fn by_id(kind: SecurityKind, entries: &[(String, Json)], holds_secrets: bool) -> Written {
    let content = js_object(entries.iter().cloned());
    let n = content.as_object().map_or(0, <[_]>::len);
    wrap(kind, content, n, holds_secrets)
}

fn nested(kind: SecurityKind, entries: &[(String, String, Json)], holds_secrets: bool) -> Written {
    let mut groups: Vec<(String, Vec<(String, Json)>)> = Vec::new();
    for (outer, inner, v) in entries {
        match groups.iter_mut().find(|(o, _)| o == outer) {
            Some((_, g)) => g.push((inner.clone(), v.clone())),
            None => groups.push((outer.clone(), vec![(inner.clone(), v.clone())])),
        }
    }
    let content = js_object(groups.into_iter().map(|(o, g)| (o, js_object(g))));
    let n = content
        .as_object()
        .unwrap_or(&[])
        .iter()
        .map(|(_, g)| g.as_object().map_or(0, <[_]>::len))
        .sum();
    wrap(kind, content, n, holds_secrets)
}

/// `roles.json` from `(id, entry)` pairs in search order.
pub fn write_roles(entries: &[(String, Json)]) -> Written {
    by_id(SecurityKind::Roles, entries, false)
}

/// `profiles.json` from `(id, entry)` pairs in search order.
pub fn write_profiles(entries: &[(String, Json)]) -> Written {
    by_id(SecurityKind::Profiles, entries, false)
}

/// `users.json` from `(id, entry)` pairs; `holds_secrets` when any user has credentials.
pub fn write_users(entries: &[(String, Json)]) -> Written {
    let secrets = entries.iter().any(|(_, e)| {
        e.get("credentials")
            .and_then(Json::as_object)
            .is_some_and(|c| !c.is_empty())
    });
    by_id(SecurityKind::Users, entries, secrets)
}

/// `users-collection-mappings.json` from its content (`{"mapping": …}`).
pub fn write_users_mappings(content: &Json) -> Written {
    wrap(SecurityKind::UsersMappings, content.clone(), 1, false)
}

/// `specifications.json` from `(index, collection, spec)` triples.
pub fn write_specifications(entries: &[(String, String, Json)]) -> Written {
    nested(SecurityKind::Specifications, entries, false)
}

/// `api-keys.json` from `(user id, key id, entry)` triples; always `holds_secrets`.
pub fn write_api_keys(entries: &[(String, String, Json)]) -> Written {
    nested(SecurityKind::ApiKeys, entries, true)
}

/// Writes a parsed file back (the round trip of [`super::parse_security_file`]).
pub fn write_file(file: &SecurityFile) -> Written {
    let ids = || -> Vec<(String, Json)> {
        file.entries
            .iter()
            .filter_map(|e| match &e.key {
                EntryKey::Id(id) => Some((id.clone(), e.value.clone())),
                _ => None,
            })
            .collect()
    };
    let pairs = || -> Vec<(String, String, Json)> {
        file.entries
            .iter()
            .filter_map(|e| match &e.key {
                EntryKey::Collection { index, collection } => {
                    Some((index.clone(), collection.clone(), e.value.clone()))
                }
                EntryKey::ApiKey { user_id, key_id } => Some((user_id.clone(), key_id.clone(), e.value.clone())),
                _ => None,
            })
            .collect()
    };
    match file.kind {
        SecurityKind::Roles => write_roles(&ids()),
        SecurityKind::Profiles => write_profiles(&ids()),
        SecurityKind::Users => write_users(&ids()),
        SecurityKind::UsersMappings => {
            let empty = Json::Object(Vec::new());
            write_users_mappings(file.entries.first().map_or(&empty, |e| &e.value))
        }
        SecurityKind::Specifications => write_specifications(&pairs()),
        SecurityKind::ApiKeys => write_api_keys(&pairs()),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::super::{role_entry, user_entry, users_mapping_entry};
    use super::*;

    fn j(s: &str) -> Json {
        Json::parse(s.as_bytes()).unwrap()
    }

    /// formats.md §2, verbatim.
    pub(crate) const USERS_JSON: &str = r#"{
  "type": "users",
  "content": {
    "kleiner": {
      "content": {
        "profileIds": [
          "admin"
        ],
        "email": "kleiner@blackmesa.us"
      },
      "credentials": {}
    },
    "alyx": {
      "content": {
        "profileIds": [
          "admin"
        ],
        "email": "alyx@blackmesa.us"
      },
      "credentials": {
        "local": {
          "username": "alyx",
          "password": "8c1f0b6e2d4a9f3e7b5c1a0d9e8f7a6b5c4d3e2f"
        }
      }
    }
  }
}"#;

    #[test]
    fn users_json_matches_the_spec_example() {
        let kleiner = j(
            r#"{"profileIds":["admin"],"email":"kleiner@blackmesa.us","_kuzzle_info":{"author":null,"createdAt":1}}"#,
        );
        let alyx = j(r#"{"profileIds":["admin"],"_kuzzle_info":{},"email":"alyx@blackmesa.us"}"#);
        let w = write_users(&[
            ("kleiner".into(), user_entry(&kleiner, None)),
            (
                "alyx".into(),
                user_entry(&alyx, Some(("alyx", "8c1f0b6e2d4a9f3e7b5c1a0d9e8f7a6b5c4d3e2f"))),
            ),
        ]);
        assert_eq!(String::from_utf8(w.bytes).unwrap(), USERS_JSON);
        assert!(w.holds_secrets);
        assert_eq!(w.entries, 2);
        let w = write_users(&[("kleiner".into(), user_entry(&kleiner, None))]);
        assert!(!w.holds_secrets);
    }

    #[test]
    fn roles_and_mappings_layout() {
        let w = write_roles(&[(
            "teacher".into(),
            role_entry(&j(r#"{"controllers":{"document":{"actions":{"create":true}}}}"#)),
        )]);
        let expected = "{\n  \"type\": \"roles\",\n  \"content\": {\n    \"teacher\": {\n      \"controllers\": {\n        \"document\": {\n          \"actions\": {\n            \"create\": true\n          }\n        }\n      }\n    }\n  }\n}";
        assert_eq!(String::from_utf8(w.bytes).unwrap(), expected);
        assert_eq!(
            String::from_utf8(write_roles(&[]).bytes).unwrap(),
            "{\n  \"type\": \"roles\",\n  \"content\": {}\n}"
        );
        let m = users_mapping_entry(&j(r#"{"mapping":{"age":{"type":"integer"}}}"#));
        let expected = "{\n  \"type\": \"usersMappings\",\n  \"content\": {\n    \"mapping\": {\n      \"age\": {\n        \"type\": \"integer\"\n      }\n    }\n  }\n}";
        assert_eq!(String::from_utf8(write_users_mappings(&m).bytes).unwrap(), expected);
    }

    #[test]
    fn content_keys_follow_javascript_order() {
        let e = || Json::object([]);
        let w = write_roles(&[
            ("b".into(), e()),
            ("42".into(), e()),
            ("a\"".into(), e()),
            ("7".into(), e()),
            ("b".into(), j("{\"x\":1}")),
            ("07".into(), e()),
        ]);
        let text = String::from_utf8(w.bytes).unwrap();
        let compact = Json::parse(text.as_bytes()).unwrap().to_compact();
        assert_eq!(
            compact,
            r#"{"type":"roles","content":{"7":{},"42":{},"b":{"x":1},"a\"":{},"07":{}}}"#
        );
        assert_eq!(w.entries, 5);
    }

    #[test]
    fn nested_files() {
        let w = write_specifications(&[
            ("i1".into(), "c1".into(), j(r#"{"strict":true}"#)),
            ("i2".into(), "c".into(), j("{}")),
            ("i1".into(), "c2".into(), j("{}")),
        ]);
        let compact = Json::parse(&w.bytes).unwrap().to_compact();
        assert_eq!(
            compact,
            r#"{"type":"specifications","content":{"i1":{"c1":{"strict":true},"c2":{}},"i2":{"c":{}}}}"#
        );
        assert_eq!((w.entries, w.holds_secrets), (3, false));
        let w = write_api_keys(&[("u".into(), "k".into(), j(r#"{"fingerprint":"f"}"#))]);
        assert!(w.holds_secrets);
    }
}
