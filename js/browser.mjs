// The browser entry: the WebAssembly build (js/wasm/web/). Call `await init()` once, then use
// the same names as in Node. Async variants run the sync call right away and return a settled
// Promise: no actual background work happens here (run kuzzle-dump in a Worker to keep a page
// responsive). After an `INTERNAL` error, start a new Worker (or reload): the instance may be
// broken. The facade below is the one of js/wasm-backend.js; keep the two in step.
import initWasm, * as raw from './wasm/web/kuzzle_dump_wasm.js';

let initialised = false;
let initialising = null;

/**
 * Instantiates the WebAssembly module; resolves once it is ready. Safe to call again.
 * @param {RequestInfo | URL | Response | BufferSource | WebAssembly.Module} [source] the
 *   `.wasm` (default: `kuzzle_dump_wasm_bg.wasm` next to the glue, fetched).
 */
export function init(source) {
  initialising ??= initWasm(source === undefined ? undefined : { module_or_path: source }).then(
    () => {
      initialised = true;
    },
    (e) => {
      initialising = null;
      throw e;
    },
  );
  return initialising;
}

function kuzzleDumpError(code, message, cause) {
  const err = new Error(message, cause === undefined ? undefined : { cause });
  err.code = code;
  err.name = 'KuzzleDumpError';
  return err;
}

function guard(fn) {
  return function guarded(...args) {
    if (!initialised) throw kuzzleDumpError('INVALID_STATE', 'invalid state: call init() first');
    try {
      return fn.apply(this, args);
    } catch (e) {
      if (!(e instanceof WebAssembly.RuntimeError)) throw e;
      throw kuzzleDumpError(
        'INTERNAL',
        `internal error: WebAssembly trap (${e.message}); load the module again before further use`,
        e,
      );
    }
  };
}

function isClass(fn) {
  return /^class\b/.test(Function.prototype.toString.call(fn));
}

function guardClass(cls) {
  for (const key of Object.getOwnPropertyNames(cls.prototype)) {
    const desc = Object.getOwnPropertyDescriptor(cls.prototype, key);
    if (key !== 'constructor' && typeof desc.value === 'function') {
      Object.defineProperty(cls.prototype, key, { ...desc, value: guard(desc.value) });
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

const api = facade(raw);

/** The test hooks (`__` names), for the JS suite only. */
export const __internal = api;

export const backend = 'wasm';
export const {
  checkIndexName,
  checkIndexNameSync,
  checkCollectionName,
  checkCollectionNameSync,
  parsePhysicalName,
  parsePhysicalNameSync,
  jsonValidate,
  jsonValidateSync,
  LineSplitter,
} = api;
