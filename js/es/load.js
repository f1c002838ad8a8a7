'use strict';
// es:load: a multielasticdump / elasticdump folder (plain, gzip, split files; kuzzle-dump's own
// es:dump output included) or a Kourou es:migrate folder into an Elasticsearch / OpenSearch
// cluster. Order: the whole dump is validated by the core first (nothing is written when it has
// errors); then templates, indices (settings, analyzers, mappings, aliases at creation), then
// documents: the core turns hit lines into byte-bounded `_bulk` bodies, several in flight, with
// no refresh per batch (one at the end). Refused documents go to `<index>-errors.jsonl` and make
// the result not ok. `swap`: an index whose alias already exists is loaded into a fresh
// physical index, and every alias is moved in one atomic `_aliases` request.

const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const { Elasticsearch, seg } = require('../io/elasticsearch');
const { chunks, head, walk } = require('../io/files');
const { Limiter } = require('../kuzzle/limit');
const { sleep } = require('../io/http');
const { sendBatch } = require('../io/send-batch');
const { stripSettings, MANIFEST } = require('./dump');

const { kuzzleDumpError } = require('../util/errors');

const core = () => require('../index.js');

/** After a swap, how long searches on the old index get to end before it is deleted. */
const SWAP_GRACE_MS = 2000;
const ARTEFACTS = ['mapping', 'settings', 'analyzer', 'alias', 'template', 'index'];

function gunzipIf(buf) {
  return buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b ? zlib.gunzipSync(buf) : buf;
}

/** Reads a file's chunks, gunzipped when it starts with the gzip magic (any number of members). */
async function* plainChunks(file) {
  const first = await head(file, 2);
  if (!(first.length === 2 && first[0] === 0x1f && first[1] === 0x8b)) {
    yield* chunks(file);
    return;
  }
  const gunzip = zlib.createGunzip({ chunkSize: 1 << 20 });
  const src = fs.createReadStream(file, { highWaterMark: 8 << 20 });
  src.on('error', (e) => gunzip.destroy(e));
  src.pipe(gunzip);
  let pending = [];
  let size = 0;
  for await (const c of gunzip) {
    pending.push(c);
    size += c.length;
    if (size >= 8 << 20) {
      yield Buffer.concat(pending);
      pending = [];
      size = 0;
    }
  }
  if (size) yield Buffer.concat(pending);
}

/** The first JSON line of a (possibly gzip) small-ish file, parsed, or undefined. */
async function firstValue(file) {
  let buf = await head(file, 1 << 20);
  try {
    buf = buf[0] === 0x1f && buf[1] === 0x8b ? zlib.gunzipSync(buf, { finishFlush: zlib.constants.Z_SYNC_FLUSH }) : buf;
  } catch { return undefined; }
  const line = buf.toString('utf8').replace(/^\uFEFF/, '').split('\n').find((l) => l.trim());
  try { return JSON.parse(line); } catch { return undefined; }
}

/**
 * What a top-level file of the dump is: `{index, kind, part}` with kind `data`, `specs` or an
 * artefact (mapping, settings, …), or null (not part of an ES-level dump).
 */
async function classify(root, name) {
  if (name === MANIFEST || name.endsWith('-errors.jsonl') || name.includes('/')) return null;
  const split = /^(.+?)(?:\.json)?\.split-(\d+)\.(?:json|gz)(?:\.gz)?$/.exec(name);
  if (split) return { index: split[1], kind: 'data', part: Number(split[2]) };
  const base = name.replace(/\.gz$/, '');
  if (base.endsWith('.specs.json')) return { index: base.slice(0, -'.specs.json'.length), kind: 'specs', part: 0 };
  if (!base.endsWith('.json')) return null;
  const stem = base.slice(0, -'.json'.length);
  const m = new RegExp(`^(.+)\\.(${ARTEFACTS.join('|')})$`).exec(stem);
  if (m) {
    // `&shop.settings.json` may be the data of collection `settings`: decide by content.
    const v = await firstValue(path.join(root, name));
    if (v && typeof v === 'object' && '_source' in v) return { index: v._index ?? stem, kind: 'data', part: 0 };
    return { index: m[1], kind: m[2], part: 0 };
  }
  return { index: stem, kind: 'data', part: 0 };
}

