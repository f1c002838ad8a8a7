'use strict';
// require('kuzzle-dump'): the API of the chosen backend (js/loader.js), plus `backend`.
// Types: js/index.d.ts (js/core.d.ts and js/node.d.ts).

const { load } = require('./loader.js');
const { checked } = require('./arguments.mjs'); // ES module, shared with js/browser.mjs

const loaded = load();
const api = { backend: loaded.backend };
for (const [name, value] of Object.entries(checked(loaded.exports))) {
  if (!name.startsWith('__')) api[name] = value; // `__` names are internal (tests)
}

// Node-only operations (HTTP and files): exportCollection … verify, and esDump / esLoad.
Object.assign(api, require('./node-api.js'), require('./es-api.js'));

module.exports = api;
