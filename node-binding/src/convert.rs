//! JS values to core types and back: options through serde, results as plain objects.

use kuzzle_dump_core::DumpError;
use napi::bindgen_prelude::{sys, Buffer, Env, Function, JsObjectValue, Object, ToNapiValue, TypeName, Unknown};
use napi::{JsValue, ValueType};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// A core result on its way to JS as a plain object (or `null` for `None`).
///
/// It goes through JSON and `JSON.parse` rather than napi's serde serializer, which turns
/// integers above `u32::MAX` into `BigInt` (byte counts of big dumps) where the wasm build
/// gives numbers; the JSON text also keeps struct field order, like the wasm build.
/// Results are small (counts, reports, findings): bulk data crosses as `Buffer`, never here.
pub struct Js<T>(pub T);

impl<T: Serialize> ToNapiValue for Js<T> {
    unsafe fn to_napi_value(raw_env: sys::napi_env, val: Self) -> napi::Result<sys::napi_value> {
        let env = Env::from_raw(raw_env);
        let text = serde_json::to_string(&val.0).map_err(|e| napi::Error::from_reason(e.to_string()))?;
        let json: Object = env.get_global()?.get_named_property("JSON")?;
        let parse: Function<String, Unknown> = json.get_named_property("parse")?;
        Ok(parse.call(text)?.raw())
    }
}

impl<T> TypeName for Js<T> {
    fn type_name() -> &'static str {
        "Object"
    }

    fn value_type() -> ValueType {
        ValueType::Object
    }
}

/// A core result that carries bytes: JS gets the `info` object with a `data: Buffer` property.
/// The `Vec` becomes the Buffer's memory (no copy). `info` must serialize to an object.
pub struct WithData<T> {
    /// The small part: counts, findings.
    pub info: T,
    /// The bulk part, ready to write or send.
    pub data: Vec<u8>,
}

impl<T: Serialize> ToNapiValue for WithData<T> {
    unsafe fn to_napi_value(raw_env: sys::napi_env, val: Self) -> napi::Result<sys::napi_value> {
        // SAFETY: called by napi on the JS thread with its live env, like `Js::to_napi_value`.
        let raw = unsafe { Js::to_napi_value(raw_env, Js(val.info)) }?;
        let mut object = Object::from_raw(raw_env, raw);
        object.set_named_property("data", Buffer::from(val.data))?;
        Ok(raw)
    }
}

impl<T> TypeName for WithData<T> {
    fn type_name() -> &'static str {
        "Object"
    }

    fn value_type() -> ValueType {
        ValueType::Object
    }
}

/// Deserializes an options object (`undefined` and `null` give the defaults) into a core
/// options struct; a wrong field or type is `INVALID_OPTIONS`.
pub fn options<T: DeserializeOwned + Default>(env: &Env, value: Option<Unknown>) -> kuzzle_dump_core::Result<T> {
    let Some(value) = value else {
        return Ok(T::default());
    };
    match value.get_type() {
        Ok(ValueType::Undefined | ValueType::Null) => Ok(T::default()),
        Ok(ValueType::Object) => env
            .from_js_value(value)
            .map_err(|e| DumpError::InvalidOptions(e.reason.clone())),
        _ => Err(DumpError::InvalidOptions("options must be an object".into())),
    }
}
