'use strict';
// specifications:export and specifications:import: every collection's validation specification
// in one specifications.json (docs/formats-extra.md §1), beyond Kourou.

const fs = require('node:fs');
const { command } = require('./live');
const { exportSecurity, importSecurity } = require('../kuzzle/security');

module.exports = [
  command({
    name: 'specifications:export',
    summary: 'Exports the validation specifications of every collection to specifications/specifications.json',
    args: [],
    flags: { path: { type: 'string', help: 'output folder', default: 'specifications' } },
    examples: ['kuzzle-dump specifications:export', 'kuzzle-dump specifications:export --path backup/specifications'],
    async run({ flags, log, connect }) {
      const k = await connect();
      log.info(`Exporting specifications from ${k.url}`);
      const r = await exportSecurity(k, 'specifications', flags.path);
      log.ok(`${r.entries} specifications exported to ${r.file}`);
    },
  }),
  command({
    name: 'specifications:import',
    summary: 'Imports a specifications.json (collection:updateSpecifications per collection)',
    description: 'Each entry is checked first (Kuzzle\'s rules, with file, line and column); the collections must exist. Entries Kuzzle refuses are reported and make the exit code 1.',
    args: ['path'],
    flags: {},
    examples: ['kuzzle-dump specifications:import specifications/specifications.json'],
    async run({ args, log, connect }) {
      const k = await connect();
      log.info(`Importing ${args.path} into ${k.url}`);
      const r = await importSecurity(k, fs.readFileSync(args.path), { label: args.path });
      if (r.kind !== 'specifications') log.warn(`${args.path} holds ${r.kind}, not specifications`);
      for (const f of r.failed) log.error(`${r.kind} ${f.id}: ${f.message}`);
      log.ok(`${r.imported} ${r.kind} imported${r.failed.length ? `, ${r.failed.length} failed` : ''}`);
    },
  }),
];
