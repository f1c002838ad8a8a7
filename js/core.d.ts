// The types of what both entries share (js/index.d.ts for Node, js/browser.d.ts for the web):
// the core's API, written once for both backends (the native addon and the
// WebAssembly build behave the same; the parity test checks it). Bytes go in as `Uint8Array`
// (a `Buffer` is one) and come out as `Uint8Array` (`Buffer` on the native backend).
// Options are plain objects: an unknown field throws `INVALID_OPTIONS`, a field set to
// `undefined` or `null` takes its default.

/** Which backend `require('kuzzle-dump')` loaded (`KUZZLE_DUMP_BACKEND` forces one). */
export declare const backend: 'native' | 'wasm';

/** Stable error and finding codes; they are only ever added, never renamed. */
export type Code =
  | 'JSON_SYNTAX'
  | 'INVALID_UTF8'
  | 'TRUNCATED'
  | 'HEADER_MISSING'
  | 'HEADER_INVALID'
  | 'ID_MISSING'
  | 'ID_NOT_STRING'
  | 'ID_EMPTY'
  | 'ID_TOO_LONG'
  | 'DOCUMENT_NOT_OBJECT'
  | 'BODY_MISSING'
  | 'BODY_NOT_OBJECT'
  | 'DUPLICATE_ID'
  | 'DOCUMENT_TOO_LARGE'
  | 'INVALID_INDEX_NAME'
  | 'INVALID_COLLECTION_NAME'
  | 'NAME_MISMATCH'
  | 'MAPPINGS_INVALID'
  | 'MAPPING_INVALID'
  | 'MAPPING_UNKNOWN_TYPE'
  | 'MAPPING_IGNORED'
  | 'FIELD_TYPE_MISMATCH'
  | 'FIELD_NOT_ALLOWED'
  | 'SPECIFICATION_INVALID'
  | 'SPECIFICATION_VIOLATION'
  | 'SECURITY_INVALID'
  | 'UNKNOWN_FILE'
  | 'ELASTICDUMP_INVALID'
  | 'UNSAFE_NAME'
  | 'PRECISION_LOSS'
  | 'INVALID_OPTIONS'
  | 'INVALID_STATE'
  | 'INVALID_ARGUMENT'
  | 'HTTP_ERROR'
  | 'KUZZLE_ERROR'
  | 'INDEX_EXISTS'
  | 'EXPORT_INCOMPLETE'
  | 'MANIFEST_INVALID'
  | 'MANIFEST_MISMATCH'
  | 'VALIDATION_FAILED'
  | 'MIGRATION_FAILED'
  | 'IO_ERROR'
  | 'INTERNAL'
  | 'FIXTURES_INVALID'
  | 'GZIP_INVALID'
  | 'LAYOUT_CONFLICT'
  | 'SUFFIX_DROPPED'
  | 'NOT_REPRESENTABLE'
  | 'MULTIPLE_COLLECTIONS';

/**
 * What every operation throws (or rejects with): an `Error` whose `name` is
 * `"KuzzleDumpError"`. Problems found in the data you asked to check are returned as
 * {@link Finding}s instead.
 */
export interface KuzzleDumpError extends Error {
  name: 'KuzzleDumpError';
  /** Stable code to switch on, e.g. `INVALID_OPTIONS`. `INTERNAL` is a bug: please report it. */
  code: Code;
  /** The file label the caller passed in, when the error is about a file's data. */
  file?: string;
  /** 1-based line, when known. */
  line?: number;
  /** 1-based byte column, when known. */
  column?: number;
}

/** One problem found in the data. */
export interface Finding {
  code: Code;
  /** `error`: the data cannot be used as is; `warning`: worth knowing. */
  severity: 'error' | 'warning';
  /** A message that stands alone. */
  message: string;
  /** The label given in the options (`file`), if any. */
  file?: string;
  /** 1-based line; 0 when the finding is about the whole input. */
  line: number;
  /** 1-based byte column; absent when unknown. */
  column?: number;
  /** JSON path of the offending value, e.g. `body.pickup.lat`. */
  path?: string;
}

/** Result of a name check. */
export interface NameCheck {
  /** Whether Kuzzle accepts the name. */
  ok: boolean;
  /** Why not, e.g. `holds upper-case letters`. */
  problem?: string;
}

/** Checks an index name against Kuzzle's rules (at most 126 bytes, lower case, no `\ / * ? " < > | \` , + # : . & %`, spaces, not `_all`). */
export declare function checkIndexNameSync(name: string): NameCheck;
/** Async {@link checkIndexNameSync}. */
export declare function checkIndexName(name: string, signal?: AbortSignal): Promise<NameCheck>;

/** Checks a collection name: the index rules, and not `_kuzzle_keep`. */
export declare function checkCollectionNameSync(name: string): NameCheck;
/** Async {@link checkCollectionNameSync}. */
export declare function checkCollectionName(name: string, signal?: AbortSignal): Promise<NameCheck>;

