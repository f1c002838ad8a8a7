'use strict';
// The package under test, as users get it, plus the backend's internal test hooks.
// The suite runs once per backend: KUZZLE_DUMP_BACKEND=native and =wasm (scripts/test).

const api = require('kuzzle-dump');
const { load } = require('../../js/loader.js');

/** Internal names (`__testFailureSync`, …) of the same backend. */
const internals = load(api.backend).exports;

/** Every own property of an error that the API promises, for deepStrictEqual. */
function errorShape(e) {
  const shape = { isError: e instanceof Error, name: e.name, code: e.code, message: e.message };
  for (const key of ['file', 'line', 'column']) if (key in e) shape[key] = e[key];
  return shape;
}

/** The error thrown by `fn` (fails if it does not throw). */
function thrown(fn) {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

/** The rejection of a promise (fails if it resolves). */
async function rejected(promise) {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

module.exports = { api, internals, errorShape, thrown, rejected };
