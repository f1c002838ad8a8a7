//! Reads a security file: detects its `type`, splits it into entries with their positions,
//! checks each entry as Kuzzle would, and builds the body of each restoring request.

use super::checks::{check_api_key, check_profile, check_role, check_spec, check_user, check_users_mapping, Issue};
use super::{EntryKey, SecurityEntry, SecurityFile, SecurityKind};
use crate::error::{Code, DumpError, Finding, Severity};
use crate::json::scan::{validate, Scanner};
use crate::json::Json;
use crate::specs::path::{line_column, locate, path_string, Seg};

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A member of an object: decoded key, offsets of the key's quote and of the value.
struct Member {
    key: String,
    key_at: usize,
    value_at: usize,
}

/// The members of the object at `at` (the text was validated already).
fn members(text: &[u8], at: usize) -> Option<Vec<Member>> {
    let mut s = Scanner::new(text.get(at..)?);
    s.skip_ws();
    if s.peek() != Some(b'{') {
        return None;
    }
    s.start_value().ok()?;
    let mut out = Vec::new();
    if s.eat(b'}') {
        return Some(out);
    }
    loop {
        s.skip_ws();
        let key_at = at + s.pos();
        let span = s.string().ok()?;
        let raw = s.bytes().get(span.start..span.end)?;
        let key = crate::json::escape::unescape_lossy(raw);
        s.expect(b':', "").ok()?;
        s.skip_ws();
        out.push(Member {
            key,
            key_at,
            value_at: at + s.pos(),
        });
        s.skip_value().ok()?;
        if !s.eat(b',') {
            return Some(out);
        }
    }
}

/// JavaScript's view of an object's members: one per key, first place, last value.
fn collapse(list: Vec<Member>, dup: &mut Vec<Member>) -> Vec<Member> {
    let mut out: Vec<Member> = Vec::new();
    for m in list {
        match out.iter_mut().find(|o| o.key == m.key) {
            Some(o) => {
                let first = std::mem::replace(&mut o.value_at, m.value_at);
                dup.push(Member {
                    key: m.key,
                    key_at: m.key_at,
                    value_at: first,
                });
            }
            None => out.push(m),
        }
    }
    out
}

struct Reader<'a> {
    bytes: &'a [u8],
    bom: usize,
    text: &'a [u8],
    findings: Vec<Finding>,
}

impl Reader<'_> {
    fn pos(&self, offset: usize) -> (u64, u64) {
        line_column(self.bytes, offset + self.bom)
    }

    fn value(&self, at: usize) -> Result<Json, DumpError> {
        let mut s = Scanner::new(self.text.get(at..).unwrap_or(&[]));
        Json::parse_at(&mut s).map_err(|e| {
            let (line, column) = self.pos(at + e.offset);
            DumpError::data(
                Code::SecurityInvalid,
                format!("cannot read this entry: {}", e.message),
                line,
                column,
            )
        })
    }

    fn finding(&mut self, severity: Severity, code: Code, at: usize, path: String, message: String) {
        let (line, column) = self.pos(at);
        let f = match severity {
            Severity::Error => Finding::error(code, message, line, column),
            Severity::Warning => Finding::warning(code, message, line, column),
        };
        self.findings.push(if path.is_empty() { f } else { f.at_path(path) });
    }

    /// Reports an entry's issues at their exact place; `base` is the entry's path in the file.
    fn issues(&mut self, what: &str, base: &[Seg], value_at: usize, issues: Vec<Issue>) {
        for i in issues {
            let at = locate(self.text, value_at, &i.segs).unwrap_or(value_at);
            let rel = path_string(&i.segs);
            let message = if rel.is_empty() {
                format!("{what}: {}", i.message)
            } else {
                format!("{what}, {rel}: {}", i.message)
            };
            let full: Vec<Seg> = base.iter().cloned().chain(i.segs).collect();
            self.finding(i.severity, i.code, at, path_string(&full), message);
        }
    }

    fn duplicates(&mut self, dup: Vec<Member>, what: &str) {
        for d in dup {
            let message = format!(
                "{what} {:?} appears twice; only the last one is kept, as JSON.parse does",
                d.key
            );
            self.finding(Severity::Warning, Code::DuplicateId, d.key_at, String::new(), message);
        }
    }

    fn entry(&self, key: EntryKey, value: Json, key_at: usize, body: Option<Vec<u8>>) -> SecurityEntry {
        let (line, column) = self.pos(key_at);
        SecurityEntry {
            key,
            value,
            line,
            column,
            body,
        }
    }
}

