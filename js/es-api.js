'use strict';
// Node-only API (I/O against a cluster, so not in the browser build): Elasticsearch-level
// backup and restore, the work of `kuzzle-dump es:dump` / `es:load`. Types: js/node.d.ts.

/** @type {typeof import('./index').esDump} */
async function esDump(opts) {
  opts?.signal?.throwIfAborted();
  return require('./es/dump.js').esDump(opts);
}

/** @type {typeof import('./index').esLoad} */
async function esLoad(opts) {
  opts?.signal?.throwIfAborted();
  return require('./es/load.js').esLoad(opts);
}

module.exports = { esDump, esLoad };
