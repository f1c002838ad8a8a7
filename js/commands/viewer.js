'use strict';
// kuzzle-dump viewer [PATH]: serves the in-browser viewer (js/viewer/, built by scripts/build)
// on 127.0.0.1, and with PATH that dump's files, read-only, under /dump/ (the app opens it at
// startup). Only GET and HEAD; only the app's own files and the files listed in PATH; byte
// ranges, so the app reads slices of big files as it would from a local File.

const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { command, UsageError } = require('./live');
const { IoError, listInput, sizes } = require('./offline');

const APP = path.join(__dirname, '..', 'viewer');
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
};
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; worker-src 'self'";

/** The app's files, relative and `/`-separated (nothing else is served from it). */
function appFiles(dir, prefix = '') {
  const out = new Set();
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) for (const f of appFiles(path.join(dir, e.name), `${prefix}${e.name}/`)) out.add(f);
    else if (e.isFile()) out.add(prefix + e.name);
  }
  return out;
}

/** `[start, end]` (inclusive) of a `Range: bytes=…` header, `null` if absent, `false` if unusable. */
function range(header, size) {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return false;
  let start;
  let end;
  if (m[1] === '') {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  return start <= end && start < size ? [start, end] : false;
}

function sendFile(req, res, file, size, type) {
  const r = range(req.headers.range, size);
  const headers = { 'Content-Type': type, 'Accept-Ranges': 'bytes', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };
  if (r === false) {
    res.writeHead(416, { ...headers, 'Content-Range': `bytes */${size}` }).end();
    return;
  }
  const [start, end] = r ?? [0, size - 1];
  const length = size === 0 ? 0 : end - start + 1;
  res.writeHead(r ? 206 : 200, { ...headers, 'Content-Length': length, ...(r ? { 'Content-Range': `bytes ${start}-${end}/${size}` } : {}) });
  if (req.method === 'HEAD' || length === 0) {
    res.end();
    return;
  }
  const stream = fs.createReadStream(file, { start, end });
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

/** The request handler: the app, and the dump (`dump`: {name, root, files: Map path → size}). */
function handler(app, dump) {
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (dump && pathname === '/dump/manifest.json') {
      const body = JSON.stringify({ name: dump.name, files: [...dump.files].map(([p, size]) => ({ path: p, size })) });
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    if (dump && pathname.startsWith('/dump/files/')) {
      // Only the files listed when the server started: no path is ever joined from the URL.
      const rel = pathname.slice('/dump/files/'.length);
      if (!dump.files.has(rel)) {
        res.writeHead(404).end();
        return;
      }
      sendFile(req, res, path.join(dump.root, ...rel.split('/')), dump.files.get(rel), 'application/octet-stream');
      return;
    }
    const rel = pathname === '/' ? 'index.html' : pathname.slice(1);
    if (!app.has(rel)) {
      res.writeHead(404).end();
      return;
    }
    const file = path.join(APP, ...rel.split('/'));
    const headers = rel === 'index.html' ? { 'Content-Security-Policy': CSP } : {};
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    sendFile(req, res, file, fs.statSync(file).size, TYPES[path.extname(rel)] ?? 'application/octet-stream');
  };
}

module.exports = command({
  live: false,
  name: 'viewer',
  summary: 'Serves the in-browser dump viewer on 127.0.0.1 (and, with PATH, opens that dump)',
  description: [
    'Starts a static web server on 127.0.0.1 for the viewer (the WebAssembly build in the browser:',
    'overview, mappings, documents, validation, charts) and prints its URL. Without PATH, open a',
    'dump in the page (folder or file picker, or drag and drop): it is read in the tab, nothing is',
    'uploaded. With PATH (a dump folder, a collection folder or one file), the server also serves',
    'that dump\'s files read-only and the page opens it at once. Stop it with Ctrl-C.',
    'Exit codes: 0 stopped, 2 usage or I/O error (PATH unreadable, port taken, app not built).',
  ].join('\n'),
  args: ['path?'],
  flags: {
    port: { type: 'string', help: 'port to listen on (default: any free port)' },
  },
  examples: [
    'kuzzle-dump viewer',
    'kuzzle-dump viewer ./dump',
    'kuzzle-dump viewer ./elasticdump --port 8080',
  ],
  async run({ args, flags, log, io }) {
    const port = Number(flags.port ?? 0);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: not a port number: ${flags.port}`);
    if (!fs.existsSync(path.join(APP, 'index.html'))) {
      io.stderr.write('kuzzle-dump viewer: the viewer is not built (js/viewer/ is missing): run npm run build\n');
      return 2;
    }
    let dump = null;
    if (args.path) {
      try {
        const listing = await listInput(args.path);
        dump = { name: path.basename(path.resolve(args.path)), root: listing.root, files: await sizes(listing.root, listing.paths) };
      } catch (e) {
        if (!(e instanceof IoError)) throw e;
        io.stderr.write(`kuzzle-dump viewer: ${e.message}\n`);
        return 2;
      }
    }
    const server = http.createServer(handler(appFiles(APP), dump));
    try {
      await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', resolve);
      });
    } catch (e) {
      io.stderr.write(`kuzzle-dump viewer: cannot listen on 127.0.0.1:${port}: ${e.code ?? e.message}\n`);
      return 2;
    }
    const url = `http://127.0.0.1:${server.address().port}/${dump ? '?dump=dump/' : ''}`;
    io.stdout.write(`${url}\n`);
    log.ok(`viewer on ${url}${dump ? ` (serving ${args.path} read-only)` : ''}; Ctrl-C to stop`);
    await new Promise((resolve) => {
      const stop = () => {
        server.close(resolve);
        server.closeAllConnections();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  },
});
