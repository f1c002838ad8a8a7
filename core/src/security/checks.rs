//! What Kuzzle checks when an entry is restored (`Role#validateDefinition`,
//! `Profile#validateDefinition`, `createUser`, `updateUserMapping`,
//! `updateSpecifications`), applied to each entry of a file before anything is sent.

use crate::error::{Code, Severity};
use crate::json::Json;
use crate::names::{check_collection_name, check_index_name};
use crate::specs::check_specification_paths;
use crate::specs::path::{path_string, Seg};

/// One problem in an entry, at a path relative to the entry.
#[derive(Debug, Clone)]
pub(super) struct Issue {
    pub severity: Severity,
    pub code: Code,
    pub segs: Vec<Seg>,
    pub message: String,
}

#[derive(Default)]
struct Issues(Vec<Issue>);

impl Issues {
    fn error(&mut self, segs: &[Seg], message: impl Into<String>) {
        self.push(Severity::Error, Code::SecurityInvalid, segs, message);
    }

    fn warn(&mut self, segs: &[Seg], message: impl Into<String>) {
        self.push(Severity::Warning, Code::SecurityInvalid, segs, message);
    }

    fn push(&mut self, severity: Severity, code: Code, segs: &[Seg], message: impl Into<String>) {
        self.0.push(Issue {
            severity,
            code,
            segs: segs.to_vec(),
            message: message.into(),
        });
    }
}

fn at(base: &[Seg], more: impl Into<Seg>) -> Vec<Seg> {
    let mut v = base.to_vec();
    v.push(more.into());
    v
}

fn tags(e: &Json, out: &mut Issues) {
    match e.get("tags") {
        None | Some(Json::Null) => {}
        Some(Json::Array(t)) if t.iter().all(|t| matches!(t, Json::String(_))) => {}
        Some(_) => out.warn(&["tags".into()], "tags should be an array of strings"),
    }
}

/// A role: `controllers` is a non-empty object of `{actions: {<action>: boolean}}`.
pub(super) fn check_role(e: &Json) -> Vec<Issue> {
    let mut out = Issues::default();
    if !e.is_object() {
        out.error(&[], format!("a role must be an object, not {}", e.kind().name()));
        return out.0;
    }
    tags(e, &mut out);
    let c = [Seg::from("controllers")];
    let controllers = match e.get("controllers") {
        None | Some(Json::Null) => return missing(out, &c, "a role needs controllers"),
        Some(Json::Object(m)) if m.is_empty() => return missing(out, &c, "controllers must not be empty"),
        Some(Json::Object(m)) => m,
        Some(other) => {
            return missing(
                out,
                &c,
                &format!("controllers must be an object, not {}", other.kind().name()),
            )
        }
    };
    for (name, rights) in controllers {
        let base = at(&c, Seg::Key(name.text().into_owned()));
        let actions = match rights.get("actions") {
            _ if !rights.is_object() => {
                out.error(
                    &base,
                    format!("controller rights must be an object, not {}", rights.kind().name()),
                );
                continue;
            }
            None => {
                out.error(&base, "controller rights need actions");
                continue;
            }
            Some(Json::Object(a)) if !a.is_empty() => a,
            Some(_) => {
                out.error(&at(&base, "actions"), "actions must be a non-empty object of booleans");
                continue;
            }
        };
        for (action, allowed) in actions {
            if !matches!(allowed, Json::Bool(_)) {
                out.error(
                    &at(&at(&base, "actions"), Seg::Key(action.text().into_owned())),
                    format!("must be a boolean, not {}", allowed.kind().name()),
                );
            }
        }
    }
    out.0
}

fn missing(mut out: Issues, segs: &[Seg], message: &str) -> Vec<Issue> {
    out.error(segs, message);
    out.0
}

