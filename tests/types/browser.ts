// Type-checked by scripts/test (tsc -p tests/types/tsconfig.browser.json): the browser entry.
import { init, checkIndexNameSync, jsonValidate } from 'kuzzle-dump';

await init();
await init(new Uint8Array(0));
const ok: boolean = checkIndexNameSync('a').ok;
const done: Promise<boolean> = jsonValidate(new Uint8Array(0)).then((r) => r.ok);
export { ok, done };
import { Pipeline, parseSecurityFileSync } from 'kuzzle-dump';
const batches: Promise<number> = new Pipeline({ output: 'bulk', esIndex: '&i.c' }).push(new Uint8Array(0)).then((o) => o.batches.length);
const kind: string = parseSecurityFileSync(new Uint8Array(0)).kind;
export { batches, kind };
// The Node-only operations (HTTP and files) are not in the browser entry.
// @ts-expect-error esDump is Node-only
import { esDump } from 'kuzzle-dump';
// @ts-expect-error dump is Node-only
import { dump } from 'kuzzle-dump';
export { esDump, dump };