/** Reads a small definition file: double-encoded ones decoded; entries keyed by index name. */
function readArtefact(file, kind) {
  const text = gunzipIf(fs.readFileSync(file)).toString('utf8').replace(/^\uFEFF/, '').trim();
  if (!text) return {};
  let v;
  try {
    v = JSON.parse(text);
    if (typeof v === 'string') v = JSON.parse(v);
  } catch (e) {
    throw kuzzleDumpError('ELASTICDUMP_INVALID', `${path.basename(file)}: not a valid ${kind} file: ${e.message}`);
  }
  return v && typeof v === 'object' ? v : {};
}

/** Groups the dump's files by index, and reads every definition. */
async function plan(root, { match }) {
  const names = (await walk(root)).filter((p) => !p.includes('/')).sort();
  const indices = new Map();
  const templates = {};
  const get = (name) => {
    if (!indices.has(name)) indices.set(name, { name, data: [], settings: undefined, mappings: undefined, aliases: undefined });
    return indices.get(name);
  };
  for (const n of names) {
    const c = await classify(root, n);
    if (!c) continue;
    const file = path.join(root, n);
    if (c.kind === 'data') {
      get(c.index).data.push({ file, rel: n, part: c.part });
      continue;
    }
    if (c.kind === 'specs') {
      const s = readArtefact(file, 'specs');
      const ix = get(c.index);
      ix.settings = { [c.index]: { settings: s.settings ?? {} } };
      ix.mappings = s.mappings;
      ix.aliases = s.aliases;
      continue;
    }
    const doc = readArtefact(file, c.kind);
    if (c.kind === 'template') {
      Object.assign(templates, doc);
      continue;
    }
    for (const [name, entry] of Object.entries(doc)) {
      if (!entry || Object.keys(entry).length === 0) continue; // elasticdump's URL-encoded duplicate
      const ix = get(name);
      if ((c.kind === 'settings' || c.kind === 'analyzer' || c.kind === 'index') && entry.settings) {
        ix.settings = ix.settings ?? { [name]: { settings: {} } };
        mergeDeep(ix.settings[name].settings, entry.settings);
      }
      if ((c.kind === 'mapping' || c.kind === 'index') && entry.mappings) ix.mappings = entry.mappings;
      if ((c.kind === 'alias' || c.kind === 'index') && entry.aliases) ix.aliases = entry.aliases;
    }
  }
  const re = match ? new RegExp(match, 'i') : null;
  const selected = [...indices.values()].filter((ix) => !re || [ix.name, ...Object.keys(ix.aliases ?? {})].some((n) => re.test(n)));
  for (const ix of selected) {
    ix.data.sort((a, b) => a.part - b.part);
    if (ix.settings) {
      stripSettings(ix.settings);
      const index = ix.settings[ix.name].settings.index;
      if (index) { delete index.routing; delete index.history; }
    }
  }
  return { indices: selected.sort((a, b) => (a.name < b.name ? -1 : 1)), templates };
}

function mergeDeep(into, from) {
  for (const [k, v] of Object.entries(from)) {
    if (v && typeof v === 'object' && !Array.isArray(v) && into[k] && typeof into[k] === 'object') mergeDeep(into[k], v);
    else into[k] = v;
  }
}

/** The whole dump through the core's checks (nothing is sent): the DumpReader report. */
async function preflight(root, format) {
  const paths = (await walk(root)).filter((p) => !p.includes('/') && p !== MANIFEST && !p.endsWith('-errors.jsonl'));
  const reader = new (core().DumpReader)({ format, threads: core().backend === 'native' ? 2 : 1, maxRequestBytes: 100 << 20 });
  for (const p of await core().dumpOrder(format, paths)) {
    reader.beginFile(p);
    for await (const c of chunks(path.join(root, p))) await reader.push(c);
    reader.endFile();
  }
  return reader.finish();
}

/** Names an index or alias holds on the target: {exists, indices behind it}. */
async function existing(es, name, signal) {
  const res = await es.call('GET', `/${seg(name)}/_alias`, { allow: [404], signal });
  if (res.status === 404) return [];
  return Object.keys(JSON.parse(res.body.toString('utf8')));
}

/** A physical index name not taken on the target: `<base>.<n>` as Kuzzle makes them. */
async function freshName(es, base, signal) {
  for (let i = 0; i < 50; i++) {
    const name = `${base}.${Math.floor(Math.random() * 100000)}`;
    if (!(await es.exists(name, signal))) return name;
  }
  throw kuzzleDumpError('IO_ERROR', `no free index name for ${base}`);
}

/**
 * Loads a dump folder into a cluster.
 * @param {import('../index').EsLoadOptions} opts
 * @returns {Promise<import('../index').EsLoadReport>}
 */
