// Public types of require('kuzzle-dump') / import 'kuzzle-dump' in Node: what both backends
// share (js/core.d.ts, also the browser entry's) plus the Node-only operations (js/node.d.ts).
export * from './core.js';
export * from './node.js';
