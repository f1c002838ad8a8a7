'use strict';

// The local test stack itself: a real Kuzzle 2.56.0 on an embedded OpenSearch 2.x and Redis.
// Starts the stack if it is not running (bash stack/start).

const { test, before } = require('node:test');
const assert = require('node:assert/strict');
const {
  ensureStack, resetKuzzle, kuzzleRequest, kuzzleCall, osRequest,
} = require('../helpers/stack');

const INDEX = 'kd-stack-test';
const COLLECTION = 'docs';
const DOCS = 25; // more than one search page (size 10) so the scroll is really used

let stack;

before(async () => {
  stack = await ensureStack();
  await resetKuzzle(stack.adminToken);
});

test('server:info reports Kuzzle 2.56.0 on an OpenSearch engine speaking ES 7.10.2', async () => {
  const info = await kuzzleCall('GET', '/_serverInfo', undefined, stack.adminToken);
  assert.equal(info.serverInfo.kuzzle.version, '2.56.0');
  const storage = info.serverInfo.services.publicStorage;
  assert.equal(storage.type, 'elasticsearch');
  assert.equal(storage.version, '7.10.2'); // compatibility.override_main_response_version
  assert.equal(storage.status, 'green'); // zero replicas on one node
  assert.deepEqual(storage.nodes.versions, [process.env.KD_OS_VERSION || '2.19.1']);

  const root = await osRequest('GET', '/');
  assert.equal(root.status, 200);
  assert.equal(root.body.version.number, '7.10.2');
  assert.match(root.body.tagline, /OpenSearch/);
});

test('anonymous is restricted and admin can log in', async () => {
  const anon = await kuzzleRequest('GET', '/_serverInfo');
  assert.equal(anon.status, 401);
  assert.equal(anon.body.error.id, 'security.rights.unauthorized');

  const bad = await kuzzleRequest('POST', '/_login/local', { username: 'admin', password: 'not-the-password' });
  assert.equal(bad.status, 401);

  // Two logins of one user within the same second get the very same JWT (same _id, iat, exp),
  // so logging this one out would also kill the shared admin token: ask for another lifetime.
  const login = await kuzzleCall('POST', '/_login/local?expiresIn=10m', {
    username: 'admin', password: process.env.KD_KUZZLE_ADMIN_PASSWORD || 'password',
  });
  assert.equal(typeof login.jwt, 'string');
  assert.notEqual(login.jwt, stack.adminToken);
  assert.equal(login._id, 'admin');
  const me = await kuzzleCall('GET', '/_me', undefined, login.jwt);
  assert.equal(me._id, 'admin');
  assert.deepEqual(me._source.profileIds, ['admin']);
  await kuzzleCall('POST', '/_logout', undefined, login.jwt);
  const after = await kuzzleRequest('GET', '/_me', undefined, login.jwt);
  assert.equal(after.status, 401);
});

test('index, collection with mappings, bulk:mWrite, then document:search with scroll', async () => {
  const token = stack.adminToken;
  await kuzzleCall('POST', `/${INDEX}/_create`, undefined, token);
  const mappings = {
    dynamic: 'strict',
    properties: { name: { type: 'keyword' }, n: { type: 'integer' }, text: { type: 'text' } },
  };
  const created = await kuzzleCall('PUT', `/${INDEX}/${COLLECTION}`, { mappings }, token);
  assert.deepEqual(created, { acknowledged: true });

  const got = await kuzzleCall('GET', `/${INDEX}/${COLLECTION}/_mapping`, undefined, token);
  assert.equal(got.dynamic, 'strict');
  assert.deepEqual(got.properties, mappings.properties);

  // bulk:mWrite stores bodies as given, without adding _kuzzle_info: a restore passes the
  // original metadata through, as done here for the even documents.
  const documents = Array.from({ length: DOCS }, (_, i) => ({
    _id: `doc-${String(i).padStart(3, '0')}`,
    body: {
      name: `name ${i}`,
      n: i,
      text: `Éléphant numéro ${i}`,
      ...(i % 2 === 0 ? { _kuzzle_info: { author: 'someone', createdAt: 1700000000000 + i, updatedAt: null, updater: null } } : {}),
    },
  }));
  const written = await kuzzleCall('POST', `/${INDEX}/${COLLECTION}/_mWrite?refresh=wait_for`, { documents }, token);
  assert.equal(written.errors.length, 0);
  assert.equal(written.successes.length, DOCS);

  // A strict mapping really is applied by the engine.
  const rejected = await kuzzleCall('POST', `/${INDEX}/${COLLECTION}/_mWrite`, {
    documents: [{ _id: 'x', body: { unknown: 1 } }],
  }, token);
  assert.equal(rejected.successes.length, 0);
  assert.equal(rejected.errors.length, 1);

  const seen = new Map();
  let page = await kuzzleCall('POST', `/${INDEX}/${COLLECTION}/_search?size=10&scroll=10s`,
    { query: { match_all: {} }, sort: [{ n: 'asc' }] }, token);
  assert.equal(page.total, DOCS);
  assert.equal(page.hits.length, 10);
  assert.equal(typeof page.scrollId, 'string');
  let pages = 1;
  for (;;) {
    for (const hit of page.hits) seen.set(hit._id, hit._source);
    if (page.remaining === 0 || page.hits.length === 0) break;
    page = await kuzzleCall('GET', `/_scroll/${encodeURIComponent(page.scrollId)}?scroll=10s`, undefined, token);
    pages += 1;
  }
  assert.equal(pages, 3);
  assert.equal(seen.size, DOCS);
  for (const doc of documents) {
    const source = seen.get(doc._id);
    assert.ok(source, `${doc._id} read back`);
    assert.equal(source.name, doc.body.name);
    assert.equal(source.n, doc.body.n);
    assert.equal(source.text, doc.body.text);
    assert.deepEqual(source._kuzzle_info, doc.body._kuzzle_info);
  }
  // collection:list hides the _kuzzle_keep placeholder
  const list = await kuzzleCall('GET', `/${INDEX}/_list`, undefined, token);
  assert.deepEqual(list.collections, [{ name: COLLECTION, type: 'stored' }]);

  const count = await kuzzleCall('POST', `/${INDEX}/${COLLECTION}/_count`, { query: { range: { n: { gte: 20 } } } }, token);
  assert.equal(count.count, 5);
});

