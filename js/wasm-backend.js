'use strict';
// The WebAssembly backend for Node: the wasm-bindgen `nodejs` build (js/wasm/node/, loaded
// synchronously) behind the facade it shares with js/browser.mjs (js/wasm-facade.mjs: async
// twins, the busy rule, traps as INTERNAL errors).

const raw = require('./wasm/node/kuzzle_dump_wasm.js');
const { facade } = require('./wasm-facade.mjs');

module.exports = facade(raw);
