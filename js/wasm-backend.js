'use strict';
// The WebAssembly backend for Node: the wasm-bindgen `nodejs` build (js/wasm/node/, loaded
// synchronously) behind the same facade as js/browser.mjs. Keep the two facades in step; the
// parity test checks that both give the addon's names.
//
// The facade adds, for every `fooSync`, an async `foo` that runs `fooSync` right away on the
// calling thread and returns a settled Promise: there is no background work on wasm, the Promise
// only gives both backends one signature (a thrown error becomes a rejection; `signal` is
// accepted and ignored, since the work is done before the call returns). It also turns a trap of
// the wasm instance (a second panic) into the usual `INTERNAL` error.

const raw = require('./wasm/node/kuzzle_dump_wasm.js');

function trapToError(e) {
  if (!(e instanceof WebAssembly.RuntimeError)) return e;
  const err = new Error(
    `internal error: WebAssembly trap (${e.message}); load the module again before further use`,
    { cause: e },
  );
  err.code = 'INTERNAL';
  err.name = 'KuzzleDumpError';
  return err;
}

function guard(fn) {
  return function guarded(...args) {
    try {
      return fn.apply(this, args);
    } catch (e) {
      throw trapToError(e);
    }
  };
}

function isClass(fn) {
  return /^class\b/.test(Function.prototype.toString.call(fn));
}

// An object is busy from an async method call until its promise settles: any other call on
// it meanwhile throws (or rejects with) INVALID_STATE, as on the native backend, where the work
// runs on another thread.
const busy = new WeakSet();
function busyError() {
  const err = new Error('invalid state: busy: an async call on this object has not settled yet');
  err.code = 'INVALID_STATE';
  err.name = 'KuzzleDumpError';
  return err;
}

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

// wasm-bindgen's own exports, not API.
const GLUE = new Set(['__start', 'default', 'initSync']);

function facade(module) {
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

module.exports = facade(raw);
