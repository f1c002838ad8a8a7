//! An API-level export of one security file: search pages (or the users mapping) pushed as raw
//! Kuzzle responses, the file's bytes at the end. Generated passwords are given by the caller
//! (the core has no randomness), one per user in search order.

use super::{
    api_key_entry, entries_from_search, generated_username, profile_entry, response_result, role_entry,
    specification_entry, user_entry, users_mapping_entry, write_api_keys, write_profiles, write_roles,
    write_specifications, write_users, write_users_mappings, SecurityKind, Written,
};
use crate::error::{Code, DumpError, Result};
use crate::json::Json;
use serde::{Deserialize, Serialize};

/// Options of a [`SecurityExporter`].
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct SecurityExportOptions {
    /// Which file: `roles`, `profiles`, `users`, `usersMappings`, `specifications`, `apiKeys`.
    pub kind: Option<SecurityKind>,
    /// Ids to leave out (`user:export --exclude`).
    pub exclude: Vec<String>,
}

/// Options of [`SecurityExporter::finish`].
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct SecurityFinishOptions {
    /// Generated passwords (`--generate-credentials`), one per user in push order: each user
    /// gets `credentials.local = {username, password}`; an empty one leaves that user without
    /// credentials. Users only.
    pub passwords: Option<Vec<String>>,
    /// Lodash path on `{_id, content}` giving each generated username (`--generated-username`).
    /// @default "_id"
    pub username_path: Option<String>,
}

/// What one pushed page held.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SecurityPage {
    /// Hits in this page (1 for the users mapping).
    pub hits: u64,
    /// `total` as Kuzzle reports it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<u64>,
    /// The scroll id of the next page, when the search was a scroll.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scroll_id: Option<String>,
}

/// Builds one security file from Kuzzle responses.
#[derive(Debug)]
pub struct SecurityExporter {
    kind: SecurityKind,
    exclude: Vec<String>,
    /// `(id, entry)`: roles and profiles; users keep their `_source` until `finish`.
    by_id: Vec<(String, Json)>,
    /// `(index, collection, spec)` or `(user id, key id, entry)`.
    nested: Vec<(String, String, Json)>,
    users_mapping: Option<Json>,
    finished: bool,
}

fn invalid(message: String) -> DumpError {
    DumpError::data(Code::SecurityInvalid, message, 0, 0)
}

impl SecurityExporter {
    /// An exporter of the given kind (`kind` is required).
    pub fn new(opts: SecurityExportOptions) -> Result<Self> {
        let kind = opts
            .kind
            .ok_or_else(|| DumpError::InvalidOptions("kind is required".into()))?;
        Ok(SecurityExporter {
            kind,
            exclude: opts.exclude,
            by_id: Vec::new(),
            nested: Vec::new(),
            users_mapping: None,
            finished: false,
        })
    }

    /// The kind of file being built.
    pub fn kind(&self) -> SecurityKind {
        self.kind
    }

    /// Entries pushed so far (a repeated id counts each time; the file keeps it once).
    pub fn count(&self) -> usize {
        self.by_id.len() + self.nested.len() + usize::from(self.users_mapping.is_some())
    }

    /// Reads one response: a `security:searchRoles` / `searchProfiles` / `searchUsers` /
    /// `collection:searchSpecifications` / `security:searchApiKeys` page (or the matching
    /// scroll), or for the users mapping the `security:getUserMapping` response.
    pub fn push_page(&mut self, response: &[u8]) -> Result<SecurityPage> {
        if self.finished {
            return Err(DumpError::InvalidState("push_page after finish".into()));
        }
        if self.kind == SecurityKind::UsersMappings {
            self.users_mapping = Some(users_mapping_entry(&response_result(response)?));
            return Ok(SecurityPage {
                hits: 1,
                ..SecurityPage::default()
            });
        }
        let page = entries_from_search(response)?;
        let hits = page.hits.len() as u64;
        for (id, source) in page.hits {
            if self.exclude.contains(&id) {
                continue;
            }
            match self.kind {
                SecurityKind::Roles => self.by_id.push((id, role_entry(&source))),
                SecurityKind::Profiles => self.by_id.push((id, profile_entry(&source))),
                SecurityKind::Users => self.by_id.push((id, source)),
                SecurityKind::Specifications => {
                    let (index, collection, spec) = specification_entry(&source).ok_or_else(|| {
                        invalid(format!("specification {id:?} has no index, collection or validation"))
                    })?;
                    self.nested.push((index, collection, spec));
                }
                SecurityKind::ApiKeys => {
                    let (user, entry) =
                        api_key_entry(&source).ok_or_else(|| invalid(format!("API key {id:?} has no userId")))?;
                    self.nested.push((user, id, entry));
                }
                SecurityKind::UsersMappings => {}
            }
        }
        Ok(SecurityPage {
            hits,
            total: page.total,
            scroll_id: page.scroll_id,
        })
    }

