'use strict';
// Whole files and folders on one backend: mappings and security files as JS objects, a
// collection's mappings.json from API responses, dump formats and orders, import plans.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { api, errorShape, thrown, rejected } = require('./backend.js');

const bytes = (s) => new TextEncoder().encode(s);
const text = (b) => {
  assert.ok(b instanceof Uint8Array, 'bytes come out as a Uint8Array');
  return Buffer.from(b).toString();
};
const fixtures = path.join(__dirname, '..', 'fixtures');
const read = (...p) => fs.readFileSync(path.join(fixtures, ...p));

test('parseMappingsFile: every shared mappings-* case', async () => {
  const cases = fs.readdirSync(fixtures).filter((n) => n.startsWith('mappings-'));
  assert.ok(cases.length >= 7, cases.join());
  for (const c of cases) {
    const file = read(c, 'nyc-open-data', 'yellow-taxi', 'mappings.json');
    const dirs = ['nyc-open-data', 'yellow-taxi'];
    if (fs.existsSync(path.join(fixtures, c, 'expected-error.json'))) {
      const want = JSON.parse(read(c, 'expected-error.json'));
      for (const e of [thrown(() => api.parseMappingsFileSync(file, dirs)), await rejected(api.parseMappingsFile(file, dirs))]) {
        assert.deepEqual([e.code, e.line ?? 0, e.column ?? 0, e.message], [want.code, want.line, want.column, want.message], c);
      }
      continue;
    }
    const want = JSON.parse(read(c, 'expected.json'));
    const got = await api.parseMappingsFile(file, dirs);
    assert.deepEqual(got, api.parseMappingsFileSync(file, dirs), c);
    assert.deepEqual(
      got.collections.map(({ createBody, settings, ...rest }) => ({ ...rest, settings: settings ?? null })),
      want.collections,
      c,
    );
    assert.deepEqual(got.warnings.map((f) => f.code), want.warnings, c);
    for (const col of got.collections) {
      const body = JSON.parse(text(col.createBody));
      assert.deepEqual(body.mappings, col.mappings, c);
    }
    // The API-level writer gives the case's expected bytes from a getMapping result (it keeps
    // other settings than an API export would: that case is left to the next test).
    if (fs.existsSync(path.join(fixtures, c, 'expected-written.json')) && !got.collections[0].settings) {
      const [col] = got.collections;
      const mapping = bytes(JSON.stringify({ status: 200, error: null, result: col.mappings }));
      assert.equal(text(api.mappingsFileSync(col.index, col.collection, mapping)), text(read(c, 'expected-written.json')), c);
      assert.equal(text(await api.mappingsFile(col.index, col.collection, mapping)), text(read(c, 'expected-written.json')), c);
    }
  }
});

test('parseMappingsFile: key order, big numbers, create bodies with settings', () => {
  const file = bytes(
    '{"type":"mappings","content":{"i":{"c":{"mappings":{"dynamic":"strict","properties":{"z":{"type":"keyword"},' +
      '"a":{"type":"long","null_value":12345678901234567890}}},"settings":{"index":{"number_of_shards":"2"}}}}}}',
  );
  const { collections, warnings } = api.parseMappingsFileSync(file);
  assert.deepEqual(warnings, []);
  const [c] = collections;
  assert.deepEqual(Object.keys(c.mappings.properties), ['z', 'a']);
  assert.equal(c.mappings.properties.a.null_value, '12345678901234567890');
  assert.deepEqual(c.settings, { index: { number_of_shards: '2' } });
  assert.equal(
    text(c.createBody),
    '{"mappings":{"dynamic":"strict","properties":{"z":{"type":"keyword"},"a":{"type":"long","null_value":12345678901234567890}}},"settings":{"number_of_shards":"2"}}',
  );
  assert.equal(thrown(() => api.parseMappingsFileSync(file, ['only-one'])).message, 'invalid options: dirs must be [index, collection], not 1 names');
});