fn compact(v: &Json) -> Vec<u8> {
    let mut out = Vec::new();
    v.write_compact(&mut out);
    out
}

fn user_body(e: &Json) -> Vec<u8> {
    let mut members = vec![("content", e.get("content").cloned().unwrap_or(Json::Null))];
    if let Some(c) = e.get("credentials") {
        members.push(("credentials", c.clone()));
    }
    compact(&Json::object(members))
}

/// Parses a security file (a leading BOM is skipped): its kind, entries with positions and
/// request bodies, and findings. Fails on bytes that are not JSON, on a file that is not
/// `{"type", "content"}` with a known type, and on entries nested too deeply to read.
pub fn parse_security_file(bytes: &[u8]) -> Result<SecurityFile, DumpError> {
    let bom = if bytes.starts_with(BOM) { BOM.len() } else { 0 };
    let text = bytes.get(bom..).unwrap_or(&[]);
    if let Err(e) = std::str::from_utf8(text) {
        let (line, column) = line_column(bytes, bom + e.valid_up_to());
        return Err(DumpError::data(
            Code::InvalidUtf8,
            "the file is not valid UTF-8",
            line,
            column,
        ));
    }
    if let Err(e) = validate(text) {
        let (line, column) = line_column(bytes, bom + e.offset);
        let code = if e.offset >= text.len() {
            Code::Truncated
        } else {
            Code::JsonSyntax
        };
        return Err(DumpError::data(
            code,
            format!("the file is not valid JSON: {}", e.message),
            line,
            column,
        ));
    }
    let mut r = Reader {
        bytes,
        bom,
        text,
        findings: Vec::new(),
    };
    let invalid = |r: &Reader<'_>, at: usize, message: String| {
        let (line, column) = r.pos(at);
        DumpError::data(Code::SecurityInvalid, message, line, column)
    };
    let start = text.iter().take_while(|b| b.is_ascii_whitespace()).count();
    let top = members(text, start).ok_or_else(|| {
        invalid(
            &r,
            start,
            "a security file must be an object {\"type\", \"content\"}".into(),
        )
    })?;
    let mut ty = None;
    let mut content = None;
    for m in &top {
        match m.key.as_str() {
            "type" => ty = Some(m),
            "content" => content = Some(m),
            other => {
                let message = format!("unexpected top-level key {other:?}; only type and content are read");
                r.finding(
                    Severity::Warning,
                    Code::SecurityInvalid,
                    m.key_at,
                    other.to_owned(),
                    message,
                );
            }
        }
    }
    let content = content.ok_or_else(|| invalid(&r, start, "the file has no content".into()))?;
    let content_members = members(text, content.value_at);
    let kind = match ty {
        Some(t) => {
            let v = r.value(t.value_at)?;
            let name = v.as_str().ok_or_else(|| {
                invalid(
                    &r,
                    t.value_at,
                    format!("type must be a string, not {}", v.kind().name()),
                )
            })?;
            SecurityKind::from_type(&name).ok_or_else(|| {
                let known: Vec<&str> = SecurityKind::ALL.iter().map(|k| k.type_name()).collect();
                invalid(
                    &r,
                    t.value_at,
                    format!("unknown type {name:?}; known types: {}", known.join(", ")),
                )
            })?
        }
        // Kourou's user:import-mappings reads any file with content.mapping, type or not.
        None if content_members
            .as_ref()
            .is_some_and(|m| m.iter().any(|m| m.key == "mapping")) =>
        {
            r.finding(
                Severity::Warning,
                Code::SecurityInvalid,
                start,
                String::new(),
                "the file has no type; read as usersMappings since its content has a mapping".into(),
            );
            SecurityKind::UsersMappings
        }
        None => return Err(invalid(&r, start, "the file has no type".into())),
    };
    let Some(content_members) = content_members else {
        return Err(invalid(&r, content.value_at, "content must be an object".into()));
    };
    let mut entries = Vec::new();
    let base = |more: &[&str]| -> Vec<Seg> {
        std::iter::once("content")
            .chain(more.iter().copied())
            .map(Seg::from)
            .collect()
    };
    match kind {
        SecurityKind::Roles | SecurityKind::Profiles | SecurityKind::Users => {
            let what = match kind {
                SecurityKind::Roles => "role",
                SecurityKind::Profiles => "profile",
                _ => "user",
            };
            let mut dup = Vec::new();
            for m in collapse(content_members, &mut dup) {
                let value = r.value(m.value_at)?;
                let (issues, body) = match kind {
                    SecurityKind::Roles => (check_role(&value), compact(&value)),
                    SecurityKind::Profiles => (check_profile(&value), compact(&value)),
                    _ => (check_user(&value), user_body(&value)),
                };
                r.issues(&format!("{what} {:?}", m.key), &base(&[&m.key]), m.value_at, issues);
                entries.push(r.entry(EntryKey::Id(m.key.clone()), value, m.key_at, Some(body)));
            }
            r.duplicates(dup, what);
        }
        SecurityKind::UsersMappings => {
            let value = r.value(content.value_at)?;
            r.issues(
                "users mapping",
                &base(&[]),
                content.value_at,
                check_users_mapping(&value),
            );
            let body = value
                .get("mapping")
                .map(|m| compact(&Json::object([("properties", m.clone())])));
            entries.push(r.entry(EntryKey::UsersMapping, value, content.key_at, body));
        }
        SecurityKind::Specifications | SecurityKind::ApiKeys => {
            let (outer_what, inner_what) = if kind == SecurityKind::ApiKeys {
                ("user", "API key")
            } else {
                ("index", "collection")
            };
            let mut dup = Vec::new();
            for group in collapse(content_members, &mut dup) {
                let Some(inner) = members(text, group.value_at) else {
                    let message = format!("{outer_what} {:?} must map to an object of {inner_what}s", group.key);
                    r.finding(
                        Severity::Error,
                        Code::SecurityInvalid,
                        group.value_at,
                        path_string(&base(&[&group.key])),
                        message,
                    );
                    continue;
                };
                let mut inner_dup = Vec::new();
                for m in collapse(inner, &mut inner_dup) {
                    let value = r.value(m.value_at)?;
                    let path = base(&[&group.key, &m.key]);
                    let (key, what, issues, body) = if kind == SecurityKind::ApiKeys {
                        let key = EntryKey::ApiKey {
                            user_id: group.key.clone(),
                            key_id: m.key.clone(),
                        };
                        (
                            key,
                            format!("API key {:?} of user {:?}", m.key, group.key),
                            check_api_key(&group.key, &value),
                            None,
                        )
                    } else {
                        let key = EntryKey::Collection {
                            index: group.key.clone(),
                            collection: m.key.clone(),
                        };
                        let what = format!("specification of {}/{}", group.key, m.key);
                        (key, what, check_spec(&group.key, &m.key, &value), Some(compact(&value)))
                    };
                    r.issues(&what, &path, m.value_at, issues);
                    entries.push(r.entry(key, value, m.key_at, body));
                }
                r.duplicates(inner_dup, inner_what);
            }
            r.duplicates(dup, outer_what);
        }
    }
    Ok(SecurityFile {
        kind,
        entries,
        findings: r.findings,
    })
}

