//! JS values to core types and back: options through serde, results as plain objects.

use kuzzle_dump_core::api::{self, Out, PathKey};
use kuzzle_dump_core::batch::Batch;
use kuzzle_dump_core::DumpError;
use napi::bindgen_prelude::{
    sys, Buffer, Env, Function, JsObjectValue, Object, ToNapiValue, TypeName, Uint8Array, Unknown,
};
use napi::{JsValue, ValueType};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::collections::BTreeMap;

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
        Ok(ValueType::Object) => {
            let tree: serde_json::Value = env
                .from_js_value(value)
                .map_err(|e| DumpError::InvalidOptions(e.reason.clone()))?;
            api::options_from_tree(tree)
        }
        _ => Err(DumpError::InvalidOptions("options must be an object".into())),
    }
}

/// A core result with buffers at paths ([`kuzzle_dump_core::api::Out`]): `info` as a plain
/// object (through [`Js`]), then each buffer set in place as a `Buffer` (the `Vec` becomes the
/// Buffer's memory, no copy).
pub struct JsOut<T>(pub Out<T>);

impl<T: Serialize> ToNapiValue for JsOut<T> {
    unsafe fn to_napi_value(env: sys::napi_env, val: Self) -> napi::Result<sys::napi_value> {
        // SAFETY: called by napi on the JS thread with its live env, like `Js::to_napi_value`.
        let root = unsafe { Js::to_napi_value(env, Js(val.0.info)) }?;
        for b in val.0.buffers {
            let Some((last, parents)) = b.path.split_last() else {
                continue;
            };
            let mut target = root;
            for key in parents {
                // SAFETY: `target` is a live value of this env, and `Js` built the path's objects.
                target = unsafe { get(env, target, *key) }?;
            }
            // SAFETY: as above; the Buffer is created in this env.
            unsafe {
                let value = Buffer::to_napi_value(env, Buffer::from(b.bytes))?;
                set(env, target, *last, value)?;
            }
        }
        Ok(root)
    }
}

impl<T> TypeName for JsOut<T> {
    fn type_name() -> &'static str {
        "Object"
    }

    fn value_type() -> ValueType {
        ValueType::Object
    }
}

unsafe fn get(env: sys::napi_env, object: sys::napi_value, key: PathKey) -> napi::Result<sys::napi_value> {
    let mut out = std::ptr::null_mut();
    let status = match key {
        PathKey::Field(name) => {
            let name = std::ffi::CString::new(name).map_err(|e| napi::Error::from_reason(e.to_string()))?;
            // SAFETY: live env and value; `name` outlives the call.
            unsafe { sys::napi_get_named_property(env, object, name.as_ptr(), &mut out) }
        }
        // SAFETY: live env and value.
        PathKey::Index(i) => unsafe { sys::napi_get_element(env, object, index(i)?, &mut out) },
    };
    check(status)?;
    Ok(out)
}

unsafe fn set(env: sys::napi_env, object: sys::napi_value, key: PathKey, value: sys::napi_value) -> napi::Result<()> {
    let status = match key {
        PathKey::Field(name) => {
            let name = std::ffi::CString::new(name).map_err(|e| napi::Error::from_reason(e.to_string()))?;
            // SAFETY: live env and values; `name` outlives the call.
            unsafe { sys::napi_set_named_property(env, object, name.as_ptr(), value) }
        }
        // SAFETY: live env and values.
        PathKey::Index(i) => unsafe { sys::napi_set_element(env, object, index(i)?, value) },
    };
    check(status)
}

fn index(i: usize) -> napi::Result<u32> {
    u32::try_from(i).map_err(|_| napi::Error::from_reason("array index out of range"))
}

fn check(status: sys::napi_status) -> napi::Result<()> {
    if status == sys::Status::napi_ok {
        Ok(())
    } else {
        Err(napi::Error::from_reason(format!(
            "napi call failed with status {status}"
        )))
    }
}

/// Deserializes any plain value (a string, an object, …) into `T`; a wrong one is
/// `INVALID_OPTIONS` with the given label.
pub fn value<T: DeserializeOwned>(env: &Env, what: &str, value: Unknown) -> kuzzle_dump_core::Result<T> {
    through_json(env, value).map_err(|e| DumpError::InvalidOptions(format!("{what}: {e}")))
}

/// A JS value into `T` through a JSON tree, as the wasm build does, so that a wrong value gives
/// the same message on both backends (serde_json's). Options are small; data never comes here.
fn through_json<T: DeserializeOwned>(env: &Env, value: Unknown) -> Result<T, String> {
    let tree: serde_json::Value = env.from_js_value(value).map_err(|e| e.reason.clone())?;
    serde_json::from_value(tree).map_err(|e| e.to_string())
}

/// A batch handed back from JS: its `body` (`Uint8Array`) and `lines` (numbers); `count`,
/// `firstLine` and `lastLine` follow from `lines`.
pub fn batch(env: &Env, batch: Unknown) -> kuzzle_dump_core::Result<Batch> {
    if !matches!(batch.get_type(), Ok(ValueType::Object)) {
        return Err(DumpError::InvalidOptions(
            "batch must be an object with body and lines".into(),
        ));
    }
    let batch = Object::from_raw(env.raw(), batch.raw());
    let body: Uint8Array = batch
        .get_named_property("body")
        .map_err(|_| DumpError::InvalidOptions("batch.body must be a Uint8Array".into()))?;
    let lines: Vec<f64> = batch
        .get_named_property("lines")
        .map_err(|_| DumpError::InvalidOptions("batch.lines must be an array of line numbers".into()))?;
    api::batch_from_js(body.to_vec(), &lines)
}

/// `Record<string, Uint8Array>` copied into a map (dump heads: a few KiB each).
pub fn byte_map(env: &Env, value: Unknown) -> kuzzle_dump_core::Result<BTreeMap<String, Vec<u8>>> {
    let bad = || DumpError::InvalidOptions("heads must map file paths to Uint8Arrays".into());
    if !matches!(value.get_type(), Ok(ValueType::Object)) {
        return Err(bad());
    }
    let object = Object::from_raw(env.raw(), value.raw());
    let mut map = BTreeMap::new();
    for key in Object::keys(&object).map_err(|_| bad())? {
        let bytes: Uint8Array = object.get_named_property(&key).map_err(|_| bad())?;
        map.insert(key, bytes.to_vec());
    }
    Ok(map)
}