/** A physical Elasticsearch index name taken apart. */
export interface PhysicalName {
  /** `public` for `&…`, `private` (Kuzzle's internal data, plugins) for `%…`. */
  scope: 'public' | 'private';
  index: string;
  collection: string;
  /** The `.N` suffix Kuzzle adds when the plain name was taken. */
  suffix?: number;
  /** The `@` alias Kuzzle queries, e.g. `@&nyc-open-data.yellow-taxi`. */
  alias: string;
  /** The physical index name, suffix included. */
  indexName: string;
}

/** Parses `&index.collection`, `&index.collection.N`, `%index.collection` or an `@` alias; `null` for any other name. */
export declare function parsePhysicalNameSync(name: string): PhysicalName | null;
/** Async {@link parsePhysicalNameSync}. */
export declare function parsePhysicalName(name: string, signal?: AbortSignal): Promise<PhysicalName | null>;

/** Options of {@link jsonValidateSync}. Unknown fields throw `INVALID_OPTIONS`. */
export interface JsonValidateOptions {
  /**
   * Label of the input, copied into the finding's `file`.
   * @default undefined
   */
  file?: string;
}

/** Result of {@link jsonValidateSync}. */
export interface JsonCheck {
  /** Whether the bytes are exactly one JSON value (whitespace around it allowed). */
  ok: boolean;
  /** The value's type, when `ok`. */
  kind?: 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object';
  /** The first problem, when not `ok`: `JSON_SYNTAX`, `INVALID_UTF8` or `TRUNCATED`. */
  finding?: Finding;
}

/**
 * Checks that the bytes are one valid JSON value (UTF-8, RFC 8259, at most 1000 levels deep).
 * Never throws because of the bytes: the problem is returned, with line and column.
 * @throws {KuzzleDumpError} `INVALID_OPTIONS` for a bad options object.
 */
export declare function jsonValidateSync(bytes: Uint8Array, opts?: JsonValidateOptions): JsonCheck;
/**
 * Async {@link jsonValidateSync}: on the native backend it runs on a worker thread (do not
 * change `bytes` until it settles), and aborting `signal` while the work is still queued rejects
 * with an `AbortError`; a signal already aborted at the call rejects at once with its reason, on
 * both backends. On wasm the work runs at once, so a later abort has no effect.
 */
export declare function jsonValidate(bytes: Uint8Array, opts?: JsonValidateOptions, signal?: AbortSignal): Promise<JsonCheck>;

/** What one {@link LineSplitter} call handed over. */
export interface LineCount {
  /** Lines completed by this call. */
  lines: number;
  /** Bytes of those lines, line endings included (a leading UTF-8 BOM is not counted). */
  bytes: number;
}

/**
 * Splits pushed chunks into lines (LF or CRLF, a leading BOM dropped, lines split across
 * chunks joined) and counts them. Memory is bounded by the longest line.
 */
export declare class LineSplitter {
  constructor();
  /** Pushes a chunk; returns the lines it completed. */
  push(chunk: Uint8Array): LineCount;
  /**
   * Ends the input; returns the last line if it had no line feed. Later calls throw
   * `INVALID_STATE`.
   */
  finish(): LineCount;
}

// ---------------------------------------------------------------------------------------------
// Streaming classes. Heavy methods come in pairs: `fooSync(…)` runs now; `foo(…, signal?)` runs
// on a worker thread on the native backend (at once on wasm, returning a settled Promise). While
// an async call on an object has not settled, any other call on that object throws (or rejects
// with) `INVALID_STATE` ("busy"): await each call before the next.
// ---------------------------------------------------------------------------------------------

/** One ready-to-send request body. */
export interface Batch {
  /** The request body: `bulk:mWrite` JSON or Elasticsearch `_bulk` NDJSON. */
  body: Uint8Array;
  /** Documents in it. */
  count: number;
  /** Source line of the first document. */
  firstLine: number;
  /** Source line of the last document. */
  lastLine: number;
  /** Source line of each document, in order (maps per-document errors back to lines). */
  lines: number[];
}

/** A batch handed back (retries, splits): only `body` and `lines` are read. */
export interface BatchInput {
  body: Uint8Array;
  lines: number[];
}

/** Which request body a batch is. */
export type BatchKind = 'mwrite' | 'bulk';

