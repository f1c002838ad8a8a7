'use strict';
// The error shape of the whole API (README "Errors"), for failures found on the JS side.

/**
 * An `Error` named `KuzzleDumpError` with a stable `code`; `where` adds `file`, `line`,
 * `column` when the problem is at a known place.
 */
function kuzzleDumpError(code, message, where) {
  return Object.assign(new Error(message), { name: 'KuzzleDumpError', code }, where);
}

module.exports = { kuzzleDumpError };
