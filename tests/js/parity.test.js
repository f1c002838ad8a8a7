'use strict';
// Both backends, and every entry point, expose the same names: parity is tested, not assumed.
// Runs in both suite runs (it loads both backends itself).

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { load } = require('../../js/loader.js');

const root = path.join(__dirname, '..', '..');

// Names one backend has and the other does not. Keep this list in the README too.
const NATIVE_ONLY = [];
const WASM_ONLY = [];

// Every public name, on both backends: a new operation must be added here (and to index.d.ts,
// index.mjs, browser.mjs and the README's table).
const FUNCTIONS = [
  'checkIndexName', 'checkCollectionName', 'parsePhysicalName', 'jsonValidate',
  'mwriteResult', 'esBulkResult', 'selectBatch', 'halveBatch', 'kuzzleError', 'kuzzlePage', 'esPage',
  'parseMappingsFile', 'mappingsFile', 'parseSecurityFile', 'planImport', 'detectFormat', 'dumpOrder',
  'viewRows', 'prettyLine', 'searchLines',
  'digestLines', 'digestKuzzlePage', 'compareDigests',
];
// Node-only operations of require('kuzzle-dump') (HTTP to Kuzzle or Elasticsearch and files:
// js/node-api.js, js/es-api.js), on both backends, not in the browser entry.
const NODE_API = [
  'dump', 'exportCollection', 'exportIndex', 'importCollection', 'importIndex', 'restore', 'verify',
  'esDump', 'esLoad',
];
// Class → its methods. A `fooSync` method has its async `foo`.
const CLASSES = {
  LineSplitter: ['finish', 'push'],
  Pipeline: ['finish', 'finishSync', 'push', 'pushSync'],
  DumpReader: ['beginFile', 'endFile', 'finish', 'push', 'pushSync'],
  Exporter: ['documents', 'finish', 'header', 'pushPage', 'pushPageSync'],
  SecurityExporter: ['count', 'finish', 'pushPage', 'pushPageSync'],
  Converter: ['beginFile', 'endFile', 'finish', 'push', 'pushSync'],
  LineIndexer: ['finish', 'push', 'summary', 'takeInflated'],
  FieldStats: ['finish', 'push'],
};
const INTERNAL = ['__echo', '__echoSync', '__testFailure', '__testFailureSync'];
const PUBLIC = [...FUNCTIONS.flatMap((f) => [f, `${f}Sync`]), ...Object.keys(CLASSES)].sort();

function names(exports) {
  return Object.keys(exports).sort();
}

function classMembers(cls) {
  // wasm-bindgen adds `free` and disposal helpers to its classes; they are not API.
  const glue = new Set(['constructor', 'free', '__destroy_into_raw']);
  return Object.getOwnPropertyNames(cls.prototype)
    .filter((k) => !glue.has(k))
    .sort();
}

test('native and wasm backends export the same names', () => {
  const native = load('native').exports;
  const wasm = load('wasm').exports;
  const nativeNames = names(native).filter((n) => !NATIVE_ONLY.includes(n));
  const wasmNames = names(wasm).filter((n) => !WASM_ONLY.includes(n));
  assert.deepEqual(nativeNames, wasmNames);
  assert.ok(nativeNames.includes('jsonValidate') && nativeNames.includes('jsonValidateSync'));
  // Every operation comes as a sync/async pair.
  for (const name of nativeNames) {
    if (typeof native[name] !== 'function' || /^[A-Z]/.test(name)) continue;
    const pair = name.endsWith('Sync') ? name.slice(0, -4) : `${name}Sync`;
    assert.ok(nativeNames.includes(pair), `${name} has no ${pair}`);
  }
  for (const name of nativeNames.filter((n) => /^[A-Z]/.test(n))) {
    assert.deepEqual(classMembers(native[name]), classMembers(wasm[name]), name);
  }
});

test('both backends export exactly the listed names and class methods', () => {
  for (const backend of ['native', 'wasm']) {
    const exports = load(backend).exports;
    assert.deepEqual(names(exports), [...PUBLIC, ...INTERNAL].sort(), backend);
    for (const [cls, methods] of Object.entries(CLASSES)) {
      assert.deepEqual(classMembers(exports[cls]), methods, `${backend} ${cls}`);
      for (const m of methods.filter((m) => m.endsWith('Sync'))) {
        assert.ok(methods.includes(m.slice(0, -4)), `${cls}.${m} has no async variant`);
      }
    }
  }
});

