'use strict';
// The package is an oclif plugin: oclif 1 (what Kourou loads plugins with, @oclif/config 1.18)
// and oclif 4 (@oclif/core) both find every kuzzle-dump command and run it.

const { test } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.join(__dirname, '..', '..');
const commands = require('../../js/commands/index.js').map((c) => c.name).sort();

function capture(fn) {
  const write = process.stdout.write;
  let out = '';
  process.stdout.write = (s) => { out += s; return true; };
  return Promise.resolve().then(fn).finally(() => { process.stdout.write = write; }).then((r) => ({ r, out }));
}

test('the generated oclif command files are up to date', () => {
  const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'oclif-commands.js')], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const diff = spawnSync('git', ['status', '--porcelain', 'js/oclif'], { cwd: root, encoding: 'utf8' });
  assert.equal(diff.stdout, '', 'run node scripts/oclif-commands.js and commit js/oclif/');
});

test('oclif 1 (Kourou) loads every command and runs it', async () => {
  const config = await require('@oclif/config').load(root);
  assert.deepEqual([...config.commandIDs].sort(), commands);
  const cmd = config.findCommand('collection:export').load();
  assert.equal(cmd.id, 'collection:export');
  assert.ok(cmd.flags.path && cmd.flags['batch-size'], 'flags are described for oclif help');
  const { r, out } = await capture(() => cmd.run(['--help'], config));
  assert.equal(r, 0);
  assert.match(out, /^Exports a collection/);
  assert.match(out, /\$ kuzzle-dump collection:export nyc-open-data yellow-taxi/);
});

test('oclif 4 loads every command and runs it', async () => {
  const { Config } = require('@oclif/core');
  const config = await Config.load({ root });
  assert.deepEqual([...config.commandIDs].sort(), commands);
  const cmd = await config.findCommand('index:import').load();
  const { r, out } = await capture(() => cmd.run(['--help'], config));
  assert.equal(r, 0);
  assert.match(out, /Imports every collection of a Kourou index folder/);
});
