// The viewer's Web Worker: reads the dump's files (File objects, or the URLs `kuzzle-dump
// viewer PATH` serves) through the wasm build. Loading streams every file once through a
// DumpReader (counts, findings) and a LineIndexer per file (the offset of every document line);
// afterwards only the index stays in memory, and rows, documents, searches and charts read
// slices of the files again on demand. Gzip files cannot be sliced: their inflated bytes are
// kept while they fit in GZIP_KEEP_BYTES in all, and are inflated again from the start
// (streaming, keeping only the bytes asked for) beyond that.
import * as kd from './kuzzle-dump/browser.mjs';

const ENTRY = 16; // bytes per index entry: f64 offset, u32 length, u32 line
const PUSH_BYTES = 1 << 20; // stream chunks are gathered to this size before a push
// Bytes of inflated gzip files kept in memory, in all (a setting for tests: ?gzipKeep=N).
const GZIP_KEEP_BYTES = Number(new URLSearchParams(self.location.search).get('gzipKeep') ?? 64 << 20);
const SLICE_BYTES = 4 << 20; // search and statistics read this much at a time

let ready = null;
let state = null;

/** A file of the dump: its bytes through `stream()` and `slice(start, end)`. */
function fileSource(path, file) {
  return {
    path,
    size: file.size,
    stream: () => file.stream(),
    slice: async (start, end) => new Uint8Array(await file.slice(start, end).arrayBuffer()),
  };
}

function urlSource(base, path, size) {
  const url = base + path.split('/').map(encodeURIComponent).join('/');
  return {
    path,
    size,
    stream: async () => {
      const res = await fetch(url);
      if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
      return res.body;
    },
    slice: async (start, end) => {
      if (end <= start) return new Uint8Array(0);
      const res = await fetch(url, { headers: { Range: `bytes=${start}-${end - 1}` } });
      if (res.status !== 206) throw new Error(`${path}: HTTP ${res.status} to a range request`);
      return new Uint8Array(await res.arrayBuffer());
    },
  };
}

/** Calls `onChunk` with the file's bytes in chunks of about PUSH_BYTES (the last smaller). */
async function readAll(src, onChunk) {
  const reader = (await src.stream()).getReader();
  let parts = [];
  let size = 0;
  const flush = () => {
    if (size === 0) return;
    let chunk = parts[0];
    if (parts.length > 1) {
      chunk = new Uint8Array(size);
      let at = 0;
      for (const p of parts) {
        chunk.set(p, at);
        at += p.length;
      }
    }
    parts = [];
    size = 0;
    onChunk(chunk);
  };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    parts.push(value);
    size += value.length;
    if (size >= PUSH_BYTES) flush();
  }
  flush();
}

