'use strict';

// dump / restore / verify and specifications:export|import, with the CLI and the Node API,
// against the real local stack.

const { test, before } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { ensureStack, resetKuzzle, kuzzleCall } = require('../helpers/stack');

const CLI = path.join(__dirname, '..', '..', 'js', 'cli.js');
let stack;
let tmp;

function cli(...args) {
  const url = new URL(stack.kuzzleUrl);
  const r = spawnSync(process.execPath, [CLI, ...args, '--host', url.hostname, '--port', url.port, '--username', 'admin', '--password', 'password'], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const api = (method, p, body) => kuzzleCall(method, p, body, stack.adminToken);
const conn = () => {
  const url = new URL(stack.kuzzleUrl);
  return { host: url.hostname, port: url.port, username: 'admin', password: 'password' };
};

const SPEC = { strict: true, fields: { n: { type: 'integer', mandatory: true, typeOptions: { range: { min: 0, max: 1000 } } }, label: { type: 'string' } } };

async function seed() {
  await resetKuzzle(stack.adminToken);
  await api('PUT', '/shop/orders', { mappings: { dynamic: 'strict', properties: { n: { type: 'integer' }, label: { type: 'keyword' } } } });
  await api('PUT', '/shop/empty', { mappings: { properties: { x: { type: 'keyword' } } } });
  await api('PUT', '/logs/events', { mappings: { dynamic: 'false', properties: { at: { type: 'date' } } } });
  await api('POST', '/lonely/_create');
  const orders = Array.from({ length: 2500 }, (_, i) => ({ _id: `o-${i}`, body: { n: i % 1000, label: `ordre ${i} é 🚕 \u0001`, _kuzzle_info: { author: 'seed', createdAt: 1700000000000 + i, updatedAt: null, updater: null } } }));
  for (let i = 0; i < orders.length; i += 500) await api('POST', '/shop/orders/_mWrite?refresh=wait_for', { documents: orders.slice(i, i + 500) });
  await api('POST', '/logs/events/_mWrite?refresh=wait_for', { documents: [{ _id: 'e1', body: { at: '2024-01-01', deep: { a: [1, 2.50, { b: null }] } } }] });
  await api('PUT', '/shop/orders/_specifications', SPEC);
  await api('PUT', '/roles/clerk?refresh=wait_for', { controllers: { document: { actions: { search: true } } } });
  await api('PUT', '/profiles/clerks?refresh=wait_for', { policies: [{ roleId: 'clerk' }] });
  await api('POST', '/users/jdoe/_create?refresh=wait_for', { content: { profileIds: ['clerks'], name: 'J. Doe' }, credentials: {} });
  return orders;
}

before(async () => {
  stack = await ensureStack();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kd-dump-'));
});

test('specifications:export then specifications:import after they are deleted', async () => {
  await seed();
  const out = path.join(tmp, 'specs');
  const e = cli('specifications:export', '--path', out);
  assert.equal(e.code, 0, e.stderr + e.stdout);
  assert.match(e.stdout, /1 specifications exported/);
  const file = JSON.parse(fs.readFileSync(path.join(out, 'specifications.json'), 'utf8'));
  assert.deepEqual(file, { type: 'specifications', content: { shop: { orders: SPEC } } });
  await api('DELETE', '/shop/orders/_specifications');
  const i = cli('specifications:import', path.join(out, 'specifications.json'));
  assert.equal(i.code, 0, i.stderr + i.stdout);
  assert.deepEqual((await api('GET', '/shop/orders/_specifications')).validation, SPEC);
  // A specification Kuzzle would refuse: reported with its place, nothing sent, exit 1.
  const badFile = path.join(out, 'bad.json');
  fs.writeFileSync(badFile, JSON.stringify({ type: 'specifications', content: { shop: { orders: { fields: { n: { type: 'nonsense' } } } } } }, null, 2));
  await api('DELETE', '/shop/orders/_specifications');
  const bad = cli('specifications:import', badFile);
  assert.equal(bad.code, 1, bad.stderr + bad.stdout);
  assert.match(bad.stdout + bad.stderr, /bad\.json:\d+:\d+ SPECIFICATION_INVALID/);
  await assert.rejects(api('GET', '/shop/orders/_specifications'));
});

test('dump, verify (identical, then every difference), restore, verify again', async () => {
  const orders = await seed();
  const dir = path.join(tmp, 'full');
  const d = cli('dump', dir);
  assert.equal(d.code, 0, d.stderr + d.stdout);
  const m = JSON.parse(fs.readFileSync(path.join(dir, 'kuzzle-dump.manifest'), 'utf8'));
  assert.equal(m.documents, 2501);
  assert.deepEqual(m.collections.map((c) => `${c.index}/${c.collection}:${c.documents}`).sort(), ['logs/events:1', 'shop/empty:0', 'shop/orders:2500']);
  assert.equal(m.security.specifications, 1);
  assert.ok(m.security.users >= 2 && m.security.roles >= 4 && m.security.profiles >= 4, JSON.stringify(m.security));
  for (const f of ['shop/orders/documents.jsonl', 'shop/orders/mappings.json', 'roles/roles.json', 'profiles/profiles.json', 'users/users.json', 'users/users-collection-mappings.json', 'specifications/specifications.json']) {
    const entry = m.files.find((x) => x.path === f);
    assert.ok(entry, f);
    assert.equal(entry.sha256, require('node:crypto').createHash('sha256').update(fs.readFileSync(path.join(dir, f))).digest('hex'), f);
  }
  assert.ok(fs.statSync(path.join(dir, 'lonely')).isDirectory(), 'an index without collections is a folder');
  const lines = fs.readFileSync(path.join(dir, 'shop/orders/documents.jsonl'), 'utf8').trimEnd().split('\n').slice(1);
  assert.deepEqual(lines.sort(), orders.map((o) => JSON.stringify(o)).sort());

  const same = cli('verify', dir);
  assert.equal(same.code, 0, same.stderr + same.stdout);
  assert.match(same.stdout, /shop:orders: 2500 documents identical/);
  assert.match(same.stdout, /Dump and live data identical: 3 collections, 2501 documents/);

  // One changed, one missing, one extra, and a live collection not in the dump.
  await api('PUT', '/shop/orders/o-7/_replace?refresh=wait_for', { n: 8, label: 'changed' });
  await api('DELETE', '/shop/orders/o-9?refresh=wait_for');
  await api('POST', '/shop/orders/o-new/_create?refresh=wait_for', { n: 1 });
  await api('PUT', '/logs/new', {});
  await api('PUT', '/logs/events', { mappings: { properties: { level: { type: 'keyword' } } } });
  const diff = cli('verify', dir);
  assert.equal(diff.code, 1, diff.stderr + diff.stdout);
  const text = diff.stdout + diff.stderr;
  assert.match(text, /shop:orders: changed "o-7"/);
  assert.match(text, /shop:orders: missing "o-9"/);
  assert.match(text, /shop:orders: extra "o-new"/);
  assert.match(text, /logs:new: exists live \(0 documents\) but not in the dump/);
  assert.match(text, /logs:events: the live mappings or settings differ from mappings\.json/);
  assert.match(text, /5 differences/);
  const json = cli('verify', dir, '--json');
  assert.equal(json.code, 1);
  const r = JSON.parse(json.stdout);
  const o = r.collections.find((c) => c.collection === 'orders');
  assert.deepEqual([o.changed, o.missing, o.extra, o.same], [['o-7'], ['o-9'], ['o-new'], 2498]);

  // A dump file altered after the dump: restore refuses before writing anything.
  await resetKuzzle(stack.adminToken);
  const altered = path.join(tmp, 'altered');
  fs.cpSync(dir, altered, { recursive: true });
  fs.appendFileSync(path.join(altered, 'logs/events/documents.jsonl'), '{"_id":"sneaky","body":{}}\n');
  const refused = cli('restore', altered);
  assert.equal(refused.code, 1, refused.stderr + refused.stdout);
  assert.match(refused.stdout + refused.stderr, /logs\/events\/documents\.jsonl SHA-256 differs from the manifest; nothing was restored/);
  assert.deepEqual((await api('GET', '/_list')).indexes, []);

  const restored = cli('restore', dir);
  assert.equal(restored.code, 0, restored.stderr + restored.stdout);
  assert.match(restored.stdout, /Restored 2501 documents/);
  const again = cli('verify', dir);
  assert.equal(again.code, 0, again.stderr + again.stdout);
  assert.deepEqual((await api('GET', '/shop/orders/_specifications')).validation, SPEC);
  assert.deepEqual((await api('GET', '/users/jdoe')).profileIds ?? (await api('GET', '/users/jdoe'))._source.profileIds, ['clerks']);
  assert.deepEqual((await api('GET', '/roles/clerk'))._source.controllers, { document: { actions: { search: true } } });
});

test('Node API: exportCollection, importCollection, exportIndex, importIndex, dump, restore, verify', async () => {
  const kd = require('kuzzle-dump');
  await seed();
  const out = path.join(tmp, 'node-api');
  const seen = [];
  const e = await kd.exportCollection('shop', 'orders', { ...conn(), path: out, batchSize: 1000, onProgress: (p) => seen.push(p.documents) });
  assert.equal(e.documents, 2500);
  assert.deepEqual(seen, [1000, 2000, 2500]);
  const ix = await kd.exportIndex('shop', { ...conn(), path: out });
  assert.deepEqual(ix.collections.map((c) => `${c.collection}:${c.documents}`), ['empty:0', 'orders:2500']);
  await api('DELETE', '/shop');
  const ic = await kd.importCollection(path.join(out, 'shop/orders'), { ...conn(), index: 'copy', collection: 'orders' });
  assert.equal(ic.written, 2500);
  assert.equal((await api('POST', '/copy/orders/_count', {})).count, 2500);
  const ii = await kd.importIndex(path.join(out, 'shop'), conn());
  assert.deepEqual([ii.written, ii.errors], [2500, 0]);

  const dir = path.join(tmp, 'node-dump');
  const m = await kd.dump(dir, conn());
  assert.equal(m.documents, 5001);
  assert.equal((await kd.verify(dir, conn())).ok, true);
  await api('DELETE', '/copy/orders/o-1?refresh=wait_for');
  const v = await kd.verify(dir, conn());
  assert.equal(v.ok, false);
  assert.deepEqual(v.collections.find((c) => c.index === 'copy').missing, ['o-1']);
  const r = await kd.restore(dir, conn());
  assert.deepEqual([r.documents, r.failed], [5001, []]);
  assert.equal((await kd.verify(dir, conn())).ok, true);

  // AbortSignal: an aborted run rejects before any request.
  const ac = new AbortController();
  ac.abort();
  await assert.rejects(kd.dump(path.join(tmp, 'aborted'), { ...conn(), signal: ac.signal }), { name: 'AbortError' });
  await assert.rejects(kd.exportCollection('', 'x', conn()), { code: 'INVALID_OPTIONS' });
});

test('collection:migrate applies a function to each document; the result imports; a throwing function writes nothing', async () => {
  await seed();
  const out = path.join(tmp, 'mig');
  assert.equal(cli('collection:export', 'shop', 'orders', '--path', out).code, 0);
  const script = path.join(tmp, 'add-parity.js');
  fs.writeFileSync(script, 'module.exports = async ({ _id, body }) => body.n % 2 ? null : { _id, body: { ...body, label: "even " + body.n } };\n');
  const m = spawnSync(process.execPath, [CLI, 'collection:migrate', script, path.join(out, 'shop/orders'), '--out', path.join(tmp, 'mig-out'), '--collection', 'evens'], { encoding: 'utf8' });
  assert.equal(m.status, 0, m.stderr + m.stdout);
  assert.match(m.stdout, /1250 documents written to .*evens\/documents\.jsonl \(2500 read, 1250 dropped\)/);
  const lines = fs.readFileSync(path.join(tmp, 'mig-out/shop/evens/documents.jsonl'), 'utf8').trimEnd().split('\n');
  assert.equal(lines[0], '{"type":"collection","index":"shop","collection":"evens"}');
  assert.match(JSON.parse(lines[1]).body.label, /^even \d+$/);
  const i = cli('collection:import', path.join(tmp, 'mig-out/shop/evens'));
  assert.equal(i.code, 0, i.stderr + i.stdout);
  assert.equal((await api('POST', '/shop/evens/_count', {})).count, 1250);

  const bad = path.join(tmp, 'throws.js');
  fs.writeFileSync(bad, 'module.exports = (d) => { if (d._id === "o-3") throw new Error("boom"); return d; };\n');
  const b = spawnSync(process.execPath, [CLI, 'collection:migrate', bad, path.join(out, 'shop/orders'), '--out', path.join(tmp, 'mig-bad')], { encoding: 'utf8' });
  assert.equal(b.status, 1, b.stderr + b.stdout);
  assert.match(b.stdout + b.stderr, /documents\.jsonl:\d+:1 the function threw on document "o-3": boom/);
  assert.equal(fs.existsSync(path.join(tmp, 'mig-bad/shop/orders/documents.jsonl')), false, 'nothing half-written');
});
