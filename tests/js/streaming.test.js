'use strict';
// The streaming classes on one backend: Pipeline, DumpReader, Exporter, SecurityExporter,
// exact bytes out, sync and async alike, and the busy rule for overlapping async calls.

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

const JSONL =
  '{"type":"collection","index":"nyc-open-data","collection":"yellow-taxi"}\n' +
  '{"_id":"a","body":{"city":"Changmai","n":12345678901234567890}}\n' +
  '{"_id":"b", "body": {"city": "Bangkok"}}\n' +
  '{"_id":"a","body":{}}\n';

const FILE = 'nyc-open-data/yellow-taxi/documents.jsonl';
const DUPLICATE = {
  code: 'DUPLICATE_ID',
  severity: 'error',
  message: 'duplicate _id "a": an earlier document of this file has it',
  file: FILE,
  line: 4,
  column: 8,
};

/** A batch with its body as text, for deepEqual. */
const plain = (b) => ({ ...b, body: text(b.body) });

test('Pipeline: mWrite batches by count, bodies compact and byte-exact', async () => {
  for (const mode of ['sync', 'async']) {
    const p = new api.Pipeline({ output: 'mwrite', batchDocuments: 2, file: FILE });
    const pushed = mode === 'sync' ? p.pushSync(bytes(JSONL)) : await p.push(bytes(JSONL));
    assert.equal(text(pushed.bytes), '');
    assert.deepEqual(pushed.batches.map(plain), [
      {
        body: '{"documents":[{"_id":"a","body":{"city":"Changmai","n":12345678901234567890}},{"_id":"b","body":{"city":"Bangkok"}}]}',
        count: 2,
        firstLine: 2,
        lastLine: 3,
        lines: [2, 3],
      },
    ]);
    const done = mode === 'sync' ? p.finishSync() : await p.finish();
    assert.deepEqual(done.batches.map(plain), [
      { body: '{"documents":[{"_id":"a","body":{}}]}', count: 1, firstLine: 4, lastLine: 4, lines: [4] },
    ]);
    assert.deepEqual(done.report, {
      ok: false,
      file: FILE,
      header: { index: 'nyc-open-data', collection: 'yellow-taxi', style: 'kourou' },
      bytes: JSONL.length,
      lines: 4,
      documents: 3,
      validDocuments: 2,
      batches: 2,
      largestDocument: 63,
      errors: 1,
      warnings: 0,
      findings: [DUPLICATE],
      findingsTruncated: false,
    });
  }
});

test('Pipeline: _bulk bodies, any chunking gives the same output', () => {
  const all = bytes(JSONL);
  const expected =
    '{"index":{"_index":"&nyc-open-data.yellow-taxi","_id":"a"}}\n{"city":"Changmai","n":12345678901234567890}\n' +
    '{"index":{"_index":"&nyc-open-data.yellow-taxi","_id":"b"}}\n{"city":"Bangkok"}\n' +
    '{"index":{"_index":"&nyc-open-data.yellow-taxi","_id":"a"}}\n{}\n';
  for (const size of [1, 7, 100, all.length]) {
    const p = new api.Pipeline({ output: 'bulk', esIndex: '&nyc-open-data.yellow-taxi', duplicates: false });
    const batches = [];
    for (let i = 0; i < all.length; i += size) batches.push(...p.pushSync(all.subarray(i, i + size)).batches);
    const done = p.finishSync();
    batches.push(...done.batches);
    assert.deepEqual(batches.map(plain), [{ body: expected, count: 3, firstLine: 2, lastLine: 4, lines: [2, 3, 4] }], `chunks of ${size}`);
    assert.equal(done.report.ok, true);
  }
});

test('Pipeline: jsonl output is canonical and compact; validation only by default', () => {
  const p = new api.Pipeline({ output: 'jsonl', duplicates: false });
  assert.equal(
    text(p.pushSync(bytes(JSONL)).bytes),
    '{"type":"collection","index":"nyc-open-data","collection":"yellow-taxi"}\n' +
      '{"_id":"a","body":{"city":"Changmai","n":12345678901234567890}}\n' +
      '{"_id":"b","body":{"city":"Bangkok"}}\n' +
      '{"_id":"a","body":{}}\n',
  );
  const v = new api.Pipeline();
  const nothing = v.pushSync(bytes(JSONL));
  assert.deepEqual([nothing.batches, text(nothing.bytes)], [[], '']);
  const { report } = v.finishSync();
  const { file, ...withoutFile } = DUPLICATE; // no `file` option, no file label
  assert.deepEqual(report.findings, [withoutFile]);
});

