'use strict';
// Roles, profiles, users and the users mapping through the Kuzzle API, as Kourou's files.
// Search pages go to the core, which writes the file; import bodies come from the core too.

const crypto = require('node:crypto');
const path = require('node:path');
const { writeFileAtomic } = require('../io/files');

const core = () => require('../index.js');

const SEARCH = {
  roles: { path: '/roles/_search', scroll: false },
  profiles: { path: '/profiles/_search', scroll: '/profiles/_scroll/' },
  users: { path: '/users/_search', scroll: '/users/_scroll/' },
  specifications: { path: '/validations/_search', scroll: '/validations/_scroll/' },
};

/** Pages of a security search, given to `onPage(responseBytes)`. */
async function searchAll(k, kind, onPage, { query = {} } = {}) {
  const s = SEARCH[kind];
  const size = Math.min(k.limits.documentsFetchCount, 1000);
  if (!s.scroll) {
    // Roles have no scroll: page with from/size.
    for (let from = 0; ; from += size) {
      const res = await k.call('POST', s.path, { query: { from, size }, body: { query } });
      const page = onPage(res.body);
      if (page.hits < size) return;
    }
  }
  let res = await k.call('POST', s.path, { query: { scroll: '30s', size }, body: { query } });
  for (;;) {
    const page = onPage(res.body);
    if (!page.scrollId || page.hits === 0 || page.hits < size) return;
    res = await k.call('GET', s.scroll + encodeURIComponent(page.scrollId), { query: { scroll: '30s' } });
  }
}

/**
 * Exports roles, profiles or users to `<root>/<kind>.json` (Kourou's file).
 * @returns {Promise<{file: string, entries: number, holdsSecrets: boolean}>}
 */
async function exportSecurity(k, kind, root, { exclude = [], generateCredentials = false, usernamePath } = {}) {
  const exporter = new (core().SecurityExporter)({ kind, exclude });
  await searchAll(k, kind, (bytes) => exporter.pushPageSync(bytes));
  let passwords;
  if (generateCredentials) {
    // 40 lowercase hex characters (20 random bytes) per user, as Kourou.
    passwords = Array.from({ length: exporter.count() }, () => crypto.randomBytes(20).toString('hex'));
  }
  const out = exporter.finish(passwords ? { passwords, usernamePath } : {});
  const file = path.join(root, `${kind}.json`);
  await writeFileAtomic(file, out.bytes, { secret: out.holdsSecrets });
  return { file, entries: out.entries, holdsSecrets: out.holdsSecrets };
}

/** Exports the users collection mapping to `<root>/users-collection-mappings.json`. */
async function exportUsersMappings(k, root) {
  const res = await k.call('GET', '/users/_mapping');
  const exporter = new (core().SecurityExporter)({ kind: 'usersMappings' });
  exporter.pushPageSync(res.body);
  const out = exporter.finish({});
  const file = path.join(root, 'users-collection-mappings.json');
  await writeFileAtomic(file, out.bytes);
  return { file };
}

const IMPORT = {
  roles: (id) => ['PUT', `/roles/${encodeURIComponent(id)}`, { force: true, refresh: 'wait_for' }],
  profiles: (id) => ['PUT', `/profiles/${encodeURIComponent(id)}`, { refresh: 'wait_for' }],
  users: (id) => ['POST', `/users/${encodeURIComponent(id)}/_create`, { refresh: 'wait_for' }],
  usersMappings: () => ['PUT', '/users/_mapping', {}],
  specifications: (_, key) => ['PUT', `/${encodeURIComponent(key.index)}/${encodeURIComponent(key.collection)}/_specifications`, {}],
};

/**
 * Imports a security file; each entry is one request. Failures are reported per entry and the
 * rest continues. `onExisting` for users: 'skip' (default, like Kourou: createUser fails) or 'fail'.
 * @returns {Promise<{kind: string, imported: number, failed: Array<{id: string, message: string}>}>}
 */
async function importSecurity(k, bytes, { label, preserveAnonymous = false } = {}) {
  const file = core().parseSecurityFileSync(bytes);
  const errors = file.findings.filter((f) => f.severity === 'error');
  if (errors.length) {
    const f = errors[0];
    throw Object.assign(new Error(`${label}:${f.line}:${f.column ?? 0} ${f.code} ${f.message}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}`), { name: 'KuzzleDumpError', code: f.code });
  }
  const route = IMPORT[file.kind];
  if (!route) throw Object.assign(new Error(`${label}: ${file.kind} cannot be imported through the API (only at Elasticsearch level)`), { name: 'KuzzleDumpError', code: 'NOT_REPRESENTABLE' });
  const result = { kind: file.kind, imported: 0, failed: [] };
  for (const entry of file.entries) {
    const id = entry.key.id ?? (entry.key.index ? `${entry.key.index}/${entry.key.collection}` : 'mapping');
    if (!entry.body) continue;
    if (preserveAnonymous && id === 'anonymous' && file.kind !== 'users') continue;
    const [method, p, query] = route(id, entry.key);
    try {
      await k.call(method, p, { query, body: entry.body });
      result.imported++;
    } catch (e) {
      result.failed.push({ id, message: e.message });
    }
  }
  return result;
}

module.exports = { exportSecurity, exportUsersMappings, importSecurity, searchAll };
