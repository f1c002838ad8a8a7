// The browser entry: the WebAssembly build (js/wasm/web/). Call `await init()` once, then use
// the same names as in Node. Async variants run the sync call right away and return a settled
// Promise: no actual background work happens here (run kuzzle-dump in a Worker to keep a page
// responsive). After an `INTERNAL` error, start a new Worker (or reload): the instance may be
// broken. The facade (js/wasm-facade.mjs) is the one of the Node wasm backend.
import initWasm, * as raw from './wasm/web/kuzzle_dump_wasm.js';
import { checked } from './arguments.mjs';
import { facade } from './wasm-facade.mjs';

let initialised = false;
let initialising = null;

/**
 * Instantiates the WebAssembly module; resolves once it is ready. Safe to call again.
 * @param {RequestInfo | URL | Response | BufferSource | WebAssembly.Module} [source] the
 *   `.wasm` (default: `kuzzle_dump_wasm_bg.wasm` next to the glue, fetched).
 */
export function init(source) {
  initialising ??= initWasm(source === undefined ? undefined : { module_or_path: source }).then(
    () => {
      initialised = true;
    },
    (e) => {
      initialising = null;
      throw e;
    },
  );
  return initialising;
}

const api = checked(facade(raw, { ready: () => initialised }));

/** The test hooks (`__` names), for the JS suite only. */
export const __internal = api;

export const backend = 'wasm';
export const {
  checkIndexName,
  checkIndexNameSync,
  checkCollectionName,
  checkCollectionNameSync,
  parsePhysicalName,
  parsePhysicalNameSync,
  jsonValidate,
  jsonValidateSync,
  mwriteResult,
  mwriteResultSync,
  esBulkResult,
  esBulkResultSync,
  selectBatch,
  selectBatchSync,
  halveBatch,
  halveBatchSync,
  kuzzleError,
  kuzzleErrorSync,
  kuzzlePage,
  kuzzlePageSync,
  esPage,
  esPageSync,
  parseMappingsFile,
  parseMappingsFileSync,
  mappingsFile,
  mappingsFileSync,
  parseSecurityFile,
  parseSecurityFileSync,
  planImport,
  planImportSync,
  detectFormat,
  detectFormatSync,
  dumpOrder,
  dumpOrderSync,
  digestLines,
  digestLinesSync,
  digestKuzzlePage,
  digestKuzzlePageSync,
  compareDigests,
  compareDigestsSync,
  LineSplitter,
  Pipeline,
  DumpReader,
  Exporter,
  SecurityExporter,
  Converter,
  // The viewer's helpers (core viewer module).
  LineIndexer,
  FieldStats,
  viewRows,
  viewRowsSync,
  prettyLine,
  prettyLineSync,
  searchLines,
  searchLinesSync,
} = api;
