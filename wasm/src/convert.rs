//! JS values to core types and back, through one `json_compatible` serializer (maps as plain
//! objects, `None` as `null`, integers as numbers): the same values the addon returns.

use crate::error;
use kuzzle_dump_core::DumpError;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::JsValue;

const SERIALIZER: serde_wasm_bindgen::Serializer = serde_wasm_bindgen::Serializer::json_compatible();

/// A core result as a plain JS value (thrown as `INTERNAL` if it cannot be represented).
pub fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&SERIALIZER)
        .map_err(|e| error::to_js(&DumpError::Internal(e.to_string())))
}

/// A core call's result, converted or thrown.
pub fn result<T: Serialize>(r: kuzzle_dump_core::Result<T>) -> Result<JsValue, JsValue> {
    to_js(&error::throw(r)?)
}

/// A core result that carries bytes: the `info` object with a `data: Uint8Array` property,
/// copied out of the wasm memory (which may grow and detach views). `info` must serialize to
/// an object.
pub fn with_data<T: Serialize>(info: &T, data: &[u8]) -> Result<JsValue, JsValue> {
    let object = to_js(info)?;
    js_sys::Reflect::set(&object, &"data".into(), &js_sys::Uint8Array::from(data))?;
    Ok(object)
}

/// Deserializes an options object (`undefined` and `null` give the defaults) into a core
/// options struct; a wrong field or type is `INVALID_OPTIONS`.
pub fn options<T: DeserializeOwned + Default>(value: JsValue) -> kuzzle_dump_core::Result<T> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    if !value.is_object() {
        return Err(DumpError::InvalidOptions("options must be an object".into()));
    }
    // Through a JSON tree: serde-wasm-bindgen reads only the fields a struct declares, so
    // `deny_unknown_fields` would never see a typo. Options are small; data never comes this way.
    let tree: serde_json::Value =
        serde_wasm_bindgen::from_value(value).map_err(|e| DumpError::InvalidOptions(e.to_string()))?;
    serde_json::from_value(tree).map_err(|e| DumpError::InvalidOptions(e.to_string()))
}
