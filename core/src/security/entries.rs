//! Entries of the security files, built from what Kuzzle's API or Elasticsearch returns, and the
//! usernames of generated credentials (`--generated-username`).
//!
//! Every builder copies the `_source` token for token and only removes keys.

use crate::json::Json;
use crate::specs::js::{number_string, utf16_len};

/// Keys Kuzzle adds to stored documents that a backup must not write back.
const KUZZLE_INFO: &str = "_kuzzle_info";

fn without(source: &Json, keys: &[&str]) -> Json {
    match source {
        Json::Object(members) => Json::Object(
            members
                .iter()
                .filter(|(k, _)| !keys.iter().any(|x| k.is(x)))
                .cloned()
                .collect(),
        ),
        other => other.clone(),
    }
}

/// A `roles.json` entry: the role's `_source` minus `_kuzzle_info` (`controllers`, `tags`, …).
pub fn role_entry(source: &Json) -> Json {
    without(source, &[KUZZLE_INFO])
}

/// A `profiles.json` entry: `_source` minus `_kuzzle_info` and the derived `optimizedPolicies`;
/// `rateLimit`, `tags` and any other key are kept (Kourou dropped them).
pub fn profile_entry(source: &Json) -> Json {
    without(source, &[KUZZLE_INFO, "optimizedPolicies"])
}

/// A `users.json` entry: `{"content": _source minus _kuzzle_info, "credentials": {}}`, or with
/// `credentials.local = {username, password}` when `credentials` is given.
pub fn user_entry(source: &Json, credentials: Option<(&str, &str)>) -> Json {
    let local = credentials.map(|(username, password)| {
        (
            "local",
            Json::object([("username", Json::str(username)), ("password", Json::str(password))]),
        )
    });
    Json::object([
        ("content", without(source, &[KUZZLE_INFO])),
        ("credentials", Json::object(local)),
    ])
}

/// The `users-collection-mappings.json` content from a `security:getUserMapping` result
/// (`{"mapping": properties}`): `{"mapping": properties minus _kuzzle_info}`.
pub fn users_mapping_entry(result: &Json) -> Json {
    users_mapping_from_properties(result.get("mapping").unwrap_or(&Json::Object(Vec::new())))
}

/// The `users-collection-mappings.json` content from the `properties` of the `%kuzzle.users`
/// index mapping (Elasticsearch level).
pub fn users_mapping_from_properties(properties: &Json) -> Json {
    Json::object([("mapping", without(properties, &[KUZZLE_INFO]))])
}

/// A `specifications.json` entry from a `collection:searchSpecifications` hit or a
/// `%kuzzle.validations` document (`{index, collection, validation}`): index, collection, spec.
pub fn specification_entry(source: &Json) -> Option<(String, String, Json)> {
    let index = source.get("index")?.as_str()?.into_owned();
    let collection = source.get("collection")?.as_str()?.into_owned();
    Some((index, collection, source.get("validation")?.clone()))
}

/// An `api-keys.json` entry from a `security:searchApiKeys` hit or a `%kuzzle.api-keys`
/// document: the `_source` minus `_kuzzle_info` and any `token` (a live credential Kuzzle does
/// not store; the key works from its `fingerprint`). Returns the key's user too.
pub fn api_key_entry(source: &Json) -> Option<(String, Json)> {
    let user = source.get("userId")?.as_str()?.into_owned();
    Some((user, without(source, &[KUZZLE_INFO, "token"])))
}

/// lodash's `stringToPath`: `a.b[0]["c.d"]` → `a`, `b`, `0`, `c.d`.
fn lodash_path(path: &str) -> Vec<String> {
    let b = path.as_bytes();
    let special = |c: u8| matches!(c, b'.' | b'[' | b']');
    let mut out = Vec::new();
    if b.first() == Some(&b'.') {
        out.push(String::new());
    }
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if !special(c) {
            let n = b[i..].iter().take_while(|&&c| !special(c)).count();
            out.push(path[i..i + n].to_owned());
            i += n;
            continue;
        }
        if c == b'[' {
            if let Some((key, len)) = bracket(&path[i..]) {
                out.push(key);
                i += len;
                continue;
            }
        }
        // An empty key where `.` or `[]` is followed by `.`, `[]` or the end (`a..b`, `a.`).
        let is_sep = |j: usize| b.get(j) == Some(&b'.') || (b.get(j) == Some(&b'[') && b.get(j + 1) == Some(&b']'));
        let sep_len = if c == b'.' { 1 } else { 2 };
        if is_sep(i) && (i + sep_len >= b.len() || is_sep(i + sep_len)) {
            out.push(String::new());
        }
        i += 1;
    }
    out
}

