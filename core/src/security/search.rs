//! Pages of Kuzzle search results (`security:search*`, `collection:searchSpecifications`,
//! `security:searchApiKeys`) read from the raw HTTP response body.

use crate::error::{Code, DumpError};
use crate::json::Json;
use crate::specs::path::line_column;

/// One page of search results.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchPage {
    /// `(_id, _source)` of each hit, in order; sources keep their tokens.
    pub hits: Vec<(String, Json)>,
    /// `total` as Kuzzle reports it (for `searchApiKeys`, the page length).
    pub total: Option<u64>,
    /// The id to fetch the next page with, when the search was a scroll.
    pub scroll_id: Option<String>,
}

fn invalid(message: impl Into<String>) -> DumpError {
    DumpError::data(Code::SecurityInvalid, message, 0, 0)
}

/// The `result` of a Kuzzle response: the whole envelope `{requestId, status, error, result, …}`
/// or a bare result object. A response that carries an error becomes a `DumpError` naming
/// Kuzzle's error id.
pub fn response_result(body: &[u8]) -> Result<Json, DumpError> {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let v = Json::parse(body).map_err(|e| {
        let (line, column) = line_column(body, e.offset);
        let code = if e.offset >= body.len() {
            Code::Truncated
        } else {
            Code::JsonSyntax
        };
        DumpError::data(
            code,
            format!("the Kuzzle response is not valid JSON: {}", e.message),
            line,
            column,
        )
    })?;
    if let Some(err) = v.get("error").filter(|e| e.is_object()) {
        let text = |k: &str| {
            err.get(k)
                .and_then(Json::as_str)
                .map(|s| s.into_owned())
                .unwrap_or_default()
        };
        return Err(invalid(format!(
            "Kuzzle answered with an error: {} ({})",
            text("message"),
            text("id")
        )));
    }
    // A bare error object (protocol-level errors have no envelope).
    if v.get("result").is_none() && v.get("id").is_some() && v.get("message").is_some() && v.get("hits").is_none() {
        let text = |k: &str| {
            v.get(k)
                .and_then(Json::as_str)
                .map(|s| s.into_owned())
                .unwrap_or_default()
        };
        return Err(invalid(format!(
            "Kuzzle answered with an error: {} ({})",
            text("message"),
            text("id")
        )));
    }
    match v {
        Json::Object(_) if v.get("requestId").is_some() || v.get("result").is_some() => v
            .get("result")
            .cloned()
            .ok_or_else(|| invalid("the Kuzzle response has no result")),
        Json::Object(_) => Ok(v),
        other => Err(invalid(format!(
            "a Kuzzle response must be an object, not {}",
            other.kind().name()
        ))),
    }
}

/// Reads one page of a `security:search*` (or specifications, API keys) response: ids and
/// `_source`s of the hits, `total` and `scrollId`.
pub fn entries_from_search(result: &[u8]) -> Result<SearchPage, DumpError> {
    let r = response_result(result)?;
    let hits = r
        .get("hits")
        .and_then(Json::as_array)
        .ok_or_else(|| invalid("the search result has no hits array"))?;
    let mut out = Vec::with_capacity(hits.len());
    for (i, hit) in hits.iter().enumerate() {
        let id = hit
            .get("_id")
            .and_then(Json::as_str)
            .ok_or_else(|| invalid(format!("hit {i} has no string _id")))?;
        let source = hit
            .get("_source")
            .filter(|s| s.is_object())
            .ok_or_else(|| invalid(format!("hit {:?} has no _source object", id)))?;
        out.push((id.into_owned(), source.clone()));
    }
    let total = match r.get("total") {
        Some(Json::Number(n)) => n.parse().ok(),
        // Elasticsearch's `{value, relation}` shape, should a raw total slip through.
        Some(t @ Json::Object(_)) => t.get("value").and_then(|v| match v {
            Json::Number(n) => n.parse().ok(),
            _ => None,
        }),
        _ => None,
    };
    let scroll_id = r.get("scrollId").and_then(Json::as_str).map(|s| s.into_owned());
    Ok(SearchPage {
        hits: out,
        total,
        scroll_id,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_an_envelope() {
        let body = br#"{"requestId":"r","status":200,"error":null,"controller":"security","action":"searchUsers","result":{"hits":[{"_id":"alyx","_source":{"profileIds":["admin"],"age":1.0}}],"total":2,"scrollId":"s1"},"headers":{}}"#;
        let page = entries_from_search(body).unwrap();
        assert_eq!(page.total, Some(2));
        assert_eq!(page.scroll_id.as_deref(), Some("s1"));
        assert_eq!(page.hits.len(), 1);
        assert_eq!(page.hits[0].0, "alyx");
        assert_eq!(page.hits[0].1.to_compact(), r#"{"profileIds":["admin"],"age":1.0}"#);
        let bare = entries_from_search(br#"{"hits":[],"total":0}"#).unwrap();
        assert_eq!((bare.hits.len(), bare.total, bare.scroll_id), (0, Some(0), None));
    }

    #[test]
    fn reports_errors() {
        let e = entries_from_search(br#"{"requestId":"r","status":403,"error":{"message":"Forbidden","id":"security.rights.forbidden"},"result":null}"#).unwrap_err();
        assert_eq!(
            e.message(),
            "Kuzzle answered with an error: Forbidden (security.rights.forbidden)"
        );
        let e = entries_from_search(br#"{"message":"too large","status":413,"id":"network.http.request_too_large"}"#)
            .unwrap_err();
        assert_eq!(
            e.message(),
            "Kuzzle answered with an error: too large (network.http.request_too_large)"
        );
        let e = entries_from_search(br#"{"result":{"hits":[{"_source":{}}]}}"#).unwrap_err();
        assert_eq!(e.message(), "hit 0 has no string _id");
        let e = entries_from_search(b"{\"result\":{\"hits\":[").unwrap_err();
        assert_eq!(e.code(), Code::Truncated);
    }
}
