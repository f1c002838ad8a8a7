//! Option structs that both bindings deserialize plain JS objects into.
//!
//! Every struct is `camelCase`, fully defaulted and refuses unknown fields, so a typo in an
//! option name is an `INVALID_OPTIONS` error on every backend instead of being ignored.

use serde::Deserialize;

/// Options of `jsonValidate`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct JsonValidateOptions {
    /// Label of the input, copied into the finding's `file` (usually a path relative to the dump).
    pub file: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_refuses_typos() {
        let o: JsonValidateOptions = serde_json::from_str("{}").unwrap();
        assert_eq!(o, JsonValidateOptions::default());
        let o: JsonValidateOptions = serde_json::from_str(r#"{"file":"a.json"}"#).unwrap();
        assert_eq!(o.file.as_deref(), Some("a.json"));
        let e = serde_json::from_str::<JsonValidateOptions>(r#"{"fiel":"a.json"}"#).unwrap_err();
        assert!(e.to_string().starts_with("unknown field `fiel`"), "{e}");
    }
}
