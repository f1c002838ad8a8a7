'use strict';

// es:dump / es:load against the real stack: a populated Kuzzle (documents with a big integer,
// roles, profiles, users with passwords, an API key) backed up at Elasticsearch level, wiped,
// restored; --if-exists; --swap under a searching client; interoperability with the
// `elasticdump` package's multielasticdump.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');
const { ensureStack, resetKuzzle, kuzzleCall, kuzzleRequest, osRequest } = require('../helpers/stack');

const ROOT = path.join(__dirname, '..', '..');
const CLI = path.join(ROOT, 'js', 'cli.js');
const MULTI = path.join(ROOT, 'node_modules', 'elasticdump', 'bin', 'multielasticdump');
const BIG = '9223372036854775807';
let stack;
let tmp;
let esUrl; // with credentials, to check they are never printed
let kzUrl;

function cli(args) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: tmp });
  return { code: r.status, out: r.stdout + r.stderr };
}

function cliAsync(args) {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [CLI, ...args], { cwd: tmp });
    let out = '';
    p.stdout.on('data', (d) => { out += d; });
    p.stderr.on('data', (d) => { out += d; });
    p.on('close', (code) => resolve({ code, out }));
  });
}

function multielasticdump(args) {
  const r = spawnSync(process.execPath, [MULTI, ...args], { encoding: 'utf8', cwd: tmp, timeout: 300_000 });
  return { code: r.status, out: r.stdout + r.stderr };
}

/** Every hit of an index as raw text lines (`_id` order): the _source bytes as OpenSearch stores them. */
async function rawHits(index) {
  const res = await osRequest('POST', `/${encodeURIComponent(index)}/_search?size=10000&filter_path=hits.hits._id,hits.hits._source`, { sort: [{ _id: 'asc' }] }, {});
  assert.equal(res.status, 200, JSON.stringify(res.body));
  // Parsed JSON would round big integers: take the raw text through a second, unparsed request.
  const raw = await new Promise((resolve, reject) => {
    const http = require('node:http');
    const body = JSON.stringify({ sort: [{ _id: 'asc' }] });
    const req = http.request(new URL(`/${encodeURIComponent(index)}/_search?size=10000&filter_path=hits.hits._id,hits.hits._source`, stack.opensearchUrl), {
      method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    }, (r) => { const c = []; r.on('data', (d) => c.push(d)); r.on('end', () => resolve(Buffer.concat(c).toString('utf8'))); });
    req.on('error', reject);
    req.end(body);
  });
  return raw;
}

async function login(username, password) {
  return kuzzleRequest('POST', '/_login/local', { username, password });
}

before(async () => {
  stack = await ensureStack();
  await resetKuzzle(stack.adminToken);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kd-es-'));
  const os_ = new URL(stack.opensearchUrl);
  esUrl = `http://backup-user:s3cr3t-pw@${os_.host}`;
  const kz = new URL(stack.kuzzleUrl);
  kzUrl = `http://admin:password@${kz.host}`;
  const t = stack.adminToken;
  await kuzzleCall('POST', '/esbk/_create', {}, t);
  await kuzzleCall('PUT', '/esbk/docs', { mappings: { properties: { n: { type: 'long' }, name: { type: 'keyword' } } } }, t);
  const documents = Array.from({ length: 300 }, (_, i) => ({ _id: `d${String(i).padStart(3, '0')}`, body: { n: i, name: `doc ${i} é ✓`, nested: { a: [1, 2.5, 'x'] } } }));
  for (let i = 0; i < documents.length; i += 100) await kuzzleCall('POST', '/esbk/docs/_mCreate?refresh=wait_for', { documents: documents.slice(i, i + 100) }, t);
  // A big integer cannot go through Kuzzle's JavaScript: straight into the collection's alias.
  const put = await osRequest('PUT', '/%40%26esbk.docs/_doc/big?refresh=true', `{"n":${BIG},"name":"big","_kuzzle_info":{"author":null,"createdAt":1700000000000,"updatedAt":null,"updater":null}}`);
  assert.equal(put.status, 201, JSON.stringify(put.body));
  await kuzzleCall('PUT', '/esbk/docs2', {}, t);
  await kuzzleCall('POST', '/esbk/docs2/_create?_id=one&refresh=wait_for', { v: 1 }, t);
  await kuzzleCall('PUT', '/roles/esbk-reader', { controllers: { document: { actions: { search: true, get: true, count: true } }, auth: { actions: { login: true, getCurrentUser: true } } } }, t);
  await kuzzleCall('PUT', '/profiles/esbk-readers', { policies: [{ roleId: 'esbk-reader' }] }, t);
  await kuzzleCall('POST', '/users/esbk-alice/_create', { content: { profileIds: ['esbk-readers'], name: 'Alice' }, credentials: { local: { username: 'esbk-alice', password: 'alice-old-pw' } } }, t);
  await kuzzleCall('POST', '/users/esbk-bob/_create', { content: { profileIds: ['admin'] }, credentials: { local: { username: 'esbk-bob', password: 'bob-old-pw' } } }, t);
  const key = await kuzzleCall('POST', '/users/esbk-alice/api-keys/_create?refresh=wait_for', { description: 'backup test' }, t);
  stack.apiKey = key._source.token;
  assert.equal((await login('esbk-alice', 'alice-old-pw')).status, 200);
});

