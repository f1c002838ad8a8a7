'use strict';
// The Kuzzle side of require('kuzzle-dump'): export, import, dump, restore and verify as
// promises. Each call connects (Kourou's options and KUZZLE_* variables), runs, and closes;
// `onProgress` gets small objects, `signal` (AbortSignal) stops the run between requests.
// Types: js/node.d.ts (KuzzleConnection, …).

const fs = require('node:fs');
const path = require('node:path');
const { Kuzzle, connectionOptions } = require('./io/kuzzle');
const exp = require('./kuzzle/export');
const imp = require('./kuzzle/import');
const dumps = require('./kuzzle/dump');
const { kuzzleDumpError } = require('./util/errors');
const { safeJoin } = require('./io/files');

async function withKuzzle(opts = {}, fn) {
  const { host, port, ssl, username, password, apiKey, concurrency } = opts;
  const k = new Kuzzle({ ...connectionOptions({ host, port, ssl, username, password, 'api-key': apiKey }), concurrency: concurrency ?? 4 });
  try {
    opts.signal?.throwIfAborted();
    await k.connect();
    return await fn(k);
  } finally {
    k.close();
  }
}

/** Exports one collection to `<path>/<index>/<collection>/`. */
function exportCollection(index, collection, opts = {}) {
  if (!index || !collection) return Promise.reject(kuzzleDumpError('INVALID_OPTIONS', 'exportCollection(index, collection, opts): index and collection are required'));
  return withKuzzle(opts, (k) => exp.exportCollection(k, {
    index, collection, root: opts.path ?? '.', format: opts.format, type: opts.type, batchSize: opts.batchSize,
    scrollTTL: opts.scrollTTL, query: opts.query, fields: opts.fields, onProgress: opts.onProgress, signal: opts.signal,
  }));
}

/** Exports every collection of an index. */
function exportIndex(index, opts = {}) {
  if (!index) return Promise.reject(kuzzleDumpError('INVALID_OPTIONS', 'exportIndex(index, opts): index is required'));
  return withKuzzle(opts, async (k) => {
    const collections = [];
    fs.mkdirSync(safeJoin(opts.path ?? '.', index), { recursive: true });
    for (const collection of await exp.listCollections(k, index)) {
      opts.signal?.throwIfAborted();
      const r = await exp.exportCollection(k, {
        index, collection, root: opts.path ?? '.', format: opts.format, type: opts.type, batchSize: opts.batchSize,
        onProgress: opts.onProgress && ((p) => opts.onProgress({ collection, ...p })), signal: opts.signal,
      });
      collections.push({ collection, ...r });
    }
    return { index, collections, documents: collections.reduce((n, c) => n + c.documents, 0) };
  });
}

async function importDir(k, dir, opts) {
  const mappingsFile = path.join(dir, 'mappings.json');
  let mapping;
  if (fs.existsSync(mappingsFile)) {
    const parsed = require('./index.js').parseMappingsFileSync(fs.readFileSync(mappingsFile), [path.basename(path.dirname(dir)), path.basename(dir)]);
    const entry = parsed.collections[0];
    if (entry) {
      entry.index = opts.index ?? entry.index;
      entry.collection = opts.collection ?? entry.collection;
      mapping = entry.mappings;
      if (opts.mappings !== false) await imp.importMappings(k, entry);
    }
  }
  const file = path.join(dir, 'documents.jsonl');
  if (!fs.existsSync(file)) return { documents: 0, written: 0, errors: 0 };
  const header = await imp.readHeader(file);
  const index = opts.index ?? header?.index;
  const collection = opts.collection ?? header?.collection;
  if (index && collection) mapping ??= await imp.ensureCollection(k, index, collection);
  if (opts.validate !== false) {
    const report = await imp.validateFile(file, { label: file, mapping, maxRequestBytes: k.limits.maxRequestSize - 1024 });
    if (!report.ok) {
      const f = report.findings.find((x) => x.severity === 'error');
      throw Object.assign(new Error(`${f?.file ?? file}:${f?.line ?? 0}:${f?.column ?? 0} ${f?.code} ${f?.message} (${report.errors} errors; nothing was imported)`), { name: 'KuzzleDumpError', code: f?.code ?? 'VALIDATION_FAILED', report });
    }
  }
  return imp.importDocuments(k, file, {
    index, collection, label: file, batchSize: opts.batchSize, concurrency: opts.concurrency, resume: opts.resume,
    onProgress: opts.onProgress, signal: opts.signal,
  });
}

/** Imports a Kourou collection folder (mappings.json, documents.jsonl). */
function importCollection(dir, opts = {}) {
  if (!dir) return Promise.reject(kuzzleDumpError('INVALID_OPTIONS', 'importCollection(dir, opts): dir is required'));
  return withKuzzle(opts, (k) => importDir(k, dir, opts));
}

/** Imports a Kourou index folder (one sub-folder per collection). */
function importIndex(dir, opts = {}) {
  if (!dir) return Promise.reject(kuzzleDumpError('INVALID_OPTIONS', 'importIndex(dir, opts): dir is required'));
  return withKuzzle(opts, async (k) => {
    const collections = [];
    for (const d of fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort()) {
      opts.signal?.throwIfAborted();
      const r = await importDir(k, path.join(dir, d), { ...opts, collection: undefined, onProgress: opts.onProgress && ((p) => opts.onProgress({ collection: d, ...p })) });
      collections.push({ collection: d, ...r });
    }
    return { collections, written: collections.reduce((n, c) => n + (c.written ?? 0), 0), errors: collections.reduce((n, c) => n + (c.errors ?? 0), 0) };
  });
}

/** Dumps everything the API reaches to `dir`, with a manifest. */
function dump(dir, opts = {}) {
  return withKuzzle(opts, (k) => dumps.dump(k, dir, opts));
}

/** Restores a dump (checked first). */
function restore(dir, opts = {}) {
  return withKuzzle(opts, (k) => dumps.restore(k, dir, opts));
}

/** Compares a dump with the live data. */
function verify(dir, opts = {}) {
  return withKuzzle(opts, (k) => dumps.verify(k, dir, opts));
}

module.exports = { exportCollection, exportIndex, importCollection, importIndex, dump, restore, verify };