/// `[-12.5]` or `["quoted \" key"]` at the start of `s`: the key and the length read.
fn bracket(s: &str) -> Option<(String, usize)> {
    let b = s.as_bytes();
    let quote = *b.get(1)?;
    if quote == b'"' || quote == b'\'' {
        let mut key = String::new();
        let mut chars = s[2..].char_indices();
        while let Some((j, c)) = chars.next() {
            match c {
                '\\' => {
                    if let Some((_, e)) = chars.next() {
                        key.push(e);
                    }
                }
                c if c as u32 == u32::from(quote) => {
                    return (b.get(2 + j + 1) == Some(&b']')).then(|| (key, 2 + j + 2))
                }
                c => key.push(c),
            }
        }
        return None;
    }
    let body = &s[1..];
    let end = body.find(']')?;
    let num = &body[..end];
    let digits = num.strip_prefix('-').unwrap_or(num);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, "1"));
    let ok = !int.is_empty()
        && int.bytes().all(|c| c.is_ascii_digit())
        && !frac.is_empty()
        && frac.bytes().all(|c| c.is_ascii_digit());
    ok.then(|| (num.to_owned(), end + 2))
}

/// The value of `path` (lodash `_.get`) on the object `{_id, content}`.
fn lodash_get(user_id: &str, content: &Json, path: &str) -> Option<Json> {
    let root = Json::object([("_id", Json::str(user_id)), ("content", content.clone())]);
    // `_.get` takes the path as one key when it holds no `.` or `[`, or when the object has it.
    let segs = if !path.contains(['.', '[']) || root.get(path).is_some() {
        vec![path.to_owned()]
    } else {
        lodash_path(path)
    };
    let mut cur = root;
    for seg in segs {
        cur = match &cur {
            Json::Object(_) => cur.get(&seg)?.clone(),
            Json::Array(items) if seg == "length" => Json::Number(items.len().to_string()),
            Json::Array(items) => items.get(index(&seg)?)?.clone(),
            Json::String(s) if seg == "length" => Json::Number(utf16_len(&s.text()).to_string()),
            Json::String(s) => {
                let units: Vec<u16> = s.text().encode_utf16().collect();
                Json::str(&String::from_utf16_lossy(&[*units.get(index(&seg)?)?]))
            }
            _ => return None,
        };
    }
    Some(cur)
}

fn index(seg: &str) -> Option<usize> {
    (seg == "0" || (!seg.starts_with('0') && seg.bytes().all(|b| b.is_ascii_digit())))
        .then(|| seg.parse().ok())
        .flatten()
}

/// The username `--generated-username PATH` gives a user, or `None` when Kourou would fall back
/// to the `_id`: the path is missing, or its value is `""` or `"undefined"`. Strings are taken
/// as they are, numbers and booleans as JavaScript prints them. Unlike Kourou, `null`, objects
/// and arrays also fall back to the `_id` (Kourou would use `"null"`, `"[object Object]"` or the
/// items joined by commas, which no one can log in with).
pub fn username_at(user_id: &str, content: &Json, path: &str) -> Option<String> {
    let s = match lodash_get(user_id, content, path)? {
        Json::String(s) => s.text().into_owned(),
        Json::Number(n) => number_string(&n),
        Json::Bool(b) => b.to_string(),
        Json::Null | Json::Array(_) | Json::Object(_) => return None,
    };
    (!s.is_empty() && s != "undefined").then_some(s)
}

