'use strict';
// Picks the backend. KUZZLE_DUMP_BACKEND=native|wasm forces one; otherwise the native addon
// built next to this file (js/native/, by `npm run build`), else the WebAssembly build.
// Platform packages (prebuilt addons) will slot in between the two.

const path = require('node:path');

const NATIVE_ADDON = path.join(__dirname, 'native', 'kuzzle-dump.node');

function loadNative() {
  return { backend: 'native', exports: require(NATIVE_ADDON) };
}

function loadWasm() {
  return { backend: 'wasm', exports: require('./wasm-backend.js') };
}

/**
 * Loads a backend: `{ backend: 'native' | 'wasm', exports }`. `exports` holds every name the
 * backend has, internal `__` ones included (js/index.js leaves those out).
 * @param {string} [choice] 'native', 'wasm', or empty for the automatic choice.
 */
function load(choice = process.env.KUZZLE_DUMP_BACKEND) {
  if (choice === 'native') return loadNative();
  if (choice === 'wasm') return loadWasm();
  if (choice) {
    const err = new Error(`KUZZLE_DUMP_BACKEND must be "native" or "wasm", not ${JSON.stringify(choice)}`);
    err.code = 'INVALID_OPTIONS';
    err.name = 'KuzzleDumpError';
    throw err;
  }
  try {
    return loadNative();
  } catch (nativeError) {
    const loaded = loadWasm();
    loaded.nativeError = nativeError; // why the addon was not used, for `kuzzle-dump --version`
    return loaded;
  }
}

module.exports = { load, NATIVE_ADDON };
