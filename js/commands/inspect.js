'use strict';
// kuzzle-dump inspect PATH: what a dump holds, offline.

const { command } = require('./live');
const { IoError, readDump, count, formatBytes, FORMAT_NAMES } = require('./offline');

/** The summary `--json` prints: the report, regrouped for reading. */
function summary(report, format, total) {
  const indexes = {};
  for (const [index, collections] of Object.entries(report.indexes)) {
    indexes[index] = {};
    for (const [name, c] of Object.entries(collections)) {
      indexes[index][name] = {
        documents: c.documents,
        validDocuments: c.validDocuments,
        bytes: c.bytes,
        files: c.files,
        mapping: c.hasMappings ? { fields: c.mappedFields, dynamic: c.dynamic ?? null } : null,
        ...(c.esIndex ? { esIndex: c.esIndex } : {}),
      };
    }
  }
  const security = Object.fromEntries(Object.entries(report.security).map(([kind, ids]) => [kind, { count: ids.length, ids }]));
  return {
    ok: report.ok,
    format,
    bytes: total,
    files: report.files.length,
    documents: report.documents,
    collections: report.collections,
    indexes,
    security,
    internal: report.internal,
    errors: report.errors,
    warnings: report.warnings,
  };
}

/** Rows of columns, padded to line up. */
function table(rows, indent) {
  const widths = [];
  for (const r of rows) r.forEach((cell, i) => { widths[i] = Math.max(widths[i] ?? 0, cell.length); });
  return rows.map((r) => indent + r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ').trimEnd());
}

function list(ids, max = 5) {
  return ids.length <= max ? ids.join(', ') : `${ids.slice(0, max).join(', ')}, … (${ids.length - max} more)`;
}

function human(s, input) {
  const lines = [];
  const indexNames = Object.keys(s.indexes);
  lines.push(
    `${input}: ${FORMAT_NAMES[s.format]} dump, ${count(s.files, 'file')}, ${formatBytes(s.bytes)}`,
    `${count(indexNames.length, 'index', 'indexes')}, ${count(s.collections, 'collection')}, ${count(s.documents, 'document')}`,
  );
  for (const index of indexNames) {
    lines.push('', index);
    const rows = Object.entries(s.indexes[index]).map(([name, c]) => [
      name,
      count(c.documents, 'document'),
      formatBytes(c.bytes),
      c.mapping ? `mapping: ${count(c.mapping.fields, 'field')}, dynamic ${c.mapping.dynamic ?? 'unset'}` : 'no mapping',
      c.esIndex ? `from ${c.esIndex}` : '',
    ]);
    lines.push(...table(rows, '  '));
  }
  const kinds = Object.entries(s.security);
  if (kinds.length) {
    lines.push('', 'security');
    lines.push(...table(kinds.map(([kind, { count: n, ids }]) => [kind, String(n), list(ids)]), '  '));
  }
  const internal = Object.entries(s.internal);
  if (internal.length) {
    lines.push('', 'internal indices (an ES-level restore only)');
    lines.push(...table(internal.map(([name, n]) => [name, count(n, 'document')]), '  '));
  }
  return lines.join('\n') + '\n';
}

module.exports = command({
  live: false,
  name: 'inspect',
  summary: 'Shows what a dump holds: indexes, collections, mappings, security, offline',
  description: [
    'PATH is a dump folder (Kourou, elasticdump or es:migrate, detected), one collection\'s folder',
    'or a single file. Lists its indexes and collections with document counts, sizes and mapping',
    'summaries, its security objects, and the internal indices an ES-level dump holds.',
    'Problems are counted, not listed: `kuzzle-dump validate PATH` lists them.',
    'Exit codes: 0 the dump was read (even with problems), 2 usage or I/O error.',
  ].join('\n'),
  args: ['path'],
  flags: {
    json: { type: 'boolean', help: 'print the summary as one JSON object on stdout' },
  },
  examples: [
    'kuzzle-dump inspect ./dump',
    'kuzzle-dump inspect ./elasticdump --json',
  ],
  async run({ args, flags, log, io }) {
    let result;
    try {
      result = await readDump(args.path, { log, stream: io.stderr });
    } catch (e) {
      if (!(e instanceof IoError)) throw e;
      io.stderr.write(`kuzzle-dump inspect: ${e.message}\n`);
      return 2;
    }
    const s = summary(result.report, result.format, result.total);
    if (flags.json) {
      io.stdout.write(`${JSON.stringify(s, null, 2)}\n`);
      return 0;
    }
    io.stdout.write(human(s, args.path));
    if (s.errors || s.warnings) {
      log.warn(`${count(s.errors, 'error')}, ${count(s.warnings, 'warning')}: kuzzle-dump validate ${args.path} lists them`);
    }
    return 0;
  },
});
