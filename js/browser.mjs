// The browser entry: the WebAssembly build (js/wasm/web/). Call `await init()` once, then use
// the same names as in Node. Async variants run the sync call right away and return a settled
// Promise: no actual background work happens here (run kuzzle-dump in a Worker to keep a page
// responsive). After an `INTERNAL` error, start a new Worker (or reload): the instance may be
// broken. The facade below is the one of js/wasm-backend.js; keep the two in step.
import initWasm, * as raw from './wasm/web/kuzzle_dump_wasm.js';
import { checked } from './arguments.mjs';

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

const api = checked(facade(raw));

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
  mwriteResult,
  mwriteResultSync,
  esBulkResult,
  esBulkResultSync,
  selectBatch,
  selectBatchSync,
  halveBatch,
  halveBatchSync,
  kuzzleError,
  kuzzleErrorSync,
  kuzzlePage,
  kuzzlePageSync,
  esPage,
  esPageSync,
  parseMappingsFile,
  parseMappingsFileSync,
  mappingsFile,
  mappingsFileSync,
  parseSecurityFile,
  parseSecurityFileSync,
  planImport,
  planImportSync,
  detectFormat,
  detectFormatSync,
  dumpOrder,
  dumpOrderSync,
  digestLines,
  digestLinesSync,
  digestKuzzlePage,
  digestKuzzlePageSync,
  compareDigests,
  compareDigestsSync,
  LineSplitter,
  Pipeline,
  DumpReader,
  Exporter,
  SecurityExporter,
  Converter,
  // The viewer's helpers (core viewer module).
  LineIndexer,
  FieldStats,
  viewRows,
  viewRowsSync,
  prettyLine,
  prettyLineSync,
  searchLines,
  searchLinesSync,
} = api;