test('OpenSearch holds the Kuzzle indices with their @ aliases', async () => {
  const indice = `&${INDEX}.${COLLECTION}`;
  const alias = `@${indice}`;

  const aliases = await osRequest('GET', '/_cat/aliases?format=json');
  assert.equal(aliases.status, 200);
  const byAlias = new Map(aliases.body.map((a) => [a.alias, a.index]));
  assert.equal(byAlias.get(alias), indice);
  assert.equal(byAlias.get('@%kuzzle.users'), '%kuzzle.users');
  // Kuzzle 2.56.0's collection:create deletes index:create's placeholder and at once recreates it
  // (deleteCollection ends with _createHiddenCollection): it stays next to the real collection.
  assert.equal(byAlias.get(`@&${INDEX}._kuzzle_keep`), `&${INDEX}._kuzzle_keep`);

  const indices = await osRequest('GET', '/_cat/indices?format=json&h=index,health,docs.count,rep');
  const mine = indices.body.find((i) => i.index === indice);
  assert.ok(mine, `${indice} exists`);
  assert.equal(mine.health, 'green');
  assert.equal(mine.rep, '0');

  const count = await osRequest('GET', `/${encodeURIComponent(alias)}/_count`);
  assert.equal(count.status, 200);
  assert.equal(count.body.count, DOCS);

  const doc = await osRequest('GET', `/${encodeURIComponent(alias)}/_doc/doc-007`);
  assert.equal(doc.status, 200);
  assert.equal(doc.body._index, indice);
  assert.equal(doc.body._source.n, 7);
  assert.equal('_kuzzle_info' in doc.body._source, false);
  const withMeta = await osRequest('GET', `/${encodeURIComponent(alias)}/_doc/doc-008`);
  assert.equal(withMeta.body._source._kuzzle_info.createdAt, 1700000000008);

  const mapping = await osRequest('GET', `/${encodeURIComponent(indice)}/_mapping`);
  const props = mapping.body[indice].mappings.properties;
  assert.equal(props.name.type, 'keyword');
  assert.equal(props._kuzzle_info.properties.createdAt.type, 'date');
});

test('resetKuzzle removes public indexes and non-default security objects', async () => {
  const token = stack.adminToken;
  await kuzzleCall('PUT', '/roles/kd-test-role', { controllers: { document: { actions: { get: true } } } }, token);
  await kuzzleCall('PUT', '/profiles/kd-test-profile', { policies: [{ roleId: 'kd-test-role' }] }, token);
  await kuzzleCall('POST', '/users/kd-test-user/_create', {
    content: { profileIds: ['kd-test-profile'] },
    credentials: { local: { username: 'kd-test-user', password: 'secret-1' } },
  }, token);

  await kuzzleCall('PUT', `/${INDEX}/specs`, { mappings: { properties: { age: { type: 'integer' } } } }, token);
  await kuzzleCall('PUT', `/${INDEX}/specs/_specifications`, {
    strict: false, fields: { age: { type: 'integer', mandatory: true } },
  }, token);
  const specsBefore = await kuzzleCall('POST', '/validations/_search', {}, token);
  assert.equal(specsBefore.total, 1);

  await resetKuzzle(token);

  const specs = await kuzzleCall('POST', '/validations/_search', {}, token);
  assert.equal(specs.total, 0);
  const { indexes } = await kuzzleCall('GET', '/_list', undefined, token);
  assert.deepEqual(indexes, []);
  const aliases = await osRequest('GET', '/_cat/aliases?format=json');
  assert.deepEqual(aliases.body.filter((a) => a.alias.startsWith('@&')), []);
  const users = await kuzzleCall('POST', '/users/_search', {}, token);
  assert.deepEqual(users.hits.map((h) => h._id), ['admin']);
  const profiles = await kuzzleCall('POST', '/profiles/_search', {}, token);
  assert.deepEqual(profiles.hits.map((h) => h._id).sort(), ['admin', 'anonymous', 'default']);
  const roles = await kuzzleCall('POST', '/roles/_search', {}, token);
  assert.deepEqual(roles.hits.map((h) => h._id).sort(), ['admin', 'anonymous', 'default']);
});
