'use strict';

// Faults against the real stack: an import killed (SIGKILL) then resumed, a lowered
// server.maxRequestSize (413 splits), a Kuzzle restart during an export, a refused document.
// Kuzzle is restarted through stack/stop + stack/start (kuzzle_* variables pass through), and
// put back with its default limits at the end.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');
const { ensureStack, resetKuzzle, kuzzleCall, ROOT } = require('../helpers/stack');

const CLI = path.join(ROOT, 'js', 'cli.js');
let stack;
let tmp;

const connArgs = () => {
  const url = new URL(stack.kuzzleUrl);
  return ['--host', url.hostname, '--port', url.port, '--username', 'admin', '--password', 'password'];
};
function cli(...args) {
  const r = spawnSync(process.execPath, [CLI, ...args, ...connArgs()], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
function cliAsync(...args) {
  const child = spawn(process.execPath, [CLI, ...args, ...connArgs()], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { out += d; });
  const done = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, out })));
  return { child, done };
}
const api = (method, p, body) => kuzzleCall(method, p, body, stack.adminToken);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Restarts Kuzzle with extra kuzzle_* settings (none: its defaults); logs in again. */
async function restartKuzzle(env = {}) {
  for (const [script, extra] of [['stop', ['kuzzle']], ['start', []]]) {
    const r = spawnSync('bash', [path.join(ROOT, 'stack', script), ...extra], { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8' });
    assert.equal(r.status, 0, `stack/${script}: ${r.stdout}${r.stderr}`);
  }
  stack.adminToken = (await kuzzleCall('POST', '/_login/local', { username: 'admin', password: 'password' })).jwt;
}

/** A Kourou collection folder of `n` documents (about 300 bytes each), and its sorted lines. */
function writeDump(dir, index, collection, n) {
  const lines = [];
  for (let i = 0; i < n; i++) {
    lines.push(JSON.stringify({ _id: `d-${String(i).padStart(6, '0')}`, body: { i, text: `document ${i} `.repeat(12), tag: `t${i % 17}`, _kuzzle_info: { author: 'faults', createdAt: 1700000000000 + i, updatedAt: null, updater: null } } }));
  }
  const cdir = path.join(dir, index, collection);
  fs.mkdirSync(cdir, { recursive: true });
  fs.writeFileSync(path.join(cdir, 'documents.jsonl'), JSON.stringify({ type: 'collection', index, collection }) + '\n' + lines.join('\n') + '\n');
  fs.writeFileSync(path.join(cdir, 'mappings.json'), JSON.stringify({ type: 'mappings', content: { [index]: { [collection]: { mappings: { dynamic: 'false', properties: { i: { type: 'integer' }, tag: { type: 'keyword' } } } } } } }, null, 2));
  return { dir: cdir, lines: lines.sort() };
}

/** The collection's documents as sorted Kourou lines, through collection:export. */
function liveLines(index, collection, out) {
  const r = cli('collection:export', index, collection, '--path', out);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  return fs.readFileSync(path.join(out, index, collection, 'documents.jsonl'), 'utf8').trimEnd().split('\n').slice(1).sort();
}

before(async () => {
  stack = await ensureStack();
  await resetKuzzle(stack.adminToken);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kd-faults-'));
});

after(async () => {
  // Default limits back, whatever a test left.
  await restartKuzzle();
});

test('an import killed with SIGKILL, then --resume, ends with exactly the source data', async () => {
  const src = writeDump(tmp, 'faults', 'killed', 20000);
  const checkpoint = path.join(src.dir, 'documents.jsonl.kuzzle-dump-checkpoint.json');
  const run = cliAsync('collection:import', src.dir, '--batch-size', '100', '--concurrency', '1');
  let line = 0;
  for (let i = 0; i < 600 && line < 3000; i++) {
    await sleep(50);
    try { line = JSON.parse(fs.readFileSync(checkpoint, 'utf8')).line; } catch { /* not yet */ }
  }
  assert.ok(line >= 3000, `the import checkpointed (line ${line})`);
  run.child.kill('SIGKILL');
  const killed = await run.done;
  assert.equal(killed.signal, 'SIGKILL', killed.out);
  const confirmed = JSON.parse(fs.readFileSync(checkpoint, 'utf8')).line - 1; // documents up to the checkpoint (line 1 is the header)
  assert.ok(confirmed > 0 && confirmed < 20000, `a part was confirmed before the kill (${confirmed})`);

  const resumed = cli('collection:import', src.dir, '--resume', '--batch-size', '100');
  assert.equal(resumed.code, 0, resumed.stderr + resumed.stdout);
  const written = Number(/: (\d+) documents imported/.exec(resumed.stdout)[1]);
  assert.equal(written, 20000 - confirmed, 'the resumed run sent exactly what the checkpoint had not confirmed');
  assert.equal(fs.existsSync(checkpoint), false, 'checkpoint removed once done');
  assert.equal((await api('POST', '/faults/killed/_count', {})).count, 20000);
  assert.deepEqual(liveLines('faults', 'killed', path.join(tmp, 'out-killed')), src.lines, 'no loss, no duplicate, bodies byte-identical');
});

test('a lowered server.maxRequestSize forces 413 splits, and every document lands', async () => {
  await restartKuzzle({ kuzzle_server__maxRequestSize: '64kb' });
  const src = writeDump(tmp, 'faults', 'small', 3000);
  // A user who may write but not read the server's configuration: the tool cannot learn the
  // limit, so it cuts 1 MB requests and Kuzzle answers 413.
  await api('PUT', '/roles/writer?refresh=wait_for', { controllers: { document: { actions: { '*': true } }, bulk: { actions: { '*': true } }, collection: { actions: { '*': true } }, index: { actions: { '*': true } }, auth: { actions: { '*': true } }, server: { actions: { info: true } } } });
  await api('PUT', '/profiles/writer?refresh=wait_for', { policies: [{ roleId: 'writer' }] });
  await api('POST', '/users/writer/_create?refresh=wait_for', { content: { profileIds: ['writer'] }, credentials: { local: { username: 'writer', password: 'writer-pw' } } });
  const url = new URL(stack.kuzzleUrl);
  const kd = require('kuzzle-dump');
  const r = await kd.importCollection(src.dir, { host: url.hostname, port: url.port, username: 'writer', password: 'writer-pw', batchSize: 1000 });
  assert.ok(r.split > 0, `413 answers split batches (${r.split} splits)`);
  assert.deepEqual([r.written, r.errors], [3000, 0]);
  assert.equal((await api('POST', '/faults/small/_count', {})).count, 3000);
  // The admin reads the limit and cuts requests to it: no 413 at all.
  await api('DELETE', '/faults/small');
  const a = await kd.importCollection(src.dir, { host: url.hostname, port: url.port, username: 'admin', password: 'password', batchSize: 1000 });
  assert.deepEqual([a.written, a.errors, a.split], [3000, 0, 0]);
  assert.deepEqual(liveLines('faults', 'small', path.join(tmp, 'out-small')), src.lines);
  await restartKuzzle();
});

test('a Kuzzle restart during an export is survived (retries) and the export is complete', async () => {
  const src = writeDump(tmp, 'faults', 'restart', 20000);
  assert.equal(cli('collection:import', src.dir).code, 0);
  const out = path.join(tmp, 'out-restart');
  const partial = path.join(out, 'faults', 'restart');
  const run = cliAsync('collection:export', 'faults', 'restart', '--path', out, '--batch-size', '100', '--scrollTTL', '50s');
  let size = 0;
  for (let i = 0; i < 400 && size < 200_000; i++) {
    await sleep(25);
    const f = fs.existsSync(partial) && fs.readdirSync(partial).find((n) => n.endsWith('.partial'));
    size = f ? fs.statSync(path.join(partial, f)).size : 0;
  }
  assert.ok(size >= 200_000, `the export was under way (${size} bytes) when Kuzzle stopped`);
  await restartKuzzle();
  const r = await run.done;
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /exported \(20000 documents/);
  const lines = fs.readFileSync(path.join(partial, 'documents.jsonl'), 'utf8').trimEnd().split('\n').slice(1).sort();
  assert.deepEqual(lines, src.lines);
});

test('a refused document lands in documents-errors.jsonl with its line, and the exit code is 1', async () => {
  await api('PUT', '/faults/strict', { mappings: { dynamic: 'strict', properties: { n: { type: 'integer' } } } });
  const dir = path.join(tmp, 'refused', 'faults', 'strict');
  fs.mkdirSync(dir, { recursive: true });
  // Valid JSON the tool cannot check against the live mapping with --no-validate: Kuzzle refuses line 3.
  fs.writeFileSync(path.join(dir, 'documents.jsonl'), '{"type":"collection","index":"faults","collection":"strict"}\n{"_id":"a","body":{"n":1}}\n{"_id":"b","body":{"n":"not a number"}}\n{"_id":"c","body":{"n":3}}\n');
  const r = cli('collection:import', dir, '--no-validate', '--no-mappings');
  assert.equal(r.code, 1, r.stderr + r.stdout);
  assert.match(r.stdout + r.stderr, /1 documents of faults:strict were refused; see .*documents-errors\.jsonl/);
  const errors = fs.readFileSync(path.join(dir, 'documents-errors.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
  assert.equal(errors.length, 1);
  assert.equal(errors[0].line, 3);
  assert.equal(errors[0].document._id, 'b');
  assert.equal((await api('POST', '/faults/strict/_count', {})).count, 2);
});

test('an export killed with SIGKILL, then --resume, ends with every document exactly once', async () => {
  const src = writeDump(tmp, 'faults', 'exported', 20000);
  assert.equal(cli('collection:import', src.dir).code, 0);
  const out = path.join(tmp, 'out-exported');
  const file = path.join(out, 'faults', 'exported', 'documents.jsonl');
  const checkpoint = `${file}.kuzzle-dump-checkpoint.json`;
  const run = cliAsync('collection:export', 'faults', 'exported', '--path', out, '--batch-size', '100', '--resume');
  let done = 0;
  for (let i = 0; i < 600 && done < 3000; i++) {
    await sleep(20);
    try { done = JSON.parse(fs.readFileSync(checkpoint, 'utf8')).documents; } catch { /* not yet */ }
  }
  assert.ok(done >= 3000, `the export checkpointed (${done})`);
  run.child.kill('SIGKILL');
  assert.equal((await run.done).signal, 'SIGKILL');
  assert.equal(fs.existsSync(file), false, 'no complete file after a kill');
  const at = JSON.parse(fs.readFileSync(checkpoint, 'utf8')).documents;
  assert.ok(at > 0 && at < 20000, String(at));
  const resumed = cli('collection:export', 'faults', 'exported', '--path', out, '--batch-size', '1000', '--resume');
  assert.equal(resumed.code, 0, resumed.stderr + resumed.stdout);
  assert.match(resumed.stdout, /exported \(20000 documents/);
  const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
  assert.equal(lines[0], '{"type":"collection","index":"faults","collection":"exported"}');
  assert.deepEqual(lines.slice(1), src.lines, 'sorted on _id, each document once, bytes identical');
  assert.equal(fs.existsSync(checkpoint), false);
});