/** Options of {@link Pipeline}. Unknown fields throw `INVALID_OPTIONS`. */
export interface PipelineOptions {
  /** What the pushed bytes are: Kourou `documents.jsonl`, or elasticdump data lines (raw hits). @default "kourou" */
  input?: 'kourou' | 'hits';
  /**
   * What to build: nothing (validate), `bulk:mWrite` bodies, ES `_bulk` bodies, canonical JSONL,
   * or elasticdump data lines (with `esIndex`: hits synthesized with that `_index`; without it,
   * hits input only, each hit as read, compacted). @default "none"
   */
  output?: 'none' | 'mwrite' | 'bulk' | 'jsonl' | 'hits';
  /** Label of the file in findings (its path relative to the dump root). */
  file?: string;
  /** Most documents per request body. @default 500 */
  batchDocuments?: number;
  /** Most bytes per request body (Kuzzle's `server.maxRequestSize`; at least 64). @default 1048576 */
  batchBytes?: number;
  /** `_index` of `_bulk` action lines (required by `output: "bulk"`) and of `hits` output. */
  esIndex?: string;
  /** Report duplicate `_id`s (keeps 8 bytes per document). @default true */
  duplicates?: boolean;
  /** Documents larger than this are `DOCUMENT_TOO_LARGE` even without batches. @default batchBytes */
  maxRequestBytes?: number;
  /** Most findings kept in the report (all are counted). @default 1000 */
  maxFindings?: number;
  /** Threads used on large chunks (native only; ignored on wasm). @default 1 */
  threads?: number;
  /** The collection's mapping (`{dynamic, properties}`) to check documents against. */
  mapping?: object;
  /** Warn (`PRECISION_LOSS`) about numbers Kuzzle's JavaScript would change. @default false */
  jsNumbers?: boolean;
  /** Documents up to this line are checked but not batched (resuming an import). @default 0 */
  skipThroughLine?: number;
}

/** The collection header line of a Kourou file. */
export interface Header {
  index: string;
  collection: string;
  /** Who wrote it, from its key order. */
  style: 'kourou' | 'kuzzleExport' | 'other';
}

/** Counts and findings of one file through a {@link Pipeline}. */
export interface Report {
  /** No error-severity finding. */
  ok: boolean;
  file?: string;
  header?: Header;
  bytes: number;
  /** Lines read, blank ones included. */
  lines: number;
  /** Document lines read, good or bad. */
  documents: number;
  validDocuments: number;
  /** Request bodies built. */
  batches: number;
  largestDocument: number;
  errors: number;
  warnings: number;
  /** The first findings (`maxFindings`), in line order. */
  findings: Finding[];
  /** Whether findings were left out (they are still counted). */
  findingsTruncated: boolean;
}

/** What one push produced. */
export interface PipelineOutput {
  /** Complete request bodies (`mwrite`, `bulk`). */
  batches: Batch[];
  /** Encoded lines (`jsonl`); empty otherwise. */
  bytes: Uint8Array;
}

/** What `finish` produced. */
export interface PipelineResult extends PipelineOutput {
  report: Report;
}

/**
 * One dump file pushed in chunks (any size, lines split across chunks are fine): findings, and
 * ready-to-send request bodies or canonical JSONL, as bytes.
 * @throws {KuzzleDumpError} `INVALID_OPTIONS` for bad options.
 */
export declare class Pipeline {
  constructor(opts?: PipelineOptions);
  /** Pushes a chunk; returns the request bodies it completed. */
  pushSync(chunk: Uint8Array): PipelineOutput;
  /** Async {@link Pipeline.pushSync} (do not change `chunk` until it settles). */
  push(chunk: Uint8Array, signal?: AbortSignal): Promise<PipelineOutput>;
  /** Ends the file: the last bodies and the report. Later calls throw `INVALID_STATE`. */
  finishSync(): PipelineResult;
  /** Async {@link Pipeline.finishSync}. */
  finish(signal?: AbortSignal): Promise<PipelineResult>;
}

/** A dump's layout: Kourou tree, elasticdump folder, or Kourou `es:migrate` folder. */
export type DumpFormat = 'kourou' | 'elasticdump' | 'esMigrate';

/** Options of {@link DumpReader}. Unknown fields throw `INVALID_OPTIONS`. */
export interface DumpOptions {
  /** The dump's layout ({@link detectFormatSync}). @default "kourou" */
  format?: DumpFormat;
  /** Documents larger than this are `DOCUMENT_TOO_LARGE`. @default 1048576 */
  maxRequestBytes?: number;
  /** Most findings kept (all are counted). @default 1000 */
  maxFindings?: number;
  /** Threads used on large chunks (native only). @default 1 */
  threads?: number;
  /** Kuzzle's internal index name. @default "kuzzle" */
  internalIndex?: string;
  /** `[index, collection]` of files at the root, when the root is one collection's folder. */
  rootCollection?: [string, string];
}

/** One collection of a dump. */
export interface CollectionSummary {
  documents: number;
  validDocuments: number;
  /** Bytes of its documents files, as stored. */
  bytes: number;
  files: string[];
  hasMappings: boolean;
  /** Fields its mapping declares, at every depth. */
  mappedFields: number;
  /** The mapping's root `dynamic`. */
  dynamic?: string;
  /** The physical Elasticsearch index it came from (ES-level dumps). */
  esIndex?: string;
}

/** What a file of a dump is. */
export type FileClass =
  | 'mappings'
  | 'documents'
  | 'fixtures'
  | 'roles'
  | 'profiles'
  | 'usersMappings'
  | 'users'
  | 'specifications'
  | 'apiKeys'
  | 'importErrors'
  | 'manifest'
  | 'csv'
  | 'json'
  | 'unknown';

