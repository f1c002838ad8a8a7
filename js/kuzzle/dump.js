'use strict';
// dump / restore / verify: everything the Kuzzle API reaches, in Kourou's layout, plus a
// manifest (counts and SHA-256 per file). Documents stay bytes: export pages and dump files go
// to the core, which writes lines or per-document digests (core/src/digest.rs).

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { exportCollection, listCollections } = require('./export');
const { exportSecurity, exportUsersMappings, importSecurity } = require('./security');
const { importDocuments, importMappings, ensureCollection, validateFile } = require('./import');
const { chunks, walk, safeJoin, writeFileAtomic } = require('../io/files');

const { kuzzleDumpError } = require('../util/errors');

const core = () => require('../index.js');
const MANIFEST = 'kuzzle-dump.manifest'; // not *.json: dump readers take those for data (elasticdump does too)
const SECURITY = ['roles', 'profiles', 'users'];

/** Every index the API lists (internal ones are not reachable through the API). */
async function listIndexes(k) {
  const r = await k.api('GET', '/_list');
  return r?.indexes ?? [];
}

async function sha256(file) {
  const h = crypto.createHash('sha256');
  for await (const c of chunks(file)) h.update(c);
  return h.digest('hex');
}

/**
 * Dumps everything to `dir`: `<index>/<collection>/{mappings.json,documents.jsonl}`,
 * roles/, profiles/, users/ (with users-collection-mappings.json), specifications/, kuzzle-dump.manifest.
 * @returns {Promise<object>} the manifest
 */
