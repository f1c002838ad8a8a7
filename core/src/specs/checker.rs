//! Documents against a validation specification, as Kuzzle's `document:create` would judge them
//! (`validation.js` `recurseFieldValidation` / `isValidField` and each type's `validate`).
//!
//! A body is parsed into the token-preserving `Json` tree (bodies are small), and the byte
//! column of a violation is found again in the raw bytes only when one is reported. Number
//! ranges compare the tokens exactly ([`super::js::cmp_numbers`]): a value beyond f64
//! precision is judged as written, where Kuzzle would judge its f64 rounding.
//! Differences with Kuzzle, on purpose: every violation is reported (Kuzzle stops at the
//! first), a root `_kuzzle_info` is never an unknown field (dumps carry it; Kuzzle adds it after
//! validation), and `validators` filters are not evaluated (that needs Koncorde).

use super::check::check_specification;
use super::js::{format_f64, to_number};
use super::path::{locate, path_string, Seg};
use super::types::{check_value, compile_type, truthy, Ty};
use crate::error::{Code, Finding, Severity};
use crate::json::Json;

#[derive(Debug, Clone)]
struct Rule {
    key: String,
    ty: Ty,
    mandatory: bool,
    has_default: bool,
    multivalued: Option<(Option<f64>, Option<f64>)>,
    children: Vec<Rule>,
}

/// A validation specification compiled for checking document bodies.
#[derive(Debug, Clone)]
pub struct SpecChecker {
    strict: bool,
    fields: Vec<Rule>,
    now: Option<f64>,
}

fn insert(rules: &mut Vec<Rule>, path: &[&str], rule: Rule) {
    match path {
        [] | [_] => rules.push(rule),
        [first, rest @ ..] => {
            if let Some(parent) = rules.iter_mut().find(|r| r.key == *first) {
                insert(&mut parent.children, rest, rule);
            }
        }
    }
}

impl SpecChecker {
    /// Compiles a specification; fails with the error findings of [`check_specification`]
    /// when Kuzzle would refuse it.
    pub fn new(spec: &Json) -> Result<SpecChecker, Vec<Finding>> {
        let errors: Vec<Finding> = check_specification(spec)
            .into_iter()
            .filter(|f| f.severity == Severity::Error)
            .collect();
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut declared: Vec<(String, Rule)> = Vec::new();
        for (k, f) in spec.get("fields").and_then(Json::as_object).unwrap_or(&[]) {
            let name = k.text().into_owned();
            declared.retain(|(n, _)| *n != name);
            let ty = f
                .get("type")
                .and_then(Json::as_str)
                .map(|t| t.into_owned())
                .unwrap_or_default();
            let empty = Json::Object(Vec::new());
            let multivalued = f
                .get("multivalued")
                .filter(|m| truthy(m.get("value")))
                .map(|m| (m.get("minCount").map(to_number), m.get("maxCount").map(to_number)));
            let rule = Rule {
                key: name.rsplit('/').next().unwrap_or("").to_owned(),
                ty: compile_type(&ty, f.get("typeOptions").unwrap_or(&empty)),
                mandatory: truthy(f.get("mandatory")),
                has_default: f.get("defaultValue").is_some(),
                multivalued,
                children: Vec::new(),
            };
            declared.push((name, rule));
        }
        declared.sort_by_key(|(n, _)| n.split('/').count());
        let mut fields = Vec::new();
        for (name, rule) in declared {
            let path: Vec<&str> = name.split('/').collect();
            insert(&mut fields, &path, rule);
        }
        Ok(SpecChecker {
            strict: truthy(spec.get("strict")),
            fields,
            now: None,
        })
    }

    /// Sets the current time (epoch milliseconds) so `"NOW"` date bounds are checked; without
    /// it they are skipped (the core has no clock).
    pub fn with_now(mut self, epoch_millis: f64) -> Self {
        self.now = Some(epoch_millis);
        self
    }

    /// Checks one document body (raw JSON bytes); violations are appended with code
    /// `SPECIFICATION_VIOLATION`, the value's JSON path, line 0 and its 1-based byte column.
    pub fn check(&self, body: &[u8], out: &mut Vec<Finding>) {
        self.check_at(body, 0, 0, out);
    }

    /// Same as [`SpecChecker::check`] for a body found at byte offset `base` of line `line`.
    pub fn check_at(&self, body: &[u8], line: u64, base: usize, out: &mut Vec<Finding>) {
        let doc = match Json::parse(body) {
            Ok(doc) => doc,
            Err(e) => {
                out.push(Finding::error(
                    Code::JsonSyntax,
                    format!("the document body is not valid JSON: {}", e.message),
                    line,
                    (base + e.offset + 1) as u64,
                ));
                return;
            }
        };
        let mut ctx = Ctx {
            body,
            line,
            base,
            out,
            now: self.now,
        };
        if !doc.is_object() {
            ctx.violation(
                &[],
                &[],
                format!("the document must be an object, not {}", doc.kind().name()),
            );
            return;
        }
        if !self.fields.is_empty() {
            ctx.level(&doc, &self.fields, self.strict, &mut Vec::new());
        }
    }
}

