'use strict';
// kuzzle-dump validate PATH: checks a dump without a server; findings are the output.

const { command, UsageError } = require('./live');
const { IoError, readDump, findingLine, count, formatBytes, FORMAT_NAMES } = require('./offline');
const { parseSize } = require('../util/size');

module.exports = command({
  live: false,
  name: 'validate',
  summary: 'Checks a dump, a collection folder or one file, offline',
  description: [
    'PATH is a Kourou dump folder, an elasticdump or es:migrate folder, one collection\'s folder',
    '(documents.jsonl and mappings.json), or a single file in any of these formats (gzip or not):',
    'the layout is detected. Every line is checked as Kuzzle would import it: JSON, ids, bodies,',
    'duplicates, sizes, names, mappings, validation specifications and security files.',
    '',
    'Prints one `file:line:column CODE message` line per finding, then a summary.',
    'Exit codes: 0 no error (warnings allowed), 1 errors found, 2 usage or I/O error.',
  ].join('\n'),
  args: ['path'],
  flags: {
    json: { type: 'boolean', help: 'print the whole report as one JSON object on stdout' },
    'max-request-size': { type: 'string', help: "Kuzzle's server.maxRequestSize: larger documents are errors", default: '1MB' },
  },
  examples: [
    'kuzzle-dump validate ./dump',
    'kuzzle-dump validate ./dump/nyc-open-data/yellow-taxi --max-request-size 10MB',
    'kuzzle-dump validate ./elasticdump/\'&nyc-open-data.yellow-taxi.json.gz\' --json',
  ],
  async run({ args, flags, log, io }) {
    let maxRequestBytes;
    try {
      maxRequestBytes = parseSize(flags['max-request-size']);
    } catch (e) {
      throw new UsageError(`--max-request-size: ${e.message}`);
    }
    let result;
    try {
      result = await readDump(args.path, { maxRequestBytes, log, stream: io.stderr });
    } catch (e) {
      if (!(e instanceof IoError)) throw e;
      io.stderr.write(`kuzzle-dump validate: ${e.message}\n`);
      return 2;
    }
    const { report, format, total } = result;
    if (flags.json) {
      io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      return report.ok ? 0 : 1;
    }
    for (const f of report.findings) io.stdout.write(`${findingLine(f)}\n`);
    if (report.findingsTruncated) {
      log.warn(`only the first ${report.findings.length} findings are listed (--json has the same cap)`);
    }
    const what = `${count(report.documents, 'document')} in ${count(report.collections, 'collection')}, ${formatBytes(total)}`;
    const problems = `${count(report.errors, 'error')}, ${count(report.warnings, 'warning')}`;
    if (report.ok) {
      log.ok(`${args.path}: valid ${FORMAT_NAMES[format]} dump, ${what} (${problems})`);
      return 0;
    }
    log.error(`${args.path}: ${problems} in a ${FORMAT_NAMES[format]} dump of ${what}`);
    return 1;
  },
});
