'use strict';
// The API on one backend (KUZZLE_DUMP_BACKEND picks it); the expectations are the same for both.

const test = require('node:test');
const assert = require('node:assert/strict');
const { api, errorShape, thrown, rejected } = require('./backend.js');

const bytes = (s) => new TextEncoder().encode(s);

test('the backend is the one asked for', () => {
  const asked = process.env.KUZZLE_DUMP_BACKEND;
  assert.ok(['native', 'wasm'].includes(api.backend));
  if (asked) assert.equal(api.backend, asked);
});

test('checkIndexName / checkCollectionName', async () => {
  const cases = [
    ['nyc-open-data', { ok: true }, { ok: true }],
    ['', { ok: false, problem: 'is empty' }, { ok: false, problem: 'is empty' }],
    ['Nyc', { ok: false, problem: 'holds upper-case letters' }, { ok: false, problem: 'holds upper-case letters' }],
    ['a.b', { ok: false, problem: `holds the forbidden character '.'` }, { ok: false, problem: `holds the forbidden character '.'` }],
    ['_all', { ok: false, problem: 'is reserved' }, { ok: false, problem: 'is reserved' }],
    ['_kuzzle_keep', { ok: true }, { ok: false, problem: 'is reserved' }],
    ['a'.repeat(126), { ok: true }, { ok: true }],
    ['é'.repeat(64), { ok: false, problem: 'is 128 bytes long (at most 126)' }, { ok: false, problem: 'is 128 bytes long (at most 126)' }],
  ];
  for (const [name, index, collection] of cases) {
    assert.deepEqual(api.checkIndexNameSync(name), index, name);
    assert.deepEqual(await api.checkIndexName(name), index, name);
    assert.deepEqual(api.checkCollectionNameSync(name), collection, name);
    assert.deepEqual(await api.checkCollectionName(name), collection, name);
  }
});

test('parsePhysicalName', async () => {
  const taxi = {
    scope: 'public',
    index: 'nyc-open-data',
    collection: 'yellow-taxi',
    alias: '@&nyc-open-data.yellow-taxi',
    indexName: '&nyc-open-data.yellow-taxi',
  };
  assert.deepEqual(api.parsePhysicalNameSync('&nyc-open-data.yellow-taxi'), taxi);
  assert.deepEqual(await api.parsePhysicalName('@&nyc-open-data.yellow-taxi'), taxi);
  assert.deepEqual(api.parsePhysicalNameSync('&idx.col.4711'), {
    scope: 'public',
    index: 'idx',
    collection: 'col',
    suffix: 4711,
    alias: '@&idx.col',
    indexName: '&idx.col.4711',
  });
  assert.deepEqual(api.parsePhysicalNameSync('%kuzzle.users'), {
    scope: 'private',
    index: 'kuzzle',
    collection: 'users',
    alias: '@%kuzzle.users',
    indexName: '%kuzzle.users',
  });
  for (const other of ['.kibana', '&noseparator', '&a.b.c', '', '&.x']) {
    assert.equal(api.parsePhysicalNameSync(other), null, other);
    assert.equal(await api.parsePhysicalName(other), null, other);
  }
});

test('jsonValidate: kinds', async () => {
  const kinds = {
    ' {"a": [1, 2]}\n': 'object',
    '[]': 'array',
    '"x"': 'string',
    '-12345678901234567890123.5e-3': 'number',
    'true': 'boolean',
    'null': 'null',
  };
  for (const [text, kind] of Object.entries(kinds)) {
    assert.deepEqual(api.jsonValidateSync(bytes(text)), { ok: true, kind }, text);
    assert.deepEqual(await api.jsonValidate(bytes(text)), { ok: true, kind }, text);
  }
});

test('jsonValidate: findings are returned with line and column, never thrown', async () => {
  const cases = [
    ['{\n  "a": 1,\n}', 'JSON_SYNTAX', 3, 1],
    ['[1,\r\n 2 3]', 'JSON_SYNTAX', 2, 4],
    ['{"a": [1, 2', 'TRUNCATED', 1, 12],
    ['', 'JSON_SYNTAX', 1, 1],
    ['\ufeff{}', 'JSON_SYNTAX', 1, 1],
  ];
  for (const [text, code, line, column] of cases) {
    for (const result of [api.jsonValidateSync(bytes(text), { file: 'a/b.json' }), await api.jsonValidate(bytes(text), { file: 'a/b.json' })]) {
      assert.equal(result.ok, false, text);
      assert.equal(result.kind, undefined);
      const { message, ...rest } = result.finding;
      assert.deepEqual(rest, { code, severity: 'error', file: 'a/b.json', line, column }, text);
      assert.equal(typeof message, 'string');
      assert.ok(message.length > 0);
    }
  }
  const noFile = api.jsonValidateSync(bytes('[1,]'));
  assert.equal(noFile.finding.file, undefined);
  assert.deepEqual([noFile.finding.line, noFile.finding.column], [1, 4]);
  const badUtf8 = api.jsonValidateSync(Uint8Array.of(0x5b, 0x22, 0xc3, 0x28, 0x22, 0x5d));
  assert.deepEqual([badUtf8.finding.code, badUtf8.finding.line, badUtf8.finding.column], ['INVALID_UTF8', 1, 3]);
});