/// A profile: non-empty `policies` of `{roleId, restrictedTo?: [{index, collections?}]}`;
/// `rateLimit` a non-negative integer.
pub(super) fn check_profile(e: &Json) -> Vec<Issue> {
    let mut out = Issues::default();
    if !e.is_object() {
        out.error(&[], format!("a profile must be an object, not {}", e.kind().name()));
        return out.0;
    }
    tags(e, &mut out);
    match e.get("rateLimit") {
        None | Some(Json::Null) => {}
        Some(Json::Number(n)) if crate::specs::js::is_integer_token(n) && !n.starts_with('-') => {}
        Some(Json::Number(n)) if crate::specs::js::is_integer_token(n) => {
            out.error(&["rateLimit".into()], "rateLimit must be a positive integer or zero")
        }
        Some(_) => out.error(&["rateLimit".into()], "rateLimit must be an integer"),
    }
    let p = [Seg::from("policies")];
    let policies = match e.get("policies") {
        None | Some(Json::Null) => return missing(out, &p, "a profile needs policies"),
        Some(Json::Array(a)) if a.is_empty() => return missing(out, &p, "policies must not be empty"),
        Some(Json::Array(a)) => a,
        Some(other) => {
            return missing(
                out,
                &p,
                &format!("policies must be an array of objects, not {}", other.kind().name()),
            )
        }
    };
    for (i, policy) in policies.iter().enumerate() {
        let base = at(&p, i);
        let Some(members) = policy.as_object() else {
            out.error(
                &base,
                format!("a policy must be an object, not {}", policy.kind().name()),
            );
            continue;
        };
        match policy.get("roleId") {
            Some(Json::String(s)) if !s.raw().is_empty() => {}
            Some(Json::String(_)) | None | Some(Json::Null) => {
                out.error(&at(&base, "roleId"), "a policy needs a roleId")
            }
            Some(other) => out.error(
                &at(&base, "roleId"),
                format!("roleId must be a string, not {}", other.kind().name()),
            ),
        }
        for (k, _) in members {
            if !k.is("roleId") && !k.is("restrictedTo") {
                out.error(
                    &at(&base, Seg::Key(k.text().into_owned())),
                    "a policy may only hold roleId and restrictedTo",
                );
            }
        }
        match policy.get("restrictedTo") {
            None | Some(Json::Null) => {}
            Some(Json::Array(r)) => restrictions(r, &at(&base, "restrictedTo"), &mut out),
            Some(other) => out.error(
                &at(&base, "restrictedTo"),
                format!("restrictedTo must be an array of objects, not {}", other.kind().name()),
            ),
        }
    }
    out.0
}

fn restrictions(list: &[Json], base: &[Seg], out: &mut Issues) {
    for (j, r) in list.iter().enumerate() {
        let here = at(base, j);
        let Some(members) = r.as_object() else {
            out.error(
                &here,
                format!(
                    "a restriction must be an object {{index, collections?}}, not {}",
                    r.kind().name()
                ),
            );
            continue;
        };
        for (k, _) in members {
            if !k.is("index") && !k.is("collections") {
                out.error(
                    &at(&here, Seg::Key(k.text().into_owned())),
                    "a restriction may only hold index and collections",
                );
            }
        }
        match r.get("index") {
            None | Some(Json::Null) => out.error(&at(&here, "index"), "a restriction needs an index"),
            Some(Json::String(s)) => {
                if let Err(p) = check_index_name(&s.text()) {
                    let msg = format!(
                        "index {:?} {p}: no index can have this name, so the restriction never matches",
                        s.text()
                    );
                    out.push(Severity::Warning, Code::InvalidIndexName, &at(&here, "index"), msg);
                }
            }
            Some(other) => out.error(
                &at(&here, "index"),
                format!("index must be a string, not {}", other.kind().name()),
            ),
        }
        match r.get("collections") {
            None | Some(Json::Null) => {}
            Some(Json::Array(cols)) => {
                for (k, c) in cols.iter().enumerate() {
                    let segs = at(&at(&here, "collections"), k);
                    match c.as_str() {
                        None => out.error(&segs, format!("a collection must be a string, not {}", c.kind().name())),
                        Some(name) => {
                            if let Err(p) = check_collection_name(&name) {
                                let msg = format!(
                                    "collection {name:?} {p}: no collection can have this name, so it never matches"
                                );
                                out.push(Severity::Warning, Code::InvalidCollectionName, &segs, msg);
                            }
                        }
                    }
                }
            }
            Some(other) => out.error(
                &at(&here, "collections"),
                format!("collections must be an array of strings, not {}", other.kind().name()),
            ),
        }
    }
}

