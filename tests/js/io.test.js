'use strict';
// The JS file helpers the offline commands write with, and the TTY-only progress bar.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { walk, chunks, safeJoin, AtomicFile } = require('../../js/io/files');

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'kuzzle-dump-io-'));

test('walk lists files, and folders with {dirs: true}', async () => {
  const root = tmp();
  fs.mkdirSync(path.join(root, 'a', 'b'), { recursive: true });
  fs.mkdirSync(path.join(root, 'empty'));
  fs.writeFileSync(path.join(root, 'a', 'b', 'x.json'), '{}');
  fs.writeFileSync(path.join(root, 'top.json'), '{}');
  assert.deepEqual((await walk(root)).sort(), ['a/b/x.json', 'top.json']);
  assert.deepEqual((await walk(root, { dirs: true })).sort(), ['a/', 'a/b/', 'a/b/x.json', 'empty/', 'top.json']);
});

test('chunks: the whole file in order; with a ring, its buffers are reused in turn', async () => {
  const file = path.join(tmp(), 'data.bin');
  const data = Buffer.alloc(17_000);
  for (let i = 0; i < data.length; i++) data[i] = (i * 7) & 0xff;
  fs.writeFileSync(file, data);
  const plain = [];
  for await (const c of chunks(file, { size: 5000 })) plain.push(Buffer.from(c));
  assert.deepEqual(plain.map((c) => c.length), [5000, 5000, 5000, 2000]);
  assert.deepEqual(Buffer.concat(plain), data);
  // 5000 bytes: above Buffer's 4 KiB pool, so each buffer has an ArrayBuffer of its own.
  const copies = [];
  const seen = [];
  for await (const c of chunks(file, { size: 5000, ring: 2 })) {
    copies.push(Buffer.from(c)); // read before the ring overwrites it
    seen.push(c.buffer);
  }
  assert.deepEqual(Buffer.concat(copies), data);
  assert.equal(seen[0], seen[2], 'the third chunk reuses the first buffer');
  assert.equal(seen[1], seen[3]);
  assert.notEqual(seen[0], seen[1]);
});

test('AtomicFile: renamed into place on close, parked between writes, made secret later', async () => {
  const root = tmp();
  const file = path.join(root, 'd', 'out.json');
  const f = new AtomicFile(file);
  await f.write(Buffer.from('ab'));
  await f.park();
  assert.equal(f.fd, null);
  await f.write(Buffer.from('cd')); // reopens in append mode
  await f.park();
  f.makeSecret();
  assert.equal(fs.existsSync(file), false, 'nothing under the final name before close');
  await f.close();
  assert.equal(fs.readFileSync(file, 'utf8'), 'abcd');
  assert.equal(fs.statSync(file).mode & 0o777, 0o600);
  assert.deepEqual(fs.readdirSync(path.dirname(file)), ['out.json']);
  const g = new AtomicFile(path.join(root, 'gone.json'), { secret: true });
  await g.write(Buffer.from('x'));
  g.abort();
  assert.deepEqual(fs.readdirSync(root).sort(), ['d']);
  assert.throws(() => safeJoin(root, 'a/../../etc'), { code: 'UNSAFE_NAME' });
});

test('the offline commands draw a progress bar on a TTY only', async () => {
  const validate = require('../../js/commands/validate.js');
  const input = path.join(__dirname, '..', 'fixtures', 'dump-kourou-valid', 'input');
  const capture = (isTTY) => {
    const out = { text: '', write(s) { this.text += s; return true; } };
    const err = { text: '', isTTY, write(s) { this.text += s; return true; } };
    return { out, err };
  };
  const saved = process.env.CI;
  delete process.env.CI;
  try {
    const tty = capture(true);
    assert.equal(await validate.run([input], { stdout: tty.out, stderr: tty.err }), 0);
    assert.match(tty.err.text, /\r\x1b\[2Kinput \[█+░*\] +\d+% .* ETA \d+s .*\/s/);
    assert.ok(tty.err.text.endsWith('\r\x1b[2K'), 'the bar is cleared at the end');
    assert.match(tty.out.text, /^ \[✔\] .*valid Kourou dump/);
    const pipe = capture(false);
    assert.equal(await validate.run([input], { stdout: pipe.out, stderr: pipe.err }), 0);
    assert.equal(pipe.err.text, '');
  } finally {
    if (saved !== undefined) process.env.CI = saved;
  }
});

test('count: singular, plural, irregular plurals, thousands separators', () => {
  const { count } = require('../../js/commands/offline');
  assert.equal(count(1, 'error'), '1 error');
  assert.equal(count(1000, 'error'), '1,000 errors');
  assert.equal(count(1, 'index', 'indexes'), '1 index');
  assert.equal(count(2, 'index', 'indexes'), '2 indexes');
  assert.equal(count(0, 'index', 'indices'), '0 indices');
});