    /// The file's bytes (pretty, no trailing newline, as Kourou writes it).
    pub fn finish(&mut self, opts: SecurityFinishOptions) -> Result<Written> {
        if self.finished {
            return Err(DumpError::InvalidState("finish called twice".into()));
        }
        if self.kind != SecurityKind::Users && (opts.passwords.is_some() || opts.username_path.is_some()) {
            return Err(DumpError::InvalidOptions(format!(
                "passwords and usernamePath are for users, not {}",
                self.kind.type_name()
            )));
        }
        if opts.passwords.is_none() && opts.username_path.is_some() {
            return Err(DumpError::InvalidOptions("usernamePath needs passwords".into()));
        }
        if let Some(p) = &opts.passwords {
            if p.len() != self.by_id.len() {
                return Err(DumpError::InvalidOptions(format!(
                    "{} passwords given for {} users",
                    p.len(),
                    self.by_id.len()
                )));
            }
        }
        self.finished = true;
        Ok(match self.kind {
            SecurityKind::Roles => write_roles(&self.by_id),
            SecurityKind::Profiles => write_profiles(&self.by_id),
            SecurityKind::Users => write_users(&self.users(&opts)),
            SecurityKind::UsersMappings => {
                let empty = Json::object([("mapping", Json::Object(Vec::new()))]);
                write_users_mappings(self.users_mapping.as_ref().unwrap_or(&empty))
            }
            SecurityKind::Specifications => write_specifications(&self.nested),
            SecurityKind::ApiKeys => write_api_keys(&self.nested),
        })
    }

