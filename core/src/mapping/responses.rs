//! A collection's `mappings.json` from what Kuzzle's API returns for it: the
//! `collection:getMapping` and `collection:getSettings` responses (kuzzle-api.md §1.4), as an
//! API-level export writes it.

use super::{normalize_get_mapping, write_mappings_file};
use crate::elasticdump::convert::kourou_settings;
use crate::error::{Code, DumpError, Result};
use crate::json::Json;
use crate::position::line_col;
use crate::response::kuzzle_error;

/// The `result` of a Kuzzle response (the whole envelope, or a bare result object); an error
/// response is an `IO_ERROR` naming Kuzzle's error id, as the other response readers do.
fn result_of(what: &str, response: &[u8]) -> Result<Json> {
    let response = response.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(response);
    let tree = Json::parse(response).map_err(|e| {
        let (line, column) = line_col(response, e.offset);
        let code = if e.offset >= response.len() {
            Code::Truncated
        } else {
            Code::JsonSyntax
        };
        DumpError::data(
            code,
            format!("the {what} response is not valid JSON: {}", e.message),
            line,
            column,
        )
    })?;
    if let Some(e) = kuzzle_error(response)? {
        return Err(DumpError::Io(format!(
            "Kuzzle answered {} {}: {}",
            e.status,
            e.id.unwrap_or_default(),
            e.message
        )));
    }
    let enveloped = tree.get("requestId").is_some() || tree.get("status").is_some() || tree.get("result").is_some();
    let result = if enveloped {
        tree.get("result").cloned()
    } else {
        Some(tree)
    };
    match result {
        Some(r @ Json::Object(_)) => Ok(r),
        Some(other) => Err(DumpError::data(
            Code::MappingsInvalid,
            format!("the {what} result must be an object, not {}", other.kind().name()),
            0,
            0,
        )),
        None => Err(DumpError::data(
            Code::MappingsInvalid,
            format!("the {what} response has no result"),
            0,
            0,
        )),
    }
}

/// The `mappings.json` (current shape, pretty, no trailing newline) of `index`/`collection`
/// from its `collection:getMapping` response (with or without `includeKuzzleMeta`: `_kuzzle_info`
/// is removed) and, optionally, its `collection:getSettings` response. Settings lose what
/// describes one physical index (`uuid`, `creation_date`, `provided_name`, `version`, `routing`,
/// `history`, `resize`) or the cluster's topology (`number_of_replicas`, OpenSearch's
/// `replication`), and are written only when something besides one shard is left. Tokens are copied as they are.
pub fn mappings_file_from_responses(
    index: &str,
    collection: &str,
    get_mapping_response: &[u8],
    get_settings_response: Option<&[u8]>,
) -> Result<Vec<u8>> {
    let mappings = normalize_get_mapping(&result_of("getMapping", get_mapping_response)?);
    let settings = match get_settings_response {
        Some(r) => kourou_settings(&result_of("getSettings", r)?),
        None => None,
    };
    Ok(write_mappings_file(index, collection, &mappings, settings.as_ref()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAPPING: &str = r#"{"requestId":"r","status":200,"error":null,"controller":"collection","action":"getMapping","index":"nyc-open-data","collection":"yellow-taxi","result":{"dynamic":"false","properties":{"_kuzzle_info":{"properties":{"author":{"type":"keyword"}}},"city":{"type":"keyword"},"n":{"type":"long","null_value":12345678901234567890}}}}"#;

    fn file_test(settings: Option<&str>, expected: &str) {
        let out = mappings_file_from_responses(
            "nyc-open-data",
            "yellow-taxi",
            MAPPING.as_bytes(),
            settings.map(str::as_bytes),
        )
        .unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), expected);
    }

    const WITHOUT_SETTINGS: &str = "{\n  \"type\": \"mappings\",\n  \"content\": {\n    \"nyc-open-data\": {\n      \"yellow-taxi\": {\n        \"mappings\": {\n          \"dynamic\": \"false\",\n          \"properties\": {\n            \"city\": {\n              \"type\": \"keyword\"\n            },\n            \"n\": {\n              \"type\": \"long\",\n              \"null_value\": 12345678901234567890\n            }\n          }\n        }\n      }\n    }\n  }\n}";

    #[test]
    fn mapping_only() {
        file_test(None, WITHOUT_SETTINGS);
    }

    #[test]
    fn default_settings_are_left_out() {
        let defaults = r#"{"requestId":"r","status":200,"error":null,"result":{"number_of_shards":"1","number_of_replicas":"1","uuid":"Xy","creation_date":"1700000000000","provided_name":"&nyc-open-data.yellow-taxi","version":{"created":"136327827"},"routing":{"allocation":{"include":{"_tier_preference":"data_content"}}}}}"#;
        file_test(Some(defaults), WITHOUT_SETTINGS);
    }

    #[test]
    fn other_settings_are_kept() {
        let settings = r#"{"status":200,"error":null,"result":{"number_of_shards":"2","number_of_replicas":"0","replication":{"type":"DOCUMENT"},"uuid":"Xy"}}"#;
        let out = mappings_file_from_responses("i", "c", br#"{"result":{"properties":{}}}"#, Some(settings.as_bytes()))
            .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\n  \"type\": \"mappings\",\n  \"content\": {\n    \"i\": {\n      \"c\": {\n        \"mappings\": {\n          \"properties\": {}\n        },\n        \"settings\": {\n          \"number_of_shards\": \"2\"\n        }\n      }\n    }\n  }\n}"
        );
    }

    #[test]
    fn the_output_reads_back() {
        let out = mappings_file_from_responses("i", "c", MAPPING.as_bytes(), None).unwrap();
        let file = super::super::parse_mappings_file(&out, Some(("i", "c"))).unwrap();
        assert_eq!(file.collections.len(), 1);
        assert_eq!(
            file.collections[0]
                .mappings
                .get("properties")
                .unwrap()
                .as_object()
                .unwrap()
                .len(),
            2
        );
        assert_eq!(
            super::super::write_mappings_file("i", "c", &file.collections[0].mappings, None),
            out
        );
    }

    #[test]
    fn errors() {
        let e = mappings_file_from_responses("i", "c", br#"{"status":404,"error":{"id":"services.storage.unknown_collection","message":"Collection \"c\" does not exist","status":404},"result":null}"#, None).unwrap_err();
        assert_eq!(e.code(), Code::IoError);
        assert_eq!(
            e.message(),
            "I/O error: Kuzzle answered 404 services.storage.unknown_collection: Collection \"c\" does not exist"
        );
        let e = mappings_file_from_responses("i", "c", b"{\"result\":", None).unwrap_err();
        assert_eq!(
            (e.code(), e.location().map(|l| (l.line, l.column))),
            (Code::Truncated, Some((1, 11)))
        );
        let e = mappings_file_from_responses("i", "c", br#"{"result":[]}"#, None).unwrap_err();
        assert_eq!(e.message(), "the getMapping result must be an object, not an array");
        let e = mappings_file_from_responses("i", "c", br#"{"result":{}}"#, Some(b"{\"status\":200}")).unwrap_err();
        assert_eq!(e.message(), "the getSettings response has no result");
    }
}
