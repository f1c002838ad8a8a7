'use strict';

// Kourou's security scenarios with the kuzzle-dump CLI against the real stack: generic import of
// a dump folder (index, roles, profiles, users), security exports, and users restored with
// generated credentials that then log in.

const { test, before } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { ensureStack, resetKuzzle, kuzzleCall, kuzzleRequest } = require('../helpers/stack');

const ROOT = path.join(__dirname, '..', '..');
const CLI = path.join(ROOT, 'js', 'cli.js');
let stack;
let tmp;

function cli(args, cwd = tmp) {
  const url = new URL(stack.kuzzleUrl);
  const r = spawnSync(process.execPath, [CLI, ...args, '--host', url.hostname, '--port', url.port, '--username', 'admin', '--password', 'password'], { encoding: 'utf8', cwd });
  return { code: r.status, out: r.stdout + r.stderr };
}

before(async () => {
  stack = await ensureStack();
  await resetKuzzle(stack.adminToken);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kd-sec-'));
  spawnSync(process.execPath, [path.join(ROOT, 'examples', 'sample-dump.js'), path.join(tmp, 'dump'), '300'], { encoding: 'utf8' });
});

test('import PATH: a dump folder with an index, roles, profiles and users, in Kourou\'s order', async () => {
  const r = cli(['import', path.join(tmp, 'dump')]);
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /2 roles imported/);
  assert.match(r.out, /1 profiles imported/);
  assert.match(r.out, /2 users imported/);
  assert.equal((await kuzzleCall('POST', '/nyc-open-data/yellow-taxi/_count', {}, stack.adminToken)).count, 300);
  const role = await kuzzleCall('GET', '/roles/taxi-reader', undefined, stack.adminToken);
  assert.deepEqual(role._source.controllers, { document: { actions: { get: true, search: true } } });
});

test('role:, profile:, user: exports write Kourou\'s files (profiles keep rateLimit)', () => {
  for (const c of ['role:export', 'profile:export', 'user:export', 'user:export-mappings']) assert.equal(cli([c]).code, 0, c);
  const roles = JSON.parse(fs.readFileSync(path.join(tmp, 'roles/roles.json'), 'utf8'));
  assert.equal(roles.type, 'roles');
  assert.deepEqual(roles.content['taxi-writer'], { controllers: { document: { actions: { create: true, update: true, delete: true } } } });
  const profiles = JSON.parse(fs.readFileSync(path.join(tmp, 'profiles/profiles.json'), 'utf8'));
  assert.equal(profiles.content.dispatcher.rateLimit, 50);
  const users = fs.readFileSync(path.join(tmp, 'users/users.json'), 'utf8');
  assert.ok(!users.endsWith('\n'), 'pretty files end without a newline, like Kourou');
  assert.deepEqual(JSON.parse(users).content['driver-1'], { content: { profileIds: ['dispatcher'], name: 'Ngọc Anh' }, credentials: {} });
  const mapping = JSON.parse(fs.readFileSync(path.join(tmp, 'users/users-collection-mappings.json'), 'utf8'));
  assert.equal(mapping.type, 'usersMappings');
  assert.equal(mapping.content.mapping.profileIds.type, 'keyword');
});

test('user:export --generate-credentials (0600), then user:import: the users log in', async () => {
  const r = cli(['user:export', '--path', 'gen', '--generate-credentials', '--exclude', 'admin']);
  assert.equal(r.code, 0, r.out);
  const file = path.join(tmp, 'gen/users.json');
  assert.equal(fs.statSync(file).mode & 0o777, 0o600);
  const users = JSON.parse(fs.readFileSync(file, 'utf8')).content;
  assert.deepEqual(Object.keys(users).sort(), ['driver-1', 'driver-2']);
  const { username, password } = users['driver-1'].credentials.local;
  assert.equal(username, 'driver-1');
  assert.match(password, /^[0-9a-f]{40}$/);
  for (const id of Object.keys(users)) await kuzzleCall('DELETE', `/users/${id}?refresh=wait_for`, undefined, stack.adminToken);
  const i = cli(['user:import', file]);
  assert.equal(i.code, 0, i.out);
  const login = await kuzzleRequest('POST', '/_login/local', { username, password });
  assert.equal(login.status, 200);
  assert.match(login.body.result.jwt, /./);
});