/** One file of a dump. */
export interface FileSummary {
  path: string;
  class: FileClass;
  bytes: number;
  documents?: number;
  /** Why it was not read. */
  skipped?: string;
}

/** Everything a dump holds, and what is wrong with it. */
export interface DumpReport {
  ok: boolean;
  format?: DumpFormat;
  documents: number;
  collections: number;
  bytes: number;
  errors: number;
  warnings: number;
  /** The first findings, file by file; `file` is the path given to `beginFile`. */
  findings: Finding[];
  findingsTruncated: boolean;
  /** index → collection → summary. */
  indexes: Record<string, Record<string, CollectionSummary>>;
  /** `roles`, `profiles`, `users`, … → ids (or counts at ES level). */
  security: Record<string, string[]>;
  /** Internal and plugin indices a Kourou layout cannot hold, with their document counts. */
  internal: Record<string, number>;
  files: FileSummary[];
}

/**
 * A whole dump pushed file by file, in {@link dumpOrderSync} order (gzip detected on every
 * file). Findings never throw; `finish` returns them.
 */
export declare class DumpReader {
  constructor(opts?: DumpOptions);
  /** Starts a file: its path relative to the dump root, `/`-separated. */
  beginFile(path: string): void;
  /** Pushes the next chunk of the open file. */
  pushSync(chunk: Uint8Array): void;
  /** Async {@link DumpReader.pushSync} (do not change `chunk` until it settles). */
  push(chunk: Uint8Array, signal?: AbortSignal): Promise<void>;
  /** Ends the open file. */
  endFile(): void;
  /** Ends the dump. */
  finish(): DumpReport;
}

/** The format of a dump folder from its paths and the first bytes (4 KiB) of its top-level files. */
export declare function detectFormatSync(paths: string[], heads: Record<string, Uint8Array>): DumpFormat;
/** Async {@link detectFormatSync}. */
export declare function detectFormat(paths: string[], heads: Record<string, Uint8Array>, signal?: AbortSignal): Promise<DumpFormat>;

/** The order to push a dump's files in: what describes collections first, then documents. */
export declare function dumpOrderSync(format: DumpFormat, paths: string[]): string[];
/** Async {@link dumpOrderSync}. */
export declare function dumpOrder(format: DumpFormat, paths: string[], signal?: AbortSignal): Promise<string[]>;

/** Options of {@link Exporter}. Unknown fields throw `INVALID_OPTIONS`. */
export interface ExportOptions {
  /** The file to write: Kourou JSONL, Kourou CSV, Kuzzle fixtures, elasticdump hits. @default "jsonl" */
  format?: 'jsonl' | 'csv' | 'kuzzle' | 'hits';
  /** Where the pages come from. @default "kuzzle" */
  source?: 'kuzzle' | 'elasticsearch';
  /** Kuzzle index (header, fixtures). @default "" */
  index?: string;
  /** Kuzzle collection (header, fixtures). @default "" */
  collection?: string;
  /** CSV columns as Kourou's `--fields` (`a,b.c`); without it, from `mapping`. */
  fields?: string;
  /** The collection's mapping, for CSV columns. */
  mapping?: object;
  /** `_index` of hits synthesized from Kuzzle pages. @default "&<index>.<collection>" */
  esIndex?: string;
}

/** What a search or scroll page said besides its hits. */
export interface SearchPage {
  hits: number;
  total?: number;
  /** Documents left (Kuzzle scrolls). */
  remaining?: number;
  /** The scroll id of the next page. */
  scrollId?: string;
  /** Whether some `_source` holds integers beyond ±2^53. */
  bigIntegers: boolean;
  /** The last hit's `_id`, for `search_after`. */
  lastId?: string;
}

/** A page turned into dump lines. */
export interface PageOutput {
  /** The bytes to append to the file. */
  bytes: Uint8Array;
  page: SearchPage;
}

/** Search pages (raw response bodies) to the bytes of one dump file. */
export declare class Exporter {
  constructor(opts?: ExportOptions);
  /** The bytes that start the file (header line, CSV header, fixtures opening). */
  header(): Uint8Array;
  /** Encodes one page. A Kuzzle error response throws `IO_ERROR`. */
  pushPageSync(response: Uint8Array): PageOutput;
  /** Async {@link Exporter.pushPageSync}. */
  pushPage(response: Uint8Array, signal?: AbortSignal): Promise<PageOutput>;
  /** Documents written so far. */
  documents(): number;
  /** The bytes that end the file (empty except for fixtures). */
  finish(): Uint8Array;
}

// ---------------------------------------------------------------------------------------------
// Server responses and batches
// ---------------------------------------------------------------------------------------------

/** Per-document results of a write request. */
export interface WriteResult {
  successes: number;
  errors: number;
  /** Source line of each refused document. */
  lines: number[];
  /** Positions in the batch of documents worth retrying (429, 5xx); see {@link selectBatchSync}. */
  retry: number[];
}

