'use strict';
// es:dump: every selected index of an Elasticsearch / OpenSearch cluster to multielasticdump's
// files (formats.md §4): `<index>.json` (raw hits), `.mapping.json`, `.settings.json`,
// `.analyzer.json`, `.alias.json`, `.template.json`, plus kuzzle-dump.manifest (counts,
// SHA-256 of every file, source version). Data is read by sliced scrolls in parallel; each
// search page goes to the core (esPage), which returns the page's lines as bytes.

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const { promisify } = require('node:util');
const { Elasticsearch, seg } = require('../io/elasticsearch');
const { AtomicFile, writeFileAtomic, safeJoin } = require('../io/files');
const { Limiter } = require('../kuzzle/limit');

const { kuzzleDumpError } = require('../util/errors');

const core = () => require('../index.js');
const gzip = promisify(zlib.gzip);

// Not `*.json`: elasticdump folder readers (ours, multielasticdump) take every `.json` for an index.
const MANIFEST = 'kuzzle-dump.manifest';
const TYPES = ['data', 'mapping', 'settings', 'analyzer', 'alias', 'template'];
const DEFAULT_TYPES = ['data', 'mapping', 'settings', 'alias', 'template'];
/** Templates elasticdump leaves out by default (its --templateRegex). */
const SKIPPED_TEMPLATES = /^(metrics|logs|.+_audit_log|.+-index-template|\..+)$/;
/** Settings that belong to one physical index, removed at dump (and again at load). */
const PER_INDEX_SETTINGS = ['version', 'creation_date', 'uuid', 'provided_name', 'resize'];

/**
 * Whether an index's documents are secrets: Kuzzle's users, API-key fingerprints and
 * configuration (the JWT seed), and plugin storage (passport-local password hashes).
 */
function isSecretIndex(name, internalIndex = 'kuzzle') {
  if (name.startsWith('%plugin-')) return true;
  const p = `%${internalIndex}.`;
  return name.startsWith(p) && ['users', 'api-keys', 'config'].includes(name.slice(p.length));
}

/** Settings without what belongs to one physical index. */
function stripSettings(doc) {
  for (const entry of Object.values(doc)) {
    const index = entry?.settings?.index;
    if (!index) continue;
    for (const k of PER_INDEX_SETTINGS) delete index[k];
    if (index.routing?.allocation?.initial_recovery) {
      delete index.routing.allocation.initial_recovery;
      if (Object.keys(index.routing.allocation).length === 0) delete index.routing.allocation;
      if (Object.keys(index.routing).length === 0) delete index.routing;
    }
  }
  return doc;
}

/** A double-encoded file (a JSON string literal holding compact JSON) + EOL. */
function doubleEncoded(text) {
  return Buffer.from(`${JSON.stringify(text)}\n`);
}

/** The indices to dump: a name or an alias matches `match` (default: Kuzzle's `&` and `%` indices). */
function selectIndices(aliases, match) {
  const re = match ? new RegExp(match, 'i') : null;
  const out = [];
  for (const [name, entry] of Object.entries(aliases)) {
    const names = [name, ...Object.keys(entry?.aliases ?? {})];
    const ok = re ? names.some((n) => re.test(n)) : /^[&%]/.test(name);
    if (ok) out.push(name);
  }
  return out.sort();
}

/** A file being written: atomic, hashed as written, optionally gzip (one member per page). */
class DumpFile {
  constructor(root, rel, { secret, gzip: gz }) {
    this.rel = rel;
    this.file = safeJoin(root, rel);
    this.out = new AtomicFile(this.file, { secret });
    this.hash = crypto.createHash('sha256');
    this.gzip = gz;
    this.secret = secret;
    this.queue = Promise.resolve();
  }

  /** Queues bytes; writes (and their compression) keep call order. */
  write(bytes) {
    if (!bytes.length) return this.queue;
    const ready = this.gzip ? gzip(bytes) : Promise.resolve(bytes);
    this.queue = this.queue.then(async () => {
      const b = await ready;
      this.hash.update(b);
      await this.out.write(Buffer.from(b.buffer, b.byteOffset, b.length));
    });
    return this.queue;
  }

  async close() {
    await this.queue;
    if (this.gzip && this.out.bytes === 0) {
      const empty = zlib.gzipSync(Buffer.alloc(0));
      this.hash.update(empty);
      await this.out.write(empty);
    }
    await this.out.close();
    return { path: this.rel, bytes: this.out.bytes, sha256: this.hash.digest('hex'), secret: this.secret };
  }

  abort() {
    this.out.abort();
  }
}

/**
 * Dumps the selected indices of `input` into `output`.
 * @param {import('../index').EsDumpOptions} opts
 * @returns {Promise<import('../index').EsDumpReport>}
 */
