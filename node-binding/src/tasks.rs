//! Running core calls: now on the JS thread (sync variants) or on the libuv thread pool (async
//! variants, settled on the JS thread). Either way a panic is an `INTERNAL` error and a core
//! error is thrown or rejected as the same `KuzzleDumpError`.
//!
//! A class's state is a [`Shared`]: a mutex for the pool thread, and a busy flag set on the JS
//! thread from an async call until its promise settles, so that any other call on the object
//! meanwhile fails at once with `INVALID_STATE` instead of blocking the JS thread.

use crate::error::{guard, to_napi};
use kuzzle_dump_core::DumpError;
use napi::bindgen_prelude::{AbortSignal, AsyncTask, Env, Task, ToNapiValue, TypeName};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

type Work<R> = Box<dyn FnOnce() -> kuzzle_dump_core::Result<R> + Send>;

/// A core call run off the JS thread; `R` is its JS form (`Js<T>`, `JsOut<T>`, …).
pub struct Op<R> {
    work: Option<Work<R>>,
    /// Held until the task is dropped, after its promise settled (or it was cancelled).
    _busy: Option<BusyGuard>,
}

/// The message of a call on an object whose async call has not settled.
pub const BUSY: &str = "busy: an async call on this object has not settled yet";

/// A class's state, shared with the pool thread of its async calls.
pub struct Shared<T> {
    state: Mutex<T>,
    busy: Arc<AtomicBool>,
}

/// Clears the busy flag when dropped.
struct BusyGuard(Arc<AtomicBool>);

impl Drop for BusyGuard {
    fn drop(&mut self) {
        self.0.store(false, Ordering::Release);
    }
}

impl<T: Send + 'static> Shared<T> {
    /// Wraps a new state.
    pub fn new(state: T) -> Arc<Self> {
        Arc::new(Shared {
            state: Mutex::new(state),
            busy: Arc::new(AtomicBool::new(false)),
        })
    }

    fn with<R>(&self, f: impl FnOnce(&mut T) -> kuzzle_dump_core::Result<R>) -> kuzzle_dump_core::Result<R> {
        let mut state = self
            .state
            .lock()
            .map_err(|_| DumpError::Internal("the object is unusable after an earlier internal error".into()))?;
        f(&mut state)
    }

    /// Runs `f` on the state now, on the JS thread (sync methods).
    pub fn run<R>(&self, env: &Env, f: impl FnOnce(&mut T) -> kuzzle_dump_core::Result<R>) -> napi::Result<R> {
        run(env, || {
            if self.busy.load(Ordering::Acquire) {
                return Err(DumpError::InvalidState(BUSY.into()));
            }
            self.with(f)
        })
    }

    /// Runs `f` on the state on the thread pool (async methods); the object is busy until the
    /// promise settles.
    pub fn spawn<R: ToNapiValue + TypeName + Send + 'static>(
        self: &Arc<Self>,
        signal: Option<AbortSignal>,
        f: impl FnOnce(&mut T) -> kuzzle_dump_core::Result<R> + Send + 'static,
    ) -> AsyncTask<Op<R>> {
        if self.busy.swap(true, Ordering::AcqRel) {
            return spawn(signal, || Err(DumpError::InvalidState(BUSY.into())));
        }
        let busy = BusyGuard(self.busy.clone());
        let shared = self.clone();
        AsyncTask::with_optional_signal(
            Op {
                work: Some(Box::new(move || shared.with(f))),
                _busy: Some(busy),
            },
            signal,
        )
    }
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
            _busy: None,
        },
        signal,
    )
}

/// Runs `work` now on the JS thread, for the sync variants.
pub fn run<R>(env: &Env, work: impl FnOnce() -> kuzzle_dump_core::Result<R>) -> napi::Result<R> {
    guard(work).map_err(|e| to_napi(env, &e))
}
