// Type-checked by scripts/test (tsc -p tests/types): the public types cover real use.
import { jsonValidateSync, jsonValidate, LineSplitter, checkIndexNameSync, parsePhysicalNameSync, backend, type KuzzleDumpError, type JsonCheck } from 'kuzzle-dump';
const r: JsonCheck = jsonValidateSync(new Uint8Array([1]), { file: 'x' });
const k: 'object' | undefined = r.kind === 'object' ? r.kind : undefined;
const p = jsonValidate(new Uint8Array(0), undefined, new AbortController().signal);
const s = new LineSplitter(); const n: number = s.push(new Uint8Array(0)).lines + s.finish().bytes;
const ok: boolean = checkIndexNameSync('a').ok;
const suffix: number | undefined = parsePhysicalNameSync('&a.b')?.suffix;
const b: 'native' | 'wasm' = backend;
try { jsonValidateSync(new Uint8Array(0)) } catch (e) { const err = e as KuzzleDumpError; const c: string = err.code; }
// @ts-expect-error typo in options
jsonValidateSync(new Uint8Array(0), { fiel: 'x' });

// The streaming classes and the response, file and plan functions.
import {
  Pipeline, DumpReader, Exporter, SecurityExporter, detectFormatSync, detectFormat, dumpOrderSync, dumpOrder,
  mwriteResultSync, mwriteResult, esBulkResultSync, esBulkResult, selectBatchSync, selectBatch, halveBatchSync, halveBatch,
  kuzzleErrorSync, kuzzleError, kuzzlePageSync, kuzzlePage, esPageSync, esPage, parseMappingsFileSync, parseMappingsFile,
  mappingsFileSync, mappingsFile, parseSecurityFileSync, parseSecurityFile, planImportSync, planImport,
  type Batch, type PageOutput, type DumpReport, type PipelineResult, type DumpFormat, type PlannedFile, type SecurityKey, type Code,
} from 'kuzzle-dump';
const bytes = new Uint8Array(0);
const pipeline = new Pipeline({ output: 'mwrite', batchDocuments: 10, mapping: { properties: {} }, threads: 2 });
const firstBatch: Batch | undefined = pipeline.pushSync(bytes).batches[0];
const pushed: Promise<Uint8Array> = pipeline.push(bytes, new AbortController().signal).then((o) => o.bytes);
const finished: PipelineResult = pipeline.finishSync();
const later: Promise<number> = pipeline.finish().then((r) => r.report.documents + r.batches.length);
// @ts-expect-error unknown output format
new Pipeline({ output: 'xml' });
const reader = new DumpReader({ format: 'esMigrate', threads: 2, rootCollection: ['i', 'c'] });
reader.beginFile('i/c/documents.jsonl');
reader.pushSync(bytes);
const readerDone: Promise<void> = reader.push(bytes);
reader.endFile();
const report: DumpReport = reader.finish();
const docs: number | undefined = report.indexes['i']?.['c']?.documents;
const format: DumpFormat = detectFormatSync(['a.json'], { 'a.json': bytes });
const formatAsync: Promise<DumpFormat> = detectFormat([], {});
const order: string[] = dumpOrderSync('kourou', ['x']);
const orderAsync: Promise<string[]> = dumpOrder('elasticdump', []);
const exporter = new Exporter({ format: 'csv', source: 'elasticsearch', index: 'i', collection: 'c', fields: 'a,b' });
const head: Uint8Array = exporter.header();
const pageBytes: Uint8Array = exporter.pushPageSync(bytes).bytes;
const scroll: Promise<string | undefined> = exporter.pushPage(bytes).then((p) => p.page.scrollId);
const exported: number = exporter.documents() + exporter.finish().length;
const batchIn = { body: bytes, lines: [2, 3] };
const errorLines: Uint8Array = mwriteResultSync(bytes, batchIn).errorLines;
const retry: Promise<number[]> = mwriteResult(bytes, batchIn).then((r) => r.retry);
const esLines: number[] = esBulkResultSync(bytes, firstBatch ?? batchIn).lines;
const esAsync: Promise<number> = esBulkResult(bytes, batchIn).then((r) => r.successes);
const narrowed: Batch = selectBatchSync('mwrite', batchIn, [0]);
const narrowedAsync: Promise<Batch> = selectBatch('bulk', narrowed, [0, 1]);
const [left, right]: [Batch, Batch] = halveBatchSync('mwrite', batchIn);
const halves: Promise<[Batch, Batch]> = halveBatch('bulk', left);
// @ts-expect-error unknown batch kind
selectBatchSync('es', batchIn, []);
const apiError: string | undefined = kuzzleErrorSync(bytes)?.id;
const apiErrorAsync: Promise<number | undefined> = kuzzleError(bytes).then((e) => e?.status);
const lines: Uint8Array = kuzzlePageSync(bytes, 'jsonl').bytes;
const hits: Promise<boolean> = kuzzlePage(bytes, { hits: '&i.c' }).then((p) => p.page.bigIntegers);
const esHits: number = esPageSync(bytes, { hits: '&i.c' }).page.hits;
const esHitsAsync: Promise<PageOutput> = esPage(bytes, 'jsonl');
const mappings = parseMappingsFileSync(bytes, ['i', 'c']);
const createBody: Uint8Array | undefined = mappings.collections[0]?.createBody;
const shape: Promise<'current' | 'legacy' | 'raw' | undefined> = parseMappingsFile(bytes).then((m) => m.collections[0]?.shape);
const mappingsJson: Uint8Array = mappingsFileSync('i', 'c', bytes, bytes);
const mappingsJsonAsync: Promise<Uint8Array> = mappingsFile('i', 'c', bytes);
const security = parseSecurityFileSync(bytes);
const key: SecurityKey | undefined = security.entries[0]?.key;
const body: Uint8Array | null | undefined = security.entries[0]?.body;
const secret: Promise<boolean> = parseSecurityFile(bytes).then((f) => f.holdsSecrets);
const securityExporter = new SecurityExporter({ kind: 'users' });
const securityHits: number = securityExporter.pushPageSync(bytes).hits + securityExporter.count();
const securityAsync: Promise<string | undefined> = securityExporter.pushPage(bytes).then((p) => p.scrollId);
const usersJson = securityExporter.finish({ passwords: ['x'], usernamePath: 'content.email' });
const mode: number = usersJson.holdsSecrets ? 0o600 : 0o644;
// @ts-expect-error the kind is required
new SecurityExporter({});
const plan: PlannedFile[] = planImportSync(['a'], { a: null, b: 'roles' });
const planAsync: Promise<string | undefined> = planImport([], {}).then((p) => p[0]?.dirs?.[0]);
const newCode: Code = 'GZIP_INVALID';
export {
  firstBatch, pushed, finished, later, readerDone, docs, format, formatAsync, order, orderAsync, head, pageBytes, scroll,
  exported, errorLines, retry, esLines, esAsync, narrowedAsync, right, halves, apiError, apiErrorAsync, lines, hits, esHits,
  esHitsAsync, createBody, shape, mappingsJson, mappingsJsonAsync, key, body, secret, securityHits, securityAsync, mode, plan,
  planAsync, newCode,
};