/// A user: `{content: {profileIds: [string, …], …}, credentials?: {<strategy>: {…}}}`.
pub(super) fn check_user(e: &Json) -> Vec<Issue> {
    let mut out = Issues::default();
    let Some(members) = e.as_object() else {
        out.error(
            &[],
            format!(
                "a user must be an object {{content, credentials}}, not {}",
                e.kind().name()
            ),
        );
        return out.0;
    };
    for (k, _) in members {
        if !k.is("content") && !k.is("credentials") {
            out.warn(
                &[Seg::Key(k.text().into_owned())],
                "createUser ignores everything but content and credentials",
            );
        }
    }
    let c = [Seg::from("content")];
    match e.get("content") {
        Some(content @ Json::Object(_)) => match content.get("profileIds") {
            Some(Json::Array(ids)) if ids.is_empty() => out.error(
                &at(&c, "profileIds"),
                "a user needs at least one profile (security.user.no_profile)",
            ),
            Some(Json::Array(ids)) => {
                for (i, id) in ids.iter().enumerate() {
                    if !matches!(id, Json::String(_)) {
                        out.error(
                            &at(&at(&c, "profileIds"), i),
                            format!("a profile id must be a string, not {}", id.kind().name()),
                        );
                    }
                }
            }
            None | Some(Json::Null) => out.error(&at(&c, "profileIds"), "a user needs profileIds"),
            Some(other) => out.error(
                &at(&c, "profileIds"),
                format!("profileIds must be an array of strings, not {}", other.kind().name()),
            ),
        },
        None | Some(Json::Null) => out.error(&c, "a user needs content"),
        Some(other) => out.error(&c, format!("content must be an object, not {}", other.kind().name())),
    }
    let cr = [Seg::from("credentials")];
    match e.get("credentials") {
        None | Some(Json::Null) => {}
        Some(Json::Object(strategies)) => {
            for (name, creds) in strategies {
                let here = at(&cr, Seg::Key(name.text().into_owned()));
                if !creds.is_object() {
                    out.error(
                        &here,
                        format!("credentials must be an object, not {}", creds.kind().name()),
                    );
                } else if name.is("local") {
                    for k in ["username", "password"] {
                        if !matches!(creds.get(k), Some(Json::String(s)) if !s.raw().is_empty()) {
                            out.error(&at(&here, k), format!("local credentials need a non-empty string {k}"));
                        }
                    }
                }
            }
        }
        Some(other) => out.error(
            &cr,
            format!("credentials must be an object, not {}", other.kind().name()),
        ),
    }
    out.0
}

/// The users mapping content: `{mapping: {<field>: {…}}}`.
pub(super) fn check_users_mapping(e: &Json) -> Vec<Issue> {
    let mut out = Issues::default();
    let m = [Seg::from("mapping")];
    match e.get("mapping") {
        Some(Json::Object(fields)) => {
            for (name, field) in fields {
                let here = at(&m, Seg::Key(name.text().into_owned()));
                if !field.is_object() {
                    out.error(
                        &here,
                        format!("a field mapping must be an object, not {}", field.kind().name()),
                    );
                } else if name.is("_kuzzle_info") {
                    out.warn(
                        &here,
                        "_kuzzle_info is Kuzzle's own; it is merged into the users mapping anyway",
                    );
                }
            }
        }
        _ if !e.is_object() => out.error(
            &[],
            format!(
                "the users mapping content must be an object {{mapping}}, not {}",
                e.kind().name()
            ),
        ),
        None => out.error(&m, "the users mapping content needs a mapping"),
        Some(other) => out.error(
            &m,
            format!(
                "mapping must be an object of field mappings, not {}",
                other.kind().name()
            ),
        ),
    }
    for (k, _) in e.as_object().unwrap_or(&[]) {
        if !k.is("mapping") {
            out.warn(
                &[Seg::Key(k.text().into_owned())],
                "only mapping is restored; this key is ignored",
            );
        }
    }
    out.0
}

/// A collection's specification; invalid names are warnings (nothing can match them).
pub(super) fn check_spec(index: &str, collection: &str, spec: &Json) -> Vec<Issue> {
    let mut out = Issues::default();
    if let Err(p) = check_index_name(index) {
        out.push(
            Severity::Warning,
            Code::InvalidIndexName,
            &[],
            format!("index {index:?} {p}; no such collection can exist"),
        );
    }
    if let Err(p) = check_collection_name(collection) {
        out.push(
            Severity::Warning,
            Code::InvalidCollectionName,
            &[],
            format!("collection {collection:?} {p}; no such collection can exist"),
        );
    }
    for (f, segs) in check_specification_paths(spec) {
        // The reader prefixes the path itself.
        let prefix = format!("{}: ", path_string(&segs));
        let message = f.message.strip_prefix(&prefix).unwrap_or(&f.message).to_owned();
        out.push(f.severity, f.code, &segs, message);
    }
    out.0
}

