//! Core errors to thrown JS errors, in the same shape as the Node addon (STYLE §4.5), and the
//! panic hook that turns a panic into an `INTERNAL` error.

use js_sys::Reflect;
use kuzzle_dump_core::DumpError;
use wasm_bindgen::JsValue;

/// The `KuzzleDumpError` to throw for a core error: `name`, `code`, `message`, and `file`,
/// `line`, `column` when known (properties set in the same order as the addon's).
pub fn to_js(e: &DumpError) -> JsValue {
    let err = js_sys::Error::new(&e.message());
    set(&err, "code", e.code().as_str().into());
    err.set_name("KuzzleDumpError");
    if let Some(loc) = e.location() {
        if let Some(file) = &loc.file {
            set(&err, "file", file.as_str().into());
        }
        // 0 means unknown: leave the property out, like the addon.
        if loc.line > 0 {
            set(&err, "line", (loc.line as f64).into());
        }
        if loc.column > 0 {
            set(&err, "column", (loc.column as f64).into());
        }
    }
    err.into()
}

fn set(target: &js_sys::Error, key: &str, value: JsValue) {
    // Setting a data property on a fresh Error cannot fail.
    let _ = Reflect::set(target, &key.into(), &value);
}

/// Maps a core result for wasm-bindgen, which throws the `Err` value.
pub fn throw<T>(r: kuzzle_dump_core::Result<T>) -> Result<T, JsValue> {
    r.map_err(|e| to_js(&e))
}

/// Throws a panic as `KuzzleDumpError` with code `INTERNAL` (wasm32 aborts on panic, so there
/// is nothing to catch: the hook throws before the abort). The instance may be left in a broken
/// state: the JS side re-initialises it after an `INTERNAL` error (README, Errors).
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| info.to_string());
        wasm_bindgen::throw_val(to_js(&DumpError::Internal(message)));
    }));
}
