//! Core errors to thrown JS errors, and panics to `INTERNAL` errors.
//!
//! The thrown shape is the same on both backends (STYLE §4.5): an `Error` with
//! `name: "KuzzleDumpError"`, the stable `code`, a `message` that stands alone, and `file`,
//! `line`, `column` when the core knows where the problem is.

use kuzzle_dump_core::DumpError;
use napi::bindgen_prelude::{Env, JsObjectValue, JsValue, Object, Unknown};
use napi::Status;
use std::any::Any;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Runs a core call; a panic becomes [`DumpError::Internal`] instead of crashing the process.
pub fn guard<T>(f: impl FnOnce() -> kuzzle_dump_core::Result<T>) -> kuzzle_dump_core::Result<T> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|payload| Err(DumpError::Internal(panic_message(&*payload))))
}

fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic with a non-string payload".to_owned()
    }
}

/// The `KuzzleDumpError` to throw (or reject with) for a core error.
pub fn to_napi(env: &Env, e: &DumpError) -> napi::Error {
    match build(env, e) {
        Ok(err) => napi::Error::from(err),
        // Only when the engine cannot build an object (shutting down): keep the message.
        Err(_) => napi::Error::new(Status::GenericFailure, e.to_string()),
    }
}

fn build<'e>(env: &'e Env, e: &DumpError) -> napi::Result<Unknown<'e>> {
    let mut err: Object<'e> = env.create_error(napi::Error::new(Status::GenericFailure, e.message()))?;
    err.set_named_property("code", e.code().as_str())?;
    err.set_named_property("name", "KuzzleDumpError")?;
    if let Some(loc) = e.location() {
        if let Some(file) = &loc.file {
            err.set_named_property("file", file.as_str())?;
        }
        // 0 means unknown (whole file, or no column): leave the property out.
        if loc.line > 0 {
            err.set_named_property("line", loc.line as f64)?;
        }
        if loc.column > 0 {
            err.set_named_property("column", loc.column as f64)?;
        }
    }
    Ok(err.to_unknown())
}