after(async () => {
  if (stack) await resetKuzzle(stack.adminToken).catch(() => {});
});

test('es:dump writes multielasticdump files, secrets 0600, a manifest, and never prints credentials', async () => {
  const before = await rawHits('@&esbk.docs');
  assert.ok(before.includes(`"n":${BIG}`), 'the big integer is stored as written');
  const r = cli(['es:dump', '--input', esUrl, '--output', 'full', '--types', 'data,mapping,settings,analyzer,alias,template', '--concurrency', '4']);
  assert.equal(r.code, 0, r.out);
  assert.ok(!r.out.includes('s3cr3t-pw') && !r.out.includes('backup-user'), r.out);
  assert.match(r.out, /created owner-only \(0600\)/);
  const dir = path.join(tmp, 'full');
  for (const f of ['&esbk.docs.json', '&esbk.docs.mapping.json', '&esbk.docs.settings.json', '&esbk.docs.analyzer.json', '&esbk.docs.alias.json', '&esbk.docs.template.json', '%kuzzle.users.json', '%kuzzle.api-keys.json', '%plugin-kuzzle-plugin-auth-passport-local.users.json']) {
    assert.ok(fs.existsSync(path.join(dir, f)), f);
  }
  for (const f of ['%kuzzle.users.json', '%kuzzle.api-keys.json', '%kuzzle.config.json', '%plugin-kuzzle-plugin-auth-passport-local.users.json', '%plugin-kuzzle-plugin-auth-passport-local.config.json']) {
    assert.equal(fs.statSync(path.join(dir, f)).mode & 0o777, 0o600, f);
  }
  assert.equal(fs.statSync(path.join(dir, '&esbk.docs.json')).mode & 0o077, 0o044 & fs.statSync(path.join(dir, '&esbk.docs.json')).mode);
  // Shapes: raw hits, a compact mapping object, double-encoded settings and aliases.
  const lines = fs.readFileSync(path.join(dir, '&esbk.docs.json'), 'utf8').trimEnd().split('\n');
  assert.equal(lines.length, 301);
  const bigLine = lines.find((l) => l.includes('"_id":"big"'));
  assert.ok(bigLine.includes(`"n":${BIG}`), bigLine);
  assert.deepEqual(Object.keys(JSON.parse(lines[0])).filter((k) => k !== '_type'), ['_index', '_id', '_score', '_source']);
  const alias = JSON.parse(JSON.parse(fs.readFileSync(path.join(dir, '&esbk.docs.alias.json'), 'utf8')));
  assert.deepEqual(alias, { '&esbk.docs': { aliases: { '@&esbk.docs': {} } } });
  const settings = JSON.parse(JSON.parse(fs.readFileSync(path.join(dir, '&esbk.docs.settings.json'), 'utf8')));
  assert.equal(settings['&esbk.docs'].settings.index.uuid, undefined);
  assert.ok(JSON.parse(fs.readFileSync(path.join(dir, '&esbk.docs.mapping.json'), 'utf8'))['&esbk.docs'].mappings.properties.n);
  // The manifest: counts and a SHA-256 per file.
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'kuzzle-dump.manifest'), 'utf8'));
  assert.equal(manifest.indices['&esbk.docs'].documents, 301);
  assert.equal(manifest.source.url.includes('s3cr3t'), false);
  assert.ok(manifest.source.version);
  for (const f of manifest.files) {
    const sha = crypto.createHash('sha256').update(fs.readFileSync(path.join(dir, f.path))).digest('hex');
    assert.equal(sha, f.sha256, f.path);
  }
});