/// The username of generated local credentials: [`username_at`], else the user's `_id`.
pub fn generated_username(user_id: &str, content: &Json, path: &str) -> String {
    username_at(user_id, content, path).unwrap_or_else(|| user_id.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn j(s: &str) -> Json {
        Json::parse(s.as_bytes()).unwrap()
    }

    #[test]
    fn builds_entries_by_removing_keys_only() {
        let role = j(r#"{"controllers":{"*":{"actions":{"*":true}}},"_kuzzle_info":{"author":null},"tags":["a"]}"#);
        assert_eq!(
            role_entry(&role).to_compact(),
            r#"{"controllers":{"*":{"actions":{"*":true}}},"tags":["a"]}"#
        );
        let profile =
            j(r#"{"policies":[{"roleId":"default"}],"optimizedPolicies":[],"rateLimit":10,"_kuzzle_info":{}}"#);
        assert_eq!(
            profile_entry(&profile).to_compact(),
            r#"{"policies":[{"roleId":"default"}],"rateLimit":10}"#
        );
        let user = j(r#"{"profileIds":["admin"],"_kuzzle_info":{},"n":1.50}"#);
        assert_eq!(
            user_entry(&user, None).to_compact(),
            r#"{"content":{"profileIds":["admin"],"n":1.50},"credentials":{}}"#
        );
        assert_eq!(
            user_entry(&user, Some(("a\"b", "pw"))).to_compact(),
            r#"{"content":{"profileIds":["admin"],"n":1.50},"credentials":{"local":{"username":"a\"b","password":"pw"}}}"#
        );
        let mapping = j(r#"{"mapping":{"_kuzzle_info":{"properties":{}},"profileIds":{"type":"keyword"}}}"#);
        assert_eq!(
            users_mapping_entry(&mapping).to_compact(),
            r#"{"mapping":{"profileIds":{"type":"keyword"}}}"#
        );
        let key = j(r#"{"userId":"u","description":"d","expiresAt":-1,"ttl":-1,"fingerprint":"f","token":"t"}"#);
        let (user, entry) = api_key_entry(&key).unwrap();
        assert_eq!(
            (user.as_str(), entry.to_compact().as_str()),
            (
                "u",
                r#"{"userId":"u","description":"d","expiresAt":-1,"ttl":-1,"fingerprint":"f"}"#
            )
        );
        let (i, c, s) =
            specification_entry(&j(r#"{"index":"i","collection":"c","validation":{"strict":true}}"#)).unwrap();
        assert_eq!(
            (i.as_str(), c.as_str(), s.to_compact().as_str()),
            ("i", "c", r#"{"strict":true}"#)
        );
    }

    #[test]
    fn lodash_paths() {
        let p = |s: &str| lodash_path(s);
        assert_eq!(p("content.email"), ["content", "email"]);
        assert_eq!(p("a[0].b"), ["a", "0", "b"]);
        assert_eq!(p(r#"a["b.c"]['d\'e']"#), ["a", "b.c", "d'e"]);
        assert_eq!(p("a..b"), ["a", "", "b"]);
        assert_eq!(p(".a"), ["", "a"]);
        assert_eq!(p("a[b]"), ["a", "b"]);
        assert_eq!(p("a[-1.5]"), ["a", "-1.5"]);
    }

    #[test]
    fn generated_usernames() {
        let content = j(
            r#"{"email":"alyx@blackmesa.us","age":30,"big":1e21,"ok":true,"none":null,"empty":"","names":["a","b"],"o":{"x":"y"},"undef":"undefined"}"#,
        );
        let u = |path: &str| generated_username("alyx-id", &content, path);
        assert_eq!(u("_id"), "alyx-id");
        assert_eq!(u("content.email"), "alyx@blackmesa.us");
        assert_eq!(u("content.age"), "30");
        assert_eq!(u("content.big"), "1e+21");
        assert_eq!(u("content.ok"), "true");
        assert_eq!(u("content.names[1]"), "b");
        assert_eq!(u("content.names.length"), "2");
        assert_eq!(u("content.email[0]"), "a");
        assert_eq!(u("content.o.x"), "y");
        for fallback in [
            "content.missing",
            "content.none",
            "content.empty",
            "content.names",
            "content.o",
            "content.undef",
            "content.email.x.y",
        ] {
            assert_eq!(u(fallback), "alyx-id", "{fallback}");
        }
        assert_eq!(username_at("alyx-id", &content, "content.none"), None);
    }
}