import { Converter, type OutChunk, type ConvertReport } from 'kuzzle-dump';
const converter = new Converter({ from: 'kourou', to: 'esMigrate', gzip: false });
const begun: OutChunk[] = converter.beginFile('i/');
const converted: Promise<boolean> = converter.push(bytes).then((c) => c.every((x) => x.secret));
const ended: string[] = [...converter.pushSync(bytes), ...converter.endFile()].map((c) => c.path);
const convertReport: ConvertReport = converter.finish().report;
// @ts-expect-error unknown layout
new Converter({ to: 'csv' });
export { begun, converted, ended, convertReport };

// The viewer's helpers.
import {
  LineIndexer, FieldStats, viewRowsSync, viewRows, prettyLineSync, prettyLine, searchLinesSync, searchLines,
  type Row, type LineIndexSummary, type FieldStatsReport,
} from 'kuzzle-dump';
const indexer = new LineIndexer({ keepInflated: true });
const packed: Uint8Array = indexer.push(bytes);
const tail: Uint8Array = indexer.finish();
const inflatedBytes: Uint8Array = indexer.takeInflated();
const indexed: LineIndexSummary = indexer.summary();
const rows: Row[] = viewRowsSync(bytes, { preview: 80 });
const rowsAsync: Promise<string | undefined> = viewRows(bytes).then((r) => r[0]?.id);
const prettyText: string = prettyLineSync(bytes).text;
const prettyAsync: Promise<string | undefined> = prettyLine(bytes, new AbortController().signal).then((p) => p.error);
const hitNumbers: number[] = searchLinesSync(bytes, { field: 'pickup.city', value: 'x', contains: true, limit: 10 });
const hitsAsync: Promise<number[]> = searchLines(bytes, { id: 'a' });
const stats = new FieldStats();
stats.push(bytes);
const statsReport: FieldStatsReport = stats.finish();
const firstBar: number | undefined = statsReport.createdAt?.counts[0];
// @ts-expect-error unknown option
new LineIndexer({ keep: true });
// @ts-expect-error unknown query field
searchLinesSync(bytes, { ids: 'a' });
export { packed, tail, inflatedBytes, indexed, rows, rowsAsync, prettyText, prettyAsync, hitNumbers, hitsAsync, firstBar };
// Elasticsearch-level backup and restore (Node only).
import { esDump, esLoad, type EsDumpReport, type EsLoadReport, type EsProgress } from 'kuzzle-dump';
const dumped: Promise<EsDumpReport> = esDump({
  input: 'http://localhost:9200', output: './backup', gzip: true, types: ['data', 'mapping', 'alias'], concurrency: 8,
  onProgress: (p: EsProgress) => p.documents, signal: new AbortController().signal,
});
const loaded: Promise<EsLoadReport> = esLoad({ input: './backup', output: 'http://localhost:9200', ifExists: 'replace', swap: true, keepOld: true, kuzzle: 'http://admin:pw@localhost:7512' });
void dumped.then((r) => r.files[0]?.sha256.length);
void loaded.then((r) => r.swapped.map((s) => s.target) && r.ok);
// @ts-expect-error ifExists takes fail, skip or replace only
void esLoad({ input: 'x', output: 'y', ifExists: 'overwrite' });
// Digests and the Kuzzle operations.
import { digestLinesSync, digestKuzzlePage, compareDigestsSync, exportCollection, importIndex, dump, restore, verify, type DigestDiff } from 'kuzzle-dump';
const dl: number = digestLinesSync(new Uint8Array(0), { last: true }).documents;
const dp: Promise<string | undefined> = digestKuzzlePage(new Uint8Array(0)).then((p) => p.page.scrollId);
const dd: DigestDiff = compareDigestsSync(new Uint8Array(0), new Uint8Array(0), { limit: 10 });
const ec: Promise<number> = exportCollection('i', 'c', { host: 'h', port: 7512, path: 'out', onProgress: (p) => p.documents, signal: new AbortController().signal }).then((r) => r.documents);
const ii: Promise<number> = importIndex('dir', { batchSize: 100, resume: true }).then((r) => r.written);
const dm: Promise<string> = dump('d', { username: 'admin', password: 'x' }).then((m) => m.files[0].sha256);
const rs: Promise<number> = restore('d', { validate: false }).then((r) => r.failed.length);
const vf: Promise<boolean> = verify('d').then((r) => r.collections.every((c) => c.ok));
// @ts-expect-error unknown format
exportCollection('i', 'c', { format: 'xml' });
export { dl, dp, dd, ec, ii, dm, rs, vf };
