//! JS values to core types and back, through one `json_compatible` serializer (maps as plain
//! objects, `None` as `null`, integers as numbers): the same values the addon returns.

use crate::error;
use js_sys::{Array, Object, Reflect, Uint8Array};
use kuzzle_dump_core::api::{self, Out, PathKey};
use kuzzle_dump_core::batch::Batch;
use kuzzle_dump_core::DumpError;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::collections::BTreeMap;
use wasm_bindgen::{JsCast, JsValue};

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
    api::options_from_tree(tree)
}

/// A core result with buffers at paths: `info` as a plain value, then each buffer set in place
/// as a `Uint8Array` (copied out of the wasm memory).
pub fn out<T: Serialize>(r: kuzzle_dump_core::Result<Out<T>>) -> Result<JsValue, JsValue> {
    let Out { info, buffers } = error::throw(r)?;
    let root = to_js(&info)?;
    for b in buffers {
        let Some((last, parents)) = b.path.split_last() else {
            continue;
        };
        let mut target = root.clone();
        for k in parents {
            target = Reflect::get(&target, &key(*k))?;
        }
        Reflect::set(&target, &key(*last), &Uint8Array::from(b.bytes.as_slice()))?;
    }
    Ok(root)
}

fn key(k: PathKey) -> JsValue {
    match k {
        PathKey::Field(name) => name.into(),
        PathKey::Index(i) => (i as f64).into(),
    }
}

/// Deserializes any plain value (a string, an object, …) into `T`; a wrong one is
/// `INVALID_OPTIONS` with the given label.
pub fn value<T: DeserializeOwned>(what: &str, value: JsValue) -> kuzzle_dump_core::Result<T> {
    let tree: serde_json::Value =
        serde_wasm_bindgen::from_value(value).map_err(|e| DumpError::InvalidOptions(format!("{what}: {e}")))?;
    serde_json::from_value(tree).map_err(|e| DumpError::InvalidOptions(format!("{what}: {e}")))
}

/// A batch handed back from JS: its `body` (`Uint8Array`) and `lines` (numbers); `count`,
/// `firstLine` and `lastLine` follow from `lines`.
pub fn batch(batch: &JsValue) -> kuzzle_dump_core::Result<Batch> {
    if !batch.is_object() {
        return Err(DumpError::InvalidOptions(
            "batch must be an object with body and lines".into(),
        ));
    }
    let body = Reflect::get(batch, &"body".into())
        .ok()
        .and_then(|b| b.dyn_into::<Uint8Array>().ok())
        .ok_or_else(|| DumpError::InvalidOptions("batch.body must be a Uint8Array".into()))?;
    let bad_lines = || DumpError::InvalidOptions("batch.lines must be an array of line numbers".into());
    let lines = Reflect::get(batch, &"lines".into()).map_err(|_| bad_lines())?;
    if !Array::is_array(&lines) {
        return Err(bad_lines());
    }
    let lines: Vec<f64> = Array::from(&lines)
        .iter()
        .map(|l| l.as_f64().ok_or_else(bad_lines))
        .collect::<kuzzle_dump_core::Result<_>>()?;
    api::batch_from_js(body.to_vec(), &lines)
}

/// `Record<string, Uint8Array>` copied into a map (dump heads: a few KiB each).
pub fn byte_map(value: &JsValue) -> kuzzle_dump_core::Result<BTreeMap<String, Vec<u8>>> {
    let bad = || DumpError::InvalidOptions("heads must map file paths to Uint8Arrays".into());
    let object = value.dyn_ref::<Object>().ok_or_else(bad)?;
    let mut map = BTreeMap::new();
    for entry in Object::entries(object).iter() {
        let entry = Array::from(&entry);
        let k = entry.get(0).as_string().ok_or_else(bad)?;
        let v = entry.get(1).dyn_into::<Uint8Array>().map_err(|_| bad())?;
        map.insert(k, v.to_vec());
    }
    Ok(map)
}