test('mappingsFile: getMapping and getSettings responses to mappings.json', async () => {
  const mapping = bytes(
    '{"requestId":"r","status":200,"error":null,"result":{"dynamic":"false","properties":{"_kuzzle_info":{"properties":{"author":{"type":"keyword"}}},' +
      '"n":{"type":"long","null_value":12345678901234567890}}}}',
  );
  const defaults = bytes('{"status":200,"error":null,"result":{"number_of_shards":"1","number_of_replicas":"1","uuid":"Xy","creation_date":"1700000000000","provided_name":"&i.c","version":{"created":"136327827"}}}');
  const replicas = bytes('{"status":200,"error":null,"result":{"number_of_shards":"1","number_of_replicas":"0","uuid":"Xy"}}');
  const shards = bytes('{"status":200,"error":null,"result":{"number_of_shards":"2","number_of_replicas":"0","replication":{"type":"DOCUMENT"},"uuid":"Xy"}}');
  const base = '{\n  "type": "mappings",\n  "content": {\n    "i": {\n      "c": {\n        "mappings": {\n          "dynamic": "false",\n          "properties": {\n            "n": {\n              "type": "long",\n              "null_value": 12345678901234567890\n            }\n          }\n        }';
  assert.equal(text(api.mappingsFileSync('i', 'c', mapping)), `${base}\n      }\n    }\n  }\n}`);
  assert.equal(text(await api.mappingsFile('i', 'c', mapping, defaults)), `${base}\n      }\n    }\n  }\n}`);
  // Replicas and replication are the target cluster's business: left out.
  assert.equal(text(api.mappingsFileSync('i', 'c', mapping, replicas)), `${base}\n      }\n    }\n  }\n}`);
  assert.equal(
    text(api.mappingsFileSync('i', 'c', mapping, shards)),
    `${base},\n        "settings": {\n          "number_of_shards": "2"\n        }\n      }\n    }\n  }\n}`,
  );
  const missing = bytes('{"status":404,"error":{"id":"services.storage.unknown_collection","message":"Collection \\"c\\" does not exist","status":404},"result":null}');
  assert.deepEqual(errorShape(await rejected(api.mappingsFile('i', 'c', missing))), {
    isError: true,
    name: 'KuzzleDumpError',
    code: 'IO_ERROR',
    message: 'I/O error: Kuzzle answered 404 services.storage.unknown_collection: Collection "c" does not exist',
  });
  assert.deepEqual(errorShape(thrown(() => api.mappingsFileSync('i', 'c', bytes('{"result":')))), {
    isError: true,
    name: 'KuzzleDumpError',
    code: 'TRUNCATED',
    message: 'the getMapping response is not valid JSON: unexpected end of input, expected a JSON value',
    line: 1,
    column: 11,
  });
});