#[cfg(test)]
mod tests {
    use super::super::write::tests::USERS_JSON;
    use super::super::write_file;
    use super::*;

    fn read(text: &str) -> SecurityFile {
        parse_security_file(text.as_bytes()).unwrap()
    }

    fn findings(text: &str) -> Vec<String> {
        read(text)
            .findings
            .iter()
            .map(|f| {
                format!(
                    "{}:{} {} {} [{}]",
                    f.location.line,
                    f.location.column,
                    f.code,
                    f.message,
                    f.path.clone().unwrap_or_default()
                )
            })
            .collect()
    }

    /// Findings without their position.
    fn messages(text: &str) -> Vec<String> {
        findings(text)
            .into_iter()
            .map(|s| s.split_once(' ').unwrap().1.to_owned())
            .collect()
    }

    #[test]
    fn reads_the_users_example_and_writes_it_back() {
        let f = read(USERS_JSON);
        assert_eq!(f.kind, SecurityKind::Users);
        assert_eq!(f.findings, vec![]);
        assert_eq!(f.entries.len(), 2);
        assert_eq!(f.entries[0].key, EntryKey::Id("kleiner".into()));
        assert_eq!((f.entries[0].line, f.entries[0].column), (4, 5));
        assert_eq!(
            String::from_utf8(f.entries[0].body.clone().unwrap()).unwrap(),
            r#"{"content":{"profileIds":["admin"],"email":"kleiner@blackmesa.us"},"credentials":{}}"#
        );
        let w = write_file(&f);
        assert_eq!(String::from_utf8(w.bytes).unwrap(), USERS_JSON);
        assert!(w.holds_secrets && f.holds_secrets());
        let with_bom = format!("\u{feff}{USERS_JSON}");
        assert_eq!(parse_security_file(with_bom.as_bytes()).unwrap().entries[1].column, 5);
    }