async function esLoad(opts) {
  const { input, output, match, ifExists = 'fail', swap = false, keepOld = false, concurrency = 4, batchBytes = 8 << 20, batchDocuments = 5000, onProgress, signal, log } = opts;
  if (!input || !output) throw kuzzleDumpError('INVALID_OPTIONS', 'input (a dump folder) and output (the cluster URL) are required');
  if (!['fail', 'skip', 'replace'].includes(ifExists)) throw kuzzleDumpError('INVALID_OPTIONS', `ifExists must be fail, skip or replace, not ${JSON.stringify(ifExists)}`);
  if (keepOld && !swap) throw kuzzleDumpError('INVALID_OPTIONS', 'keepOld needs swap');
  const st = fs.statSync(input);
  if (!st.isDirectory()) throw kuzzleDumpError('INVALID_OPTIONS', `${input} is not a folder`);
  const tops = (await walk(input)).filter((p) => !p.includes('/'));
  const heads = {};
  for (const p of tops) heads[p] = await head(path.join(input, p), 4096);
  const format = await core().detectFormat(tops, heads);
  if (format === 'kourou') throw kuzzleDumpError('INVALID_OPTIONS', `${input} is not an Elasticsearch-level dump (elasticdump, multielasticdump or es:migrate): use import`);

  // 1. Pre-flight: the whole dump, before the first write.
  const report = { ok: true, format, indices: {}, documents: 0, errors: 0, created: [], skipped: [], replaced: [], swapped: [], templates: [], errorFiles: [], findings: [] };
  const check = await preflight(input, format);
  report.findings = check.findings;
  if (!check.ok) {
    report.ok = false;
    report.errors = check.errors;
    report.aborted = 'the dump has errors: nothing was written';
    return report;
  }
  const { indices, templates } = await plan(input, { match });

  const es = new Elasticsearch(output, { concurrency, onRetry: opts.onRetry });
  try {
    // 2. What exists on the target, decided for every index before writing anything.
    const conflicts = [];
    for (const ix of indices) {
      const aliasNames = Object.keys(ix.aliases ?? {});
      const behind = new Set(await existing(es, ix.name, signal));
      for (const a of aliasNames) for (const i of await existing(es, a, signal)) behind.add(i);
      ix.existing = [...behind];
      ix.action = 'create';
      if (ix.existing.length === 0) continue;
      if (swap && aliasNames.length > 0) ix.action = 'swap';
      else if (ifExists === 'skip') ix.action = 'skip';
      else if (ifExists === 'replace') ix.action = 'replace';
      else conflicts.push(`${ix.name} (${ix.existing.join(', ')})`);
    }
    if (conflicts.length) {
      throw kuzzleDumpError('INDEX_EXISTS', `already on ${es.url}: ${conflicts.join('; ')}. Nothing was written: use --if-exists skip or replace, or --swap`);
    }

    // 3. Templates (an existing one is kept unless replace).
    for (const [name, body] of Object.entries(templates)) {
      const there = (await es.call('HEAD', `/_template/${seg(name)}`, { allow: [404], signal })).status === 200;
      if (there && ifExists !== 'replace') continue;
      await es.call('PUT', `/_template/${seg(name)}`, { body, signal });
      report.templates.push(name);
    }

    // 4. Indices, then documents.
    const limiter = new Limiter(concurrency);
    const totals = { documents: 0, errors: 0 };
    const loaded = [];
    for (const ix of indices) {
      if (ix.action === 'skip') {
        report.skipped.push(ix.name);
        continue;
      }
      if (ix.action === 'replace') {
        for (const old of ix.existing) await es.call('DELETE', `/${seg(old)}`, { allow: [404], signal });
        report.replaced.push(ix.name);
      }
      const target = ix.action === 'swap' ? await freshName(es, Object.keys(ix.aliases)[0].replace(/^@/, ''), signal) : ix.name;
      const settings = structuredClone(ix.settings?.[ix.name]?.settings ?? {});
      settings.index ??= {};
      const refreshInterval = settings.index.refresh_interval ?? null;
      settings.index.refresh_interval = '-1'; // no refresh while loading; restored at the end
      const body = { settings };
      if (ix.mappings) body.mappings = ix.mappings;
      if (ix.aliases && ix.action !== 'swap') body.aliases = ix.aliases;
      await es.call('PUT', `/${seg(target)}`, { body, signal });
      if (ix.action !== 'swap') report.created.push(target);
      ix.target = target;
      loaded.push({ ix, target, refreshInterval });
      const stats = { documents: 0, errors: 0, errorsFile: path.join(input, `${ix.name}-errors.jsonl`) };
      report.indices[ix.name] = stats;
      fs.rmSync(stats.errorsFile, { force: true });
      for (const d of ix.data) {
        await loadFile(es, d, target, stats, { limiter, batchBytes, batchDocuments, signal, onBatch: (n, e) => {
          totals.documents += n;
          totals.errors += e;
          onProgress?.({ phase: 'load', index: ix.name, documents: totals.documents, errors: totals.errors });
        } });
      }
    }
    await limiter.idle();

    // 5. One refresh, settings back, then the atomic alias swap.
    if (loaded.length) {
      for (const l of loaded) {
        await es.call('PUT', `/${seg(l.target)}/_settings`, { body: { index: { refresh_interval: l.refreshInterval } }, signal });
      }
      await es.call('POST', `/${loaded.map((l) => seg(l.target)).join(',')}/_refresh`, { signal });
    }
    const swaps = loaded.filter((l) => l.ix.action === 'swap');
    if (swaps.length) {
      const actions = [];
      for (const { ix, target } of swaps) {
        for (const [alias, def] of Object.entries(ix.aliases)) actions.push({ add: { ...def, index: target, alias } });
        // Aliases only: `remove_index` in the same request would fail the searches still
        // running on the old index; it is deleted once they had time to end.
        for (const old of ix.existing) for (const alias of Object.keys(ix.aliases)) actions.push({ remove: { index: old, alias, must_exist: false } });
        report.swapped.push({ index: ix.name, target, old: ix.existing, kept: keepOld });
      }
      await es.call('POST', '/_aliases', { body: { actions }, signal });
      if (!keepOld) {
        await sleep(SWAP_GRACE_MS, signal);
        for (const { ix } of swaps) for (const old of ix.existing) await es.call('DELETE', `/${seg(old)}`, { allow: [404], signal });
      }
    }

    for (const [name, s] of Object.entries(report.indices)) {
      report.documents += s.documents;
      report.errors += s.errors;
      if (s.errors) report.errorFiles.push(s.errorsFile);
      else delete s.errorsFile;
      void name;
    }
    report.ok = report.errors === 0;

    // 6. Kuzzle's index cache, so restored collections are usable without a restart.
    if (opts.kuzzle) report.kuzzle = await refreshKuzzle(opts.kuzzle, { log });
    return report;
  } finally {
    es.close();
  }
}