/** A write result with its `documents-errors.jsonl` lines (Kuzzle's error item plus `"line"`). */
export interface WriteOutput extends WriteResult {
  errorLines: Uint8Array;
}

/** Reads a Kuzzle `bulk:mWrite` response for the batch it answers. An error response throws `IO_ERROR`. */
export declare function mwriteResultSync(response: Uint8Array, batch: BatchInput): WriteOutput;
/** Async {@link mwriteResultSync}. */
export declare function mwriteResult(response: Uint8Array, batch: BatchInput, signal?: AbortSignal): Promise<WriteOutput>;

/** Reads an Elasticsearch `_bulk` response for the batch it answers. */
export declare function esBulkResultSync(response: Uint8Array, batch: BatchInput): WriteOutput;
/** Async {@link esBulkResultSync}. */
export declare function esBulkResult(response: Uint8Array, batch: BatchInput, signal?: AbortSignal): Promise<WriteOutput>;

/** The documents of `batch` at `positions` (0-based), as a new batch. */
export declare function selectBatchSync(kind: BatchKind, batch: BatchInput, positions: number[]): Batch;
/** Async {@link selectBatchSync}. */
export declare function selectBatch(kind: BatchKind, batch: BatchInput, positions: number[], signal?: AbortSignal): Promise<Batch>;

/** `batch` cut in two halves (after a 413); a batch of one document throws `INVALID_OPTIONS`. */
export declare function halveBatchSync(kind: BatchKind, batch: BatchInput): [Batch, Batch];
/** Async {@link halveBatchSync}. */
export declare function halveBatch(kind: BatchKind, batch: BatchInput, signal?: AbortSignal): Promise<[Batch, Batch]>;

/** An error Kuzzle reported. */
export interface ApiError {
  status: number;
  /** Kuzzle's error id, e.g. `services.storage.unknown_scroll_id`. */
  id?: string;
  message: string;
}

/** The error of a Kuzzle response (in the envelope, or bare), or `null`. */
export declare function kuzzleErrorSync(response: Uint8Array): ApiError | null;
/** Async {@link kuzzleErrorSync}. */
export declare function kuzzleError(response: Uint8Array, signal?: AbortSignal): Promise<ApiError | null>;

/** How to write a page's hits: Kourou document lines, or elasticdump hits with this `_index`. */
export type PageFormat = 'jsonl' | { hits: string };

/** A Kuzzle search or scroll response to dump lines. An error response throws `IO_ERROR`. */
export declare function kuzzlePageSync(response: Uint8Array, format: PageFormat): PageOutput;
/** Async {@link kuzzlePageSync}. */
export declare function kuzzlePage(response: Uint8Array, format: PageFormat, signal?: AbortSignal): Promise<PageOutput>;

/** An Elasticsearch search or scroll response to dump lines (hits kept as returned, compacted). */
export declare function esPageSync(response: Uint8Array, format: PageFormat): PageOutput;
/** Async {@link esPageSync}. */
export declare function esPage(response: Uint8Array, format: PageFormat, signal?: AbortSignal): Promise<PageOutput>;

// ---------------------------------------------------------------------------------------------
// Mappings, security, import plans
// ---------------------------------------------------------------------------------------------

/** One collection of a `mappings.json`. */
export interface CollectionMappings {
  index: string;
  collection: string;
  /** How the entry was written: Kourou ≥ 1.0, Kourou ≤ 0.28, or the bare mapping. */
  shape: 'current' | 'legacy' | 'raw';
  /** The mapping (`{_meta?, dynamic?, properties}`), keys in file order; numbers beyond 2^53 as strings. */
  mappings: Record<string, unknown>;
  /** Index settings, when the entry has them. */
  settings?: Record<string, unknown>;
  /** The `collection:create` body restoring the collection. */
  createBody: Uint8Array;
}

/** A parsed `mappings.json`. */
export interface MappingsFile {
  collections: CollectionMappings[];
  /** Several collections, names that differ from the folders, empty indexes. */
  warnings: Finding[];
}

/**
 * Parses a `mappings.json` in any shape. `dirs` are its two parent folders: the raw shape takes
 * its names from them, the others are compared with them. Bad JSON throws `JSON_SYNTAX` /
 * `TRUNCATED` / `INVALID_UTF8` with line and column; a file of another kind `MAPPINGS_INVALID`.
 */
export declare function parseMappingsFileSync(bytes: Uint8Array, dirs?: [string, string]): MappingsFile;
/** Async {@link parseMappingsFileSync}. */
export declare function parseMappingsFile(bytes: Uint8Array, dirs?: [string, string], signal?: AbortSignal): Promise<MappingsFile>;

