'use strict';
// The thrown error shape (STYLE §4.5) and panics becoming INTERNAL errors, through the
// backends' internal `__testFailure` hooks. Panics run last: on wasm they may leave the
// instance unusable (node --test runs each file in its own process).

const test = require('node:test');
const assert = require('node:assert/strict');
const { internals, errorShape, thrown, rejected } = require('./backend.js');

test('a data error has code, message, file, line and column; async rejects alike', async () => {
  const expected = {
    isError: true,
    name: 'KuzzleDumpError',
    code: 'JSON_SYNTAX',
    message: "expected ',' or '}'",
    file: 'idx/col/documents.jsonl',
    line: 3,
    column: 7,
  };
  const sync = thrown(() => internals.__testFailureSync('data'));
  assert.deepEqual(errorShape(sync), expected);
  assert.deepEqual(Object.keys(sync), ['code', 'name', 'file', 'line', 'column']);
  assert.match(String(sync.stack), /expected ',' or '}'/);
  assert.deepEqual(errorShape(await rejected(internals.__testFailure('data'))), expected);
});

test('an error without a location has no file, line or column', async () => {
  const expected = {
    isError: true,
    name: 'KuzzleDumpError',
    code: 'INVALID_OPTIONS',
    message: 'invalid options: unknown failure "nope"',
  };
  assert.deepEqual(errorShape(thrown(() => internals.__testFailureSync('nope'))), expected);
  assert.deepEqual(errorShape(await rejected(internals.__testFailure('nope'))), expected);
});

test('a panic becomes an INTERNAL error, never a crash (sync and async)', async () => {
  const sync = thrown(() => internals.__testFailureSync('panic'));
  assert.equal(sync.name, 'KuzzleDumpError');
  assert.equal(sync.code, 'INTERNAL');
  assert.ok(sync instanceof Error);
  assert.equal(sync.message, 'internal error: deliberate panic (panic)');
  const async_ = await rejected(internals.__testFailure('panic'));
  assert.equal(async_.name, 'KuzzleDumpError');
  assert.equal(async_.code, 'INTERNAL');
  assert.match(async_.message, /^internal error: /);
});
