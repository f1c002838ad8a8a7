'use strict';

// Kourou's export/import scenarios, run with the kuzzle-dump CLI against the real local stack.

const { test, before } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { ensureStack, resetKuzzle, kuzzleCall } = require('../helpers/stack');

const CLI = path.join(__dirname, '..', '..', 'js', 'cli.js');
let stack;
let tmp;

function cli(...args) {
  const url = new URL(stack.kuzzleUrl);
  const r = spawnSync(process.execPath, [CLI, ...args, '--host', url.hostname, '--port', url.port, '--username', 'admin', '--password', 'password'], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const api = (method, p, body) => kuzzleCall(method, p, body, stack.adminToken);

async function seed(index, collection, mappings, docs) {
  await api('PUT', `/${index}/${collection}`, { mappings });
  await api('POST', `/${index}/${collection}/_mWrite?refresh=wait_for`, { documents: docs });
}

const INFO = (n) => ({ author: 'test-admin', createdAt: 1700000000000 + n, updatedAt: null, updater: null });

before(async () => {
  stack = await ensureStack();
  await resetKuzzle(stack.adminToken);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kd-it-'));
});

test('collection:export with --query, then collection:import after deleting the collection', async () => {
  const docs = [
    { _id: 'chuon-chuon-kim', body: { city: 'hcmc', district: 1, _kuzzle_info: INFO(0) } },
    { _id: 'the-hive-vn', body: { city: 'hcmc', district: 2, _kuzzle_info: INFO(1) } },
    { _id: 'the-hive-th', body: { city: 'changmai', district: 7, _kuzzle_info: INFO(2) } },
  ];
  await seed('nyc-open-data', 'yellow-taxi', { dynamic: 'false', properties: { city: { type: 'keyword' }, district: { type: 'integer' } } }, docs);
  const out = path.join(tmp, 'q');
  const r = cli('collection:export', 'nyc-open-data', 'yellow-taxi', '--path', out, '--query', '{"term":{"city":"hcmc"}}');
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.match(r.stdout, / \[✔\] Collection nyc-open-data:yellow-taxi exported \(2 documents/);
  const lines = fs.readFileSync(path.join(out, 'nyc-open-data/yellow-taxi/documents.jsonl'), 'utf8').trimEnd().split('\n');
  assert.equal(lines[0], '{"type":"collection","index":"nyc-open-data","collection":"yellow-taxi"}');
  assert.deepEqual(lines.slice(1).sort(), docs.slice(0, 2).map((d) => JSON.stringify(d)).sort());
  const mappings = fs.readFileSync(path.join(out, 'nyc-open-data/yellow-taxi/mappings.json'), 'utf8');
  assert.equal(mappings, JSON.stringify({ type: 'mappings', content: { 'nyc-open-data': { 'yellow-taxi': { mappings: { dynamic: 'false', properties: { city: { type: 'keyword' }, district: { type: 'integer' } } } } } } }, null, 2));

  await api('DELETE', '/nyc-open-data/yellow-taxi');
  const i = cli('collection:import', path.join(out, 'nyc-open-data/yellow-taxi'));
  assert.equal(i.code, 0, i.stderr + i.stdout);
  const found = await api('POST', '/nyc-open-data/yellow-taxi/_search?size=10', {});
  assert.equal(found.total, 2);
  for (const hit of found.hits) assert.deepEqual(hit._source, docs.find((d) => d._id === hit._id).body, 'ids and _kuzzle_info kept');
});

test('index:export and index:import of two collections', async () => {
  await resetKuzzle(stack.adminToken);
  for (const c of ['a', 'b']) {
    const docs = Array.from({ length: 2500 }, (_, n) => ({ _id: `${c}-${n}`, body: { n, c, _kuzzle_info: INFO(n) } }));
    await seed('two', c, { dynamic: 'true', properties: { n: { type: 'integer' } } }, docs);
  }
  const out = path.join(tmp, 'idx');
  const r = cli('index:export', 'two', '--path', out, '--batch-size', '1000');
  assert.equal(r.code, 0, r.stderr + r.stdout);
  await api('DELETE', '/two');
  const i = cli('index:import', path.join(out, 'two'), '--batch-size', '300');
  assert.equal(i.code, 0, i.stderr + i.stdout);
  for (const c of ['a', 'b']) assert.equal((await api('POST', `/two/${c}/_count`, {})).count, 2500);
});

test('bodies survive a round trip byte for byte (ids, _kuzzle_info, escapes, emoji)', async () => {
  await resetKuzzle(stack.adminToken);
  const dir = path.join(tmp, 'fid/fid/c');
  fs.mkdirSync(dir, { recursive: true });
  // JavaScript-canonical lines: what Kuzzle (JSON.stringify) writes back.
  const lines = [
    '{"type":"collection","index":"fid","collection":"c"}',
    // (JavaScript puts integer-like keys first and writes U+2028 raw.)
    '{"_id":"é/😀 id","body":{"42":"integer-like key first","s":"quote \\" backslash \\\\ tab \\t nul \\u0000 line\u2028sep","emoji":"🚕👩‍💻","n":[0.1,-0,1e+21,123456789.125,9007199254740991],"_kuzzle_info":{"author":"x","createdAt":1,"updatedAt":null,"updater":null}}}',
    '{"_id":"empty","body":{}}',
  ];
  fs.writeFileSync(path.join(dir, 'documents.jsonl'), lines.join('\n') + '\n');
  const i = cli('collection:import', dir);
  assert.equal(i.code, 0, i.stderr + i.stdout);
  const out = path.join(tmp, 'fid-out');
  const e = cli('collection:export', 'fid', 'c', '--path', out);
  assert.equal(e.code, 0, e.stderr + e.stdout);
  const back = fs.readFileSync(path.join(out, 'fid/c/documents.jsonl'), 'utf8').trimEnd().split('\n');
  assert.equal(back[0], lines[0]);
  assert.deepEqual(back.slice(1).sort(), lines.slice(1).map((l) => l.replace('-0', '0')).sort());
});

test('numbers beyond 2^53 are flagged before import (Kuzzle rounds them)', async () => {
  const dir = path.join(tmp, 'big/big/c');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'documents.jsonl'), '{"type":"collection","index":"big","collection":"c"}\n{"_id":"x","body":{"n":12345678901234567890123}}\n');
  const i = cli('collection:import', dir);
  assert.equal(i.code, 0, i.stderr + i.stdout);
  assert.match(i.stderr, /documents\.jsonl:2:\d+ PRECISION_LOSS the number 12345678901234567890123 becomes 1\.2345678901234568e\+22/);
});

test('a document the server refuses lands in documents-errors.jsonl, exit code 1', async () => {
  await api('PUT', '/strict/c', { mappings: { dynamic: 'false', properties: { age: { type: 'integer' } } } });
  const dir = path.join(tmp, 'rej/strict/c');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'documents.jsonl'), '{"type":"collection","index":"strict","collection":"c"}\n{"_id":"ok","body":{"age":40}}\n{"_id":"doc-1","body":{"age":"forty"}}\n');
  const i = cli('collection:import', dir, '--no-validate');
  assert.equal(i.code, 1, i.stderr + i.stdout);
  const errors = fs.readFileSync(path.join(dir, 'documents-errors.jsonl'), 'utf8').trimEnd().split('\n');
  assert.equal(errors.length, 1);
  const e = JSON.parse(errors[0]);
  assert.equal(e.document._id, 'doc-1');
  assert.equal(e.status, 400);
  assert.equal(e.line, 3);
  assert.equal((await api('POST', '/strict/c/_count', {})).count, 1);
  // Without --no-validate, the mapping check stops it before anything is written.
  const v = cli('collection:import', dir);
  assert.equal(v.code, 1);
  assert.match(v.stderr, /documents\.jsonl:3:\d+ FIELD_TYPE_MISMATCH/);
});

