'use strict';
// The Converter on one backend, over every shared convert case: same output bytes, folders,
// findings and owner-only files as the Rust test (core/tests/convert_fixtures.rs).

const test = require('node:test');
const assert = require('node:assert/strict');
const { api, thrown } = require('./backend.js');
const { conversions, plain } = require('./convert-cases.js');

async function convert(c, chunkSize) {
  const paths = [...c.input.keys(), ...c.inputDirs];
  const heads = Object.fromEntries([...c.input].filter(([p]) => !p.includes('/')).map(([p, b]) => [p, b.subarray(0, 4096)]));
  assert.equal(api.detectFormatSync(paths, heads), c.from, c.label);
  const conv = new api.Converter({ from: c.from, to: c.to, gzip: c.gzip });
  const chunks = [];
  for (const p of api.dumpOrderSync(c.from, paths)) {
    chunks.push(...conv.beginFile(p));
    const bytes = c.input.get(p) ?? Buffer.alloc(0);
    for (let i = 0; i < bytes.length; i += chunkSize) chunks.push(...(await conv.push(bytes.subarray(i, i + chunkSize))));
    chunks.push(...conv.endFile());
  }
  const { chunks: last, report } = conv.finish();
  chunks.push(...last);
  const files = new Map();
  const dirs = [];
  const secret = new Set();
  for (const ch of chunks) {
    assert.ok(ch.bytes instanceof Uint8Array);
    if (ch.path.endsWith('/')) {
      dirs.push(ch.path);
      continue;
    }
    if (ch.secret) secret.add(ch.path);
    files.set(ch.path, Buffer.concat([files.get(ch.path) ?? Buffer.alloc(0), ch.bytes]));
  }
  return { files, dirs, secret: [...secret].sort(), report };
}

test('Converter: every shared convert case, byte for byte', async () => {
  const cases = conversions();
  assert.ok(cases.length >= 10, `${cases.length} conversions`);
  for (const c of cases) {
    const got = await convert(c, 1 << 16);
    const files = plain(got.files, c.gzip);
    assert.deepEqual([...files.keys()].sort(), [...c.expected.keys()].sort(), `${c.label}: files`);
    for (const [p, b] of c.expected) assert.equal(files.get(p).toString(), b.toString(), `${c.label}: ${p}`);
    assert.deepEqual(got.dirs, c.expectedDirs, `${c.label}: folders`);
    assert.deepEqual(got.report.findings.map((f) => f.code), c.findings, `${c.label}: findings`);
    assert.deepEqual(got.report.leftOut, c.leftOut, `${c.label}: left out`);
    assert.deepEqual(got.secret, c.secret, `${c.label}: owner-only files`);
    assert.equal(got.report.ok, got.report.errors === 0);
    assert.equal(got.report.documents, got.report.files.reduce((n, f) => n + f.documents, 0));
  }
});

test('Converter: small chunks give the same output; bad options', async () => {
  const [c] = conversions();
  const small = await convert(c, 7);
  const whole = await convert(c, 1 << 20);
  assert.deepEqual(small.files, whole.files);
  assert.deepEqual(small.report, whole.report);
  assert.equal(thrown(() => new api.Converter({ from: 'kourou', to: 'kourou' })).message, 'invalid options: the source is already a Kourou tree: nothing to convert');
  assert.equal(thrown(() => new api.Converter({ from: 'elasticdump', to: 'kourou', gzip: true })).code, 'INVALID_OPTIONS');
  const conv = new api.Converter();
  assert.equal(thrown(() => conv.pushSync(new Uint8Array(1))).code, 'INVALID_STATE');
});