/// An API key: a sha256 `fingerprint` (64 hex digits), and a `userId` matching its group.
pub(super) fn check_api_key(user_id: &str, e: &Json) -> Vec<Issue> {
    let mut out = Issues::default();
    if !e.is_object() {
        out.error(&[], format!("an API key must be an object, not {}", e.kind().name()));
        return out.0;
    }
    match e.get("fingerprint").and_then(Json::as_str) {
        Some(f) if f.len() == 64 && f.bytes().all(|b| b.is_ascii_hexdigit()) => {}
        _ => out.error(
            &["fingerprint".into()],
            "an API key needs its fingerprint (the sha256 of its token, 64 hex digits)",
        ),
    }
    match e.get("userId") {
        None => {}
        Some(u) if u.as_str().is_some_and(|u| u == user_id) => {}
        Some(u) => out.error(
            &["userId".into()],
            format!(
                "userId {} differs from the user {user_id:?} the key is filed under",
                u.to_compact()
            ),
        ),
    }
    for k in ["expiresAt", "ttl"] {
        if let Some(v) = e.get(k).filter(|v| !matches!(v, Json::Number(_))) {
            out.warn(
                &[k.into()],
                format!("{k} should be a number (-1 for never), not {}", v.kind().name()),
            );
        }
    }
    if e.get("token").is_some() {
        out.warn(
            &["token".into()],
            "the file holds a live API key token; Kuzzle never stores it and restores do not need it",
        );
    }
    out.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(issues: Vec<Issue>) -> Vec<String> {
        issues
            .into_iter()
            .map(|i| {
                format!(
                    "{:?} {} {}",
                    i.severity,
                    crate::specs::path::path_string(&i.segs),
                    i.message
                )
            })
            .collect()
    }

    fn j(s: &str) -> Json {
        Json::parse(s.as_bytes()).unwrap()
    }

    #[test]
    fn api_keys() {
        let fp = "a".repeat(64);
        assert_eq!(
            messages(check_api_key(
                "alyx",
                &j(&format!(
                    r#"{{"userId":"alyx","fingerprint":"{fp}","expiresAt":-1,"ttl":-1}}"#
                ))
            )),
            Vec::<String>::new()
        );
        assert_eq!(
            messages(check_api_key(
                "alyx",
                &j(r#"{"userId":"bob","fingerprint":"x","ttl":"1h","token":"kapikey-x"}"#)
            )),
            [
                "Error fingerprint an API key needs its fingerprint (the sha256 of its token, 64 hex digits)",
                "Error userId userId \"bob\" differs from the user \"alyx\" the key is filed under",
                "Warning ttl ttl should be a number (-1 for never), not a string",
                "Warning token the file holds a live API key token; Kuzzle never stores it and restores do not need it",
            ]
        );
    }

    #[test]
    fn users_mappings() {
        assert_eq!(
            messages(check_users_mapping(&j(r#"{"mapping":{"age":{"type":"integer"}}}"#))),
            Vec::<String>::new()
        );
        assert_eq!(
            messages(check_users_mapping(&j(
                r#"{"mapping":{"age":1,"_kuzzle_info":{}},"dynamic":"strict"}"#
            ))),
            [
                "Error mapping.age a field mapping must be an object, not a number",
                "Warning mapping._kuzzle_info _kuzzle_info is Kuzzle's own; it is merged into the users mapping anyway",
                "Warning dynamic only mapping is restored; this key is ignored",
            ]
        );
        assert_eq!(
            messages(check_users_mapping(&j("[]"))),
            ["Error  the users mapping content must be an object {mapping}, not an array"]
        );
    }

    #[test]
    fn specs_with_bad_names() {
        assert_eq!(
            messages(check_spec("Nyc", "_kuzzle_keep", &j("{}"))),
            [
                "Warning  index \"Nyc\" holds upper-case letters; no such collection can exist",
                "Warning  collection \"_kuzzle_keep\" is reserved; no such collection can exist",
            ]
        );
    }
}