test('Pipeline: a mapping checks the documents', () => {
  const p = new api.Pipeline({ mapping: { dynamic: 'strict', properties: { city: { type: 'keyword' } } } });
  p.pushSync(bytes(JSONL));
  const codes = p.finishSync().report.findings.map((f) => [f.code, f.line, f.path]);
  assert.deepEqual(codes, [
    ['FIELD_NOT_ALLOWED', 2, 'n'],
    ['DUPLICATE_ID', 4, undefined],
  ]);
});

test('Pipeline: bad options and states', async () => {
  assert.deepEqual(errorShape(thrown(() => new api.Pipeline({ output: 'xml' }))), {
    isError: true,
    name: 'KuzzleDumpError',
    code: 'INVALID_OPTIONS',
    message: 'invalid options: unknown variant `xml`, expected one of `none`, `mwrite`, `bulk`, `jsonl`, `hits`',
  });
  assert.equal(thrown(() => new api.Pipeline({ batchSize: 3 })).code, 'INVALID_OPTIONS');
  assert.equal(thrown(() => new api.Pipeline({ output: 'bulk' })).message, 'invalid options: output "bulk" needs esIndex');
  const p = new api.Pipeline();
  p.finishSync();
  const twice = { isError: true, name: 'KuzzleDumpError', code: 'INVALID_STATE', message: 'invalid state: finish called twice' };
  assert.deepEqual(errorShape(thrown(() => p.finishSync())), twice);
  assert.deepEqual(errorShape(await rejected(p.finish())), twice);
  assert.equal(thrown(() => p.pushSync(bytes('x'))).message, 'invalid state: push after finish');
});

test('an object is busy until its async call settles', async () => {
  const busy = {
    isError: true,
    name: 'KuzzleDumpError',
    code: 'INVALID_STATE',
    message: 'invalid state: busy: an async call on this object has not settled yet',
  };
  const p = new api.Pipeline({ output: 'mwrite' });
  const first = p.push(bytes(JSONL));
  const second = p.push(bytes('more'));
  assert.deepEqual(errorShape(thrown(() => p.pushSync(bytes('x')))), busy);
  assert.deepEqual(errorShape(await rejected(second)), busy);
  assert.equal((await first).batches.length, 0);
  // Settled: the object takes calls again, and nothing of the refused ones was pushed.
  assert.equal((await p.finish(new AbortController().signal)).report.documents, 3);

  const r = new api.DumpReader();
  r.beginFile('i/c/documents.jsonl');
  const pushing = r.push(bytes('{"type":"collection","index":"i","collection":"c"}\n'), new AbortController().signal);
  assert.deepEqual(errorShape(thrown(() => r.endFile())), busy);
  assert.equal(await pushing, undefined);
  r.endFile();
  assert.equal(r.finish().collections, 1);
});

/** A folder's files, `/`-separated and relative. */
function walk(root, rel = '') {
  return fs.readdirSync(path.join(root, rel), { withFileTypes: true }).flatMap((e) => {
    const r = rel ? `${rel}/${e.name}` : e.name;
    return e.isDirectory() ? walk(root, r) : [r];
  });
}