test('CSV export with and without --fields, byte-exact with Kourou', async () => {
  await resetKuzzle(stack.adminToken);
  await api('PUT', '/nyc-open-data/yellow-taxi', { mappings: { dynamic: 'false', properties: { city: { type: 'keyword' }, firstName: { type: 'keyword' }, lastName: { type: 'keyword' }, name: { type: 'keyword' } } } });
  const docs = [
    ['chuon-chuon-kim', { city: 'hcmc', district: 1, nested: { field: 1 } }],
    ['the-hive-vn', { city: 'hcmc', district: 2, nested: { field: 2 } }],
    ['the-hive-th', { city: 'changmai', district: 7, unwanted: 'field' }],
    ['luca', { city: 'changmai', district: [7, 8, 9] }],
    ['toto', { city: 'changmai', district: 11, object: { field: 'value' } }],
  ];
  for (const [id, body] of docs) await api('POST', `/nyc-open-data/yellow-taxi/${id}/_create?refresh=wait_for`, body);
  const out = path.join(tmp, 'csv');
  const sort = '{"bool":{"must":{"match_all":{}}}}';
  let r = cli('collection:export', 'nyc-open-data', 'yellow-taxi', '--path', out, '--format', 'csv', '--fields', 'city,district,nested.field,object', '--query', sort);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  const withFields = fs.readFileSync(path.join(out, 'nyc-open-data/yellow-taxi/documents.csv'), 'utf8').split('\n');
  assert.equal(withFields[0], '_id,city,district,nested.field,object');
  assert.deepEqual(withFields.slice(1, -1).sort(), [
    'chuon-chuon-kim,hcmc,1,1,', 'luca,changmai,[NOT_SCALAR],,', 'the-hive-th,changmai,7,,', 'the-hive-vn,hcmc,2,2,', 'toto,changmai,11,,[NOT_SCALAR]',
  ]);
  assert.equal(withFields.at(-1), '', 'the file ends with LF');
  r = cli('collection:export', 'nyc-open-data', 'yellow-taxi', '--path', out, '--format', 'csv');
  assert.equal(r.code, 0, r.stderr + r.stdout);
  const fromMapping = fs.readFileSync(path.join(out, 'nyc-open-data/yellow-taxi/documents.csv'), 'utf8').split('\n');
  assert.equal(fromMapping[0], '_id,city,firstName,lastName,name');
  assert.ok(fromMapping.includes('the-hive-th,changmai,,,'));
});