struct Ctx<'a> {
    body: &'a [u8],
    line: u64,
    base: usize,
    out: &'a mut Vec<Finding>,
    now: Option<f64>,
}

impl Ctx<'_> {
    /// Reports at `segs`, positioned at `at` (the value, or its parent when it is missing).
    fn violation(&mut self, segs: &[Seg], at: &[Seg], message: String) {
        let path = path_string(segs);
        let column = locate(self.body, 0, at).map_or(0, |o| (self.base + o + 1) as u64);
        let message = if path.is_empty() {
            message
        } else {
            format!("field {path:?}: {message}")
        };
        let f = Finding::error(Code::SpecificationViolation, message, self.line, column);
        self.out.push(if path.is_empty() { f } else { f.at_path(path) });
    }

    fn level(&mut self, obj: &Json, rules: &[Rule], strict: bool, segs: &mut Vec<Seg>) {
        if strict {
            for (k, _) in obj.as_object().unwrap_or(&[]) {
                let key = k.text();
                if (segs.is_empty() && key == "_kuzzle_info") || rules.iter().any(|r| r.key == key) {
                    continue;
                }
                segs.push(Seg::Key(key.into_owned()));
                let s = segs.clone();
                self.violation(
                    &s,
                    &s,
                    "the specification is strict and does not declare this field".into(),
                );
                segs.pop();
            }
        }
        for rule in rules {
            segs.push(Seg::Key(rule.key.clone()));
            self.field(obj.get(&rule.key), rule, strict, segs);
            segs.pop();
        }
    }

    fn field(&mut self, value: Option<&Json>, rule: &Rule, strict: bool, segs: &mut Vec<Seg>) {
        let value = match value {
            None | Some(Json::Null) => {
                if rule.mandatory && !rule.has_default {
                    let parent = segs[..segs.len().saturating_sub(1)].to_vec();
                    self.violation(segs, &parent, "The field is mandatory.".into());
                }
                return;
            }
            Some(v) => v,
        };
        let items: Vec<(Option<usize>, &Json)> = match (rule.multivalued, value) {
            (Some((min, max)), Json::Array(items)) => {
                let n = items.len() as f64;
                if let Some(min) = min.filter(|m| n < *m) {
                    return self.violation(
                        segs,
                        segs,
                        format!("Not enough elements. Minimum count is set to {}.", format_f64(min)),
                    );
                }
                if let Some(max) = max.filter(|m| n > *m) {
                    return self.violation(
                        segs,
                        segs,
                        format!("Too many elements. Maximum count is set to {}.", format_f64(max)),
                    );
                }
                items.iter().enumerate().map(|(i, v)| (Some(i), v)).collect()
            }
            (Some(_), _) => {
                return self.violation(
                    segs,
                    segs,
                    "The field must be multivalued, unary value provided.".into(),
                )
            }
            (None, Json::Array(_)) => {
                return self.violation(
                    segs,
                    segs,
                    "The field is not a multivalued field; Multiple values provided.".into(),
                )
            }
            (None, v) => vec![(None, v)],
        };
        for (index, v) in items {
            if let Some(i) = index {
                segs.push(Seg::Index(i));
            }
            match check_value(&rule.ty, v, self.now) {
                Err(messages) => {
                    for m in messages {
                        let s = segs.clone();
                        self.violation(&s, &s, m);
                    }
                }
                Ok(()) => {
                    if let (Ty::Object(own), false) = (&rule.ty, rule.children.is_empty()) {
                        self.level(v, &rule.children, own.unwrap_or(strict), segs);
                    }
                }
            }
            if index.is_some() {
                segs.pop();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checker(spec: &str) -> SpecChecker {
        SpecChecker::new(&Json::parse(spec.as_bytes()).unwrap()).unwrap()
    }

    fn violations(c: &SpecChecker, doc: &str) -> Vec<String> {
        let mut out = Vec::new();
        c.check(doc.as_bytes(), &mut out);
        out.into_iter()
            .map(|f| format!("{}@{} {}", f.path.unwrap_or_default(), f.location.column, f.message))
            .collect()
    }

    #[test]
    fn refuses_invalid_specs() {
        let err = SpecChecker::new(&Json::parse(br#"{"fields": {"a": {"type": "number"}}}"#).unwrap()).unwrap_err();
        assert_eq!(err.len(), 1);
        assert_eq!(err[0].code, Code::SpecificationInvalid);
    }

    #[test]
    fn checks_types_mandatory_and_strictness() {
        let c = checker(
            r#"{"strict": true, "fields": {
            "age": {"type": "integer", "mandatory": true, "typeOptions": {"range": {"min": 0, "max": 130}}},
            "name": {"type": "string", "mandatory": true, "defaultValue": "x", "typeOptions": {"length": {"max": 3}}},
            "address": {"type": "object", "typeOptions": {"strict": false}},
            "address/city": {"type": "string", "mandatory": true},
            "kind": {"type": "enum", "typeOptions": {"values": ["a", "b"]}}
        }}"#,
        );
        assert_eq!(
            violations(
                &c,
                r#"{"age": 30, "name": "abc", "address": {"city": "x", "zip": 1}, "_kuzzle_info": {}}"#
            ),
            Vec::<String>::new()
        );
        assert_eq!(
            violations(
                &c,
                r#"{"age": 1.5, "name": "abcd", "address": {"zip": 1}, "kind": "c", "extra": true}"#
            ),
            [
                "extra@75 field \"extra\": the specification is strict and does not declare this field",
                "age@9 field \"age\": The field must be an integer.",
                "name@22 field \"name\": Invalid string length. Expected max: 3. Received: 4 (\"abcd\")",
                "address.city@41 field \"address.city\": The field is mandatory.",
                "kind@61 field \"kind\": The field only accepts following values: \"a, b\".",
            ]
        );
        assert_eq!(
            violations(&c, r#"{"age": 12345678901234567890123}"#),
            ["age@9 field \"age\": Value 12345678901234567890123 is greater than the allowed maximum (130)"]
        );
        assert_eq!(
            violations(&c, r#"{"name": null}"#),
            ["age@1 field \"age\": The field is mandatory."]
        );
        assert_eq!(
            violations(&c, "[1]"),
            ["@1 the document must be an object, not an array"]
        );
    }

    #[test]
    fn checks_multivalued_fields() {
        let c = checker(
            r#"{"fields": {
            "tags": {"type": "string", "multivalued": {"value": true, "minCount": 1, "maxCount": 2}},
            "one": {"type": "boolean"}
        }}"#,
        );
        assert_eq!(violations(&c, r#"{"tags": ["a"], "one": true}"#), Vec::<String>::new());
        assert_eq!(
            violations(&c, r#"{"tags": [], "one": [true]}"#),
            [
                "tags@10 field \"tags\": Not enough elements. Minimum count is set to 1.",
                "one@21 field \"one\": The field is not a multivalued field; Multiple values provided.",
            ]
        );
        assert_eq!(
            violations(&c, r#"{"tags": "a"}"#),
            ["tags@10 field \"tags\": The field must be multivalued, unary value provided."]
        );
        assert_eq!(
            violations(&c, r#"{"tags": ["a", 2]}"#),
            ["tags[1]@16 field \"tags[1]\": The field must be a string."]
        );
        assert_eq!(
            violations(&c, r#"{"tags": [1, 2, 3]}"#),
            ["tags@10 field \"tags\": Too many elements. Maximum count is set to 2."]
        );
    }

    #[test]
    fn checks_formats_and_dates() {
        let c = checker(
            r#"{"fields": {
            "mail": {"type": "email", "typeOptions": {"notEmpty": true}},
            "site": {"type": "url"},
            "ip": {"type": "ip_address"},
            "at": {"type": "date", "typeOptions": {"formats": ["strict_date", "epoch_millis"], "range": {"min": "2020-01-01", "max": "NOW"}}},
            "pos": {"type": "geo_point"}
        }}"#,
        );
        assert_eq!(
            violations(
                &c,
                r#"{"mail": "a@b.io", "site": "", "ip": "::1", "at": "2021-05-06", "pos": "1,2"}"#
            ),
            Vec::<String>::new()
        );
        assert_eq!(
            violations(
                &c,
                r#"{"mail": "", "site": "x", "ip": "1.2.3.256", "at": "2019-12-31", "pos": "x"}"#
            ),
            [
                "mail@10 field \"mail\": The string must not be empty.",
                "site@22 field \"site\": The string must be a valid URL.",
                "ip@33 field \"ip\": The string must be a valid IP address.",
                "at@52 field \"at\": The provided date is before the defined minimum.",
                "pos@73 field \"pos\": Invalid GeoPoint format",
            ]
        );
        assert_eq!(
            violations(&c, r#"{"at": "31/12/2020"}"#),
            ["at@8 field \"at\": The date format is invalid."]
        );
        assert_eq!(violations(&c, r#"{"at": 1577836800000}"#), Vec::<String>::new());
        let later = c.clone().with_now(1_577_836_800_000.0);
        assert_eq!(
            violations(&later, r#"{"at": "2021-05-06"}"#),
            ["at@8 field \"at\": The provided date is after the defined maximum."]
        );
    }
}
