'use strict';
// kuzzle-dump collection:import PATH: a Kourou collection folder into Kuzzle.

const fs = require('node:fs');
const path = require('node:path');
// The backend loads on first use, so that --help and usage errors work without it.
const core = () => require('../index.js');
const { command, intFlag } = require('./live');
const { importDocuments, importMappings, ensureCollection, validateFile, readHeader } = require('../kuzzle/import');
const { Progress } = require('../util/progress');

const IMPORT_FLAGS = {
  'batch-size': { type: 'string', help: 'most documents per bulk:mWrite request (bytes are bounded by the server too)', default: '500' },
  concurrency: { type: 'string', help: 'requests in flight', default: '4' },
  'no-mappings': { type: 'boolean', help: 'do not create the collection from mappings.json' },
  'no-validate': { type: 'boolean', help: 'skip the check of the whole dump before the first write' },
  resume: { type: 'boolean', help: 'continue an interrupted import from its checkpoint' },
};

function printFindings(log, report, label) {
  for (const f of report.findings) {
    const line = `${f.file ?? label}:${f.line}:${f.column ?? 0} ${f.code} ${f.message}`;
    if (f.severity === 'error') log.error(line);
    else log.warn(line);
  }
  if (report.findingsTruncated) log.warn(`${report.errors + report.warnings - report.findings.length} more findings not shown`);
}

/** Imports one collection folder: mappings.json, then documents.jsonl. Returns documents written. */
async function importCollectionDir(k, log, dir, flags, { index, collection } = {}) {
  const mappingsFile = path.join(dir, 'mappings.json');
  const documentsFile = ['documents.jsonl', 'documents.jsonl.gz'].map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
  const label = path.basename(dir);
  let mapping;
  if (fs.existsSync(mappingsFile)) {
    const parsed = core().parseMappingsFileSync(fs.readFileSync(mappingsFile), [path.basename(path.dirname(dir)), path.basename(dir)]);
    for (const w of parsed.warnings) log.warn(`${mappingsFile}: ${w.message}`);
    const entry = parsed.collections[0];
    if (entry) {
      entry.index = index ?? entry.index;
      entry.collection = collection ?? entry.collection;
      mapping = entry.mappings;
      if (!flags['no-mappings']) {
        await importMappings(k, entry);
        log.ok(`Collection ${entry.index}:${entry.collection} created from mappings.json`);
      }
    }
  }
  if (!documentsFile) return 0;
  const size = fs.statSync(documentsFile).size;
  const header = await readHeader(documentsFile);
  index ??= header?.index;
  collection ??= header?.collection;
  if (index && collection) {
    const live = await ensureCollection(k, index, collection);
    mapping ??= live; // check the documents against the collection they go into
  }
  if (!flags['no-validate']) {
    const report = await validateFile(documentsFile, { label: path.relative(process.cwd(), documentsFile), mapping, maxRequestBytes: k.limits.maxRequestSize - 1024 });
    printFindings(log, report, documentsFile);
    if (!report.ok) {
      log.error(`${documentsFile}: ${report.errors} errors; nothing was imported (fix them, or pass --no-validate)`);
      return 0;
    }
  }
  const progress = new Progress({ label: path.basename(dir), unit: 'docs', total: 0 });
  log.progress = progress;
  let last = 0;
  const started = Date.now();
  const r = await importDocuments(k, documentsFile, {
    index, collection, label: documentsFile, batchSize: intFlag('batch-size', flags['batch-size']),
    concurrency: intFlag('concurrency', flags.concurrency), resume: Boolean(flags.resume),
    onProgress: ({ documents }) => { progress.tick(documents - last); last = documents; },
  });
  progress.stop();
  log.progress = null;
  const secs = (Date.now() - started) / 1000;
  if (r.errors) log.error(`${r.errors} documents of ${r.index}:${r.collection} were refused; see ${r.errorsFile}`);
  log.ok(`Collection ${r.index}:${r.collection}: ${r.written} documents imported (${Math.round(r.written / Math.max(secs, 0.001))} docs/s, ${(size / 1e6 / Math.max(secs, 0.001)).toFixed(1)} MB/s)`);
  return r.written;
}

module.exports = command({
  name: 'collection:import',
  summary: 'Imports a Kourou collection folder (mappings.json, documents.jsonl) into Kuzzle',
  description: 'The whole file is checked first (JSON, ids, the mapping, sizes); then documents are sent with bulk:mWrite (ids and _kuzzle_info kept), several requests in flight, each cut to the server\'s maxRequestSize. Refused documents are appended to documents-errors.jsonl with their source line, and the command then exits 1.',
  args: ['path'],
  flags: {
    ...IMPORT_FLAGS,
    index: { type: 'string', help: 'import into this index instead of the one in the dump' },
    collection: { type: 'string', help: 'import into this collection instead of the one in the dump' },
  },
  examples: [
    'kuzzle-dump collection:import dumps/nyc-open-data/yellow-taxi',
    'kuzzle-dump collection:import dumps/nyc-open-data/yellow-taxi --index copy --collection taxi',
    'kuzzle-dump collection:import dumps/nyc-open-data/yellow-taxi --resume',
  ],
  async run({ args, flags, log, connect }) {
    const k = await connect();
    log.info(`Importing ${args.path} into ${k.url}`);
    await importCollectionDir(k, log, args.path, flags, { index: flags.index, collection: flags.collection });
  },
});

module.exports.IMPORT_FLAGS = IMPORT_FLAGS;
module.exports.importCollectionDir = importCollectionDir;
