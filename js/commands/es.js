'use strict';
// kuzzle-dump es:dump / es:load: full backup and restore at Elasticsearch level, in
// multielasticdump's files (js/es/dump.js, js/es/load.js do the work).

const { command, UsageError, intFlag } = require('./live');
const { Progress } = require('../util/progress');
const { redact, redactText } = require('../io/elasticsearch');
const { count, findingLine } = require('./offline');

/** Runs `fn`; an error's message loses any credentials; usage errors exit 2. */
async function guarded(fn, log) {
  try {
    return await fn();
  } catch (e) {
    const msg = redactText(e.message);
    if (e.code === 'INVALID_OPTIONS' || e.code === 'INDEX_EXISTS') {
      log.error(msg);
      return 2;
    }
    if (e.syscall) {
      log.error(msg);
      return 2;
    }
    const where = e.file ? `${e.file}:${e.line ?? 0}:${e.column ?? 0} ` : '';
    log.error(`${where}${msg}`);
    return 1;
  }
}

const esDumpCommand = command({
  live: false,
  name: 'es:dump',
  summary: 'Backs up Elasticsearch indices (Kuzzle\'s public, internal and plugin data) in multielasticdump\'s files',
  description: [
    'Writes, for every index whose name or alias matches --match (default: all of Kuzzle\'s',
    'indices, public `&…` and internal `%…`, plugin storage included), multielasticdump\'s files:',
    '<index>.json (raw hits), .mapping.json, .settings.json, .alias.json, .template.json (and',
    '.analyzer.json on request), plus kuzzle-dump.manifest (counts, SHA-256 per file, source',
    'version). Data is read by sliced scrolls in parallel. Files holding secrets (users, API-key',
    'fingerprints, the JWT seed, plugin storage such as password hashes) are created 0600.',
    'Credentials in the URL are used, never printed.',
    '',
    'Exit codes: 0 done, 1 failed (nothing is left half-written), 2 usage or I/O error.',
  ].join('\n'),
  args: [],
  flags: {
    input: { type: 'string', help: 'the cluster URL, e.g. http://user:pass@localhost:9200' },
    output: { type: 'string', help: 'the folder to write' },
    match: { type: 'string', help: 'case-insensitive regex on index names and aliases [default: ^[&%]]' },
    gzip: { type: 'boolean', help: 'gzip every file (names end in .json.gz)' },
    types: { type: 'string', help: 'what to write, comma-separated: data,mapping,settings,analyzer,alias,template', default: 'data,mapping,settings,alias,template' },
    concurrency: { type: 'string', help: 'requests in flight (scroll slices and indices)', default: '4' },
    json: { type: 'boolean', help: 'print the report as one JSON object on stdout' },
  },
  examples: [
    'kuzzle-dump es:dump --input http://localhost:9200 --output ./backup',
    'kuzzle-dump es:dump --input http://elastic:secret@localhost:9200 --output ./backup --gzip --concurrency 8',
    'kuzzle-dump es:dump --input http://localhost:9200 --output ./internal --match \'^%\'',
  ],
  async run({ flags, log, io }) {
    if (!flags.input || !flags.output) throw new UsageError('--input (the cluster URL) and --output (a folder) are required');
    const concurrency = intFlag('concurrency', flags.concurrency);
    const types = flags.types.split(',').map((t) => t.trim()).filter(Boolean);
    const bar = new Progress({ label: 'es:dump', unit: 'docs', stream: io.stderr });
    log.progress = bar;
    const { esDump } = require('../es/dump');
    return guarded(async () => {
      let report;
      try {
        report = await esDump({
          input: flags.input, output: flags.output, match: flags.match, gzip: Boolean(flags.gzip), types, concurrency,
          onProgress: (p) => { bar.total = p.total; bar.tick(p.documents - bar.done); },
          onRetry: (r) => log.warn(`retrying (${r.status ?? r.error?.cause?.code ?? r.error?.code ?? 'network error'}) in ${Math.round(r.delay)} ms`),
        });
      } finally {
        bar.stop();
        log.progress = null;
      }
      if (flags.json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      const n = Object.keys(report.indices).length;
      log.ok(`${redact(flags.input)}: ${count(report.documents, 'document')} of ${count(n, 'index', 'indices')} written to ${flags.output} (${count(report.files.length, 'file')}, manifest ${report.manifest})`);
      if (report.secretFiles.length) {
        log.warn(`${count(report.secretFiles.length, 'file')} hold secrets (users, API keys, the JWT seed, password hashes) and were created owner-only (0600): ${report.secretFiles.join(', ')}. Keep this backup private.`);
      }
      return 0;
    }, log);
  },
});

const esLoadCommand = command({
  live: false,
  name: 'es:load',
  summary: 'Restores an Elasticsearch-level dump (kuzzle-dump, multielasticdump, es:migrate) into a cluster',
  description: [
    'Reads a folder written by es:dump, multielasticdump or elasticdump (plain or gzip, split',
    'files) or Kourou\'s es:migrate, validates all of it first (nothing is written if it has',
    'errors), then restores templates, settings, analyzers, mappings and aliases, then documents',
    '(byte-bounded _bulk requests in flight, one refresh at the end). Documents the cluster',
    'refuses are written to <index>-errors.jsonl in the dump folder and make the exit code 1.',
    '',
    '--if-exists decides for indices (or aliases) already on the target: fail (default: nothing is',
    'written), skip, or replace (deleted, then restored). --swap restores each aliased index (Kuzzle',
    'collections) into a fresh physical index and moves every alias in one atomic _aliases',
    'request, so Kuzzle never serves a half-restored collection; the old index is deleted unless',
    '--keep-old. --kuzzle refreshes Kuzzle\'s index cache at the end (admin:refreshIndexCache),',
    'so restored collections work without a restart; restored %kuzzle or plugin data (users,',
    'roles, secrets) are cached by Kuzzle: restart it and flush Redis to be sure they are read.',
    '',
    'Exit codes: 0 all restored, 1 some documents refused or the dump is invalid, 2 usage or I/O',
    'error (an existing index with --if-exists fail included).',
  ].join('\n'),
  args: [],
  flags: {
    input: { type: 'string', help: 'the dump folder' },
    output: { type: 'string', help: 'the cluster URL, e.g. http://user:pass@localhost:9200' },
    match: { type: 'string', help: 'case-insensitive regex on index names and aliases: only those are restored' },
    'if-exists': { type: 'string', help: 'fail, skip or replace', default: 'fail' },
    kuzzle: { type: 'string', help: 'Kuzzle URL whose index cache to refresh, e.g. http://admin:pass@localhost:7512' },
    swap: { type: 'boolean', help: 'load into fresh indices and move the aliases atomically' },
    'keep-old': { type: 'boolean', help: 'with --swap: keep the replaced indices (without their aliases)' },
    concurrency: { type: 'string', help: '_bulk requests in flight', default: '4' },
    'batch-size': { type: 'string', help: 'most documents per _bulk request', default: '5000' },
    json: { type: 'boolean', help: 'print the report as one JSON object on stdout' },
  },
  examples: [
    'kuzzle-dump es:load --input ./backup --output http://localhost:9200 --kuzzle http://admin:password@localhost:7512',
    'kuzzle-dump es:load --input ./backup --output http://localhost:9200 --if-exists replace',
    'kuzzle-dump es:load --input ./backup --output http://localhost:9200 --match \'^&\' --swap --keep-old',
  ],
  async run({ flags, log, io }) {
    if (!flags.input || !flags.output) throw new UsageError('--input (a dump folder) and --output (the cluster URL) are required');
    if (!['fail', 'skip', 'replace'].includes(flags['if-exists'])) throw new UsageError(`--if-exists must be fail, skip or replace, not ${JSON.stringify(flags['if-exists'])}`);
    if (flags['keep-old'] && !flags.swap) throw new UsageError('--keep-old needs --swap');
    const concurrency = intFlag('concurrency', flags.concurrency);
    const batchDocuments = intFlag('batch-size', flags['batch-size']);
    const bar = new Progress({ label: 'es:load', unit: 'docs', stream: io.stderr });
    log.progress = bar;
    const { esLoad } = require('../es/load');
    return guarded(async () => {
      let report;
      try {
        report = await esLoad({
          input: flags.input, output: flags.output, match: flags.match, ifExists: flags['if-exists'], swap: Boolean(flags.swap),
          keepOld: Boolean(flags['keep-old']), kuzzle: flags.kuzzle, concurrency, batchDocuments, log,
          onProgress: (p) => bar.tick(p.documents - bar.done),
          onRetry: (r) => log.warn(`retrying (${r.status ?? r.error?.cause?.code ?? r.error?.code ?? 'network error'}) in ${Math.round(r.delay)} ms`),
        });
      } finally {
        bar.stop();
        log.progress = null;
      }
      if (flags.json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      else for (const f of report.findings) io.stdout.write(`${findingLine(f)}\n`);
      if (report.aborted) {
        log.error(`${flags.input}: ${report.aborted}`);
        return 1;
      }
      const n = Object.keys(report.indices).length;
      for (const s of report.swapped) log.info(`${s.index}: loaded into ${s.target}, aliases moved from ${s.old.join(', ')}${s.kept ? ' (kept)' : ' (deleted)'}`);
      if (report.skipped.length) log.info(`skipped (already there): ${report.skipped.join(', ')}`);
      const what = `${count(report.documents, 'document')} of ${count(n, 'index', 'indices')} restored to ${redact(flags.output)}`;
      if (report.ok) {
        log.ok(what);
        return 0;
      }
      log.error(`${what}, but ${count(report.errors, 'document')} refused: see ${report.errorFiles.join(', ')}`);
      return 1;
    }, log);
  },
});

module.exports = [esDumpCommand, esLoadCommand];
