// Argument checks shared by both backends: js/index.js (Node, native or wasm) and
// js/browser.mjs (the web) pass every export through `checked`. Without them a wrong argument
// type gives napi's own error on the native backend and, on wasm, can trap the instance (a
// number where a string is expected reads out of bounds), so the two backends would differ and
// one of them would need reloading. With them both throw the same KuzzleDumpError
// `INVALID_ARGUMENT`, and an async call whose signal is already aborted rejects with the
// signal's reason before any work starts.
//
// Objects (options, batches, file heads) are left to the core, which checks them whole
// (`INVALID_OPTIONS`); this checks strings, bytes and arrays, the shapes the bindings convert. The parity test fails when an export has no entry.

// Each argument: a kind, with `?` when it may be left out (undefined or null).
const KINDS = {
  string: (v) => typeof v === 'string',
  bytes: (v) => v instanceof Uint8Array,
  strings: (v) => Array.isArray(v) && v.every((s) => typeof s === 'string'),
  numbers: (v) => Array.isArray(v) && v.every((n) => typeof n === 'number'),
  // Options, batches, file heads, page formats: objects the bindings deserialize into core
  // structs, which check them whole (`INVALID_OPTIONS`, with the field at fault).
  options: () => true,
};

const KIND_NAMES = {
  string: 'a string',
  bytes: 'a Uint8Array',
  strings: 'an array of strings',
  numbers: 'an array of numbers',
  options: 'options',
};

/**
 * What each export takes, without the trailing `signal` of async twins. Functions are named
 * without their `Sync`; a class lists its constructor and its methods (a `fooSync` method
 * stands for its async `foo` too).
 */
export const SIGNATURES = {
  functions: {
    checkIndexName: ['name: string'],
    checkCollectionName: ['name: string'],
    parsePhysicalName: ['name: string'],
    jsonValidate: ['bytes: bytes', 'opts: options'],
    detectFormat: ['paths: strings', 'heads: options'],
    dumpOrder: ['format: string', 'paths: strings'],
    mwriteResult: ['response: bytes', 'batch: options'],
    esBulkResult: ['response: bytes', 'batch: options'],
    selectBatch: ['kind: string', 'batch: options', 'positions: numbers'],
    halveBatch: ['kind: string', 'batch: options'],
    kuzzleError: ['response: bytes'],
    kuzzlePage: ['response: bytes', 'format: options'],
    esPage: ['response: bytes', 'format: options'],
    parseMappingsFile: ['bytes: bytes', 'dirs: strings?'],
    mappingsFile: ['index: string', 'collection: string', 'getMappingResponse: bytes', 'getSettingsResponse: bytes?'],
    parseSecurityFile: ['bytes: bytes'],
    planImport: ['paths: strings', 'jsonTypes: options'],
    viewRows: ['bytes: bytes', 'opts: options'],
    prettyLine: ['line: bytes'],
    searchLines: ['bytes: bytes', 'query: options'],
    digestLines: ['chunk: bytes', 'opts: options'],
    digestKuzzlePage: ['response: bytes'],
    compareDigests: ['expected: bytes', 'actual: bytes', 'opts: options'],
  },
  classes: {
    LineSplitter: { constructor: [], push: ['chunk: bytes'], finish: [] },
    Pipeline: { constructor: ['opts: options'], pushSync: ['chunk: bytes'], finishSync: [] },
    DumpReader: {
      constructor: ['opts: options'],
      beginFile: ['path: string'],
      pushSync: ['chunk: bytes'],
      endFile: [],
      finish: [],
    },
    Exporter: { constructor: ['opts: options'], header: [], pushPageSync: ['response: bytes'], documents: [], finish: [] },
    SecurityExporter: { constructor: ['opts: options'], pushPageSync: ['response: bytes'], count: [], finish: ['opts: options'] },
    Converter: {
      constructor: ['opts: options'],
      beginFile: ['path: string'],
      pushSync: ['chunk: bytes'],
      endFile: [],
      finish: [],
    },
    LineIndexer: { constructor: ['opts: options'], push: ['chunk: bytes'], finish: [], takeInflated: [], summary: [] },
    FieldStats: { constructor: [], push: ['chunk: bytes'], finish: [] },
  },
};

function invalidArgument(message) {
  const err = new TypeError(message);
  err.name = 'KuzzleDumpError';
  err.code = 'INVALID_ARGUMENT';
  return err;
}

