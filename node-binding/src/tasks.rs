//! Async variants: one core call on the libuv thread pool, settled on the JS thread.

use crate::convert::Js;
use crate::error::{guard, to_napi};
use kuzzle_dump_core::DumpError;
use napi::bindgen_prelude::{AbortSignal, AsyncTask, Env, Task};
use serde::Serialize;

type Work<T> = Box<dyn FnOnce() -> kuzzle_dump_core::Result<T> + Send>;

/// A core call run off the JS thread; its error rejects exactly like the sync variant throws.
pub struct Op<T> {
    work: Option<Work<T>>,
}

impl<T: Serialize + Send + 'static> Task for Op<T> {
    type Output = kuzzle_dump_core::Result<T>;
    type JsValue = Js<T>;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        let work = self.work.take();
        Ok(guard(move || match work {
            Some(work) => work(),
            None => Err(DumpError::Internal("an async task ran twice".into())),
        }))
    }

    fn resolve(&mut self, env: Env, output: Self::Output) -> napi::Result<Js<T>> {
        output.map(Js).map_err(|e| to_napi(&env, &e))
    }
}

/// Schedules `work` on the thread pool; an aborted `signal` cancels it if it has not started.
pub fn spawn<T: Serialize + Send + 'static>(
    signal: Option<AbortSignal>,
    work: impl FnOnce() -> kuzzle_dump_core::Result<T> + Send + 'static,
) -> AsyncTask<Op<T>> {
    AsyncTask::with_optional_signal(
        Op {
            work: Some(Box::new(work)),
        },
        signal,
    )
}

/// Runs `work` now on the JS thread, for the sync variants.
pub fn run<T>(env: &Env, work: impl FnOnce() -> kuzzle_dump_core::Result<T>) -> napi::Result<Js<T>> {
    guard(work).map(Js).map_err(|e| to_napi(env, &e))
}