async function dump(k, dir, { batchSize = 2000, onProgress, signal, log } = {}) {
  fs.mkdirSync(dir, { recursive: true });
  const started = Date.now();
  const collections = [];
  let documents = 0;
  for (const index of await listIndexes(k)) {
    fs.mkdirSync(safeJoin(dir, index), { recursive: true });
    for (const collection of await listCollections(k, index)) {
      signal?.throwIfAborted();
      const r = await exportCollection(k, {
        index, collection, root: dir, batchSize, signal,
        onProgress: (p) => onProgress?.({ stage: 'documents', index, collection, ...p, done: documents + p.documents }),
      });
      documents += r.documents;
      collections.push({ index, collection, documents: r.documents });
      log?.ok(`Collection ${index}:${collection} dumped (${r.documents} documents)`);
    }
  }
  const security = {};
  for (const kind of SECURITY) {
    signal?.throwIfAborted();
    const r = await exportSecurity(k, kind, path.join(dir, kind));
    security[kind] = r.entries;
    log?.ok(`${r.entries} ${kind} dumped`);
  }
  await exportUsersMappings(k, path.join(dir, 'users'));
  const specs = await exportSecurity(k, 'specifications', path.join(dir, 'specifications'));
  security.specifications = specs.entries;
  log?.ok(`${specs.entries} specifications dumped`);
  const files = [];
  for (const rel of (await walk(dir)).filter((f) => f !== MANIFEST).sort()) {
    const file = path.join(dir, rel);
    files.push({ path: rel.split(path.sep).join('/'), bytes: fs.statSync(file).size, sha256: await sha256(file) });
  }
  const manifest = {
    type: 'kuzzle-dump-manifest',
    version: 1,
    layout: 'kourou',
    created: new Date().toISOString(),
    source: { url: k.url, kuzzle: k.version },
    seconds: (Date.now() - started) / 1000,
    documents,
    collections,
    security,
    files,
  };
  await writeFileAtomic(path.join(dir, MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

/** Reads and checks `dir/kuzzle-dump.manifest`. */
function readManifest(dir) {
  const file = path.join(dir, MANIFEST);
  let text;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw kuzzleDumpError('IO_ERROR', `${file}: ${e.code === 'ENOENT' ? 'no manifest (is this a kuzzle-dump dump folder?)' : e.message}`);
  }
  let m;
  try {
    m = JSON.parse(text);
  } catch (e) {
    throw kuzzleDumpError('JSON_SYNTAX', `${file}: ${e.message}`);
  }
  if (m?.type === 'kuzzle-dump-manifest' && m.layout === 'multielasticdump') {
    throw kuzzleDumpError('MANIFEST_INVALID', `${file}: an Elasticsearch-level dump (es:dump): restore it with es:load`);
  }
  if (m?.type !== 'kuzzle-dump-manifest' || !Array.isArray(m.files) || !Array.isArray(m.collections)) {
    throw kuzzleDumpError('MANIFEST_INVALID', `${file}: not a kuzzle-dump manifest`);
  }
  return m;
}

/** Files whose size or SHA-256 differ from the manifest: [{path, problem}]. */
async function checkFiles(dir, manifest) {
  const problems = [];
  for (const f of manifest.files) {
    const file = safeJoin(dir, f.path);
    if (!fs.existsSync(file)) problems.push({ path: f.path, problem: 'missing' });
    else if (fs.statSync(file).size !== f.bytes || (await sha256(file)) !== f.sha256) problems.push({ path: f.path, problem: 'SHA-256 differs from the manifest' });
  }
  return problems;
}

/**
 * Restores a dump: checks every file (manifest SHA-256, then each documents file against its
 * mapping) before the first write; then collections, specifications, documents, roles,
 * profiles, the users mapping, users.
 * @returns {Promise<{documents: number, errors: number, failed: Array<{what: string, message: string}>}>}
 */
async function restore(k, dir, { batchSize = 500, concurrency = 4, validate = true, resume = false, onProgress, signal, log } = {}) {
  const manifest = readManifest(dir);
  const bad = await checkFiles(dir, manifest);
  if (bad.length) throw kuzzleDumpError('MANIFEST_MISMATCH', `${dir}: ${bad.map((b) => `${b.path} ${b.problem}`).join('; ')}; nothing was restored`);
  const entries = [];
  for (const c of manifest.collections) {
    const cdir = safeJoin(dir, `${c.index}/${c.collection}`);
    const parsed = core().parseMappingsFileSync(fs.readFileSync(path.join(cdir, 'mappings.json')), [c.index, c.collection]);
    entries.push({ ...c, entry: parsed.collections[0], file: path.join(cdir, 'documents.jsonl') });
  }
  if (validate) {
    let errors = 0;
    for (const e of entries) {
      if (!fs.existsSync(e.file)) continue;
      const report = await validateFile(e.file, { label: path.relative(process.cwd(), e.file), mapping: e.entry?.mappings, maxRequestBytes: k.limits.maxRequestSize - 1024 });
      for (const f of report.findings) log?.[f.severity === 'error' ? 'error' : 'warn'](`${f.file}:${f.line}:${f.column ?? 0} ${f.code} ${f.message}`);
      errors += report.errors;
    }
    if (errors) throw kuzzleDumpError('VALIDATION_FAILED', `${dir}: ${errors} errors in the documents; nothing was restored`);
  }
  const result = { documents: 0, errors: 0, failed: [] };
  const security = async (kind, rel, opts = {}) => {
    const file = path.join(dir, rel);
    if (!fs.existsSync(file)) return;
    const r = await importSecurity(k, fs.readFileSync(file), { label: rel, preserveAnonymous: true, ...opts });
    for (const f of r.failed) {
      // Users that already exist (admin, on a live server) are left as they are, like Kourou.
      if (kind === 'users' && /already exists/i.test(f.message)) log?.warn(`user ${f.id} already exists: left as it is`);
      else result.failed.push({ what: `${kind} ${f.id}`, message: f.message });
    }
    log?.ok(`${r.imported} ${kind} restored`);
  };
  for (const e of entries) {
    if (e.entry) await importMappings(k, e.entry);
    else await ensureCollection(k, e.index, e.collection);
  }
  await security('specifications', 'specifications/specifications.json');
  for (const e of entries) {
    signal?.throwIfAborted();
    if (!fs.existsSync(e.file)) continue;
    const r = await importDocuments(k, e.file, {
      index: e.index, collection: e.collection, label: path.relative(process.cwd(), e.file), batchSize, concurrency, resume, signal,
      onProgress: (p) => onProgress?.({ stage: 'documents', index: e.index, collection: e.collection, ...p, done: result.documents + p.documents }),
    });
    result.documents += r.written;
    result.errors += r.errors;
    if (r.errors) result.failed.push({ what: `${e.index}:${e.collection}`, message: `${r.errors} documents refused; see ${r.errorsFile}` });
    log?.ok(`Collection ${e.index}:${e.collection}: ${r.written} documents restored`);
  }
  await security('roles', 'roles/roles.json');
  await security('profiles', 'profiles/profiles.json');
  await security('usersMappings', 'users/users-collection-mappings.json');
  await security('users', 'users/users.json');
  return result;
}

/** Digest records of a documents file, chunk by chunk (lines split across chunks carried over). */
async function fileDigests(file, label) {
  const parts = [];
  let tail = Buffer.alloc(0);
  let line = 1;
  let documents = 0;
  for await (const chunk of chunks(file)) {
    const buf = tail.length ? Buffer.concat([tail, chunk]) : chunk;
    const r = await core().digestLines(buf, { firstLine: line, file: label });
    parts.push(r.digests);
    documents += r.documents;
    line += r.lines;
    tail = Buffer.from(buf.subarray(r.consumed));
  }
  const r = await core().digestLines(tail, { firstLine: line, file: label, last: true });
  parts.push(r.digests);
  documents += r.documents;
  return { digests: Buffer.concat(parts), documents };
}

/** Digest records of a live collection (search + scroll, pages fetched one ahead). */
async function liveDigests(k, index, collection, { batchSize = 2000, signal } = {}) {
  const base = `/${encodeURIComponent(index)}/${encodeURIComponent(collection)}`;
  const size = Math.min(batchSize, k.limits.documentsFetchCount);
  const parts = [];
  let next = k.call('POST', `${base}/_search`, { query: { scroll: '30s', size }, body: {}, signal });
  let total = 0;
  for (;;) {
    const res = await next;
    const { digests, page } = await core().digestKuzzlePage(res.body);
    total = page.total ?? total;
    const more = page.hits > 0 && page.scrollId && page.remaining > 0;
    if (more) next = k.call('GET', `/_scroll/${encodeURIComponent(page.scrollId)}`, { query: { scroll: '30s' }, signal });
    parts.push(digests);
    if (!more) break;
  }
  return { digests: Buffer.concat(parts), total };
}

/**
 * Compares a dump with the live data: per collection, the mappings file, counts and
 * per-document digests; live
 * collections absent from the dump are differences too. Every difference is listed (ids up to
 * `limit` per kind and collection, all counted).
 * @returns {Promise<{ok: boolean, collections: object[], differences: number}>}
 */
async function verify(k, dir, { limit = 1000, onProgress, signal } = {}) {
  const manifest = readManifest(dir);
  const files = await checkFiles(dir, manifest);
  const out = { ok: true, differences: 0, files, collections: [] };
  if (files.length) {
    out.ok = false;
    out.differences += files.length;
  }
  const inDump = new Set(manifest.collections.map((c) => `${c.index}\u0000${c.collection}`));
  for (const c of manifest.collections) {
    signal?.throwIfAborted();
    const file = safeJoin(dir, `${c.index}/${c.collection}/documents.jsonl`);
    const base = `/${encodeURIComponent(c.index)}/${encodeURIComponent(c.collection)}`;
    const exists = await k.api('GET', `${base}/_exists`).catch(() => false);
    const dumped = fs.existsSync(file) ? await fileDigests(file, path.relative(process.cwd(), file)) : { digests: Buffer.alloc(0), documents: 0 };
    const live = exists ? await liveDigests(k, c.index, c.collection, { signal }) : { digests: Buffer.alloc(0), total: 0 };
    const diff = await core().compareDigests(dumped.digests, live.digests, { limit });
    const entry = { index: c.index, collection: c.collection, exists, ...diff };
    if (!exists) entry.ok = false;
    // The mapping and settings, as dump would write them now, against the dumped mappings.json.
    const mappingsFile = path.join(path.dirname(file), 'mappings.json');
    if (exists && fs.existsSync(mappingsFile)) {
      const mapping = await k.call('GET', `${base}/_mapping`);
      const settings = await k.call('GET', `${base}/_settings`).catch(() => null);
      entry.mappingsDiffer = !Buffer.from(core().mappingsFileSync(c.index, c.collection, mapping.body, settings?.body)).equals(fs.readFileSync(mappingsFile));
      if (entry.mappingsDiffer) entry.ok = false;
    }
    const n = diff.changedCount + diff.missingCount + diff.extraCount + diff.duplicateCount + (exists ? 0 : 1) + (entry.mappingsDiffer ? 1 : 0);
    out.differences += n;
    if (!entry.ok) out.ok = false;
    out.collections.push(entry);
    onProgress?.({ stage: 'verify', index: c.index, collection: c.collection, documents: diff.actual });
  }
  for (const index of await listIndexes(k)) {
    for (const collection of await listCollections(k, index)) {
      if (inDump.has(`${index}\u0000${collection}`)) continue;
      const live = await liveDigests(k, index, collection, { signal });
      const diff = await core().compareDigests(Buffer.alloc(0), live.digests, { limit });
      out.collections.push({ index, collection, notInDump: true, ...diff, ok: false });
      out.differences += 1 + diff.extraCount;
      out.ok = false;
    }
  }
  return out;
}

module.exports = { dump, restore, verify, readManifest, checkFiles, listIndexes, fileDigests, liveDigests, MANIFEST };