function typeName(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (v instanceof Uint8Array) return 'a Uint8Array';
  if (typeof v === 'object') return `an object (${v.constructor?.name ?? 'no prototype'})`;
  return typeof v;
}

function parse(spec) {
  const [name, kind] = spec.split(': ');
  const optional = kind.endsWith('?');
  return { name, kind: optional ? kind.slice(0, -1) : kind, optional };
}

/** Throws INVALID_ARGUMENT unless `args` match `specs` (extra arguments are refused too). */
function check(what, specs, args, { signal = false } = {}) {
  const params = specs.map(parse);
  const most = params.length + (signal ? 1 : 0);
  if (args.length > most) {
    throw invalidArgument(`${what}: takes at most ${most} argument${most === 1 ? '' : 's'}, got ${args.length}`);
  }
  params.forEach((p, i) => {
    const v = args[i];
    if (v === undefined || v === null) {
      if (p.optional || p.kind === 'options') return;
      throw invalidArgument(`${what}: argument ${i + 1} (${p.name}) is missing: expected ${KIND_NAMES[p.kind]}`);
    }
    if (!KINDS[p.kind](v)) {
      throw invalidArgument(`${what}: argument ${i + 1} (${p.name}) must be ${KIND_NAMES[p.kind]}, got ${typeName(v)}`);
    }
  });
  if (signal) {
    const s = args[params.length];
    if (s !== undefined && s !== null && !(typeof s === 'object' && typeof s.aborted === 'boolean')) {
      throw invalidArgument(`${what}: argument ${params.length + 1} (signal) must be an AbortSignal, got ${typeName(s)}`);
    }
    return s ?? undefined;
  }
  return undefined;
}

function abortReason(signal) {
  if (signal.reason !== undefined) return signal.reason;
  const err = new Error('This operation was aborted');
  err.name = 'AbortError';
  return err;
}

function syncChecked(what, specs, fn) {
  return function checkedSync(...args) {
    check(what, specs, args);
    return fn.apply(this, args);
  };
}

function asyncChecked(what, specs, fn) {
  return function checkedAsync(...args) {
    let signal;
    try {
      signal = check(what, specs, args, { signal: true });
    } catch (e) {
      return Promise.reject(e);
    }
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    return fn.apply(this, args);
  };
}

// Class → its checked stand-in, so that checking the same backend twice changes nothing.
const CHECKED = new WeakMap();

function checkClass(name, cls, methods) {
  if (CHECKED.has(cls)) return CHECKED.get(cls);
  const proto = cls.prototype;
  for (const [method, specs] of Object.entries(methods)) {
    if (method === 'constructor') continue;
    const replace = (key, wrap) => {
      const desc = Object.getOwnPropertyDescriptor(proto, key);
      if (desc && typeof desc.value === 'function') {
        Object.defineProperty(proto, key, { ...desc, value: wrap(`${name}.${key}`, specs, desc.value) });
      }
    };
    replace(method, syncChecked);
    if (method.endsWith('Sync')) replace(method.slice(0, -'Sync'.length), asyncChecked);
  }
  // The constructor checks its options through a Proxy: prototype, statics and `instanceof`
  // stay those of the class itself.
  const specs = methods.constructor ?? [];
  const stand = new Proxy(cls, {
    construct(target, args, newTarget) {
      check(`new ${name}`, specs, args);
      return Reflect.construct(target, args, newTarget === stand ? target : newTarget);
    },
  });
  CHECKED.set(cls, stand);
  return stand;
}

/**
 * `api` with every function and class checked, the other values as they are. Names without a
 * signature (the `__` test hooks) are left unchecked.
 */
export function checked(api) {
  const out = {};
  for (const [name, value] of Object.entries(api)) {
    const cls = SIGNATURES.classes[name];
    if (cls && typeof value === 'function') {
      out[name] = checkClass(name, value, cls);
      continue;
    }
    const base = name.endsWith('Sync') ? name.slice(0, -'Sync'.length) : name;
    const specs = SIGNATURES.functions[base];
    if (!specs || typeof value !== 'function') {
      out[name] = value;
      continue;
    }
    out[name] = name.endsWith('Sync') ? syncChecked(name, specs, value) : asyncChecked(name, specs, value);
  }
  return out;
}