test('parseSecurityFile: keys, positions, bodies, secrets', async () => {
  const users = read('security-users-example', 'users.json');
  for (const f of [api.parseSecurityFileSync(users), await api.parseSecurityFile(users)]) {
    assert.equal(f.kind, 'users');
    assert.equal(f.holdsSecrets, true);
    assert.deepEqual(f.findings, []);
    assert.deepEqual(f.entries.map(({ body, ...e }) => e), [
      { key: { id: 'kleiner' }, line: 4, column: 5 },
      { key: { id: 'alyx' }, line: 13, column: 5 },
    ]);
    assert.equal(text(f.entries[1].body), '{"content":{"profileIds":["admin"],"email":"alyx@blackmesa.us"},"credentials":{"local":{"username":"alyx","password":"8c1f0b6e2d4a9f3e7b5c1a0d9e8f7a6b5c4d3e2f"}}}');
  }
  const keys = api.parseSecurityFileSync(read('api-keys-file', 'api-keys.json'));
  assert.deepEqual([keys.kind, keys.holdsSecrets, keys.entries[0].key, keys.entries[0].body], ['apiKeys', true, { userId: 'alyx', keyId: 'ci-deploy' }, null]);
  const specs = api.parseSecurityFileSync(bytes('{"type":"specifications","content":{"i":{"c":{"strict":true}}}}'));
  assert.deepEqual(specs.entries.map((e) => [e.key, text(e.body)]), [[{ index: 'i', collection: 'c' }, '{"strict":true}']]);
  const mapping = api.parseSecurityFileSync(bytes('{"type":"usersMappings","content":{"mapping":{"age":{"type":"integer"}}}}'));
  assert.deepEqual(mapping.entries.map((e) => [e.key, text(e.body)]), [[{ usersMapping: true }, '{"properties":{"age":{"type":"integer"}}}']]);
  const bad = api.parseSecurityFileSync(read('dump-bad-security', 'input', 'profiles', 'profiles.json'));
  assert.deepEqual(bad.findings.map((f) => [f.code, f.line]), [['SECURITY_INVALID', 4]]);
  assert.equal(thrown(() => api.parseSecurityFileSync(bytes('{"type":"mappings","content":{}}'))).code, 'SECURITY_INVALID');
  assert.equal(thrown(() => api.parseSecurityFileSync(bytes('{"type":'))).code, 'TRUNCATED');
});

test('detectFormat and dumpOrder: Kourou, elasticdump, es:migrate', async () => {
  const cases = { 'dump-kourou-valid': 'kourou', 'dump-elasticdump-gzip': 'elasticdump', 'dump-es-migrate': 'esMigrate' };
  for (const [c, format] of Object.entries(cases)) {
    const root = path.join(fixtures, c, 'input');
    const paths = fs.readdirSync(root);
    const heads = Object.fromEntries(paths.filter((p) => fs.statSync(path.join(root, p)).isFile()).map((p) => [p, fs.readFileSync(path.join(root, p)).subarray(0, 4096)]));
    assert.equal(api.detectFormatSync(paths, heads), format, c);
    assert.equal(await api.detectFormat(paths, heads), format, c);
  }
  assert.deepEqual(await api.dumpOrder('esMigrate', ['&shop.items.json', '&shop.items.specs.json']), ['&shop.items.specs.json', '&shop.items.json']);
  for (const heads of [{ a: 'x' }, 'x', null]) {
    assert.deepEqual(errorShape(thrown(() => api.detectFormatSync([], heads))), {
      isError: true,
      name: 'KuzzleDumpError',
      code: 'INVALID_OPTIONS',
      message: 'invalid options: heads must map file paths to Uint8Arrays',
    });
  }
});

test('planImport: Kourou phases, folders and mappings', async () => {
  const paths = ['users/users.json', 'nyc/taxi/documents.jsonl', 'nyc/taxi/mappings.json', 'roles/roles.json', 'notes.txt', 'nyc/taxi/documents-errors.jsonl'];
  const types = { 'users/users.json': 'users', 'roles/roles.json': 'roles', 'nyc/taxi/mappings.json': null };
  const expected = [
    { path: 'nyc/taxi/mappings.json', class: 'mappings', dirs: ['nyc', 'taxi'] },
    { path: 'nyc/taxi/documents.jsonl', class: 'documents', dirs: ['nyc', 'taxi'], mappings: 'nyc/taxi/mappings.json' },
    { path: 'roles/roles.json', class: 'roles' },
    { path: 'users/users.json', class: 'users' },
    { path: 'notes.txt', class: 'unknown' },
    { path: 'nyc/taxi/documents-errors.jsonl', class: 'importErrors', dirs: ['nyc', 'taxi'] },
  ];
  assert.deepEqual(api.planImportSync(paths, types), expected);
  assert.deepEqual(await api.planImport(paths, types), expected);
  assert.deepEqual(api.planImportSync([], {}), []);
});