test('DumpReader: a Kourou dump, file by file, sync and async', async () => {
  const root = path.join(fixtures, 'dump-kourou-valid', 'input');
  const paths = walk(root);
  const heads = Object.fromEntries(paths.filter((p) => !p.includes('/')).map((p) => [p, fs.readFileSync(path.join(root, p)).subarray(0, 4096)]));
  const format = api.detectFormatSync(paths, heads);
  assert.equal(format, 'kourou');
  const order = api.dumpOrderSync(format, paths);
  assert.deepEqual(order, [
    'nyc-open-data/yellow-taxi/mappings.json',
    'profiles/profiles.json',
    'roles/roles.json',
    'users/users.json',
    'nyc-open-data/yellow-taxi/documents.jsonl',
    'kuzzle-dump.manifest', // read last, skipped without a warning
  ]);
  for (const mode of ['sync', 'async']) {
    const r = new api.DumpReader({ format, threads: 2 });
    for (const p of order) {
      r.beginFile(p);
      const content = fs.readFileSync(path.join(root, p));
      for (let i = 0; i < content.length; i += 50) {
        if (mode === 'sync') r.pushSync(content.subarray(i, i + 50));
        else await r.push(content.subarray(i, i + 50));
      }
      r.endFile();
    }
    const report = r.finish();
    assert.equal(report.ok, true);
    assert.equal(report.format, 'kourou');
    assert.deepEqual([report.documents, report.collections, report.errors, report.warnings], [2, 1, 0, 0]);
    assert.deepEqual(report.indexes['nyc-open-data']['yellow-taxi'], {
      documents: 2,
      validDocuments: 2,
      bytes: fs.statSync(path.join(root, 'nyc-open-data/yellow-taxi/documents.jsonl')).size,
      files: ['nyc-open-data/yellow-taxi/documents.jsonl'],
      hasMappings: true,
      mappedFields: 2,
      dynamic: 'false',
    });
    assert.deepEqual(Object.keys(report.security).sort(), ['profiles', 'roles', 'users']);
    assert.deepEqual(report.files.map((f) => [f.path, f.class]), order.map((p, i) => [p, ['mappings', 'profiles', 'roles', 'users', 'documents', 'manifest'][i]]));
  }
});

test('DumpReader: states and options', () => {
  const r = new api.DumpReader();
  assert.equal(thrown(() => r.pushSync(bytes('x'))).message, 'invalid state: push without begin_file');
  assert.equal(thrown(() => r.endFile()).code, 'INVALID_STATE');
  r.beginFile('a.json');
  assert.equal(thrown(() => r.beginFile('b.json')).code, 'INVALID_STATE');
  assert.equal(thrown(() => r.finish()).message, 'invalid state: finish while a file is open');
  assert.equal(thrown(() => new api.DumpReader({ format: 'es' })).code, 'INVALID_OPTIONS');
  assert.equal(thrown(() => api.dumpOrderSync('es-migrate', [])).message, 'invalid options: format: unknown variant `es-migrate`, expected one of `kourou`, `elasticdump`, `esMigrate`');
});

const PAGE =
  '{"requestId":"r","status":200,"error":null,"controller":"document","action":"search","index":"i","collection":"c",' +
  '"result":{"hits":[{"_id":"luca","_score":1,"_source":{"city":"changmai","n":12345678901234567890123}},' +
  '{"_id":"caf\\u00e9","_score":1,"_source":{}}],"total":3,"remaining":1,"scrollId":"abc=="}}';
const PAGE_INFO = { hits: 2, total: 3, remaining: 1, scrollId: 'abc==', bigIntegers: true, lastId: 'café' };

test('Exporter: a Kuzzle page in every format, byte-exact', async () => {
  const cases = {
    jsonl: [
      '{"type":"collection","index":"nyc","collection":"taxi"}\n',
      '{"_id":"luca","body":{"city":"changmai","n":12345678901234567890123}}\n{"_id":"caf\\u00e9","body":{}}\n',
      '',
    ],
    csv: ['_id,city,n\n', 'luca,changmai,12345678901234567890123\ncafé,,\n', ''],
    kuzzle: [
      '{"nyc":{"taxi":[',
      '{"index":{"_id":"luca"}},{"city":"changmai","n":12345678901234567890123},{"index":{"_id":"caf\\u00e9"}},{}',
      ']}}\n',
    ],
    hits: [
      '',
      '{"_index":"&nyc.taxi","_type":"_doc","_id":"luca","_score":1,"_source":{"city":"changmai","n":12345678901234567890123}}\n' +
        '{"_index":"&nyc.taxi","_type":"_doc","_id":"caf\\u00e9","_score":1,"_source":{}}\n',
      '',
    ],
  };
  for (const [format, [header, lines, end]] of Object.entries(cases)) {
    for (const mode of ['sync', 'async']) {
      const e = new api.Exporter({ format, index: 'nyc', collection: 'taxi', fields: 'city,n' });
      assert.equal(text(e.header()), header, format);
      const out = mode === 'sync' ? e.pushPageSync(bytes(PAGE)) : await e.pushPage(bytes(PAGE));
      assert.equal(text(out.bytes), lines, format);
      assert.deepEqual(out.page, PAGE_INFO);
      assert.equal(e.documents(), 2);
      assert.equal(text(e.finish()), end, format);
    }
  }
  const e = new api.Exporter({ source: 'elasticsearch', index: 'i', collection: 'c' });
  const es = '{"_scroll_id":"sc","hits":{"total":{"value":2,"relation":"eq"},"hits":[{"_index":"&i.c","_id":"a","_score":1, "_source":{"x": 1}}]}}';
  assert.deepEqual({ ...e.pushPageSync(bytes(es)), bytes: undefined }, {
    bytes: undefined,
    page: { hits: 1, total: 2, scrollId: 'sc', bigIntegers: false, lastId: 'a' },
  });
  const err = thrown(() => e.pushPageSync(bytes('{"hits":{"hits":[{"_id":"a"}]}}')));
  assert.deepEqual([err.code, err.message], ['JSON_SYNTAX', 'a hit has no _source (was _source disabled in the query?)']);
  assert.equal(thrown(() => new api.Exporter({ format: 'xml' })).code, 'INVALID_OPTIONS');
});