/**
 * A collection's `mappings.json` (current shape, byte-exact) from its `collection:getMapping`
 * response and, optionally, its `collection:getSettings` response. Settings lose per-index keys
 * (`uuid`, `creation_date`, …) and the cluster's topology (`number_of_replicas`,
 * `replication`), and are kept only when more than one shard is left.
 */
export declare function mappingsFileSync(index: string, collection: string, getMappingResponse: Uint8Array, getSettingsResponse?: Uint8Array | null): Uint8Array;
/** Async {@link mappingsFileSync}. */
export declare function mappingsFile(index: string, collection: string, getMappingResponse: Uint8Array, getSettingsResponse?: Uint8Array | null, signal?: AbortSignal): Promise<Uint8Array>;

/** What a security file holds (its `type`). */
export type SecurityKind = 'roles' | 'profiles' | 'users' | 'usersMappings' | 'specifications' | 'apiKeys';

/** Which entry of a security file. */
export type SecurityKey =
  | { id: string }
  | { index: string; collection: string }
  | { userId: string; keyId: string }
  | { usersMapping: true };

/** One entry of a security file. */
export interface SecurityEntry {
  key: SecurityKey;
  /** 1-based line and byte column of the entry's key. */
  line: number;
  column: number;
  /** The body of the restoring request (`createOrReplaceRole`, `createUser`, …); `null` for API keys. */
  body: Uint8Array | null;
}

/** A parsed security file. */
export interface SecurityFile {
  kind: SecurityKind;
  entries: SecurityEntry[];
  findings: Finding[];
  /** Whether any copy of the file must be created owner-only (credentials, API keys). */
  holdsSecrets: boolean;
}

/** Parses a security file. Bytes that are not a security file throw; problems inside it are findings. */
export declare function parseSecurityFileSync(bytes: Uint8Array): SecurityFile;
/** Async {@link parseSecurityFileSync}. */
export declare function parseSecurityFile(bytes: Uint8Array, signal?: AbortSignal): Promise<SecurityFile>;

/** Options of {@link SecurityExporter}. */
export interface SecurityExportOptions {
  /** Which file to build. */
  kind: SecurityKind;
  /** Ids to leave out (`user:export --exclude`). @default [] */
  exclude?: string[];
}

/** Options of {@link SecurityExporter.finish}. */
export interface SecurityFinishOptions {
  /** Generated passwords (`--generate-credentials`), one per user in push order. Users only. */
  passwords?: string[];
  /** Lodash path on `{_id, content}` giving each generated username. @default "_id" */
  usernamePath?: string;
}

/** What one pushed security page held. */
export interface SecurityPage {
  hits: number;
  total?: number;
  scrollId?: string;
}

/** A written security file. */
export interface SecurityFileOutput {
  bytes: Uint8Array;
  /** Create the file owner-only (mode 0600). */
  holdsSecrets: boolean;
  entries: number;
}

/**
 * One security file from Kuzzle responses: pages of `security:searchRoles` / `searchProfiles` /
 * `searchUsers` / `collection:searchSpecifications` / `security:searchApiKeys` (or scrolls), or
 * the `security:getUserMapping` response.
 */
export declare class SecurityExporter {
  constructor(opts: SecurityExportOptions);
  /** Reads one response. An error response throws `SECURITY_INVALID`. */
  pushPageSync(response: Uint8Array): SecurityPage;
  /** Async {@link SecurityExporter.pushPageSync}. */
  pushPage(response: Uint8Array, signal?: AbortSignal): Promise<SecurityPage>;
  /** Entries pushed so far. */
  count(): number;
  /** The file (pretty, as Kourou writes it). Later calls throw `INVALID_STATE`. */
  finish(opts?: SecurityFinishOptions): SecurityFileOutput;
}

/** One file of an import plan. */
export interface PlannedFile {
  path: string;
  class: FileClass;
  /** `[index, collection]`: the folders of a file inside `<index>/<collection>/`. */
  dirs?: [string, string];
  /** For documents: the `mappings.json` beside them. */
  mappings?: string;
}

/**
 * The import plan of a Kourou tree: Kourou's walk order in its phases (mappings, documents,
 * roles, profiles, users mapping, users, then specifications and API keys; files that are not
 * imported last). `jsonTypes` gives the `type` of each `*.json` file.
 */
export declare function planImportSync(paths: string[], jsonTypes: Record<string, string | null>): PlannedFile[];
/** Async {@link planImportSync}. */
export declare function planImport(paths: string[], jsonTypes: Record<string, string | null>, signal?: AbortSignal): Promise<PlannedFile[]>;

// ---------------------------------------------------------------------------------------------
// Conversion between layouts
// ---------------------------------------------------------------------------------------------

/** Options of {@link Converter}. Unknown fields throw `INVALID_OPTIONS`. */
export interface ConvertOptions {
  /** The source's layout ({@link detectFormatSync}). @default "kourou" */
  from?: DumpFormat;
  /** The layout to write (Kourou to Kourou is refused). @default "elasticdump" */
  to?: DumpFormat;
  /** gzip the ES-level outputs (every name ends in `.json.gz`); refused for a Kourou output. @default false */
  gzip?: boolean;
  /** Kuzzle's internal index name. @default "kuzzle" */
  internalIndex?: string;
  /** Most findings kept in the report (all are counted). @default 1000 */
  maxFindings?: number;
}