function concat(chunks) {
  const total = chunks.reduce((n, c) => n + c.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** The top folder all paths share (a picked or dropped folder's own name), if any. */
function stripRoot(paths) {
  const first = paths[0]?.split('/')[0];
  if (!first || paths.some((p) => !p.startsWith(`${first}/`))) return paths;
  return paths.map((p) => p.slice(first.length + 1));
}

async function open({ files, remote }) {
  await ready;
  let sources;
  if (remote) {
    sources = remote.files.map((f) => urlSource(remote.base, f.path, f.size));
  } else {
    const paths = stripRoot(files.map((f) => f.path));
    sources = files.map((f, i) => fileSource(paths[i], f.file));
  }
  const byPath = new Map(sources.map((s) => [s.path, s]));
  const paths = sources.map((s) => s.path);
  const heads = {};
  for (const s of sources) if (!s.path.includes('/')) heads[s.path] = await s.slice(0, Math.min(4096, s.size));
  const format = kd.detectFormatSync(paths, heads);
  const order = kd.dumpOrderSync(format, paths);
  const total = order.reduce((n, p) => n + byPath.get(p).size, 0);
  const reader = new kd.DumpReader({ format });
  const fileIndex = new Map(); // path → { src, entries: Uint8Array, gzip, inflated?: Uint8Array }
  const small = new Map(); // path → plain bytes of files under 16 MiB that are not .jsonl (mappings)
  let done = 0;
  let kept = 0;
  let lastPost = 0;
  const t0 = performance.now();
  // Where the loading time goes (the rest is reading and the page's own work).
  const timing = { validateMs: 0, indexMs: 0, finishMs: 0 };
  for (const p of order) {
    const src = byPath.get(p);
    reader.beginFile(p);
    const indexer = new kd.LineIndexer({ keepInflated: true });
    const entries = [];
    let inflated = [];
    let inflatedSize = 0;
    let overCap = false;
    const keepSmall = !/\.jsonl(\.gz)?$/.test(p) && src.size < 16 << 20;
    const plainSmall = [];
    await readAll(src, (chunk) => {
      const a = performance.now();
      reader.pushSync(chunk);
      const b = performance.now();
      entries.push(indexer.push(chunk));
      timing.validateMs += b - a;
      timing.indexMs += performance.now() - b;
      const inf = indexer.takeInflated();
      if (inf.length && !overCap) {
        inflated.push(inf);
        inflatedSize += inf.length;
        if (kept + inflatedSize > GZIP_KEEP_BYTES) {
          overCap = true;
          inflated = [];
        }
      }
      if (keepSmall) plainSmall.push(chunk);
      done += chunk.length;
      const now = performance.now();
      if (now - lastPost > 100) {
        lastPost = now;
        postMessage({ type: 'progress', done, total, file: p });
      }
    });
    reader.endFile();
    entries.push(indexer.finish());
    const tail = indexer.takeInflated();
    if (tail.length && !overCap) {
      inflated.push(tail);
      inflatedSize += tail.length;
      if (kept + inflatedSize > GZIP_KEEP_BYTES) overCap = true;
    }
    const summary = indexer.summary();
    indexer.free();
    const rec = { src, entries: concat(entries), gzip: summary.gzip, plainBytes: summary.bytes };
    if (summary.gzip && !overCap) {
      rec.inflated = concat(inflated);
      kept += rec.inflated.length;
    }
    fileIndex.set(p, rec);
    if (keepSmall) small.set(p, concat(plainSmall));
  }
  const f0 = performance.now();
  const report = reader.finish();
  reader.free();
  timing.finishMs = performance.now() - f0;
  const loadMs = performance.now() - t0;

  // Collections: their files' entries, in file order; index entries of other files dropped.
  const docFiles = new Set(report.files.filter((f) => f.class === 'documents').map((f) => f.path));
  for (const [p, rec] of fileIndex) {
    if (!docFiles.has(p)) {
      rec.entries = new Uint8Array(0);
      delete rec.inflated;
    }
  }
  const collections = [];
  for (const [index, cols] of Object.entries(report.indexes)) {
    for (const [collection, c] of Object.entries(cols)) {
      const files = c.files.filter((f) => fileIndex.has(f)).map((f) => ({ path: f, rec: fileIndex.get(f), count: fileIndex.get(f).entries.length / ENTRY }));
      const starts = [];
      let n = 0;
      for (const f of files) {
        starts.push(n);
        n += f.count;
      }
      collections.push({ key: `${index}/${collection}`, index, collection, files, starts, lines: n });
    }
  }
  const mappings = readMappings(format, report, small);
  state = { format, report, fileIndex, collections, mappings };
  return {
    report,
    format,
    loadMs,
    timing,
    total,
    collections: collections.map((c) => ({
      key: c.key,
      index: c.index,
      collection: c.collection,
      lines: c.lines,
      files: c.files.map((f) => ({ path: f.path, gzip: f.rec.gzip, kept: !!f.rec.inflated })),
      mapping: mappings.get(c.key) ?? null,
    })),
  };
}

/** index/collection → its mapping (`{dynamic?, properties}`), from the dump's mappings files. */
function readMappings(format, report, small) {
  const out = new Map();
  for (const f of report.files) {
    if (f.class !== 'mappings' || !small.has(f.path)) continue;
    let bytes = small.get(f.path);
    try {
      if (format === 'kourou') {
        const parts = f.path.split('/');
        const dirs = parts.length >= 3 ? [parts[parts.length - 3], parts[parts.length - 2]] : undefined;
        for (const c of kd.parseMappingsFileSync(bytes, dirs).collections) out.set(`${c.index}/${c.collection}`, c.mappings);
      } else {
        bytes = inflate(bytes);
        const name = f.path.split('/').pop().replace(/\.mapping\.json(\.gz)?$/, '');
        const phys = kd.parsePhysicalNameSync(name);
        const doc = JSON.parse(new TextDecoder().decode(bytes));
        const first = Object.values(doc)[0];
        if (first?.mappings) out.set(`${phys.index}/${phys.collection}`, first.mappings);
      }
    } catch {
      // The report's findings say what is wrong with the file.
    }
  }
  return out;
}

/** Plain bytes of a whole small file (gzip inflated by the core). */
function inflate(bytes) {
  const ix = new kd.LineIndexer({ keepInflated: true });
  ix.push(bytes);
  ix.finish();
  const s = ix.summary();
  const out = s.gzip ? ix.takeInflated() : bytes;
  ix.free();
  return out;
}

function entryAt(entries, i) {
  const v = new DataView(entries.buffer, entries.byteOffset + i * ENTRY, ENTRY);
  return { offset: v.getFloat64(0, true), length: v.getUint32(8, true), line: v.getUint32(12, true) };
}

/** Plain bytes [start, end) of an indexed file. */
async function readRange(rec, start, end) {
  if (!rec.gzip) return rec.src.slice(start, end);
  if (rec.inflated) return rec.inflated.subarray(start, end);
  // Inflate again from the start, keeping only the window.
  const out = new Uint8Array(end - start);
  const ix = new kd.LineIndexer({ keepInflated: true });
  let at = 0;
  const reader = (await rec.src.stream()).getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      ix.push(value);
      const inf = ix.takeInflated();
      const from = Math.max(start, at);
      const to = Math.min(end, at + inf.length);
      if (to > from) out.set(inf.subarray(from - at, to - at), from - start);
      at += inf.length;
      if (at >= end) break;
    }
  } finally {
    await reader.cancel().catch(() => {});
    ix.free();
  }
  return out;
}

function collection(key) {
  const c = state?.collections.find((x) => x.key === key);
  if (!c) throw new Error(`no collection ${key}`);
  return c;
}

/** The file and entry number of the collection's document `n` (0-based). */
function locate(c, n) {
  let i = c.files.length - 1;
  while (i > 0 && c.starts[i] > n) i--;
  return { file: c.files[i], at: n - c.starts[i] };
}

/** Rows for documents `from`..`to` (exclusive) of a collection. */
async function rows(c, ns) {
  const out = [];
  // Consecutive numbers in one file are read as one slice.
  let k = 0;
  while (k < ns.length) {
    const { file, at } = locate(c, ns[k]);
    let m = k + 1;
    while (m < ns.length && ns[m] === ns[m - 1] + 1 && locate(c, ns[m]).file === file) m++;
    const first = entryAt(file.rec.entries, at);
    const last = entryAt(file.rec.entries, at + (m - k) - 1);
    const bytes = await readRange(file.rec, first.offset, last.offset + last.length);
    const rs = kd.viewRowsSync(bytes, { preview: 160 });
    for (let j = 0; j < m - k; j++) {
      const e = entryAt(file.rec.entries, at + j);
      out.push({ n: ns[k + j], file: file.path, line: e.line, ...(rs[j] ?? { preview: '', truncated: false }) });
    }
    k = m;
  }
  return out;
}

async function doc(c, n) {
  const { file, at } = locate(c, n);
  const e = entryAt(file.rec.entries, at);
  const bytes = await readRange(file.rec, e.offset, e.offset + e.length);
  return { n, file: file.path, line: e.line, bytes: e.length, ...kd.prettyLineSync(bytes) };
}

/** Runs of consecutive entries of each file of a collection, about SLICE_BYTES each. */
async function* slices(c) {
  for (let fi = 0; fi < c.files.length; fi++) {
    const f = c.files[fi];
    if (f.rec.gzip && !f.rec.inflated) {
      yield* inflatedSlices(f, c.starts[fi]);
      continue;
    }
    let i = 0;
    while (i < f.count) {
      const j = sliceEnd(f, i, Infinity);
      const first = entryAt(f.rec.entries, i);
      const last = entryAt(f.rec.entries, j);
      yield { base: c.starts[fi] + i, bytes: await readRange(f.rec, first.offset, last.offset + last.length) };
      i = j + 1;
    }
  }
}

/** The last entry of the run starting at `i`: at most SLICE_BYTES (one entry at least), ending before `limit`. */
function sliceEnd(f, i, limit) {
  const start = entryAt(f.rec.entries, i).offset;
  let j = i;
  while (j + 1 < f.count) {
    const e = entryAt(f.rec.entries, j + 1);
    const end = e.offset + e.length;
    if (end - start > SLICE_BYTES || end > limit) break;
    j++;
  }
  return j;
}

/** The slices of a gzip file whose inflated bytes are not kept: one inflating pass (reading
 * each slice with readRange would inflate the file from its start every time). */
async function* inflatedSlices(f, base) {
  const ix = new kd.LineIndexer({ keepInflated: true });
  const reader = (await f.rec.src.stream()).getReader();
  let buf = new Uint8Array(0);
  let bufStart = 0; // plain offset of buf[0]
  let i = 0;
  try {
    for (let done = false; !done && i < f.count;) {
      const r = await reader.read();
      done = r.done;
      if (!done) ix.push(r.value);
      else ix.finish();
      const inf = ix.takeInflated();
      if (inf.length) {
        const joined = new Uint8Array(buf.length + inf.length);
        joined.set(buf);
        joined.set(inf, buf.length);
        buf = joined;
      }
      const available = bufStart + buf.length;
      while (i < f.count) {
        const first = entryAt(f.rec.entries, i);
        if (first.offset + first.length > available) break;
        const j = sliceEnd(f, i, available);
        const last = entryAt(f.rec.entries, j);
        yield { base: base + i, bytes: buf.subarray(first.offset - bufStart, last.offset + last.length - bufStart) };
        i = j + 1;
      }
      if (i < f.count) {
        const keepFrom = Math.max(0, entryAt(f.rec.entries, i).offset - bufStart);
        buf = buf.slice(keepFrom);
        bufStart += keepFrom;
      }
    }
  } finally {
    await reader.cancel().catch(() => {});
    ix.free();
  }
}

async function search(c, query) {
  const limit = 1000;
  const hits = [];
  for await (const s of slices(c)) {
    for (const k of kd.searchLinesSync(s.bytes, { ...query, limit: limit - hits.length })) hits.push(s.base + k);
    if (hits.length >= limit) break;
  }
  return { hits, truncated: hits.length >= limit };
}

async function stats(c) {
  const fs = new kd.FieldStats();
  try {
    for await (const s of slices(c)) {
      fs.push(s.bytes);
      fs.push(new Uint8Array([10]));
    }
    return fs.finish();
  } finally {
    fs.free();
  }
}

/** The collection document at a file's line (for a finding), if that line is indexed. */
function atLine(path, line) {
  for (const c of state.collections) {
    const fi = c.files.findIndex((f) => f.path === path);
    if (fi < 0) continue;
    const f = c.files[fi];
    let lo = 0;
    let hi = f.count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const l = entryAt(f.rec.entries, mid).line;
      if (l === line) return { key: c.key, n: c.starts[fi] + mid };
      if (l < line) lo = mid + 1;
      else hi = mid - 1;
    }
  }
  return null;
}

const handlers = {
  open,
  rows: ({ key, from, to }) => rows(collection(key), Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i)),
  rowsAt: ({ key, ns }) => rows(collection(key), ns),
  doc: ({ key, n }) => doc(collection(key), n),
  search: ({ key, query }) => search(collection(key), query),
  stats: ({ key }) => stats(collection(key)),
  atLine: ({ file, line }) => atLine(file, line),
};

self.onmessage = async (ev) => {
  const { id, type, ...args } = ev.data;
  try {
    const result = await handlers[type](args);
    postMessage({ id, ok: true, result });
  } catch (e) {
    postMessage({ id, ok: false, error: { message: e.message, code: e.code, file: e.file, line: e.line, column: e.column } });
  }
};

ready = kd.init();