test('wipe, then es:load --kuzzle: documents byte-identical, old passwords, API key, no restart', async () => {
  const before = await rawHits('@&esbk.docs');
  const t = stack.adminToken;
  // The disaster: the public index and the users (their credentials and API keys go with them).
  await kuzzleCall('DELETE', '/esbk', undefined, t);
  await kuzzleCall('DELETE', '/users/esbk-alice', undefined, t);
  await kuzzleCall('DELETE', '/users/esbk-bob', undefined, t);
  await kuzzleCall('DELETE', '/profiles/esbk-readers', undefined, t);
  await kuzzleCall('DELETE', '/roles/esbk-reader', undefined, t);
  assert.notEqual((await login('esbk-alice', 'alice-old-pw')).status, 200);
  assert.equal((await kuzzleRequest('GET', '/_me', undefined, stack.apiKey)).status, 401);

  const r = cli(['es:load', '--input', 'full', '--output', esUrl, '--if-exists', 'replace', '--kuzzle', kzUrl]);
  assert.equal(r.code, 0, r.out);
  assert.ok(!r.out.includes('s3cr3t-pw') && !r.out.includes('password'), r.out);
  assert.match(r.out, /index cache refreshed/);
  assert.equal(await rawHits('@&esbk.docs'), before, 'every _source byte for byte');
  // Usable through Kuzzle without a restart.
  assert.equal((await kuzzleCall('POST', '/esbk/docs/_count', {}, t)).count, 301);
  assert.equal((await kuzzleCall('GET', '/esbk/docs2/one', undefined, t))._source.v, 1);
  assert.ok((await kuzzleCall('GET', '/esbk/_list', undefined, t)).collections.some((c) => c.name === 'docs'));
  // Users log in with their old passwords; the API key authenticates.
  const alice = await login('esbk-alice', 'alice-old-pw');
  assert.equal(alice.status, 200, JSON.stringify(alice.body));
  assert.equal((await login('esbk-bob', 'bob-old-pw')).status, 200);
  const me = await kuzzleRequest('GET', '/_me', undefined, stack.apiKey);
  assert.equal(me.status, 200, JSON.stringify(me.body));
  assert.equal(me.body.result._id, 'esbk-alice');
  const search = await kuzzleRequest('POST', '/esbk/docs/_search?size=1', {}, alice.body.result.jwt);
  assert.equal(search.status, 200, JSON.stringify(search.body));
});

test('--if-exists: fail (default) writes nothing, skip keeps what is there, replace restores', async () => {
  const t = stack.adminToken;
  await kuzzleCall('POST', '/esbk/docs2/_create?_id=extra&refresh=wait_for', { v: 2 }, t);
  const fail = cli(['es:load', '--input', 'full', '--output', esUrl, '--match', '^&esbk\\.docs2$']);
  assert.equal(fail.code, 2, fail.out);
  assert.match(fail.out, /already on .*&esbk\.docs2.*Nothing was written/);
  assert.equal((await kuzzleCall('POST', '/esbk/docs2/_count', {}, t)).count, 2);
  const skip = cli(['es:load', '--input', 'full', '--output', esUrl, '--match', '^&esbk\\.docs2$', '--if-exists', 'skip']);
  assert.equal(skip.code, 0, skip.out);
  assert.match(skip.out, /skipped \(already there\): &esbk\.docs2/);
  assert.equal((await kuzzleCall('POST', '/esbk/docs2/_count', {}, t)).count, 2);
  const replace = cli(['es:load', '--input', 'full', '--output', esUrl, '--match', '^&esbk\\.docs2$', '--if-exists', 'replace', '--kuzzle', kzUrl]);
  assert.equal(replace.code, 0, replace.out);
  assert.equal((await kuzzleCall('POST', '/esbk/docs2/_count', {}, t)).count, 1);
});