test('require, import and the browser entry give the same API', async () => {
  const required = require('kuzzle-dump');
  const imported = await import('kuzzle-dump');
  const publicNames = names(required);
  assert.deepEqual(names(imported).filter((n) => n !== 'default'), publicNames);
  assert.equal(imported.default, required);
  const backendNames = names(load('native').exports).filter((n) => !n.startsWith('__'));
  assert.deepEqual(publicNames, [...backendNames, 'backend', ...NODE_API].sort());

  const browser = await import('../../js/browser.mjs');
  assert.deepEqual(names(browser).filter((n) => n !== 'init' && n !== '__internal'), publicNames.filter((n) => !NODE_API.includes(n)));
  assert.equal(browser.backend, 'wasm');
  assert.equal(browser.checkIndexNameSync.length >= 0, true);
  assert.throws(() => browser.checkIndexNameSync('a'), { name: 'KuzzleDumpError', code: 'INVALID_STATE' });
  await browser.init(fs.readFileSync(path.join(root, 'js/wasm/web/kuzzle_dump_wasm_bg.wasm')));
  assert.deepEqual(browser.checkIndexNameSync('A'), { ok: false, problem: 'holds upper-case letters' });
  assert.deepEqual(await browser.jsonValidate(new TextEncoder().encode('[1,]'), { file: 'x' }), required.jsonValidateSync(new TextEncoder().encode('[1,]'), { file: 'x' }));
  const splitter = new browser.LineSplitter();
  assert.deepEqual(splitter.push(new TextEncoder().encode('a\r\nb')), { lines: 1, bytes: 3 });
  assert.deepEqual(splitter.finish(), { lines: 1, bytes: 1 });
  await assert.rejects(browser.__internal.__testFailure('data'), { name: 'KuzzleDumpError', code: 'JSON_SYNTAX', line: 3, column: 7 });
  // Classes: async methods and the busy rule in the browser facade too.
  const pipeline = new browser.Pipeline({ output: 'mwrite' });
  const pushing = pipeline.push(new TextEncoder().encode('{"type":"collection","index":"i","collection":"c"}\n{"_id":"a","body":{}}\n'));
  await assert.rejects(pipeline.finish(), { code: 'INVALID_STATE' });
  assert.deepEqual((await pushing).batches, []);
  const done = await pipeline.finish();
  assert.equal(new TextDecoder().decode(done.batches[0].body), '{"documents":[{"_id":"a","body":{}}]}');
  assert.deepEqual(browser.dumpOrderSync('kourou', ['i/c/documents.jsonl', 'i/c/mappings.json']), ['i/c/mappings.json', 'i/c/documents.jsonl']);
});

test('the types declare every public name: shared ones in core.d.ts, Node-only ones in node.d.ts', () => {
  const read = (f) => fs.readFileSync(path.join(root, 'js', f), 'utf8');
  const declared = (dts, name) => new RegExp(`export declare (function|class|const) ${name}\\b`).test(dts);
  const [core, node] = [read('core.d.ts'), read('node.d.ts')];
  for (const name of names(require('kuzzle-dump'))) {
    assert.ok(declared(NODE_API.includes(name) ? node : core, name), name);
    assert.ok(!declared(NODE_API.includes(name) ? core : node, name), `${name} is declared once`);
  }
});

test('every function and class method has an argument signature (js/arguments.mjs)', async () => {
  const { SIGNATURES } = await import('../../js/arguments.mjs');
  const functions = Object.keys(SIGNATURES.functions).sort();
  assert.deepEqual(functions, [...FUNCTIONS].sort());
  for (const [cls, methods] of Object.entries(CLASSES)) {
    const listed = Object.keys(SIGNATURES.classes[cls] ?? {}).filter((m) => m !== 'constructor');
    // A `fooSync` entry stands for `foo` too.
    const covered = new Set(listed.flatMap((m) => (m.endsWith('Sync') ? [m, m.slice(0, -4)] : [m])));
    assert.deepEqual([...covered].sort(), methods, cls);
  }
});

test('the argument signatures name the parameters the addon declares (node-binding/index.d.ts)', async () => {
  const { SIGNATURES } = await import('../../js/arguments.mjs');
  const dts = fs.readFileSync(path.join(root, 'node-binding/index.d.ts'), 'utf8');
  // Parameter names of a declaration's list, splitting on top-level commas only.
  const params = (list) => {
    const out = [];
    let depth = 0;
    let cur = '';
    for (const ch of list) {
      if ('<[({'.includes(ch)) depth++;
      if ('>])}'.includes(ch)) depth--;
      if (ch === ',' && depth === 0) {
        out.push(cur);
        cur = '';
      } else cur += ch;
    }
    out.push(cur);
    return out.map((p) => p.trim()).filter(Boolean).map((p) => p.split(/\??:/)[0].trim());
  };
  const names = (specs) => specs.map((s) => s.split(': ')[0]);
  for (const [name, specs] of Object.entries(SIGNATURES.functions)) {
    const m = dts.match(new RegExp(`export declare function ${name}Sync\\(([^\\n]*)\\):`));
    assert.ok(m, `${name}Sync is declared`);
    assert.deepEqual(names(specs), params(m[1]), name);
  }
  for (const [cls, methods] of Object.entries(SIGNATURES.classes)) {
    const body = dts.match(new RegExp(`export declare class ${cls} \\{([\\s\\S]*?)\\n\\}`));
    assert.ok(body, `class ${cls} is declared`);
    for (const [method, specs] of Object.entries(methods)) {
      const m = body[1].match(new RegExp(`\\n\\s*${method}\\(([^\\n]*)\\)`));
      assert.ok(m, `${cls}.${method} is declared`);
      assert.deepEqual(names(specs), params(m[1]), `${cls}.${method}`);
    }
  }
});
