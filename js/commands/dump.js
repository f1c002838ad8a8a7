'use strict';
// dump DIR, restore DIR, verify DIR: the whole of what the Kuzzle API reaches, beyond Kourou.

const { command, intFlag } = require('./live');
const { dump, restore, verify } = require('../kuzzle/dump');
const { Progress } = require('../util/progress');

function progressOf(log, label) {
  const progress = new Progress({ label, unit: 'docs', total: 0 });
  log.progress = progress;
  let last = 0;
  return {
    tick: ({ done }) => { if (done !== undefined) { progress.tick(done - last); last = done; } },
    stop: () => { progress.stop(); log.progress = null; },
  };
}

const rate = (n, ms) => Math.round(n / Math.max(ms / 1000, 0.001));

module.exports = [
  command({
    name: 'dump',
    summary: 'Dumps everything the API reaches (indexes, collections, documents, security, specifications) to DIR',
    description: 'Writes DIR/<index>/<collection>/{mappings.json,documents.jsonl} (Kourou\'s layout), roles/, profiles/, users/ (with users-collection-mappings.json), specifications/, and DIR/kuzzle-dump.manifest with the counts and the SHA-256 of every file.',
    args: ['dir'],
    flags: {
      'batch-size': { type: 'string', help: 'documents per search page', default: '2000' },
      concurrency: { type: 'string', help: 'requests in flight', default: '4' },
    },
    examples: ['kuzzle-dump dump backup/', 'kuzzle-dump dump backup/ --host kuzzle.example.com --username admin --password secret'],
    async run({ args, flags, log, connect }) {
      const k = await connect();
      log.info(`Dumping ${k.url} to ${args.dir}`);
      const p = progressOf(log, 'dump');
      const started = Date.now();
      let m;
      try {
        m = await dump(k, args.dir, { batchSize: intFlag('batch-size', flags['batch-size']), log, onProgress: p.tick });
      } finally {
        p.stop();
      }
      const ms = Date.now() - started;
      log.ok(`Dumped ${m.documents} documents of ${m.collections.length} collections, ${m.security.roles} roles, ${m.security.profiles} profiles, ${m.security.users} users, ${m.security.specifications} specifications in ${(ms / 1000).toFixed(1)} s (${rate(m.documents, ms)} docs/s); manifest: ${args.dir}/kuzzle-dump.manifest`);
    },
  }),
  command({
    name: 'restore',
    summary: 'Restores a dump made by `dump` (checked first: manifest SHA-256s, then every document)',
    description: 'Nothing is written unless every file matches the manifest and every documents file passes validation (--no-validate skips the latter). Then: collections, specifications, documents (bulk:mWrite, ids and _kuzzle_info kept), roles, profiles, the users mapping, users. Existing users are left as they are.',
    args: ['dir'],
    flags: {
      'batch-size': { type: 'string', help: 'most documents per bulk:mWrite request', default: '500' },
      concurrency: { type: 'string', help: 'requests in flight', default: '4' },
      'no-validate': { type: 'boolean', help: 'skip the check of the documents before the first write' },
      resume: { type: 'boolean', help: 'continue an interrupted restore from its checkpoints' },
    },
    examples: ['kuzzle-dump restore backup/', 'kuzzle-dump restore backup/ --host other-kuzzle --concurrency 8'],
    async run({ args, flags, log, connect }) {
      const k = await connect();
      log.info(`Restoring ${args.dir} into ${k.url}`);
      const p = progressOf(log, 'restore');
      const started = Date.now();
      let r;
      try {
        r = await restore(k, args.dir, {
          batchSize: intFlag('batch-size', flags['batch-size']), concurrency: intFlag('concurrency', flags.concurrency),
          validate: !flags['no-validate'], resume: Boolean(flags.resume), log, onProgress: p.tick,
        });
      } finally {
        p.stop();
      }
      for (const f of r.failed) log.error(`${f.what}: ${f.message}`);
      const ms = Date.now() - started;
      log.ok(`Restored ${r.documents} documents in ${(ms / 1000).toFixed(1)} s (${rate(r.documents, ms)} docs/s)${r.failed.length ? `; ${r.failed.length} failures` : ''}`);
      return r.failed.length ? 1 : 0;
    },
  }),
  command({
    name: 'verify',
    summary: 'Compares a dump with the live data: files, per-collection counts, a hash per document',
    description: 'Each document\'s body is hashed as Kuzzle returns it (compact JSON) on both sides; changed, missing (in the dump, not live), extra (live, not in the dump) and duplicate ids are all listed, and collections that exist on only one side. Exit code 1 on any difference.',
    args: ['dir'],
    flags: {
      limit: { type: 'string', help: 'most ids printed per kind of difference and collection (all are counted)', default: '1000' },
      json: { type: 'boolean', help: 'print the whole comparison as JSON on stdout' },
    },
    examples: ['kuzzle-dump verify backup/', 'kuzzle-dump verify backup/ --json > diff.json'],
    async run({ args, flags, log, connect, io }) {
      const k = await connect();
      const started = Date.now();
      const r = await verify(k, args.dir, { limit: intFlag('limit', flags.limit) });
      if (flags.json) {
        io.stdout.write(JSON.stringify(r, null, 2) + '\n');
        return r.ok ? 0 : 1;
      }
      log.info(`Verifying ${args.dir} against ${k.url}`);
      for (const f of r.files) log.error(`${f.path}: ${f.problem}`);
      let docs = 0;
      for (const c of r.collections) {
        const name = `${c.index}:${c.collection}`;
        docs += c.actual;
        if (c.ok) {
          log.ok(`${name}: ${c.same} documents identical`);
          continue;
        }
        if (c.notInDump) log.error(`${name}: exists live (${c.actual} documents) but not in the dump`);
        else if (!c.exists) log.error(`${name}: in the dump (${c.expected} documents) but not live`);
        else log.error(`${name}: ${c.expected} documents in the dump, ${c.actual} live, ${c.same} identical`);
        if (c.mappingsDiffer) log.error(`${name}: the live mappings or settings differ from mappings.json`);
        for (const [kind, list, count] of [['changed', c.changed, c.changedCount], ['missing', c.missing, c.missingCount], ['extra', c.extra, c.extraCount], ['duplicate', c.duplicates, c.duplicateCount]]) {
          for (const id of list) log.error(`${name}: ${kind} ${JSON.stringify(id)}`);
          if (count > list.length) log.error(`${name}: ${count - list.length} more ${kind} not listed`);
        }
      }
      const ms = Date.now() - started;
      if (r.ok) log.ok(`Dump and live data identical: ${r.collections.length} collections, ${docs} documents (${(ms / 1000).toFixed(1)} s)`);
      else log.error(`${r.differences} differences`);
      return r.ok ? 0 : 1;
    },
  }),
];