    fn users(&self, opts: &SecurityFinishOptions) -> Vec<(String, Json)> {
        let path = opts.username_path.as_deref().unwrap_or("_id");
        self.by_id
            .iter()
            .enumerate()
            .map(|(i, (id, source))| {
                let password = opts.passwords.as_ref().and_then(|p| p.get(i));
                let entry = match password.filter(|p| !p.is_empty()) {
                    Some(password) => {
                        let plain = user_entry(source, None);
                        let content = plain.get("content").cloned().unwrap_or(Json::Null);
                        let username = generated_username(id, &content, path);
                        user_entry(source, Some((&username, password)))
                    }
                    None => user_entry(source, None),
                };
                (id.clone(), entry)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::write::tests::USERS_JSON;
    use super::*;

    #[test]
    fn excluded_ids_are_left_out() {
        let opts = SecurityExportOptions {
            kind: Some(SecurityKind::Users),
            exclude: vec!["b".into()],
        };
        let mut e = SecurityExporter::new(opts).unwrap();
        let page = br#"{"status":200,"error":null,"result":{"hits":[{"_id":"a","_source":{"profileIds":["admin"]}},{"_id":"b","_source":{"profileIds":["admin"]}}],"total":2}}"#;
        e.push_page(page).unwrap();
        assert_eq!(e.count(), 1);
    }

    fn exporter(kind: SecurityKind) -> SecurityExporter {
        SecurityExporter::new(SecurityExportOptions {
            kind: Some(kind),
            exclude: Vec::new(),
        })
        .unwrap()
    }

    fn page(hits: &str, extra: &str) -> Vec<u8> {
        format!(r#"{{"requestId":"r","status":200,"error":null,"result":{{"hits":[{hits}]{extra}}}}}"#).into_bytes()
    }

    #[test]
    fn users_with_generated_credentials_match_the_spec_example() {
        let mut e = exporter(SecurityKind::Users);
        let p1 = page(
            r#"{"_id":"kleiner","_source":{"profileIds":["admin"],"email":"kleiner@blackmesa.us","_kuzzle_info":{"author":null}}}"#,
            r#","total":2,"scrollId":"s1""#,
        );
        assert_eq!(
            e.push_page(&p1).unwrap(),
            SecurityPage {
                hits: 1,
                total: Some(2),
                scroll_id: Some("s1".into())
            }
        );
        let p2 = page(
            r#"{"_id":"alyx","_source":{"profileIds":["admin"],"email":"alyx@blackmesa.us"}}"#,
            "",
        );
        e.push_page(&p2).unwrap();
        assert_eq!(e.count(), 2);
        // The spec example gives kleiner no credentials: a file without passwords for him is
        // not what --generate-credentials writes, so check both halves separately.
        let mut plain = exporter(SecurityKind::Users);
        plain.push_page(&p1).unwrap();
        let w = plain.finish(SecurityFinishOptions::default()).unwrap();
        assert!(!w.holds_secrets);
        assert!(String::from_utf8(w.bytes).unwrap().contains("\"credentials\": {}"));
        let w = e
            .finish(SecurityFinishOptions {
                passwords: Some(vec!["p1".into(), "8c1f0b6e2d4a9f3e7b5c1a0d9e8f7a6b5c4d3e2f".into()]),
                username_path: Some("content.email".into()),
            })
            .unwrap();
        assert!(w.holds_secrets);
        let text = String::from_utf8(w.bytes).unwrap();
        assert!(text.contains("\"username\": \"alyx@blackmesa.us\""), "{text}");
        assert!(text.contains("\"username\": \"kleiner@blackmesa.us\""), "{text}");
        // An empty password leaves the user without credentials: the spec example, verbatim.
        let mut e = exporter(SecurityKind::Users);
        e.push_page(&p1).unwrap();
        e.push_page(&p2).unwrap();
        let w = e
            .finish(SecurityFinishOptions {
                passwords: Some(vec![String::new(), "8c1f0b6e2d4a9f3e7b5c1a0d9e8f7a6b5c4d3e2f".into()]),
                username_path: None,
            })
            .unwrap();
        assert_eq!(String::from_utf8(w.bytes).unwrap(), USERS_JSON);
    }

    #[test]
    fn roles_profiles_specs_keys_mapping() {
        let mut e = exporter(SecurityKind::Profiles);
        e.push_page(&page(r#"{"_id":"teacher","_source":{"policies":[{"roleId":"default"}],"rateLimit":10,"optimizedPolicies":[],"_kuzzle_info":{}}}"#, "")).unwrap();
        let w = e.finish(SecurityFinishOptions::default()).unwrap();
        assert_eq!(
            Json::parse(&w.bytes).unwrap().to_compact(),
            r#"{"type":"profiles","content":{"teacher":{"policies":[{"roleId":"default"}],"rateLimit":10}}}"#
        );
        let mut e = exporter(SecurityKind::Specifications);
        e.push_page(&page(
            r#"{"_id":"i#c","_source":{"index":"i","collection":"c","validation":{"strict":true}}}"#,
            r#","total":1"#,
        ))
        .unwrap();
        let w = e.finish(SecurityFinishOptions::default()).unwrap();
        assert_eq!(
            Json::parse(&w.bytes).unwrap().to_compact(),
            r#"{"type":"specifications","content":{"i":{"c":{"strict":true}}}}"#
        );
        let mut e = exporter(SecurityKind::ApiKeys);
        e.push_page(&page(
            r#"{"_id":"k1","_source":{"userId":"u","fingerprint":"f","token":"t","description":"d"}}"#,
            "",
        ))
        .unwrap();
        let w = e.finish(SecurityFinishOptions::default()).unwrap();
        assert!(w.holds_secrets);
        assert_eq!(
            Json::parse(&w.bytes).unwrap().to_compact(),
            r#"{"type":"apiKeys","content":{"u":{"k1":{"userId":"u","fingerprint":"f","description":"d"}}}}"#
        );
        let mut e = exporter(SecurityKind::UsersMappings);
        let r = br#"{"status":200,"error":null,"result":{"mapping":{"_kuzzle_info":{},"age":{"type":"integer"}}}}"#;
        assert_eq!(e.push_page(r).unwrap().hits, 1);
        let w = e.finish(SecurityFinishOptions::default()).unwrap();
        assert_eq!(
            Json::parse(&w.bytes).unwrap().to_compact(),
            r#"{"type":"usersMappings","content":{"mapping":{"age":{"type":"integer"}}}}"#
        );
        let mut e = exporter(SecurityKind::Roles);
        let w = e.finish(SecurityFinishOptions::default()).unwrap();
        assert_eq!(
            String::from_utf8(w.bytes).unwrap(),
            "{\n  \"type\": \"roles\",\n  \"content\": {}\n}"
        );
    }

    #[test]
    fn refuses_bad_options_and_states() {
        let e = SecurityExporter::new(SecurityExportOptions::default()).unwrap_err();
        assert_eq!(e.to_string(), "invalid options: kind is required");
        let mut e = exporter(SecurityKind::Roles);
        let pw = || SecurityFinishOptions {
            passwords: Some(vec![]),
            username_path: None,
        };
        assert_eq!(
            e.finish(pw()).unwrap_err().to_string(),
            "invalid options: passwords and usernamePath are for users, not roles"
        );
        let mut e = exporter(SecurityKind::Users);
        e.push_page(&page(r#"{"_id":"a","_source":{}}"#, "")).unwrap();
        assert_eq!(
            e.finish(pw()).unwrap_err().to_string(),
            "invalid options: 0 passwords given for 1 users"
        );
        let path_only = SecurityFinishOptions {
            passwords: None,
            username_path: Some("x".into()),
        };
        assert_eq!(
            e.finish(path_only).unwrap_err().to_string(),
            "invalid options: usernamePath needs passwords"
        );
        e.finish(SecurityFinishOptions::default()).unwrap();
        assert_eq!(e.push_page(b"{}").unwrap_err().code(), Code::InvalidState);
        assert_eq!(
            e.finish(SecurityFinishOptions::default()).unwrap_err().code(),
            Code::InvalidState
        );
        let mut e = exporter(SecurityKind::ApiKeys);
        let err = e.push_page(&page(r#"{"_id":"k","_source":{}}"#, "")).unwrap_err();
        assert_eq!(err.message(), "API key \"k\" has no userId");
    }
}
