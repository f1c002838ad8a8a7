'use strict';
// The `kuzzle-dump` bin: help, version, usage errors and exit codes.

const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { version } = require('../../package.json');

const cli = path.join(__dirname, '..', '..', 'js', 'cli.js');
const run = (...args) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });

test('--version names the version and the backend', () => {
  const r = run('--version');
  assert.equal(r.status, 0, r.stderr);
  const backend = process.env.KUZZLE_DUMP_BACKEND || 'native';
  assert.equal(r.stdout, `kuzzle-dump ${version} (${backend} backend)\n`);
  assert.equal(run('-V').stdout, r.stdout);
});

test('--help lists usage and options', () => {
  const r = run('--help');
  assert.equal(r.status, 0);
  assert.match(r.stdout, /^kuzzle-dump \d+\.\d+\.\d+: /);
  assert.match(r.stdout, /Usage: kuzzle-dump <command> \[options\]/);
  assert.match(r.stdout, /KUZZLE_DUMP_BACKEND=native\|wasm/);
  assert.equal(run('-h').stdout, r.stdout);
});

test('no command or an unknown one is a usage error (exit 2)', () => {
  assert.equal(run().status, 2);
  const r = run('frobnicate');
  assert.equal(r.status, 2);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, 'kuzzle-dump: unknown command "frobnicate" (see kuzzle-dump --help)\n');
});

test('a bad KUZZLE_DUMP_BACKEND is refused', () => {
  const r = spawnSync(process.execPath, [cli, '--version'], {
    encoding: 'utf8',
    env: { ...process.env, KUZZLE_DUMP_BACKEND: 'fast' },
  });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /INVALID_OPTIONS KUZZLE_DUMP_BACKEND must be "native" or "wasm", not "fast"/);
});