    #[test]
    fn rejects_what_is_not_a_security_file() {
        let err = |t: &[u8]| parse_security_file(t).unwrap_err();
        assert_eq!(err(b"{\"type\": \"roles\", \"content\": {").code(), Code::Truncated);
        let e = err(b"{\n  \"type\": \"rolez\",\n  \"content\": {}\n}");
        assert_eq!(
            (e.code(), e.location().map(|l| (l.line, l.column))),
            (Code::SecurityInvalid, Some((2, 11)))
        );
        assert_eq!(
            e.message(),
            "unknown type \"rolez\"; known types: roles, profiles, usersMappings, users, apiKeys, specifications"
        );
        assert_eq!(err(b"[]").code(), Code::SecurityInvalid);
        assert_eq!(err(b"{\"type\":\"roles\"}").message(), "the file has no content");
        assert_eq!(
            err(b"{\"type\":\"roles\",\"content\":[]}").message(),
            "content must be an object"
        );
        assert_eq!(err(b"{\"a\":\"\xff\"}").code(), Code::InvalidUtf8);
        let f = read(r#"{"content": {"mapping": {"age": {"type": "integer"}}}}"#);
        assert_eq!(f.kind, SecurityKind::UsersMappings);
        assert_eq!(
            String::from_utf8(f.entries[0].body.clone().unwrap()).unwrap(),
            r#"{"properties":{"age":{"type":"integer"}}}"#
        );
    }

    #[test]
    fn role_findings() {
        let text = "{\"type\":\"roles\",\"content\":{\n\"a\":{\"controllers\":{}},\n\"b\":{\"controllers\":{\"document\":{\"actions\":{\"create\":1}},\"x\":[]}},\n\"c\":{},\"ok\":{\"controllers\":{\"*\":{\"actions\":{\"*\":true}}},\"tags\":[\"t\"]}}}";
        assert_eq!(
            findings(text),
            [
                "2:20 SECURITY_INVALID role \"a\", controllers: controllers must not be empty [content.a.controllers]",
                "3:53 SECURITY_INVALID role \"b\", controllers.document.actions.create: must be a boolean, not a number [content.b.controllers.document.actions.create]",
                "3:61 SECURITY_INVALID role \"b\", controllers.x: controller rights must be an object, not an array [content.b.controllers.x]",
                "4:5 SECURITY_INVALID role \"c\", controllers: a role needs controllers [content.c.controllers]",
            ]
        );
    }

    #[test]
    fn profile_findings() {
        let text = r#"{"type":"profiles","content":{"p":{"policies":[{"roleId":"default","restrictedTo":[{"index":"Nyc","collections":["a.b",3]},{"collection":[]}]},{"role":"x"}],"rateLimit":-1}}}"#;
        let f = messages(text);
        assert_eq!(
            f,
            [
                "SECURITY_INVALID profile \"p\", rateLimit: rateLimit must be a positive integer or zero [content.p.rateLimit]",
                "INVALID_INDEX_NAME profile \"p\", policies[0].restrictedTo[0].index: index \"Nyc\" holds upper-case letters: no index can have this name, so the restriction never matches [content.p.policies[0].restrictedTo[0].index]",
                "INVALID_COLLECTION_NAME profile \"p\", policies[0].restrictedTo[0].collections[0]: collection \"a.b\" holds the forbidden character '.': no collection can have this name, so it never matches [content.p.policies[0].restrictedTo[0].collections[0]]",
                "SECURITY_INVALID profile \"p\", policies[0].restrictedTo[0].collections[1]: a collection must be a string, not a number [content.p.policies[0].restrictedTo[0].collections[1]]",
                "SECURITY_INVALID profile \"p\", policies[0].restrictedTo[1].collection: a restriction may only hold index and collections [content.p.policies[0].restrictedTo[1].collection]",
                "SECURITY_INVALID profile \"p\", policies[0].restrictedTo[1].index: a restriction needs an index [content.p.policies[0].restrictedTo[1].index]",
                "SECURITY_INVALID profile \"p\", policies[1].roleId: a policy needs a roleId [content.p.policies[1].roleId]",
                "SECURITY_INVALID profile \"p\", policies[1].role: a policy may only hold roleId and restrictedTo [content.p.policies[1].role]",
            ]
        );
    }

    #[test]
    fn user_findings() {
        let text = r#"{"type":"users","content":{"u":{"content":{"profileIds":[]},"credentials":{"local":{"username":"u"}},"extra":1},"v":{"content":{"profileIds":"admin"}},"u":{"content":{"profileIds":["x"]}}}}"#;
        let f = messages(text);
        assert_eq!(
            f,
            [
                "SECURITY_INVALID user \"v\", content.profileIds: profileIds must be an array of strings, not a string [content.v.content.profileIds]",
                "DUPLICATE_ID user \"u\" appears twice; only the last one is kept, as JSON.parse does []",
            ]
        );
        let file = read(text);
        assert_eq!(file.entries.len(), 2);
        assert_eq!(
            file.entries[0].value.to_compact(),
            r#"{"content":{"profileIds":["x"]}}"#
        );
        let first = r#"{"type":"users","content":{"u":{"content":{"profileIds":[]},"credentials":{"local":{"username":"u"}},"extra":1}}}"#;
        let f = messages(first);
        assert_eq!(
            f,
            [
                "SECURITY_INVALID user \"u\", extra: createUser ignores everything but content and credentials [content.u.extra]",
                "SECURITY_INVALID user \"u\", content.profileIds: a user needs at least one profile (security.user.no_profile) [content.u.content.profileIds]",
                "SECURITY_INVALID user \"u\", credentials.local.password: local credentials need a non-empty string password [content.u.credentials.local.password]",
            ]
        );
    }

    #[test]
    fn specifications() {
        let text = "{\n  \"type\": \"specifications\",\n  \"content\": {\n    \"nyc\": {\n      \"taxis\": {\n        \"fields\": {\n          \"age\": {\n            \"type\": \"number\"\n          }\n        }\n      }\n    }\n  }\n}";
        let f = read(text);
        assert_eq!(
            f.entries[0].key,
            EntryKey::Collection {
                index: "nyc".into(),
                collection: "taxis".into()
            }
        );
        assert_eq!(
            findings(text),
            ["8:21 SPECIFICATION_INVALID specification of nyc/taxis, fields.age.type: unknown type \"number\" (validation.assert.unknown_type); the numeric type is called \"numeric\" [content.nyc.taxis.fields.age.type]"]
        );
        assert_eq!(write_file(&f).bytes, text.as_bytes());
    }
}
