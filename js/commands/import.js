'use strict';
// kuzzle-dump import PATH: everything a dump folder holds, in Kourou's order: mappings, then
// documents, roles, profiles, the users mapping, users. A file that fails is reported and the
// rest goes on (exit code 1 at the end); files of no known kind are skipped with a warning.

const fs = require('node:fs');
const path = require('node:path');
const { command } = require('./live');
const { IMPORT_FLAGS } = require('./collection-import');
const { importDocuments, importMappings, ensureCollection, validateFile, readHeader } = require('../kuzzle/import');
const { importSecurity } = require('../kuzzle/security');
const { walk } = require('../io/files');
const { plan } = require('../util/json-types');

const core = () => require('../index.js');

module.exports = command({
  name: 'import',
  summary: 'Imports a whole dump folder (collections, roles, profiles, users) into Kuzzle',
  args: ['path'],
  flags: { ...IMPORT_FLAGS, 'preserve-anonymous': { type: 'boolean', help: 'leave the anonymous role and profile as they are' } },
  examples: ['kuzzle-dump import dumps/', 'kuzzle-dump import dumps/ --concurrency 8'],
  async run({ args, flags, log, connect }) {
    const k = await connect();
    const root = args.path;
    const files = await plan(root, await walk(root));
    log.info(`Importing ${files.length} files from ${root} into ${k.url}`);
    const mappings = new Map();
    for (const f of files) {
      const file = path.join(root, f.path);
      try {
        switch (f.class) {
          case 'mappings': {
            const parsed = core().parseMappingsFileSync(fs.readFileSync(file), f.dirs ?? undefined);
            for (const entry of parsed.collections) {
              if (!flags['no-mappings']) await importMappings(k, entry);
              mappings.set(`${entry.index}/${entry.collection}`, entry.mappings);
              log.ok(`Collection ${entry.index}:${entry.collection} created`);
            }
            break;
          }
          case 'documents': {
            const header = await readHeader(file);
            let mapping = f.dirs ? mappings.get(`${f.dirs[0]}/${f.dirs[1]}`) : undefined;
            if (header) mapping ??= await ensureCollection(k, header.index, header.collection);
            if (!flags['no-validate']) {
              const report = await validateFile(file, { label: f.path, mapping, maxRequestBytes: k.limits.maxRequestSize - 1024 });
              for (const x of report.findings) (x.severity === 'error' ? log.error.bind(log) : log.warn.bind(log))(`${x.file ?? f.path}:${x.line}:${x.column ?? 0} ${x.code} ${x.message}`);
              if (!report.ok) {
                log.error(`Error during import of ${f.path}: ${report.errors} errors. Skipped.`);
                break;
              }
            }
            const r = await importDocuments(k, file, { label: f.path, batchSize: Number(flags['batch-size']), concurrency: Number(flags.concurrency), resume: Boolean(flags.resume) });
            if (r.errors) log.error(`${r.errors} documents of ${r.index}:${r.collection} were refused; see ${r.errorsFile}`);
            log.ok(`Collection ${r.index}:${r.collection}: ${r.written} documents imported`);
            break;
          }
          case 'roles': case 'profiles': case 'usersMappings': case 'users': case 'specifications': {
            const r = await importSecurity(k, fs.readFileSync(file), { label: f.path, preserveAnonymous: Boolean(flags['preserve-anonymous']) });
            for (const x of r.failed) log.error(`${r.kind} ${x.id}: ${x.message}`);
            log.ok(`${r.imported} ${r.kind} imported from ${f.path}`);
            break;
          }
          case 'importErrors':
            break;
          default:
            log.warn(`${f.path}: skipped (not a dump file kuzzle-dump imports)`);
        }
      } catch (e) {
        log.error(`Error during import of ${f.path}: ${e.message}. Skipped.`);
      }
    }
  },
});
