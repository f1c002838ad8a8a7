// Public types of kuzzle-dump, written once for both backends (the native addon and the
// WebAssembly build behave the same; the parity test checks it). Bytes go in as `Uint8Array`
// (a `Buffer` is one) and come out as `Uint8Array` (`Buffer` on the native backend).

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
  | 'IO_ERROR'
  | 'INTERNAL';

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
 * with an `AbortError` (a signal already aborted at the call is not seen). On wasm it runs at
 * once, so `signal` has no effect.
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