test('jsonValidate: Buffer, Uint8Array views and big inputs', async () => {
  // A view into a larger buffer: only the view's bytes count.
  const backing = bytes('xx[1, 2]yy');
  assert.deepEqual(api.jsonValidateSync(backing.subarray(2, 8)), { ok: true, kind: 'array' });
  assert.deepEqual(await api.jsonValidate(Buffer.from('{}')), { ok: true, kind: 'object' });
  // 4 MiB in one call: bulk data crosses as one buffer.
  const line = '{"_id":"a","body":{"n":12345678901234567890,"s":"caf\\u00e9"}},';
  const big = bytes('[' + line.repeat(Math.ceil((4 << 20) / line.length)) + '{}]');
  assert.deepEqual(await api.jsonValidate(big), { ok: true, kind: 'array' });
  big[big.length - 1] = 0x2c; // ']' -> ','
  const r = api.jsonValidateSync(big);
  assert.deepEqual([r.finding.code, r.finding.line, r.finding.column], ['TRUNCATED', 1, big.length + 1]);
});

test('jsonValidate: bad options throw INVALID_OPTIONS (async: reject the same way)', async () => {
  const typo = thrown(() => api.jsonValidateSync(bytes('1'), { fiel: 'x' }));
  assert.deepEqual(errorShape(typo), {
    isError: true,
    name: 'KuzzleDumpError',
    code: 'INVALID_OPTIONS',
    message: 'invalid options: unknown field `fiel`, expected `file`',
  });
  assert.deepEqual(errorShape(await rejected(api.jsonValidate(bytes('1'), { fiel: 'x' }))), errorShape(typo));
  const notObject = thrown(() => api.jsonValidateSync(bytes('1'), 'x.json'));
  assert.deepEqual(errorShape(notObject), {
    isError: true,
    name: 'KuzzleDumpError',
    code: 'INVALID_OPTIONS',
    message: 'invalid options: options must be an object',
  });
  assert.equal(thrown(() => api.jsonValidateSync(bytes('1'), { file: 3 })).code, 'INVALID_OPTIONS');
  assert.deepEqual(api.jsonValidateSync(bytes('1'), null), { ok: true, kind: 'number' });
  assert.deepEqual(api.jsonValidateSync(bytes('1'), {}), { ok: true, kind: 'number' });
});

test('async variants accept an AbortSignal', async () => {
  const controller = new AbortController();
  assert.deepEqual(await api.jsonValidate(bytes('[]'), undefined, controller.signal), { ok: true, kind: 'array' });
  assert.deepEqual(await api.checkIndexName('a', controller.signal), { ok: true });
});

function countAll(input, chunkSize) {
  const splitter = new api.LineSplitter();
  const pushed = [];
  for (let i = 0; i < input.length; i += chunkSize) pushed.push(splitter.push(input.subarray(i, i + chunkSize)));
  return { pushed, tail: splitter.finish() };
}

test('LineSplitter: CRLF, BOM, lines split across chunks', () => {
  const input = Uint8Array.from([0xef, 0xbb, 0xbf, ...bytes('first\r\n\nsecond line\r\nlone\rcr\nlast')]);
  const { pushed, tail } = countAll(input, 8);
  assert.deepEqual(pushed, [
    { lines: 0, bytes: 0 }, // BOM + "first"
    { lines: 2, bytes: 8 }, // "first\r\n", "\n"
    { lines: 1, bytes: 13 }, // "second line\r\n"
    { lines: 1, bytes: 8 }, // "lone\rcr\n"
    { lines: 0, bytes: 0 }, // "last", no line feed yet
  ]);
  assert.deepEqual(tail, { lines: 1, bytes: 4 }); // "last"
  for (let size = 1; size <= input.length + 1; size++) {
    const all = countAll(input, size);
    const sum = (key) => all.pushed.reduce((n, c) => n + c[key], 0) + all.tail[key];
    assert.deepEqual([sum('lines'), sum('bytes')], [5, input.length - 3], `chunk size ${size}`);
  }
});

test('LineSplitter: trailing newline, empty input, lone partial BOM', () => {
  assert.deepEqual(countAll(bytes('a\nb\n'), 3), { pushed: [{ lines: 1, bytes: 2 }, { lines: 1, bytes: 2 }], tail: { lines: 0, bytes: 0 } });
  assert.deepEqual(new api.LineSplitter().finish(), { lines: 0, bytes: 0 });
  assert.deepEqual(countAll(Uint8Array.of(0xef, 0xbb), 1).tail, { lines: 1, bytes: 2 });
  const big = new api.LineSplitter();
  assert.deepEqual(big.push(new Uint8Array(8 << 20).fill(0x0a)), { lines: 8 << 20, bytes: 8 << 20 });
});