/** A piece of an output file, to write under the destination folder. */
export interface OutChunk {
  /**
   * Path relative to the destination, `/`-separated, checked to stay inside it. One ending in
   * `/` is a folder to create. The first chunk of a path creates the file; later ones append.
   */
  path: string;
  bytes: Uint8Array;
  /** Create the file owner-only (mode 0600): it holds secrets. */
  secret: boolean;
}

/** One file (or folder) a conversion wrote. */
export interface OutFile {
  path: string;
  documents: number;
  /** Bytes written (compressed, for gzip files). */
  bytes: number;
  secret: boolean;
}

/** The summary of a conversion. */
export interface ConvertReport {
  /** No error-severity finding: everything the target layout can hold was converted. */
  ok: boolean;
  from: DumpFormat;
  to: DumpFormat;
  documents: number;
  bytesIn: number;
  errors: number;
  warnings: number;
  findings: Finding[];
  findingsTruncated: boolean;
  files: OutFile[];
  /** ES indices the Kourou layout cannot hold, each as `"<index>: <reason>"`. */
  leftOut: string[];
}

/** What {@link Converter.finish} returns. */
export interface ConvertResult {
  chunks: OutChunk[];
  report: ConvertReport;
}

/**
 * A dump rewritten in another layout (Kourou, elasticdump, es:migrate), pushed file by file in
 * {@link dumpOrderSync} order; pass each folder too, as a path ending in `/` (empty indexes).
 * Every call returns the output chunks to write.
 */
export declare class Converter {
  constructor(opts?: ConvertOptions);
  /** Starts a source file (or a folder, ending in `/`). */
  beginFile(path: string): OutChunk[];
  /** Pushes the next chunk of the open file. */
  pushSync(chunk: Uint8Array): OutChunk[];
  /** Async {@link Converter.pushSync} (do not change `chunk` until it settles). */
  push(chunk: Uint8Array, signal?: AbortSignal): Promise<OutChunk[]>;
  /** Ends the open file. */
  endFile(): OutChunk[];
  /** Ends the conversion: what depends on the whole dump (definitions, security files), and the report. */
  finish(): ConvertResult;
}

// ---- The viewer's helpers (core `viewer` module): an offset index of document lines, and
// rows, pretty-printing, search and statistics over slices of lines read back on demand.

/** Options of {@link LineIndexer}. Unknown fields throw `INVALID_OPTIONS`. */
export interface LineIndexOptions {
  /** Keep a gzip input's inflated bytes for {@link LineIndexer.takeInflated}. @default false */
  keepInflated?: boolean;
}

/** Totals of an indexed file. */
export interface LineIndexSummary {
  /** Lines seen (blank ones and the header included). */
  lines: number;
  /** Entries written: non-blank lines but a leading Kourou collection header. */
  entries: number;
  /** Plain bytes (inflated, for gzip). */
  bytes: number;
  gzip: boolean;
}

/**
 * The offset index of one file's document lines, from its chunks as stored (gzip detected and
 * inflated). Entries are packed, 16 bytes each, little-endian: offset f64, length u32 (line
 * ending excluded), 1-based line u32. Offsets count plain bytes (inflated, for gzip).
 */
export declare class LineIndexer {
  constructor(opts?: LineIndexOptions);
  /** Pushes the next chunk; returns the entries of the lines it completed. */
  push(chunk: Uint8Array): Uint8Array;
  /** Ends the file; returns the entry of a last line without a line feed. */
  finish(): Uint8Array;
  /** The inflated bytes produced since the last call (gzip input and `keepInflated` only). */
  takeInflated(): Uint8Array;
  summary(): LineIndexSummary;
}

/** Options of {@link viewRowsSync}. */
export interface RowOptions {
  /** Characters of the compact body kept in a preview. @default 160 */
  preview?: number;
}

/** One document line, summarised for a table. */
export interface Row {
  /** The decoded `_id` when it is a string, its token otherwise; absent if the line does not parse. */
  id?: string;
  /** The start of the compact body (`body` or `_source`), or of the raw line when it does not parse. */
  preview: string;
  truncated: boolean;
  /** Why the line does not parse. */
  error?: string;
}

/** Rows of the non-blank lines of `bytes` (whole lines; a leading collection header is skipped). */
export declare function viewRowsSync(bytes: Uint8Array, opts?: RowOptions): Row[];
/** Async {@link viewRowsSync}. */
export declare function viewRows(bytes: Uint8Array, opts?: RowOptions, signal?: AbortSignal): Promise<Row[]>;

/** One line pretty-printed. */
export interface PrettyLine {
  /** `JSON.stringify(v, null, 2)` layout, every token as written (big numbers exact); the raw line if it does not parse. */
  text: string;
  error?: string;
}

