'use strict';
// collection:import through the Kuzzle API. The core reads the dump file and returns ready
// bulk:mWrite bodies cut by the server's maxRequestSize; several are in flight at once. Nothing
// is lost: the whole file is validated first, a 413 halves the batch, 429/5xx items are retried,
// refused documents go to documents-errors.jsonl with their source line, and a checkpoint lets
// an interrupted run resume without sending twice what was already confirmed.

const fs = require('node:fs');
const path = require('node:path');
// The backend loads on first use, so that --help and usage errors work without it.
const core = () => require('../index.js');
const { chunks, head, writeFileAtomic } = require('../io/files');
const { Limiter } = require('./limit');
const { sendBatch } = require('../io/send-batch');

// Room for the HTTP framing Kuzzle counts in maxRequestSize.
const REQUEST_MARGIN = 1024;
// Read size while sending: the chunk and the batches cut from it are held until sent, so a
// small one bounds memory (validation reads with the default, larger chunks).
const IMPORT_CHUNK = Number(process.env.KUZZLE_DUMP_IMPORT_CHUNK) || 2 << 20;

/** The collection header of a documents.jsonl (its first non-blank line), parsed. */
async function readHeader(file) {
  const text = (await head(file, 64 * 1024)).toString('utf8').replace(/^\uFEFF/, '');
  const line = text.split('\n').find((l) => l.trim() !== '');
  try {
    const h = JSON.parse(line);
    if (h && h.type === 'collection' && h.index && h.collection) return h;
  } catch { /* reported by validation */ }
  return null;
}

/** Runs the whole file through the core's checks; returns the report (nothing is sent). */
async function validateFile(file, { label, mapping, maxRequestBytes, onProgress }) {
  const p = new (core().Pipeline)({ file: label, output: 'none', mapping, jsNumbers: true, maxRequestBytes, threads: core().backend === 'native' ? 2 : 1 });
  for await (const chunk of chunks(file)) {
    await p.push(chunk);
    onProgress?.(chunk.length);
  }
  return (await p.finish()).report;
}

function checkpointPath(file) {
  return `${file}.kuzzle-dump-checkpoint.json`;
}

async function readCheckpoint(file) {
  try {
    const c = JSON.parse(fs.readFileSync(checkpointPath(file), 'utf8'));
    const st = fs.statSync(file);
    if (c.size === st.size && c.mtimeMs === st.mtimeMs) return c;
  } catch { /* none, or for another version of the file */ }
  return null;
}

/**
 * Imports one documents file into `index`/`collection` (default: the header's names).
 * @returns {Promise<{documents: number, written: number, errors: number, errorsFile?: string, batches: number, retried: number, split: number}>}
 */
async function importDocuments(k, file, { index, collection, label, batchSize = 500, concurrency = 4, resume = false, refresh = true, onProgress, signal } = {}) {
  const header = await readHeader(file);
  index ??= header?.index;
  collection ??= header?.collection;
  if (!index || !collection) throw Object.assign(new Error(`${label ?? file}: no collection header, pass --index and --collection`), { name: 'KuzzleDumpError', code: 'HEADER_MISSING' });
  const base = `/${encodeURIComponent(index)}/${encodeURIComponent(collection)}`;
  const st = fs.statSync(file);
  const checkpoint = resume ? await readCheckpoint(file) : null;
  const skipThroughLine = checkpoint?.line ?? 0;
  const pipeline = new (core().Pipeline)({
    file: label, output: 'mwrite', batchDocuments: batchSize, skipThroughLine,
    batchBytes: Math.max(4096, k.limits.maxRequestSize - REQUEST_MARGIN), threads: core().backend === 'native' ? 2 : 1,
  });
  const errorsFile = file.replace(/(\.[^./]+)?$/, '-errors.jsonl');
  const stats = { documents: 0, written: 0, errors: 0, batches: 0, retried: 0, split: 0 };
  const limiter = new Limiter(concurrency);
  // Checkpoint: the highest line such that every batch up to it is confirmed.
  const pending = []; // batches in order: {lastLine, done}
  let confirmedLine = skipThroughLine;
  let lastSaved = 0;
  const saveCheckpoint = async (force) => {
    while (pending.length && pending[0].done) confirmedLine = pending.shift().lastLine;
    if (!force && Date.now() - lastSaved < 500) return;
    lastSaved = Date.now();
    await writeFileAtomic(checkpointPath(file), JSON.stringify({ file: path.basename(file), size: st.size, mtimeMs: st.mtimeMs, line: confirmedLine, index, collection }));
  };

  const appendErrors = (bytes) => {
    if (bytes.length) fs.appendFileSync(errorsFile, bytes);
  };

  const send = (batch) => sendBatch('mwrite', batch, {
    post: (body) => k.call('POST', `${base}/_mWrite`, { body, allow: [413], signal }),
    settle: (written, refused, errorLines) => {
      stats.written += written;
      stats.errors += refused;
      appendErrors(errorLines);
    },
    signal,
    onSplit: () => stats.split++,
    onRetry: (n) => (stats.retried += n),
  });

  const dispatch = async (batches) => {
    for (const batch of batches) {
      stats.batches++;
      stats.documents += batch.count;
      const slot = { lastLine: batch.lastLine, done: false };
      pending.push(slot);
      await limiter.run(async () => {
        await send(batch);
        slot.done = true;
        onProgress?.({ documents: stats.written, errors: stats.errors });
        await saveCheckpoint(false);
      });
    }
  };

  if (!resume) fs.rmSync(errorsFile, { force: true });
  for await (const chunk of chunks(file, { size: IMPORT_CHUNK })) {
    const { batches } = await pipeline.push(chunk);
    await dispatch(batches);
  }
  const { batches, report } = await pipeline.finish();
  await dispatch(batches);
  await limiter.idle();
  await saveCheckpoint(true);
  if (refresh) await k.call('POST', `${base}/_refresh`);
  fs.rmSync(checkpointPath(file), { force: true });
  return { ...stats, index, collection, report, errorsFile: stats.errors ? errorsFile : undefined };
}

/** The error lines of the documents refused for good (not the ones being retried). */
/**
 * Makes sure `index`/`collection` exist (bulk:mWrite needs both); returns the live mapping of
 * the collection, to check the documents against when the dump has no mappings.json.
 */
async function ensureCollection(k, index, collection) {
  const base = `/${encodeURIComponent(index)}/${encodeURIComponent(collection)}`;
  const exists = await k.api('GET', `${base}/_exists`);
  if (!exists) {
    await k.call('POST', `/${encodeURIComponent(index)}/_create`, { allow: [412] });
    await k.call('PUT', base, { body: {} });
  }
  return k.api('GET', `${base}/_mapping`);
}

/** Creates or updates a collection from a mappings.json entry. */
async function importMappings(k, entry) {
  const base = `/${encodeURIComponent(entry.index)}/${encodeURIComponent(entry.collection)}`;
  await k.call('PUT', base, { body: entry.createBody });
}

module.exports = { importDocuments, importMappings, ensureCollection, validateFile, readHeader, checkpointPath };
