'use strict';
// kuzzle-dump collection:export INDEX COLLECTION (Kourou's command, same flags and files).

const { command, jsonFlag, intFlag, UsageError } = require('./live');
const { exportCollection } = require('../kuzzle/export');
const { Progress } = require('../util/progress');

const EXPORT_FLAGS = {
  path: { type: 'string', help: 'dump root folder', default: '.' },
  'batch-size': { type: 'string', help: 'documents per search page', default: '2000' },
  scrollTTL: { type: 'string', help: 'scroll duration between pages', default: '20s' },
  type: { type: 'string', help: 'what to export: all, mappings or data', default: 'all' },
  format: { type: 'string', help: 'jsonl (Kourou), csv, or kuzzle (admin:loadFixtures body)', default: 'jsonl' },
  resume: { type: 'boolean', help: 'pages sorted on _id (search_after), checkpointed: run again with --resume to continue an interrupted export' },
};

function checkFormat(flags) {
  if (!['jsonl', 'csv', 'kuzzle'].includes(flags.format)) throw new UsageError(`--format must be jsonl, csv or kuzzle, not ${flags.format}`);
  if (flags.resume && flags.format === 'kuzzle') throw new UsageError('--resume works with --format jsonl or csv');
  if (!['all', 'mappings', 'data'].includes(flags.type)) throw new UsageError(`--type must be all, mappings or data, not ${flags.type}`);
}

async function runExport(k, log, { index, collection, flags, query }) {
  const progress = new Progress({ label: `${index}/${collection}`, unit: 'docs' });
  log.progress = progress;
  let last = 0;
  const started = Date.now();
  const result = await exportCollection(k, {
    index, collection, root: flags.path, format: flags.format, type: flags.type,
    batchSize: intFlag('batch-size', flags['batch-size']), scrollTTL: flags.scrollTTL, query, fields: flags.fields, resume: Boolean(flags.resume),
    onProgress: ({ documents, total }) => { progress.total = total; progress.tick(documents - last); last = documents; },
  });
  progress.stop();
  log.progress = null;
  const secs = (Date.now() - started) / 1000;
  log.ok(`Collection ${index}:${collection} exported (${result.documents} documents, ${Math.round(result.documents / Math.max(secs, 0.001))} docs/s)`);
  return result;
}

module.exports = command({
  name: 'collection:export',
  summary: 'Exports a collection (mappings and documents) to a Kourou dump',
  description: 'Writes <path>/<index>/<collection>/mappings.json and documents.jsonl (or documents.csv / documents.json). Pages of documents are fetched with a scroll while the previous page is written; the file appears only once complete.',
  args: ['index', 'collection'],
  flags: {
    ...EXPORT_FLAGS,
    query: { type: 'string', help: 'only documents matching this Elasticsearch query (JSON)', default: '{}' },
    fields: { type: 'string', help: 'CSV columns, comma separated (default: from the mapping)' },
  },
  examples: [
    'kuzzle-dump collection:export nyc-open-data yellow-taxi',
    'kuzzle-dump collection:export nyc-open-data yellow-taxi --query \'{"term":{"city":"hcmc"}}\' --path dumps',
    'kuzzle-dump collection:export nyc-open-data yellow-taxi --format csv --fields city,district',
  ],
  async run({ args, flags, log, connect }) {
    checkFormat(flags);
    const query = jsonFlag('query', flags.query, {});
    const k = await connect();
    log.info(`Exporting collection ${args.index}:${args.collection} from ${k.url}`);
    await runExport(k, log, { ...args, flags, query });
  },
});

module.exports.EXPORT_FLAGS = EXPORT_FLAGS;
module.exports.runExport = runExport;
module.exports.checkFormat = checkFormat;