/** Pretty-prints one line from its bytes, never through JS numbers. */
export declare function prettyLineSync(line: Uint8Array): PrettyLine;
/** Async {@link prettyLineSync}. */
export declare function prettyLine(line: Uint8Array, signal?: AbortSignal): Promise<PrettyLine>;

/** What {@link searchLinesSync} looks for; given `id` and `value`, both must match. Unknown fields throw `INVALID_OPTIONS`. */
export interface SearchQuery {
  /** The `_id`. */
  id?: string;
  /** Dotted path inside the body (`pickup.city`); absent: any scalar at any depth. */
  field?: string;
  /** A scalar's text: a string decoded, a number's token, `true`, `false`, `null`. */
  value?: string;
  /** Case-sensitive substring instead of equality. @default false */
  contains?: boolean;
  /** Most matches. @default 1000 */
  limit?: number;
}

/** The 0-based numbers, among the non-blank lines of `bytes`, of the lines that match. */
export declare function searchLinesSync(bytes: Uint8Array, query: SearchQuery): number[];
/** Async {@link searchLinesSync}. */
export declare function searchLines(bytes: Uint8Array, query: SearchQuery, signal?: AbortSignal): Promise<number[]>;

/** Presence and value types of one body field. */
export interface FieldStat {
  path: string;
  /** Documents holding it. */
  count: number;
  /** `string`, `number`, `boolean`, `null`, `object`, `array` → documents. */
  types: Record<string, number>;
}

/** Statistics of a collection's documents. */
export interface FieldStatsReport {
  documents: number;
  unparsable: number;
  /** By decreasing presence (at most 1000 paths). */
  fields: FieldStat[];
  fieldsDropped: number;
  /** Documents per `_kuzzle_info.createdAt` interval (ms since the epoch); bar i starts at `min + i * width`. */
  createdAt?: { min: number; max: number; width: number; counts: number[] };
  withoutCreatedAt: number;
}

/** Field statistics from a documents file's plain bytes, in any chunking. */
export declare class FieldStats {
  constructor();
  push(chunk: Uint8Array): void;
  finish(): FieldStatsReport;
}
// ---- Per-document digests (core/src/digest.rs): what `verify` compares ----

/** Options of {@link digestLinesSync}. */
export interface DigestLinesOptions {
  /** The 1-based number of the chunk's first line. @default 1 */
  firstLine?: number;
  /** The chunk ends the file (its last line needs no line feed). @default false */
  last?: boolean;
  /** File label for errors. */
  file?: string;
}
/** Digest records of the whole lines of a chunk. */
export interface LineDigests {
  /** Records: u32 LE id length, id (UTF-8), 16-byte xxh3-128 of the compact body. */
  digests: Uint8Array;
  /** Document lines digested. */
  documents: number;
  /** Bytes of the chunk consumed (whole lines); the rest starts the next chunk. */
  consumed: number;
  /** Lines consumed. */
  lines: number;
}
/** Digest records of a Kuzzle search page, and what the page said. */
export interface PageDigests {
  digests: Uint8Array;
  page: SearchPage;
}
/** Options of {@link compareDigestsSync}. */
export interface CompareDigestsOptions {
  /** Most ids listed per kind of difference (all are counted). @default 1000 */
  limit?: number;
}
/** What differs between a dump (expected) and the live data (actual). */
export interface DigestDiff {
  expected: number;
  actual: number;
  same: number;
  changed: string[];
  /** In the dump, not live. */
  missing: string[];
  /** Live, not in the dump. */
  extra: string[];
  /** More than once in the dump. */
  duplicates: string[];
  changedCount: number;
  missingCount: number;
  extraCount: number;
  duplicateCount: number;
  ok: boolean;
}
/** Digests the whole lines of a `documents.jsonl` chunk (header and blank lines skipped). */
export declare function digestLinesSync(chunk: Uint8Array, opts?: DigestLinesOptions): LineDigests;
/** Async {@link digestLinesSync} (wasm: the sync call in a Promise). */
export declare function digestLines(chunk: Uint8Array, opts?: DigestLinesOptions, signal?: AbortSignal): Promise<LineDigests>;
/** Digests the hits of a Kuzzle `document:search` / `document:scroll` response. */
export declare function digestKuzzlePageSync(response: Uint8Array): PageDigests;
/** Async {@link digestKuzzlePageSync}. */
export declare function digestKuzzlePage(response: Uint8Array, signal?: AbortSignal): Promise<PageDigests>;
/** Compares two sets of digest records. */
export declare function compareDigestsSync(expected: Uint8Array, actual: Uint8Array, opts?: CompareDigestsOptions): DigestDiff;
/** Async {@link compareDigestsSync}. */
export declare function compareDigests(expected: Uint8Array, actual: Uint8Array, opts?: CompareDigestsOptions, signal?: AbortSignal): Promise<DigestDiff>;
