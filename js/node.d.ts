// Node-only types of require('kuzzle-dump'): the operations that do I/O (HTTP to Kuzzle or
// Elasticsearch, files), js/node-api.js and js/es-api.js. Not in the browser entry.

import type { DigestDiff, DumpFormat, Finding, KuzzleDumpError } from './core.js';

// ---------------------------------------------------------------------------------------------
// Elasticsearch-level backup and restore (Node only: `require('kuzzle-dump')`, not the browser)
// ---------------------------------------------------------------------------------------------

/** What {@link esDump} can write for each index. */
export type EsDumpType = 'data' | 'mapping' | 'settings' | 'analyzer' | 'alias' | 'template';

/** Progress of {@link esDump} / {@link esLoad}. */
export interface EsProgress {
  phase: 'dump' | 'load';
  /** The index being read or written. */
  index: string;
  /** Documents done so far, all indices together. */
  documents: number;
  /** Documents expected (dump). */
  total?: number;
  /** Documents refused so far (load). */
  errors?: number;
}

/** A retry after a 429, 5xx or network error. */
export interface EsRetry {
  attempt: number;
  status?: number;
  error?: Error;
  /** Milliseconds before the next attempt. */
  delay: number;
}

/** Options of {@link esDump}. */
export interface EsDumpOptions {
  /** Cluster URL; credentials in it (`http://user:pass@host:9200`) are used, never printed. */
  input: string;
  /** Folder to write (created if missing). */
  output: string;
  /** Case-insensitive regex on index names and aliases. @default "^[&%]" (Kuzzle's indices) */
  match?: string;
  /** gzip every file (names end in `.json.gz`). @default false */
  gzip?: boolean;
  /** What to write. @default ["data","mapping","settings","alias","template"] */
  types?: EsDumpType[];
  /** Requests in flight (scroll slices, definitions). @default 4 */
  concurrency?: number;
  /** Scroll slices per index. @default the index's shard count (at most `concurrency`), 1 under 20,000 documents */
  slices?: number;
  /** Hits per scroll page. @default 5000 */
  size?: number;
  /** Scroll keep-alive. @default "5m" */
  scroll?: string;
  /** Kuzzle's internal index name (which files are secrets). @default "kuzzle" */
  internalIndex?: string;
  onProgress?: (p: EsProgress) => void;
  onRetry?: (r: EsRetry) => void;
  signal?: AbortSignal;
}

/** One file written by {@link esDump}. */
export interface EsDumpFile {
  /** Name inside the output folder. */
  path: string;
  bytes: number;
  /** SHA-256 of the file's bytes, hex. */
  sha256: string;
  /** Created owner-only (0600): it holds secrets. */
  secret: boolean;
  /** Documents, for data files. */
  documents?: number;
}

/** What {@link esDump} wrote (also saved as `kuzzle-dump.manifest`, without `output`, `manifest`, `secretFiles`). */
export interface EsDumpReport {
  type: 'kuzzle-dump-manifest';
  version: 1;
  layout: 'multielasticdump';
  /** ISO 8601. */
  created: string;
  /** The source cluster; `url` without credentials. */
  source: { url: string; version?: string; distribution?: string; cluster?: string };
  gzip: boolean;
  types: EsDumpType[];
  documents: number;
  indices: Record<string, { documents?: number; aliases: string[] }>;
  files: EsDumpFile[];
  output: string;
  /** The manifest's file name. */
  manifest: string;
  /** Files created 0600 because they hold secrets. */
  secretFiles: string[];
}

/** Options of {@link esLoad}. */
export interface EsLoadOptions {
  /** Dump folder: es:dump, multielasticdump / elasticdump (plain, gzip, split) or Kourou es:migrate. */
  input: string;
  /** Cluster URL; credentials in it are used, never printed. */
  output: string;
  /** Case-insensitive regex on index names and aliases: only those are restored. */
  match?: string;
  /** Indices (or aliases) already on the target. @default "fail" */
  ifExists?: 'fail' | 'skip' | 'replace';
  /** Load aliased indices into fresh ones and move the aliases in one atomic request. @default false */
  swap?: boolean;
  /** With `swap`: keep the replaced indices. @default false */
  keepOld?: boolean;
  /** Kuzzle URL (credentials in it) whose index cache to refresh at the end. */
  kuzzle?: string;
  /** `_bulk` requests in flight. @default 4 */
  concurrency?: number;
  /** Most bytes per `_bulk` request. @default 8388608 */
  batchBytes?: number;
  /** Most documents per `_bulk` request. @default 5000 */
  batchDocuments?: number;
  onProgress?: (p: EsProgress) => void;
  onRetry?: (r: EsRetry) => void;
  signal?: AbortSignal;
}

/** What {@link esLoad} did. */
export interface EsLoadReport {
  /** The dump was valid and every document was restored. */
  ok: boolean;
  format: DumpFormat;
  /** Set when the pre-flight validation failed: nothing was written. */
  aborted?: string;
  /** Per dumped index: documents restored and refused (refused ones are in `errorsFile`). */
  indices: Record<string, { documents: number; errors: number; errorsFile?: string }>;
  documents: number;
  errors: number;
  /** Indices created under their own name. */
  created: string[];
  skipped: string[];
  replaced: string[];
  swapped: { index: string; target: string; old: string[]; kept: boolean }[];
  templates: string[];
  errorFiles: string[];
  /** Findings of the pre-flight validation. */
  findings: Finding[];
  kuzzle?: { refreshed: boolean; url: string };
}