test('refused documents go to <index>-errors.jsonl and the exit code is 1', async () => {
  const dir = path.join(tmp, 'bad');
  fs.mkdirSync(dir);
  // No mapping file (the pre-flight would refuse "forty" against one): the cluster maps `n` as a
  // long from the first document and refuses the second.
  fs.writeFileSync(path.join(dir, 'kd-bad.json'), '{"_index":"kd-bad","_id":"ok","_source":{"n":1}}\n{"_index":"kd-bad","_id":"no","_source":{"n":"forty"}}\n');
  const r = cli(['es:load', '--input', 'bad', '--output', esUrl, '--if-exists', 'replace']);
  assert.equal(r.code, 1, r.out);
  const errors = fs.readFileSync(path.join(dir, 'kd-bad-errors.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(errors.length, 1);
  assert.equal(errors[0].document._id, 'no');
  assert.equal(errors[0].line, 2);
  assert.equal((await osRequest('GET', '/kd-bad/_count')).body.count, 1);
  // A dump with a broken line is refused before anything is written.
  fs.writeFileSync(path.join(dir, 'kd-bad.json'), '{"_index":"kd-bad","_id":"x","_source":{"n":1}}\n{"_index":"kd-bad",\n');
  await osRequest('DELETE', '/kd-bad');
  const broken = cli(['es:load', '--input', 'bad', '--output', esUrl]);
  assert.equal(broken.code, 1, broken.out);
  assert.match(broken.out, /kd-bad\.json:\d+:\d+ /);
  assert.equal((await osRequest('HEAD', '/kd-bad')).status, 404, 'nothing written');
});

test('--swap while a client keeps searching: every answer is the old or the new complete data', async () => {
  const t = stack.adminToken;
  await kuzzleCall('PUT', '/esbk/swap', { mappings: { properties: { tag: { type: 'keyword' } } } }, t);
  const make = (n, tag) => Array.from({ length: n }, (_, i) => ({ _id: `${tag}${i}`, body: { tag } }));
  for (let i = 0; i < 10; i++) await kuzzleCall('POST', '/esbk/swap/_mCreate?refresh=wait_for', { documents: make(1000, 'new').slice(i * 100, (i + 1) * 100) }, t);
  const d = cli(['es:dump', '--input', esUrl, '--output', 'swap', '--match', '^&esbk\\.swap$']);
  assert.equal(d.code, 0, d.out);
  // The live collection now holds other data: 300 "old" documents.
  await kuzzleCall('DELETE', '/esbk/swap/_truncate?refresh=wait_for', undefined, t);
  for (let i = 0; i < 3; i++) await kuzzleCall('POST', '/esbk/swap/_mCreate?refresh=wait_for', { documents: make(300, 'old').slice(i * 100, (i + 1) * 100) }, t);
  const seen = [];
  let stop = false;
  const searcher = (async () => {
    while (!stop) {
      const res = await kuzzleRequest('POST', '/esbk/swap/_search?size=0', { aggregations: { tags: { terms: { field: 'tag' } } } }, t);
      if (res.status !== 200) { seen.push(`HTTP ${res.status} ${res.body?.error?.id}`); continue; }
      const buckets = res.body.result.aggregations.tags.buckets.map((b) => `${b.key}:${b.doc_count}`).join(',');
      seen.push(`${res.body.result.total}|${buckets}`);
    }
  })();
  const r = await cliAsync(['es:load', '--input', 'swap', '--output', esUrl, '--swap', '--kuzzle', kzUrl]);
  await new Promise((res) => setTimeout(res, 300));
  stop = true;
  await searcher;
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /aliases moved from &esbk\.swap \(deleted\)/);
  const kinds = new Set(seen);
  for (const k of kinds) assert.ok(k === '300|old:300' || k === '1000|new:1000', `a search saw ${k}`);
  assert.ok(kinds.has('300|old:300') && kinds.has('1000|new:1000'), [...kinds].join(' '));
  assert.ok(seen.length > 5, `${seen.length} searches`);
  const aliases = (await osRequest('GET', '/_alias/%40%26esbk.swap')).body;
  assert.deepEqual(Object.keys(aliases).length, 1);
  assert.match(Object.keys(aliases)[0], /^&esbk\.swap\.\d+$/);
  assert.equal((await osRequest('HEAD', '/%26esbk.swap')).status, 404, 'the old index is deleted');
  // --keep-old keeps the replaced index, without its alias.
  const old = Object.keys(aliases)[0];
  const k = cli(['es:load', '--input', 'swap', '--output', esUrl, '--swap', '--keep-old']);
  assert.equal(k.code, 0, k.out);
  assert.equal((await osRequest('HEAD', `/${encodeURIComponent(old)}`)).status, 200);
  assert.equal(Object.keys((await osRequest('GET', `/${encodeURIComponent(old)}/_alias`)).body[old].aliases).length, 0);
  assert.equal((await kuzzleCall('POST', '/esbk/swap/_count', {}, t)).count, 1000);
  await osRequest('DELETE', `/${encodeURIComponent(old)}`);
});

test('multielasticdump\'s dump loads with es:load, and es:dump\'s files load with multielasticdump', async () => {
  const t = stack.adminToken;
  const plain = `${stack.opensearchUrl}`;
  // elasticdump → kuzzle-dump (gzip included).
  fs.mkdirSync(path.join(tmp, 'med'));
  const m = multielasticdump(['--direction=dump', '--match=^&esbk\\.docs$', `--input=${plain}`, `--output=${path.join(tmp, 'med')}`, '--includeType=data,mapping,settings,alias', '--fsCompress']);
  assert.equal(m.code, 0, m.out);
  assert.ok(fs.existsSync(path.join(tmp, 'med', '&esbk.docs.json.gz')), fs.readdirSync(path.join(tmp, 'med')).join(' '));
  // multielasticdump rounds the big integer (9223372036854776000): the pre-flight refuses its
  // dump before writing anything.
  const rounded = cli(['es:load', '--input', 'med', '--output', esUrl, '--if-exists', 'replace']);
  assert.equal(rounded.code, 1, rounded.out);
  assert.match(rounded.out, /&esbk\.docs\.json\.gz:\d+:\d+ FIELD_TYPE_MISMATCH .*9223372036854776000 is out of range/);
  assert.match(rounded.out, /nothing was written/);
  // With --support-big-int its dump keeps the number, and loads.
  fs.rmSync(path.join(tmp, 'med'), { recursive: true });
  fs.mkdirSync(path.join(tmp, 'med'));
  const m2 = multielasticdump(['--direction=dump', '--match=^&esbk\\.docs$', `--input=${plain}`, `--output=${path.join(tmp, 'med')}`, '--includeType=data,mapping,settings,alias', '--fsCompress', '--support-big-int']);
  assert.equal(m2.code, 0, m2.out);
  const r = cli(['es:load', '--input', 'med', '--output', esUrl, '--if-exists', 'replace', '--kuzzle', kzUrl]);
  assert.equal(r.code, 0, r.out);
  assert.ok((await rawHits('@&esbk.docs')).includes(`"n":${BIG}`));
  assert.equal((await kuzzleCall('POST', '/esbk/docs/_count', {}, t)).count, 301);
  assert.equal((await kuzzleCall('GET', '/esbk/docs/d007', undefined, t))._source.name, 'doc 7 é ✓');
  assert.deepEqual(Object.keys((await osRequest('GET', '/_alias/%40%26esbk.docs')).body), ['&esbk.docs']);

  // kuzzle-dump → elasticdump: delete the index, load our dump with multielasticdump.
  const d = cli(['es:dump', '--input', esUrl, '--output', 'ours', '--match', '^&esbk\\.docs2$']);
  assert.equal(d.code, 0, d.out);
  await osRequest('DELETE', '/%26esbk.docs2');
  const l = multielasticdump(['--direction=load', '--match=^&esbk\\.docs2$', `--input=${path.join(tmp, 'ours')}`, `--output=${plain}`, '--includeType=data,mapping,settings,alias']);
  assert.equal(l.code, 0, l.out);
  await osRequest('POST', '/%26esbk.docs2/_refresh');
  assert.equal((await osRequest('GET', '/%26esbk.docs2/_count')).body.count, 1);
  assert.deepEqual(Object.keys((await osRequest('GET', '/_alias/%40%26esbk.docs2')).body), ['&esbk.docs2']);
  await kuzzleCall('POST', '/admin/_refreshIndexCache', undefined, t);
  assert.equal((await kuzzleCall('GET', '/esbk/docs2/one', undefined, t))._source.v, 1);
});

test('es:load reads Kourou es:migrate folders and split data files', async () => {
  const t = stack.adminToken;
  // es:migrate, from the swap dump through `convert`.
  const c = cli(['convert', 'swap', 'migrate', '--to', 'es-migrate']);
  assert.equal(c.code, 0, c.out);
  assert.ok(fs.existsSync(path.join(tmp, 'migrate', '&esbk.swap.specs.json')));
  const m = cli(['es:load', '--input', 'migrate', '--output', esUrl, '--swap', '--kuzzle', kzUrl]);
  assert.equal(m.code, 0, m.out);
  assert.equal((await kuzzleCall('POST', '/esbk/swap/_count', {}, t)).count, 1000);
  // elasticdump --fileSize parts: `<index>.split-<N>.json`, joined.
  const dir = path.join(tmp, 'split');
  fs.mkdirSync(dir);
  const lines = fs.readFileSync(path.join(tmp, 'swap', '&esbk.swap.json'), 'utf8').trimEnd().split('\n');
  fs.writeFileSync(path.join(dir, '&esbk.swap.split-0.json'), lines.slice(0, 400).join('\n') + '\n');
  fs.writeFileSync(path.join(dir, '&esbk.swap.split-1.json'), lines.slice(400).join('\n') + '\n');
  for (const f of ['&esbk.swap.mapping.json', '&esbk.swap.settings.json', '&esbk.swap.alias.json']) fs.copyFileSync(path.join(tmp, 'swap', f), path.join(dir, f));
  const s = cli(['es:load', '--input', 'split', '--output', esUrl, '--if-exists', 'replace', '--kuzzle', kzUrl]);
  assert.equal(s.code, 0, s.out);
  assert.match(s.out, /1,000 documents of 1 index restored/);
  assert.equal((await kuzzleCall('POST', '/esbk/swap/_count', {}, t)).count, 1000);
});

test('Node API: esDump / esLoad from require(\'kuzzle-dump\'), with progress and an AbortSignal', async () => {
  const kd = require('../..');
  const progress = [];
  const out = path.join(tmp, 'api');
  const report = await kd.esDump({ input: esUrl, output: out, match: '^&esbk\\.swap$', gzip: true, onProgress: (p) => progress.push(p) });
  assert.equal(report.documents, 1000);
  assert.ok(!JSON.stringify(report).includes('s3cr3t'));
  assert.ok(progress.length > 0 && progress.at(-1).documents === 1000 && progress.at(-1).phase === 'dump');
  assert.ok(fs.readFileSync(path.join(out, '&esbk.swap.json.gz'))[0] === 0x1f);
  const aborted = AbortSignal.abort();
  await assert.rejects(kd.esLoad({ input: out, output: esUrl, signal: aborted }), { name: 'AbortError' });
  await assert.rejects(kd.esLoad({ input: out, output: esUrl }), { code: 'INDEX_EXISTS' });
  const loads = [];
  const r = await kd.esLoad({ input: out, output: esUrl, swap: true, kuzzle: kzUrl, onProgress: (p) => loads.push(p) });
  assert.equal(r.ok, true);
  assert.equal(r.documents, 1000);
  assert.equal(r.swapped.length, 1);
  assert.equal(loads.at(-1).documents, 1000);
  assert.equal((await kuzzleCall('POST', '/esbk/swap/_count', {}, stack.adminToken)).count, 1000);
});
