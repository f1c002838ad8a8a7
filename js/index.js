'use strict';
// require('kuzzle-dump'): the API of the chosen backend (js/loader.js), plus `backend`.
// Types: js/index.d.ts.

const { load } = require('./loader.js');

const loaded = load();
const api = { backend: loaded.backend };
for (const [name, value] of Object.entries(loaded.exports)) {
  if (!name.startsWith('__')) api[name] = value; // `__` names are internal (tests)
}

// The Kuzzle operations (Node only: HTTP and files): exportCollection … verify.
Object.assign(api, require('./node-api.js'));

module.exports = api;
