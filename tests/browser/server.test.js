'use strict';
// `kuzzle-dump viewer PATH` as an HTTP server, without a browser: only GET/HEAD, only the app's
// files and the dump's listed files, byte ranges, nothing outside.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { fixtures, startViewer } = require('./helpers');

const dir = path.join(fixtures, 'dump-kourou-valid', 'input');

/** A raw request (no URL normalisation by a client library). */
function request(url, rawPath, { method = 'GET', headers = {} } = {}) {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, path: rawPath, method, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('kuzzle-dump viewer PATH serves the app, the manifest and ranges of the listed files only', async () => {
  const server = await startViewer(dir);
  try {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/\?dump=dump\/$/);
    const index = await request(server.url, '/');
    assert.equal(index.status, 200);
    assert.match(index.headers['content-security-policy'], /default-src 'self'/);
    assert.match(index.body.toString(), /<script type="module" src="viewer.mjs">/);
    assert.equal((await request(server.url, '/kuzzle-dump/wasm/web/kuzzle_dump_wasm_bg.wasm')).headers['content-type'], 'application/wasm');

    const manifest = JSON.parse((await request(server.url, '/dump/manifest.json')).body);
    assert.equal(manifest.name, 'input');
    const doc = manifest.files.find((f) => f.path === 'nyc-open-data/yellow-taxi/documents.jsonl');
    const bytes = fs.readFileSync(path.join(dir, doc.path));
    assert.equal(doc.size, bytes.length);

    const part = await request(server.url, '/dump/files/nyc-open-data/yellow-taxi/documents.jsonl', { headers: { Range: 'bytes=10-19' } });
    assert.equal(part.status, 206);
    assert.equal(part.headers['content-range'], `bytes 10-19/${bytes.length}`);
    assert.deepEqual(part.body, bytes.subarray(10, 20));
    assert.equal((await request(server.url, '/dump/files/nyc-open-data/yellow-taxi/documents.jsonl', { headers: { Range: 'bytes=99999-' } })).status, 416);

    for (const p of ['/dump/files/../../../../etc/passwd', '/dump/files/%2e%2e/%2e%2e/package.json', '/../package.json', '/%2e%2e/index.js', '/dump/files/nyc-open-data', '/kuzzle-dump/../../cli.js']) {
      assert.equal((await request(server.url, p)).status, 404, p);
    }
    assert.equal((await request(server.url, '/', { method: 'POST' })).status, 405);
    assert.equal((await request(server.url, '/dump/files/nyc-open-data/yellow-taxi/documents.jsonl', { method: 'PUT' })).status, 405);
  } finally {
    await server.stop();
  }
});

test('kuzzle-dump viewer: a missing PATH is an I/O error (exit 2); --help has examples', async () => {
  const { spawnSync } = require('node:child_process');
  const cli = path.join(__dirname, '..', '..', 'js', 'cli.js');
  const missing = spawnSync(process.execPath, [cli, 'viewer', path.join(dir, 'nope')], { encoding: 'utf8' });
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /cannot read .*nope: no such file or folder/);
  const help = spawnSync(process.execPath, [cli, 'viewer', '--help'], { encoding: 'utf8' });
  assert.equal(help.status, 0);
  assert.match(help.stdout, /kuzzle-dump viewer \.\/dump/);
  assert.equal(spawnSync(process.execPath, [cli, 'viewer', '--port', 'x'], { encoding: 'utf8' }).status, 2);
});
