'use strict';
// The viewer's core helpers on one backend: LineIndexer (offsets of document lines, gzip
// inflated), viewRows, prettyLine (tokens as written), searchLines, FieldStats. Same results on
// both backends (the suite runs once per backend).

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const { api, thrown } = require('./backend.js');

const fixtures = path.join(__dirname, '..', 'fixtures');
const docs = fs.readFileSync(path.join(fixtures, 'dump-kourou-valid', 'input', 'nyc-open-data', 'yellow-taxi', 'documents.jsonl'));

function entries(packed) {
  assert.ok(packed instanceof Uint8Array);
  const v = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
  const out = [];
  for (let i = 0; i < packed.length; i += 16) out.push([v.getFloat64(i, true), v.getUint32(i + 8, true), v.getUint32(i + 12, true)]);
  return out;
}

function index(input, opts, step = 7) {
  const ix = new api.LineIndexer(opts);
  const parts = [];
  const inflated = [];
  for (let i = 0; i < input.length; i += step) {
    parts.push(...entries(ix.push(input.subarray(i, i + step))));
    inflated.push(ix.takeInflated());
  }
  parts.push(...entries(ix.finish()));
  inflated.push(ix.takeInflated());
  return { entries: parts, inflated: Buffer.concat(inflated), summary: ix.summary(), ix };
}

test('LineIndexer: the documents lines of a Kourou file, header left out, any chunking', () => {
  const { entries: e, summary, ix } = index(docs);
  const lines = docs.toString().split('\n');
  assert.equal(e.length, 2);
  assert.deepEqual(e[0], [lines[0].length + 1, lines[1].length, 2]);
  assert.equal(docs.subarray(e[1][0], e[1][0] + e[1][1]).toString(), lines[2]);
  assert.deepEqual(summary, { lines: 3, entries: 2, bytes: docs.length, gzip: false });
  assert.equal(thrown(() => ix.push(docs)).code, 'INVALID_STATE');
  assert.equal(thrown(() => new api.LineIndexer({ keep: true })).code, 'INVALID_OPTIONS');
});

test('LineIndexer: gzip is inflated, offsets point into the inflated bytes', () => {
  const gz = zlib.gzipSync(docs);
  const plain = index(docs);
  const { entries: e, inflated, summary } = index(gz, { keepInflated: true }, 5);
  assert.deepEqual(e, plain.entries);
  assert.deepEqual(inflated, docs);
  assert.equal(summary.gzip, true);
  assert.equal(index(gz, {}).inflated.length, 0, 'nothing kept without keepInflated');
});

test('viewRows, prettyLine: ids, previews, exact numbers', async () => {
  const { entries: e } = index(docs);
  const slice = docs.subarray(e[0][0], e[1][0] + e[1][1]);
  const rows = api.viewRowsSync(slice, { preview: 20 });
  assert.deepEqual(rows.map((r) => r.id), ['chuon-chuon-kim', 'the-hive-vn']);
  assert.equal(rows[1].preview, '{"city":"hcmc","dist');
  assert.equal(rows[1].truncated, true);
  assert.deepEqual(await api.viewRows(slice, { preview: 20 }), rows);
  const line = docs.subarray(e[1][0], e[1][0] + e[1][1]);
  const pretty = api.prettyLineSync(line);
  assert.match(pretty.text, /\n {4}"big": 12345678901234567890123,\n/);
  assert.equal(pretty.error, undefined);
  assert.deepEqual(await api.prettyLine(line), pretty);
  const bad = api.prettyLineSync(Buffer.from('{"_id":"x","body":{'));
  assert.equal(bad.text, '{"_id":"x","body":{');
  assert.match(bad.error, /column/);
});

test('searchLines: by _id, by field value, contains, limit', async () => {
  assert.deepEqual(api.searchLinesSync(docs, { id: 'the-hive-vn' }), [1]);
  assert.deepEqual(api.searchLinesSync(docs, { id: 'hive', contains: true }), [1]);
  assert.deepEqual(api.searchLinesSync(docs, { field: 'district', value: '1' }), [0]);
  assert.deepEqual(api.searchLinesSync(docs, { value: 'hcmc' }), [0, 1]);
  assert.deepEqual(api.searchLinesSync(docs, { value: 'hcmc', limit: 1 }), [0]);
  assert.deepEqual(api.searchLinesSync(docs, { field: '_kuzzle_info.author', value: 'test-admin' }), [0, 1]);
  assert.deepEqual(await api.searchLines(docs, { value: '12345678901234567890123' }), [1]);
  assert.equal(thrown(() => api.searchLinesSync(docs, { ids: 'x' })).code, 'INVALID_OPTIONS');
});

test('FieldStats: presence, types, createdAt histogram', () => {
  const fsx = new api.FieldStats();
  for (let i = 0; i < docs.length; i += 11) fsx.push(docs.subarray(i, i + 11));
  const r = fsx.finish();
  assert.equal(r.documents, 2);
  assert.equal(r.unparsable, 0);
  const big = r.fields.find((f) => f.path === 'big');
  assert.deepEqual(big, { path: 'big', count: 1, types: { number: 1 } });
  assert.deepEqual(r.fields.find((f) => f.path === '_kuzzle_info.updatedAt').types, { null: 2 });
  assert.equal(r.createdAt.min, 1700000000000);
  assert.equal(r.createdAt.max, 1700000000001);
  assert.equal(r.createdAt.counts.reduce((a, b) => a + b, 0), 2);
  assert.equal(thrown(() => fsx.finish()).code, 'INVALID_STATE');
});
