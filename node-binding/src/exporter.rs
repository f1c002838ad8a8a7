//! `class Exporter` (search pages to one dump file) and `class SecurityExporter` (security
//! search pages to one security file).

use crate::convert::{options, Js, JsOut};
use crate::tasks::{run, Op, Shared};
use kuzzle_dump_core::api::{self, Page, WrittenView};
use kuzzle_dump_core::export::{self, ExportOptions};
use kuzzle_dump_core::security::{self, SecurityExportOptions, SecurityFinishOptions, SecurityPage};
use napi::bindgen_prelude::{AbortSignal, AsyncTask, Buffer, Env, Uint8Array, Unknown};
use napi_derive::napi;
use std::sync::Arc;

/// Turns search pages into the bytes of one dump file, over the core's `Exporter`.
#[napi]
pub struct Exporter {
    shared: Arc<Shared<export::Exporter>>,
}

#[napi]
impl Exporter {
    /// An exporter; bad options throw `INVALID_OPTIONS`.
    #[napi(constructor)]
    pub fn new(env: Env, #[napi(ts_arg_type = "ExportOptions")] opts: Option<Unknown>) -> napi::Result<Self> {
        let e = run(&env, || export::Exporter::new(options::<ExportOptions>(&env, opts)?))?;
        Ok(Exporter { shared: Shared::new(e) })
    }

    /// The bytes that start the file.
    #[napi(catch_unwind)]
    pub fn header(&self, env: Env) -> napi::Result<Buffer> {
        self.shared.run(&env, |e| Ok(Buffer::from(e.header().to_vec())))
    }

    /// Encodes one page (a raw search response); returns the bytes to append and what the
    /// page said.
    #[napi(catch_unwind, ts_return_type = "PageOutput")]
    pub fn push_page_sync(&self, env: Env, response: Uint8Array) -> napi::Result<JsOut<Page>> {
        self.shared.run(&env, |e| api::export_page(e, &response).map(JsOut))
    }

    /// Async `pushPageSync`, on the thread pool.
    #[napi(ts_return_type = "Promise<PageOutput>")]
    pub fn push_page(&self, response: Uint8Array, signal: Option<AbortSignal>) -> AsyncTask<Op<JsOut<Page>>> {
        self.shared
            .spawn(signal, move |e| api::export_page(e, &response).map(JsOut))
    }

    /// Documents written so far.
    #[napi(catch_unwind)]
    pub fn documents(&self, env: Env) -> napi::Result<f64> {
        self.shared.run(&env, |e| Ok(e.documents() as f64))
    }

    /// The bytes that end the file.
    #[napi(catch_unwind)]
    pub fn finish(&self, env: Env) -> napi::Result<Buffer> {
        self.shared.run(&env, |e| Ok(Buffer::from(e.finish())))
    }
}

/// Builds one security file from Kuzzle responses, over the core's `SecurityExporter`.
#[napi]
pub struct SecurityExporter {
    shared: Arc<Shared<security::SecurityExporter>>,
}

#[napi]
impl SecurityExporter {
    /// An exporter of `{kind}`; bad options throw `INVALID_OPTIONS`.
    #[napi(constructor)]
    pub fn new(env: Env, #[napi(ts_arg_type = "SecurityExportOptions")] opts: Option<Unknown>) -> napi::Result<Self> {
        let e = run(&env, || {
            security::SecurityExporter::new(options::<SecurityExportOptions>(&env, opts)?)
        })?;
        Ok(SecurityExporter { shared: Shared::new(e) })
    }

    /// Reads one search page (or the `getUserMapping` response).
    #[napi(catch_unwind, ts_return_type = "SecurityPage")]
    pub fn push_page_sync(&self, env: Env, response: Uint8Array) -> napi::Result<Js<SecurityPage>> {
        self.shared.run(&env, |e| e.push_page(&response).map(Js))
    }

    /// Async `pushPageSync`, on the thread pool.
    #[napi(ts_return_type = "Promise<SecurityPage>")]
    pub fn push_page(&self, response: Uint8Array, signal: Option<AbortSignal>) -> AsyncTask<Op<Js<SecurityPage>>> {
        self.shared.spawn(signal, move |e| e.push_page(&response).map(Js))
    }

    /// Entries pushed so far.
    #[napi(catch_unwind)]
    pub fn count(&self, env: Env) -> napi::Result<f64> {
        self.shared.run(&env, |e| Ok(e.count() as f64))
    }

    /// The file's bytes; `passwords` give users generated credentials.
    #[napi(catch_unwind, ts_return_type = "SecurityFileOutput")]
    pub fn finish(
        &self,
        env: Env,
        #[napi(ts_arg_type = "SecurityFinishOptions")] opts: Option<Unknown>,
    ) -> napi::Result<JsOut<WrittenView>> {
        let opts = run(&env, || options::<SecurityFinishOptions>(&env, opts))?;
        self.shared.run(&env, |e| api::security_finish(e, opts).map(JsOut))
    }
}