/** Sends one data file through the core's `_bulk` batches. */
async function loadFile(es, d, target, stats, { limiter, batchBytes, batchDocuments, signal, onBatch }) {
  const label = d.rel;
  const pipeline = new (core().Pipeline)({
    file: label, input: 'hits', output: 'bulk', esIndex: target, batchBytes, batchDocuments,
    maxRequestBytes: Math.max(batchBytes, 100 << 20), duplicates: false, threads: core().backend === 'native' ? 2 : 1,
  });
  const append = (bytes) => { if (bytes.length) fs.appendFileSync(stats.errorsFile, bytes); };
  const send = (batch) => sendBatch('bulk', batch, {
    post: (body) => es.call('POST', '/_bulk', { body, ndjson: true, allow: [413], signal }),
    settle: (written, refused, errorLines) => {
      stats.documents += written;
      stats.errors += refused;
      onBatch(written, refused);
      append(errorLines);
    },
    signal,
    server: 'cluster',
  });
  const dispatch = async (batches) => {
    for (const b of batches) await limiter.run(() => send(b));
  };
  for await (const chunk of plainChunks(d.file)) {
    const { batches } = await pipeline.push(chunk);
    await dispatch(batches);
  }
  const { batches } = await pipeline.finish();
  await dispatch(batches);
}

/** `admin:refreshIndexCache` on the Kuzzle at `url` (credentials in the URL: a login first). */
async function refreshKuzzle(url, { log } = {}) {
  const { Kuzzle } = require('../io/kuzzle');
  const u = new URL(url);
  const k = new Kuzzle({
    host: u.hostname, port: Number(u.port || (u.protocol === 'https:' ? 443 : 7512)), ssl: u.protocol === 'https:',
    username: u.username ? decodeURIComponent(u.username) : 'anonymous', password: u.password ? decodeURIComponent(u.password) : undefined,
  });
  try {
    if (k.opts.username !== 'anonymous') await k.login();
    await k.call('POST', '/admin/_refreshIndexCache');
    log?.ok(`Kuzzle ${k.url}: index cache refreshed`);
    return { refreshed: true, url: k.url };
  } finally {
    k.close();
  }
}

module.exports = { esLoad, plan, classify, refreshKuzzle };
