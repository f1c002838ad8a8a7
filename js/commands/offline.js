'use strict';
// What the offline commands (validate, inspect, convert) share: reading a dump folder, one
// collection's folder or one file from disk into a core reader (DumpReader or Converter), with
// reading and parsing overlapped, and printing findings. The core decides everything about the
// bytes; this file only lists files, reads them and reports.

const fsp = require('node:fs/promises');
const path = require('node:path');
const { walk, chunks, head } = require('../io/files');
const { Progress } = require('../util/progress');
const { formatBytes } = require('../util/size');

const core = () => require('../index.js');

/** A file-system failure: the command exits 2 (the input could not be read, or written). */
class IoError extends Error {
  constructor(message, cause) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'KuzzleDumpError';
    this.code = 'IO_ERROR';
  }
}

function ioMessage(e) {
  if (e.code === 'ENOENT') return 'no such file or folder';
  if (e.code === 'EACCES' || e.code === 'EPERM') return 'permission denied';
  return e.message;
}

/** Runs `fn`, turning a Node file-system error into an {@link IoError} about `what`. */
async function io(what, fn) {
  try {
    return await fn();
  } catch (e) {
    if (e && typeof e.syscall === 'string') throw new IoError(`cannot read ${what}: ${ioMessage(e)}`, e);
    throw e;
  }
}

/**
 * What `input` holds: a folder (its files, relative, `/`-separated; with `dirs`, its folders
 * too, ending in `/`) or one file, read as a one-file dump (`paths` is its name).
 */
async function listInput(input, { dirs = false } = {}) {
  const st = await io(input, () => fsp.stat(input));
  if (st.isDirectory()) {
    const paths = await io(input, () => walk(input, { dirs }));
    return { root: input, paths, single: false };
  }
  return { root: path.dirname(input), paths: [path.basename(input)], single: true };
}

/** The files of a listing (not its folders), with their sizes. */
async function sizes(root, paths) {
  const out = new Map();
  for (const p of paths) {
    if (p.endsWith('/')) continue;
    const st = await io(p, () => fsp.stat(path.join(root, p)));
    out.set(p, st.size);
  }
  return out;
}

/** The dump format of a listing: top-level names and their first 4 KiB. */
async function detect(root, paths) {
  const heads = {};
  for (const p of paths) {
    if (p.includes('/')) continue;
    heads[p] = await io(p, () => head(path.join(root, p), 4096));
  }
  return core().detectFormat(paths, heads);
}

/**
 * `[index, collection]` when `input` is one collection's folder of a Kourou tree (its documents
 * and mappings sit at the root): the folder's parent and own names, so that its mappings apply.
 */
function rootCollection(input, format, listing) {
  if (listing.single || format !== 'kourou' || listing.paths.length === 0) return undefined;
  const files = listing.paths.filter((p) => !p.endsWith('/'));
  if (files.some((p) => p.includes('/'))) return undefined;
  if (!files.some((p) => /\.jsonl(\.gz)?$/.test(p) || p === 'mappings.json')) return undefined;
  const abs = path.resolve(input);
  return [path.basename(path.dirname(abs)), path.basename(abs)];
}

/**
 * Pushes a file into `target` (a DumpReader or a Converter) with its async `push`, reading the
 * next chunk while the core parses the current one; `onPushed(chunk, result)` runs after each.
 */
async function pushFile(target, file, label, onPushed) {
  // Three buffers in turn: one being parsed, one being read, one spare; `target.push` is done
  // with a chunk when it settles (the core copies what it keeps).
  const it = chunks(file, { ring: 3 })[Symbol.asyncIterator]();
  let next = io(label, () => it.next());
  try {
    for (;;) {
      const { value, done } = await next;
      if (done) return;
      next = io(label, () => it.next());
      next.catch(() => {}); // awaited on the next turn; do not report it unhandled if push fails first
      const result = await target.push(value);
      await onPushed?.(value, result);
    }
  } finally {
    await next.catch(() => {});
    await it.return?.();
  }
}

/** A TTY-only progress bar over `total` bytes, cleared around log lines. */
function progress(label, total, log, stream) {
  const p = new Progress({ label, total, unit: 'bytes', stream });
  log.progress = p;
  return p;
}

/**
 * Reads a dump (a folder, a collection's folder or one file) through a DumpReader and returns
 * its report. `threads: 2` on the native backend: parsing runs on the thread pool meanwhile.
 */
async function readDump(input, { maxRequestBytes, log, stream }) {
  const listing = await listInput(input);
  const { root, paths } = listing;
  const format = await detect(root, paths);
  const order = await core().dumpOrder(format, paths);
  const size = await sizes(root, paths);
  const reader = new (core().DumpReader)({
    format,
    maxRequestBytes,
    threads: core().backend === 'native' ? 2 : 1,
    rootCollection: rootCollection(input, format, listing),
  });
  const total = [...size.values()].reduce((a, b) => a + b, 0);
  const bar = progress(path.basename(path.resolve(input)), total, log, stream);
  try {
    for (const p of order) {
      reader.beginFile(p);
      await pushFile(reader, path.join(root, p), p, (chunk) => bar.tick(chunk.length));
      reader.endFile();
    }
  } finally {
    bar.stop();
    log.progress = null;
  }
  return { report: reader.finish(), format, listing, total };
}

/** `file:line:column CODE message`, the human form of a finding. */
function findingLine(f) {
  return `${f.file ?? ''}:${f.line}:${f.column ?? 0} ${f.code} ${f.message}`;
}

/** `1 error` / `2 errors` (`plural` for the irregular ones: `count(n, 'index', 'indexes')`). */
function count(n, word, plural = `${word}s`) {
  return `${n.toLocaleString('en-US')} ${n === 1 ? word : plural}`;
}

/** Layout names as the CLI spells them. */
const FORMAT_NAMES = { kourou: 'Kourou', elasticdump: 'elasticdump', esMigrate: 'es:migrate' };

module.exports = {
  IoError,
  io,
  listInput,
  sizes,
  detect,
  pushFile,
  progress,
  readDump,
  findingLine,
  count,
  formatBytes,
  FORMAT_NAMES,
};
