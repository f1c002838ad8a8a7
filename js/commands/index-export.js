'use strict';
// kuzzle-dump index:export INDEX: every stored collection of an index.

const fs = require('node:fs');
const { command } = require('./live');
const { EXPORT_FLAGS, runExport, checkFormat } = require('./collection-export');
const { listCollections } = require('../kuzzle/export');
const { safeJoin } = require('../io/files');

module.exports = command({
  name: 'index:export',
  summary: 'Exports every collection of an index to a Kourou dump',
  args: ['index'],
  flags: { ...EXPORT_FLAGS },
  examples: ['kuzzle-dump index:export nyc-open-data', 'kuzzle-dump index:export nyc-open-data --path dumps --batch-size 5000'],
  async run({ args, flags, log, connect }) {
    checkFormat(flags);
    const k = await connect();
    log.info(`Exporting index ${args.index} from ${k.url}`);
    const collections = await listCollections(k, args.index);
    // An index without collections is still exported, as an empty folder.
    fs.mkdirSync(safeJoin(flags.path, args.index), { recursive: true });
    for (const collection of collections) {
      try {
        await runExport(k, log, { index: args.index, collection, flags, query: {} });
      } catch (e) {
        log.error(`Collection ${args.index}:${collection}: ${e.message}`);
      }
    }
    log.ok(`Index ${args.index} exported (${collections.length} collections)`);
  },
});