test('SecurityExporter: the users example of formats.md §2, verbatim', async () => {
  const dir = path.join(fixtures, 'security-users-example');
  const page = fs.readFileSync(path.join(dir, 'search-users.json'));
  const passwords = fs.readFileSync(path.join(dir, 'passwords.txt'), 'utf8').split('\n').slice(0, 2);
  const e = new api.SecurityExporter({ kind: 'users' });
  assert.deepEqual(await e.pushPage(page), { hits: 2, total: 2, scrollId: 'c2Nyb2xsLTE=' });
  assert.equal(e.count(), 2);
  const out = e.finish({ passwords });
  assert.equal(text(out.bytes), fs.readFileSync(path.join(dir, 'users.json'), 'utf8'));
  assert.deepEqual([out.holdsSecrets, out.entries], [true, 2]);
  assert.equal(thrown(() => e.finish()).message, 'invalid state: finish called twice');

  const plainUsers = new api.SecurityExporter({ kind: 'users' });
  plainUsers.pushPageSync(page);
  assert.equal(thrown(() => plainUsers.finish({ passwords: ['x'] })).message, 'invalid options: 1 passwords given for 2 users');
  const named = plainUsers.finish({ passwords: ['p1', 'p2'], usernamePath: 'content.email' });
  assert.match(text(named.bytes), /"username": "kleiner@blackmesa.us",\n {10}"password": "p1"/);
});

test('SecurityExporter: roles, the users mapping, errors', () => {
  const roles = new api.SecurityExporter({ kind: 'roles' });
  roles.pushPageSync(bytes('{"result":{"hits":[{"_id":"teacher","_source":{"controllers":{"document":{"actions":{"create":true}}},"_kuzzle_info":{}}}],"total":1}}'));
  const out = roles.finish();
  assert.equal(
    text(out.bytes),
    '{\n  "type": "roles",\n  "content": {\n    "teacher": {\n      "controllers": {\n        "document": {\n          "actions": {\n            "create": true\n          }\n        }\n      }\n    }\n  }\n}',
  );
  assert.deepEqual([out.holdsSecrets, out.entries], [false, 1]);
  const m = new api.SecurityExporter({ kind: 'usersMappings' });
  assert.deepEqual(m.pushPageSync(bytes('{"status":200,"error":null,"result":{"mapping":{"_kuzzle_info":{},"age":{"type":"integer"}}}}')), { hits: 1 });
  assert.equal(text(m.finish().bytes), '{\n  "type": "usersMappings",\n  "content": {\n    "mapping": {\n      "age": {\n        "type": "integer"\n      }\n    }\n  }\n}');
  const forbidden = thrown(() =>
    new api.SecurityExporter({ kind: 'profiles' }).pushPageSync(bytes('{"status":403,"error":{"message":"Forbidden","id":"security.rights.forbidden"},"result":null}')),
  );
  assert.deepEqual([forbidden.code, forbidden.message], ['SECURITY_INVALID', 'Kuzzle answered with an error: Forbidden (security.rights.forbidden)']);
  assert.equal(thrown(() => new api.SecurityExporter({})).message, 'invalid options: kind is required');
  assert.equal(thrown(() => new api.SecurityExporter({ kind: 'groups' })).code, 'INVALID_OPTIONS');
});
