'use strict';
// Kourou's security commands: role:, profile:, user: export and import, and the users mapping.

const fs = require('node:fs');
const { command } = require('./live');
const { exportSecurity, exportUsersMappings, importSecurity } = require('../kuzzle/security');

const NAMES = { roles: 'role', profiles: 'profile', users: 'user' };

function exporter(kind, extraFlags = {}) {
  const noun = NAMES[kind];
  return command({
    name: `${noun}:export`,
    summary: `Exports ${kind} to ${kind}/${kind}.json (Kourou's file)`,
    args: [],
    flags: { path: { type: 'string', help: 'output folder', default: kind }, ...extraFlags },
    examples: [`kuzzle-dump ${noun}:export`, `kuzzle-dump ${noun}:export --path backup/${kind}`],
    async run({ flags, log, connect }) {
      const k = await connect();
      log.info(`Exporting ${kind} from ${k.url}`);
      const r = await exportSecurity(k, kind, flags.path, {
        exclude: flags.exclude ?? [],
        generateCredentials: Boolean(flags['generate-credentials']),
        usernamePath: flags['generated-username'],
      });
      log.ok(`${r.entries} ${kind} exported to ${r.file}${r.holdsSecrets ? ' (it holds passwords: created owner-only, mode 0600)' : ''}`);
    },
  });
}

function importer(kind, extraFlags = {}) {
  const noun = NAMES[kind] ?? kind;
  return command({
    name: `${noun}:import`,
    summary: `Imports ${kind} from a Kourou ${kind} file`,
    args: ['path'],
    flags: extraFlags,
    examples: [`kuzzle-dump ${noun}:import ${kind}/${kind}.json`],
    async run({ args, flags, log, connect }) {
      const k = await connect();
      log.info(`Importing ${args.path} into ${k.url}`);
      const r = await importSecurity(k, fs.readFileSync(args.path), { label: args.path, preserveAnonymous: Boolean(flags['preserve-anonymous']) });
      for (const f of r.failed) log.error(`${r.kind} ${f.id}: ${f.message}`);
      log.ok(`${r.imported} ${r.kind} imported${r.failed.length ? `, ${r.failed.length} failed` : ''}`);
    },
  });
}

const PRESERVE = { 'preserve-anonymous': { type: 'boolean', help: 'leave the anonymous role or profile as it is on the server' } };

module.exports = [
  exporter('roles'),
  importer('roles', PRESERVE),
  exporter('profiles'),
  importer('profiles', PRESERVE),
  exporter('users', {
    exclude: { type: 'string', multiple: true, help: 'user id to leave out (repeatable)' },
    'generate-credentials': { type: 'boolean', help: 'give each user local credentials with a random password (the file is created 0600)' },
    'generated-username': { type: 'string', help: 'path in {_id, content} of the generated username', default: '_id' },
  }),
  importer('users'),
  command({
    name: 'user:export-mappings',
    summary: 'Exports the users collection mapping to users/users-collection-mappings.json',
    args: [],
    flags: { path: { type: 'string', help: 'output folder', default: 'users' } },
    examples: ['kuzzle-dump user:export-mappings', 'kuzzle-dump user:export-mappings --path backup/users'],
    async run({ flags, log, connect }) {
      const k = await connect();
      const r = await exportUsersMappings(k, flags.path);
      log.ok(`Users mapping exported to ${r.file}`);
    },
  }),
  command({
    name: 'user:import-mappings',
    summary: 'Imports the users collection mapping from a users-collection-mappings.json',
    args: ['path'],
    flags: {},
    examples: ['kuzzle-dump user:import-mappings users/users-collection-mappings.json'],
    async run({ args, log, connect }) {
      const k = await connect();
      const r = await importSecurity(k, fs.readFileSync(args.path), { label: args.path });
      for (const f of r.failed) log.error(`users mapping: ${f.message}`);
      log.ok('Users mapping imported');
    },
  }),
];
