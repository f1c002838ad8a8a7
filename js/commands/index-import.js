'use strict';
// kuzzle-dump index:import PATH: every collection folder of an index folder.

const fs = require('node:fs');
const path = require('node:path');
const { command } = require('./live');
const { IMPORT_FLAGS, importCollectionDir } = require('./collection-import');

module.exports = command({
  name: 'index:import',
  summary: 'Imports every collection of a Kourou index folder into Kuzzle',
  args: ['path'],
  flags: { ...IMPORT_FLAGS, index: { type: 'string', help: 'import into this index instead of the one in the dump' } },
  examples: ['kuzzle-dump index:import dumps/nyc-open-data', 'kuzzle-dump index:import dumps/nyc-open-data --index nyc-copy'],
  async run({ args, flags, log, connect }) {
    const k = await connect();
    log.info(`Importing index folder ${args.path} into ${k.url}`);
    const dirs = fs.readdirSync(args.path, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
    if (dirs.length === 0) {
      const index = flags.index ?? path.basename(path.resolve(args.path));
      await k.call('POST', `/${encodeURIComponent(index)}/_create`, { allow: [412] });
      log.ok(`Index ${index} created (no collections)`);
      return;
    }
    let total = 0;
    for (const d of dirs) {
      try {
        total += await importCollectionDir(k, log, path.join(args.path, d), flags, { index: flags.index });
      } catch (e) {
        log.error(`${path.join(args.path, d)}: ${e.message}`);
      }
    }
    log.ok(`${dirs.length} collections, ${total} documents imported`);
  },
});
