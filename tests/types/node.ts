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