/**
 * Backs up indices of a cluster in multielasticdump's files (kuzzle-dump es:dump). Rejects with
 * a `KuzzleDumpError` (`HTTP_ERROR`, `INVALID_OPTIONS`, `EXPORT_INCOMPLETE`, …); nothing is left
 * half-written.
 */
export declare function esDump(opts: EsDumpOptions): Promise<EsDumpReport>;

/**
 * Restores an Elasticsearch-level dump (kuzzle-dump es:load). An invalid dump resolves with
 * `ok: false` and `aborted` (nothing written); an index already there with `ifExists: "fail"`
 * rejects with code `INDEX_EXISTS` (nothing written).
 */
export declare function esLoad(opts: EsLoadOptions): Promise<EsLoadReport>;
// ---- Kuzzle operations (Node only: js/node-api.js) ----

/** How to reach Kuzzle (Kourou's options; unset ones come from KUZZLE_* variables). */
export interface KuzzleConnection {
  /** @default "localhost" */
  host?: string;
  /** @default 7512 */
  port?: number | string;
  ssl?: boolean;
  /** @default "anonymous" */
  username?: string;
  password?: string;
  apiKey?: string;
  /** Requests in flight. @default 4 */
  concurrency?: number;
  /** Stops the run between requests (rejects with an AbortError). */
  signal?: AbortSignal;
}
/** Progress reports: small objects, never documents. */
export interface KuzzleProgress {
  documents?: number;
  total?: number;
  errors?: number;
  /** Documents so far over the whole run (dump, restore). */
  done?: number;
  stage?: 'documents' | 'verify';
  index?: string;
  collection?: string;
}
export interface ExportCollectionOptions extends KuzzleConnection {
  /** Dump root folder. @default "." */
  path?: string;
  /** @default "jsonl" */
  format?: 'jsonl' | 'csv' | 'kuzzle';
  /** @default "all" */
  type?: 'all' | 'mappings' | 'data';
  /** @default 2000 */
  batchSize?: number;
  /** @default "20s" */
  scrollTTL?: string;
  query?: object;
  /** CSV columns (`a,b.c`). */
  fields?: string;
  onProgress?: (p: KuzzleProgress) => void;
}
export interface ExportCollectionResult {
  documents: number;
  total: number;
  file?: string;
}
export interface ImportCollectionOptions extends KuzzleConnection {
  index?: string;
  collection?: string;
  /** Create the collection from mappings.json. @default true */
  mappings?: boolean;
  /** Check the whole file first. @default true */
  validate?: boolean;
  /** @default 500 */
  batchSize?: number;
  resume?: boolean;
  onProgress?: (p: KuzzleProgress) => void;
}
export interface ImportCollectionResult {
  documents: number;
  written: number;
  errors: number;
  errorsFile?: string;
  batches?: number;
  retried?: number;
  split?: number;
  index?: string;
  collection?: string;
}
/** Exports one collection to `<path>/<index>/<collection>/`. */
export declare function exportCollection(index: string, collection: string, opts?: ExportCollectionOptions): Promise<ExportCollectionResult>;
/** Exports every collection of an index. */
export declare function exportIndex(index: string, opts?: Omit<ExportCollectionOptions, 'query' | 'fields' | 'scrollTTL'>): Promise<{ index: string; documents: number; collections: Array<ExportCollectionResult & { collection: string }> }>;
/** Imports a Kourou collection folder; rejects (nothing written) when validation finds errors. */
export declare function importCollection(dir: string, opts?: ImportCollectionOptions): Promise<ImportCollectionResult>;
/** Imports a Kourou index folder (one sub-folder per collection). */
export declare function importIndex(dir: string, opts?: Omit<ImportCollectionOptions, 'collection'>): Promise<{ written: number; errors: number; collections: Array<ImportCollectionResult & { collection: string }> }>;
/** The `kuzzle-dump.manifest` of a dump (JSON). */
export interface DumpManifest {
  type: 'kuzzle-dump-manifest';
  version: 1;
  layout: 'kourou';
  /** ISO 8601. */
  created: string;
  source: { url: string; kuzzle: string | null };
  seconds: number;
  documents: number;
  collections: Array<{ index: string; collection: string; documents: number }>;
  security: { roles: number; profiles: number; users: number; specifications: number };
  files: Array<{ path: string; bytes: number; sha256: string }>;
}
/** Dumps everything the API reaches to `dir`, with a manifest. */
export declare function dump(dir: string, opts?: KuzzleConnection & { batchSize?: number; onProgress?: (p: KuzzleProgress) => void }): Promise<DumpManifest>;
/** Restores a dump (manifest and documents checked before the first write). */
export declare function restore(dir: string, opts?: KuzzleConnection & { batchSize?: number; validate?: boolean; resume?: boolean; onProgress?: (p: KuzzleProgress) => void }): Promise<{ documents: number; errors: number; failed: Array<{ what: string; message: string }> }>;
/** A collection compared by {@link verify}. */
export interface VerifiedCollection extends DigestDiff {
  index: string;
  collection: string;
  /** The dump's collection exists live. */
  exists?: boolean;
  /** A live collection absent from the dump. */
  notInDump?: boolean;
  /** The live mappings or settings differ from the dump's mappings.json. */
  mappingsDiffer?: boolean;
}
/** Compares a dump with the live data; `ok` is false on any difference. */
export declare function verify(dir: string, opts?: KuzzleConnection & { limit?: number; onProgress?: (p: KuzzleProgress) => void }): Promise<{ ok: boolean; differences: number; files: Array<{ path: string; problem: string }>; collections: VerifiedCollection[] }>;
