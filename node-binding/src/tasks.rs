//! Running core calls: now on the JS thread (sync variants) or on the libuv thread pool (async
//! variants, settled on the JS thread). Either way a panic is an `INTERNAL` error and a core
//! error is thrown or rejected as the same `KuzzleDumpError`.

use crate::error::{guard, to_napi};
use kuzzle_dump_core::DumpError;
use napi::bindgen_prelude::{AbortSignal, AsyncTask, Env, Task, ToNapiValue, TypeName};

type Work<R> = Box<dyn FnOnce() -> kuzzle_dump_core::Result<R> + Send>;

/// A core call run off the JS thread; `R` is its JS form (`Js<T>` or `WithData<T>`).
pub struct Op<R> {
    work: Option<Work<R>>,
}

impl<R: ToNapiValue + TypeName + Send + 'static> Task for Op<R> {
    type Output = kuzzle_dump_core::Result<R>;
    type JsValue = R;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        let work = self.work.take();
        Ok(guard(move || match work {
            Some(work) => work(),
            None => Err(DumpError::Internal("an async task ran twice".into())),
        }))
    }

    fn resolve(&mut self, env: Env, output: Self::Output) -> napi::Result<R> {
        output.map_err(|e| to_napi(&env, &e))
    }
}

/// Schedules `work` on the thread pool; an aborted `signal` cancels it if it has not started.
pub fn spawn<R: ToNapiValue + TypeName + Send + 'static>(
    signal: Option<AbortSignal>,
    work: impl FnOnce() -> kuzzle_dump_core::Result<R> + Send + 'static,
) -> AsyncTask<Op<R>> {
    AsyncTask::with_optional_signal(
        Op {
            work: Some(Box::new(work)),
        },
        signal,
    )
}

/// Runs `work` now on the JS thread, for the sync variants.
pub fn run<R>(env: &Env, work: impl FnOnce() -> kuzzle_dump_core::Result<R>) -> napi::Result<R> {
    guard(work).map_err(|e| to_napi(env, &e))
}
