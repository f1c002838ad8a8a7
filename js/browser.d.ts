// Types of the browser entry (js/browser.mjs): the API both backends share, plus init(); the
// Node-only operations (js/node.d.ts: dump, restore, esDump, ...) are not in it.
export * from './core.js';

/**
 * Instantiates the WebAssembly module; call it (and await it) once before anything else.
 * @param source the `.wasm` to use. @default the `kuzzle_dump_wasm_bg.wasm` next to the glue, fetched
 */
export declare function init(
  source?: RequestInfo | URL | Response | BufferSource | WebAssembly.Module,
): Promise<void>;