test('LineSplitter: push or finish after finish throws INVALID_STATE', () => {
  const splitter = new api.LineSplitter();
  splitter.push(bytes('a'));
  splitter.finish();
  const expected = {
    isError: true,
    name: 'KuzzleDumpError',
    code: 'INVALID_STATE',
    message: 'invalid state: the line splitter is already finished',
  };
  assert.deepEqual(errorShape(thrown(() => splitter.push(bytes('b')))), expected);
  assert.deepEqual(errorShape(thrown(() => splitter.finish())), expected);
});

test('bytes out: a result carries its bytes as a Uint8Array, not copied per element', async () => {
  const { internals } = require('./backend.js');
  const input = new Uint8Array(3 << 20).map((_, i) => (i * 7) & 0xff);
  for (const r of [internals.__echoSync(input), await internals.__echo(input.subarray(1))]) {
    assert.ok(r.data instanceof Uint8Array);
    assert.deepEqual(Object.keys(r).sort(), ['data', 'length']);
    assert.equal(r.length, r.data.length);
  }
  const r = internals.__echoSync(input);
  assert.equal(r.length, input.length);
  assert.ok(Buffer.from(r.data).equals(Buffer.from(input)));
  assert.notEqual(r.data.buffer, input.buffer); // a copy: the caller's buffer is not reused
  assert.deepEqual(internals.__echoSync(new Uint8Array(0)), { length: 0, data: r.data.subarray(0, 0) });
});

test('wrong argument types: INVALID_ARGUMENT on both backends, sync and async, instance still usable', async () => {
  const wrong = {
    isError: true,
    name: 'KuzzleDumpError',
    code: 'INVALID_ARGUMENT',
    message: 'checkIndexNameSync: argument 1 (name) must be a string, got number',
  };
  assert.deepEqual(errorShape(thrown(() => api.checkIndexNameSync(42))), wrong);
  assert.deepEqual(errorShape(await rejected(api.checkIndexName(42))), {
    ...wrong,
    message: 'checkIndexName: argument 1 (name) must be a string, got number',
  });
  assert.equal(
    thrown(() => api.jsonValidateSync('[1]')).message,
    'jsonValidateSync: argument 1 (bytes) must be a Uint8Array, got string',
  );
  assert.equal(thrown(() => api.checkIndexNameSync()).message, 'checkIndexNameSync: argument 1 (name) is missing: expected a string');
  assert.equal(thrown(() => api.dumpOrderSync('kourou', ['a', 3])).message, 'dumpOrderSync: argument 2 (paths) must be an array of strings, got an array');
  assert.equal(thrown(() => api.checkIndexNameSync('a', 'b')).message, 'checkIndexNameSync: takes at most 1 argument, got 2');
  assert.equal((await rejected(api.checkIndexName('a', 'not a signal'))).message, 'checkIndexName: argument 2 (signal) must be an AbortSignal, got string');
  const reader = new api.DumpReader({ format: 'kourou' });
  assert.ok(reader instanceof api.DumpReader);
  assert.equal(thrown(() => reader.beginFile(7)).message, 'DumpReader.beginFile: argument 1 (path) must be a string, got number');
  reader.beginFile('i/c/documents.jsonl');
  assert.equal((await rejected(reader.push('text'))).message, 'DumpReader.push: argument 1 (chunk) must be a Uint8Array, got string');
  // Objects are the core's to check, whole (INVALID_OPTIONS names the field at fault).
  assert.equal(thrown(() => new api.Pipeline(3)).code, 'INVALID_OPTIONS');
  // Nothing above reached the backend: on wasm the instance has not trapped.
  assert.deepEqual(api.checkIndexNameSync('ok'), { ok: true });
});

test('an async call whose signal is already aborted rejects with its reason, without running', async () => {
  const controller = new AbortController();
  controller.abort();
  const e = await rejected(api.checkIndexName('abc', controller.signal));
  assert.equal(e, controller.signal.reason);
  assert.equal(e.name, 'AbortError');
  const reason = new Error('stop');
  const pipeline = new api.Pipeline();
  assert.equal(await rejected(pipeline.push(new TextEncoder().encode('{}\n'), AbortSignal.abort(reason))), reason);
  // The pipeline saw nothing: the header is still the first line it reads.
  const header = '{"type":"collection","index":"i","collection":"c"}\n';
  await pipeline.push(new TextEncoder().encode(header));
  const { report } = await pipeline.finish();
  assert.equal(report.errors, 0);
  assert.deepEqual(report.header, { index: 'i', collection: 'c', style: 'kourou' });
});
