'use strict';
// kuzzle-dump convert SRC DST --to FORMAT: a dump rewritten in another layout, offline. The core
// turns the source into output chunks; this file reads and writes files.

const fs = require('node:fs');
const path = require('node:path');
const { command, UsageError } = require('./live');
const { IoError, io, listInput, sizes, detect, pushFile, progress, findingLine, count, FORMAT_NAMES } = require('./offline');
const { safeJoin, AtomicFile } = require('../io/files');

const core = () => require('../index.js');

const TARGETS = { kourou: 'kourou', elasticdump: 'elasticdump', 'es-migrate': 'esMigrate' };

/** Most output files holding a descriptor at once; the others are parked between writes. */
const OPEN_FILES = 64;

/**
 * Output files under `root`: each chunk is appended through an AtomicFile (temp file, renamed
 * into place by `commit`), created owner-only when the core says `secret`; folders are created.
 * Paths are joined with safeJoin, so nothing is written outside `root`.
 */
class Output {
  constructor(root) {
    this.root = root;
    this.files = new Map();
    this.open = []; // most recently written last
  }

  async write(chunk) {
    if (chunk.path.endsWith('/')) {
      const dir = safeJoin(this.root, chunk.path.slice(0, -1));
      await io(dir, () => fs.promises.mkdir(dir, { recursive: true }));
      return;
    }
    let f = this.files.get(chunk.path);
    if (!f) {
      const file = safeJoin(this.root, chunk.path);
      f = await io(file, () => new AtomicFile(file, { secret: chunk.secret }));
      this.files.set(chunk.path, f);
    } else if (chunk.secret) {
      f.makeSecret();
    }
    const at = this.open.indexOf(f);
    if (at >= 0) this.open.splice(at, 1);
    this.open.push(f);
    if (this.open.length > OPEN_FILES) await this.open.shift().park();
    await io(chunk.path, () => f.write(chunk.bytes));
  }

  async commit() {
    for (const [p, f] of this.files) await io(p, () => f.close());
  }

  abort() {
    for (const f of this.files.values()) f.abort();
  }
}

/** Whether `dst` can be written to: missing, or an empty folder (any folder with --force). */
function checkDestination(dst, force) {
  let st;
  try {
    st = fs.statSync(dst);
  } catch (e) {
    if (e.code === 'ENOENT') return;
    throw new IoError(`cannot use ${dst}: ${e.message}`, e);
  }
  if (!st.isDirectory()) throw new UsageError(`${dst} is not a folder`);
  if (!force && fs.readdirSync(dst).length > 0) {
    throw new UsageError(`${dst} is not empty (--force writes into it, replacing the files it converts)`);
  }
}

module.exports = command({
  live: false,
  name: 'convert',
  summary: 'Rewrites a dump in another layout (Kourou, elasticdump, es:migrate), offline',
  description: [
    'SRC is a dump folder (or one file) in any layout, detected; DST is the folder to write,',
    'missing or empty (or any folder with --force). Documents are streamed, byte for byte;',
    'mappings, settings, aliases, specifications and security files are translated. Files holding',
    'secrets (API keys, password hashes) are created owner-only (0600).',
    '',
    'Prints what could not be converted as `file:line:column CODE message` lines, then a summary.',
    'Exit codes: 0 converted, 1 something could not be converted, 2 usage or I/O error.',
  ].join('\n'),
  args: ['src', 'dst'],
  flags: {
    to: { type: 'string', help: 'the layout to write: kourou, elasticdump or es-migrate' },
    gzip: { type: 'boolean', help: 'gzip the elasticdump / es:migrate files (names end in .json.gz)' },
    force: { type: 'boolean', help: 'write into a folder that is not empty' },
    json: { type: 'boolean', help: 'print the report as one JSON object on stdout' },
  },
  examples: [
    'kuzzle-dump convert ./dump ./elasticdump --to elasticdump',
    'kuzzle-dump convert ./elasticdump ./dump --to kourou',
    'kuzzle-dump convert ./dump ./migrate --to es-migrate --gzip',
  ],
  async run({ args, flags, log, io: out }) {
    const to = TARGETS[flags.to];
    if (!to) {
      throw new UsageError(flags.to === undefined ? '--to is required (kourou, elasticdump or es-migrate)' : `--to must be kourou, elasticdump or es-migrate, not ${JSON.stringify(flags.to)}`);
    }
    let output;
    let report;
    try {
      checkDestination(args.dst, flags.force);
      const { root, paths } = await listInput(args.src, { dirs: true });
      const from = await detect(root, paths.filter((p) => !p.endsWith('/')));
      let converter;
      try {
        converter = new (core().Converter)({ from, to, gzip: Boolean(flags.gzip) });
      } catch (e) {
        if (e.code === 'INVALID_OPTIONS') throw new UsageError(e.message.replace(/^invalid options: /, ''));
        throw e;
      }
      const size = await sizes(root, paths);
      const bar = progress(path.basename(path.resolve(args.src)), [...size.values()].reduce((a, b) => a + b, 0), log, out.stderr);
      await io(args.dst, () => fs.promises.mkdir(args.dst, { recursive: true }));
      output = new Output(args.dst);
      const write = async (chunks) => { for (const c of chunks) await output.write(c); };
      try {
        for (const p of await core().dumpOrder(from, paths)) {
          await write(converter.beginFile(p));
          if (!p.endsWith('/')) {
            await pushFile(converter, path.join(root, p), p, async (chunk, chunks) => {
              bar.tick(chunk.length);
              await write(chunks);
            });
          }
          await write(converter.endFile());
        }
        const done = converter.finish();
        await write(done.chunks);
        report = done.report;
      } finally {
        bar.stop();
        log.progress = null;
      }
      await output.commit();
    } catch (e) {
      output?.abort();
      if (!(e instanceof IoError)) throw e;
      out.stderr.write(`kuzzle-dump convert: ${e.message}\n`);
      return 2;
    }
    if (flags.json) {
      out.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      return report.ok ? 0 : 1;
    }
    for (const f of report.findings) out.stdout.write(`${findingLine(f)}\n`);
    for (const l of report.leftOut) log.warn(`left out: ${l}`);
    const what = `${FORMAT_NAMES[report.from]} → ${FORMAT_NAMES[report.to]}: ${count(report.documents, 'document')} in ${count(report.files.filter((f) => !f.path.endsWith('/')).length, 'file')} under ${args.dst}`;
    if (report.ok) {
      log.ok(`${what}${report.warnings ? ` (${count(report.warnings, 'warning')})` : ''}`);
      return 0;
    }
    log.error(`${what}, but ${count(report.errors, 'error')}: what they name was not converted`);
    return 1;
  },
});
