// The facade over the wasm-bindgen exports, shared by the Node wasm backend (js/wasm-backend.js)
// and the browser entry (js/browser.mjs), so that both behave alike:
// - every `fooSync` gets an async `foo` that runs `fooSync` right away on the calling thread and
//   returns a settled Promise: there is no background work on wasm, the Promise only gives both
//   backends one signature (a thrown error becomes a rejection; `signal` is accepted: the work is
//   done before the call returns);
// - an object is busy from an async method call until its promise settles: any other call on it
//   meanwhile throws (or rejects with) INVALID_STATE, as on the native backend, where the work
//   runs on another thread;
// - a trap of the wasm instance (a second panic) becomes the usual `INTERNAL` error;
// - with `ready`, calls before it returns true throw INVALID_STATE (the browser's `init()`).

function kuzzleDumpError(code, message, cause) {
  const err = new Error(message, cause === undefined ? undefined : { cause });
  err.code = code;
  err.name = 'KuzzleDumpError';
  return err;
}

function trapToError(e) {
  if (!(e instanceof WebAssembly.RuntimeError)) return e;
  return kuzzleDumpError(
    'INTERNAL',
    `internal error: WebAssembly trap (${e.message}); load the module again before further use`,
    e,
  );
}

function isClass(fn) {
  return /^class\b/.test(Function.prototype.toString.call(fn));
}

function busyError() {
  return kuzzleDumpError('INVALID_STATE', 'invalid state: busy: an async call on this object has not settled yet');
}

// wasm-bindgen's own exports, not API.
const GLUE = new Set(['__start', 'default', 'initSync']);

/**
 * The API over a wasm-bindgen module's exports.
 * @param {object} module the glue's exports
 * @param {{ ready?: () => boolean }} [opts] `ready`: false until the instance exists
 */
export function facade(module, { ready } = {}) {
  function guard(fn) {
    return function guarded(...args) {
      if (ready && !ready()) throw kuzzleDumpError('INVALID_STATE', 'invalid state: call init() first');
      try {
        return fn.apply(this, args);
      } catch (e) {
        throw trapToError(e);
      }
    };
  }

  const busy = new WeakSet();
  function guardClass(cls) {
    const proto = cls.prototype;
    for (const key of Object.getOwnPropertyNames(proto)) {
      const desc = Object.getOwnPropertyDescriptor(proto, key);
      if (key === 'constructor' || typeof desc.value !== 'function') continue;
      const raw = guard(desc.value);
      if (key === 'free') {
        Object.defineProperty(proto, key, { ...desc, value: raw });
        continue;
      }
      Object.defineProperty(proto, key, {
        ...desc,
        value: function checked(...args) {
          if (busy.has(this)) throw busyError();
          return raw.apply(this, args);
        },
      });
      // Each heavy method `fooSync` gets its async `foo`, like the addon's classes.
      if (key.endsWith('Sync')) {
        Object.defineProperty(proto, key.slice(0, -'Sync'.length), {
          ...desc,
          value: function async_(...args) {
            if (busy.has(this)) return Promise.reject(busyError());
            busy.add(this);
            return new Promise((resolve) => resolve(raw.apply(this, args))).finally(() => busy.delete(this));
          },
        });
      }
    }
    return cls;
  }

  const api = {};
  for (const [name, value] of Object.entries(module)) {
    if (typeof value !== 'function' || GLUE.has(name)) continue;
    if (isClass(value)) {
      api[name] = guardClass(value);
      continue;
    }
    const sync = guard(value);
    api[name] = sync;
    if (name.endsWith('Sync')) {
      api[name.slice(0, -'Sync'.length)] = (...args) => new Promise((resolve) => resolve(sync(...args)));
    }
  }
  return api;
}
