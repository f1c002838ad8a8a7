'use strict';
// kuzzle-dump collection:migrate SCRIPT PATH (Kourou's): a JS module exporting a function that
// is applied to each {_id, body} of a collection dump; the result is written as a dump. This is
// the one place where documents become JS objects, because the user's function needs them.

const fs = require('node:fs');
const path = require('node:path');
const { command } = require('./live');
const { chunks, AtomicFile, writeFileAtomic } = require('../io/files');
const { kuzzleDumpError } = require('../util/errors');

function loadTransform(script) {
  const file = path.resolve(script);
  let mod;
  try {
    mod = require(file);
  } catch (e) {
    throw kuzzleDumpError('IO_ERROR', `${script}: cannot load the script: ${e.message}`);
  }
  const fn = typeof mod === 'function' ? mod : (mod?.transform ?? mod?.default);
  if (typeof fn !== 'function') throw kuzzleDumpError('INVALID_OPTIONS', `${script}: must export a function (module.exports = (doc) => doc, or exports.transform)`);
  return fn;
}

/**
 * Applies `transform` to every document of `<dir>/documents.jsonl`; writes
 * `<out>/<index>/<collection>/{mappings.json,documents.jsonl}`.
 * @returns {Promise<{read: number, written: number, dropped: number, file: string}>}
 */
async function migrateCollection(transform, dir, out, { index, collection, label } = {}) {
  const src = path.join(dir, 'documents.jsonl');
  if (!fs.existsSync(src)) throw kuzzleDumpError('IO_ERROR', `${src}: no such file`);
  let header = null;
  let tail = '';
  let lineNo = 0;
  const stats = { read: 0, written: 0, dropped: 0 };
  const lines = [];
  let file;
  let writer;
  const onLine = async (line) => {
    lineNo++;
    if (lineNo === 1) line = line.replace(/^\uFEFF/, '');
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.trim() === '') return;
    let value;
    try {
      value = JSON.parse(line);
    } catch (e) {
      throw kuzzleDumpError('JSON_SYNTAX', `${e.message}`, { file: label ?? src, line: lineNo, column: 1 });
    }
    if (!header) {
      if (value?.type !== 'collection') throw kuzzleDumpError('HEADER_MISSING', 'the first line must be the collection header', { file: label ?? src, line: lineNo, column: 1 });
      header = { type: 'collection', index: index ?? value.index, collection: collection ?? value.collection };
      file = path.join(out, header.index, header.collection, 'documents.jsonl');
      writer = new AtomicFile(file);
      writer.write(Buffer.from(JSON.stringify(header) + '\n'));
      return;
    }
    stats.read++;
    let result;
    try {
      result = await transform({ _id: value._id, body: value.body });
    } catch (e) {
      throw kuzzleDumpError('MIGRATION_FAILED', `the function threw on document ${JSON.stringify(value._id)}: ${e.message}`, { file: label ?? src, line: lineNo, column: 1 });
    }
    if (result === null || result === undefined) {
      stats.dropped++;
      return;
    }
    if (typeof result !== 'object' || typeof result.body !== 'object' || result.body === null) {
      throw kuzzleDumpError('MIGRATION_FAILED', `the function must return {_id, body} (or null to drop), not ${JSON.stringify(result)?.slice(0, 80)}`, { file: label ?? src, line: lineNo, column: 1 });
    }
    lines.push(JSON.stringify({ _id: String(result._id ?? value._id), body: result.body }));
    stats.written++;
    if (lines.length >= 1000) await flush();
  };
  const flush = async () => {
    if (lines.length) await writer.write(Buffer.from(lines.join('\n') + '\n'));
    lines.length = 0;
  };
  try {
    for await (const chunk of chunks(src)) {
      const text = tail + chunk.toString('utf8');
      const parts = text.split('\n');
      tail = parts.pop();
      for (const l of parts) await onLine(l);
    }
    if (tail) await onLine(tail);
    if (!header) throw kuzzleDumpError('HEADER_MISSING', 'the file is empty', { file: label ?? src, line: 1, column: 1 });
    await flush();
    await writer.close();
  } catch (e) {
    writer?.abort();
    throw e;
  }
  const mappings = path.join(dir, 'mappings.json');
  if (fs.existsSync(mappings)) {
    const m = JSON.parse(fs.readFileSync(mappings, 'utf8'));
    const entry = Object.values(Object.values(m.content ?? {})[0] ?? {})[0];
    if (entry) await writeFileAtomic(path.join(out, header.index, header.collection, 'mappings.json'), JSON.stringify({ type: 'mappings', content: { [header.index]: { [header.collection]: entry } } }, null, 2));
  }
  return { ...stats, file, index: header.index, collection: header.collection };
}

module.exports = command({
  name: 'collection:migrate',
  summary: 'Applies a JS function to every document of a collection dump; writes the result as a dump',
  description: 'SCRIPT is a CommonJS module exporting a function (or `transform`) called with each {_id, body}; it returns the new {_id, body} (a Promise too), or null to drop the document. The result goes to <out>/<index>/<collection>/ (documents.jsonl and the mappings.json copied), written once complete. Documents are parsed with JSON.parse here: integers beyond 2^53 lose precision.',
  args: ['script', 'path'],
  live: false,
  flags: {
    out: { type: 'string', help: 'output dump root', default: 'migrated' },
    index: { type: 'string', help: 'index name in the output (default: the dump\'s)' },
    collection: { type: 'string', help: 'collection name in the output (default: the dump\'s)' },
  },
  examples: [
    'kuzzle-dump collection:migrate ./add-city.js dumps/nyc-open-data/yellow-taxi',
    'kuzzle-dump collection:migrate ./rename.js dumps/nyc-open-data/yellow-taxi --out dumps-v2 --collection taxi',
  ],
  async run({ args, flags, log }) {
    const transform = loadTransform(args.script);
    log.info(`Migrating ${args.path} with ${args.script}`);
    const r = await migrateCollection(transform, args.path, flags.out, { index: flags.index, collection: flags.collection, label: path.join(args.path, 'documents.jsonl') });
    log.ok(`${r.written} documents written to ${r.file} (${r.read} read, ${r.dropped} dropped)`);
  },
});

module.exports.migrateCollection = migrateCollection;