async function esDump(opts) {
  const { input, output, match, internalIndex = 'kuzzle', concurrency = 4, size = 5000, scroll = '5m', onProgress, signal } = opts;
  const types = opts.types ?? DEFAULT_TYPES;
  for (const t of types) {
    if (!TYPES.includes(t)) throw kuzzleDumpError('INVALID_OPTIONS', `unknown type ${JSON.stringify(t)}: use ${TYPES.join(', ')}`);
  }
  if (!input || !output) throw kuzzleDumpError('INVALID_OPTIONS', 'input (the cluster URL) and output (a folder) are required');
  const gz = Boolean(opts.gzip);
  const ext = gz ? '.json.gz' : '.json';
  const es = new Elasticsearch(input, { concurrency, onRetry: opts.onRetry });
  const open = [];
  try {
    const root = await es.json('GET', '/', { signal });
    const aliases = await es.json('GET', '/_aliases', { signal });
    const names = selectIndices(aliases, match);
    fs.mkdirSync(output, { recursive: true });
    let templates = null;
    if (types.includes('template')) {
      const all = await es.json('GET', '/_template', { signal });
      templates = Object.fromEntries(Object.entries(all).filter(([n]) => !SKIPPED_TEMPLATES.test(n)));
    }
    const files = [];
    const indices = {};
    const defs = new Limiter(concurrency);
    const secretFiles = [];

    // Definitions first (small), then data.
    for (const name of names) {
      await defs.run(async () => {
        const written = async (kind, bytes) => {
          const rel = `${name}.${kind}${ext}`;
          const f = new DumpFile(output, rel, { secret: false, gzip: gz });
          open.push(f);
          await f.write(bytes);
          files.push(await f.close());
        };
        if (types.includes('mapping')) {
          const res = await es.call('GET', `/${seg(name)}/_mapping`, { signal });
          await written('mapping', Buffer.concat([res.body, Buffer.from('\n')]));
        }
        if (types.includes('settings') || types.includes('analyzer')) {
          const doc = stripSettings(await es.json('GET', `/${seg(name)}/_settings`, { signal }));
          const bytes = doubleEncoded(JSON.stringify(doc));
          if (types.includes('settings')) await written('settings', bytes);
          if (types.includes('analyzer')) await written('analyzer', bytes);
        }
        if (types.includes('alias')) {
          const res = await es.call('GET', `/${seg(name)}/_alias/*`, { signal, allow: [404] });
          const text = res.status === 404 ? JSON.stringify({ [name]: { aliases: {} } }) : res.body.toString('utf8');
          await written('alias', doubleEncoded(text));
        }
        if (templates) await written('template', doubleEncoded(JSON.stringify(templates)));
      });
    }
    await defs.idle();

    if (types.includes('data')) {
      // One task per (index, slice); small indices get one slice.
      const counts = {};
      const shards = {};
      for (const name of names) {
        const c = await es.json('GET', `/${seg(name)}/_count`, { signal });
        counts[name] = c.count;
        shards[name] = c._shards?.total ?? 1;
      }
      const limiter = new Limiter(concurrency);
      const totals = { documents: 0, expected: Object.values(counts).reduce((a, b) => a + b, 0) };
      const dataFiles = [];
      for (const name of names) {
        const secret = isSecretIndex(name, internalIndex);
        const f = new DumpFile(output, `${name}${ext}`, { secret, gzip: gz });
        open.push(f);
        const state = { name, file: f, documents: 0, total: 0 };
        dataFiles.push(state);
        // Slices beyond the shard count make every slice scan the whole shard: one slice per
        // shard (at most `concurrency`); indices are read in parallel anyway.
        const slices = opts.slices ?? (counts[name] >= 20_000 ? Math.max(1, Math.min(concurrency, shards[name])) : 1);
        for (let id = 0; id < slices; id++) {
          await limiter.run(() => scrollSlice(es, state, { id, slices, size, scroll, signal, onPage: (n) => {
            totals.documents += n;
            onProgress?.({ phase: 'dump', index: name, documents: totals.documents, total: totals.expected });
          } }));
        }
      }
      await limiter.idle();
      for (const s of dataFiles) {
        if (s.documents !== s.total) {
          throw kuzzleDumpError('EXPORT_INCOMPLETE', `${s.name}: read ${s.documents} documents but the scrolls counted ${s.total}; nothing was written`);
        }
        const info = await s.file.close();
        info.documents = s.documents;
        files.push(info);
        if (info.secret) secretFiles.push(info.path);
        indices[s.name] = { documents: s.documents };
      }
    }
    for (const name of names) {
      indices[name] = { ...indices[name], aliases: Object.keys(aliases[name]?.aliases ?? {}) };
    }
    files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const manifest = {
      type: 'kuzzle-dump-manifest',
      version: 1,
      layout: 'multielasticdump',
      created: new Date().toISOString(),
      source: { url: es.url, version: root?.version?.number, distribution: root?.version?.distribution ?? 'elasticsearch', cluster: root?.cluster_name },
      gzip: gz,
      types,
      documents: Object.values(indices).reduce((a, i) => a + (i.documents ?? 0), 0),
      indices,
      files,
    };
    await writeFileAtomic(path.join(output, MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
    return { ...manifest, output, manifest: MANIFEST, secretFiles };
  } catch (e) {
    for (const f of open) f.abort();
    throw e;
  } finally {
    es.close();
  }
}

/** One slice of a scroll, page by page, into the index's file. */
async function scrollSlice(es, state, { id, slices, size, scroll, signal, onPage }) {
  const body = { size, track_total_hits: true, query: { match_all: {} } };
  if (slices > 1) body.slice = { id, max: slices };
  let res = await es.call('POST', `/${seg(state.name)}/_search?scroll=${scroll}`, { body, signal });
  let scrollId;
  try {
    for (;;) {
      const { bytes, page } = await core().esPage(res.body, { hits: state.name });
      scrollId = page.scrollId ?? scrollId;
      if (!state.seen?.has(id)) {
        (state.seen ??= new Set()).add(id);
        state.total += page.total ?? 0;
      }
      const more = page.hits > 0 && scrollId;
      const next = more ? es.call('POST', '/_search/scroll', { body: { scroll, scroll_id: scrollId }, signal }) : null;
      next?.catch(() => {});
      await state.file.write(bytes);
      state.documents += page.hits;
      onPage(page.hits);
      if (!next) break;
      res = await next;
    }
  } finally {
    if (scrollId) await es.call('DELETE', '/_search/scroll', { body: { scroll_id: [scrollId] }, allow: [404] }).catch(() => {});
  }
}

module.exports = { esDump, isSecretIndex, stripSettings, selectIndices, MANIFEST, TYPES, DEFAULT_TYPES };
