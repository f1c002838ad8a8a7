'use strict';

// Helpers for tests that need the real local stack (Kuzzle + OpenSearch + Redis, see stack/start).
// CommonJS, Node 20, no dependencies.
//
//   const { ensureStack, resetKuzzle, kuzzleRequest, osRequest } = require('../helpers/stack');
//   const stack = await ensureStack();   // starts the stack if needed, logs in as admin
//   await resetKuzzle();                  // drops public indexes and non-default security objects
//
// resetKuzzle() wipes data that other test files may be using: run stack tests with
// `node --test --test-concurrency=1` (the default on 2 cores) or give each file its own indexes.
//
// Addresses: KUZZLE_URL / OPENSEARCH_URL / REDIS_URL if set, else 127.0.0.1 and the KD_*_PORT
// variables of stack/env (never "localhost": Node 20 may resolve it to ::1).

const http = require('node:http');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..', '..');

const kuzzleUrl = process.env.KUZZLE_URL || `http://127.0.0.1:${process.env.KD_KUZZLE_PORT || 7512}`;
const opensearchUrl = process.env.OPENSEARCH_URL || `http://127.0.0.1:${process.env.KD_OS_PORT || 9200}`;
const redisUrl = process.env.REDIS_URL || `redis://127.0.0.1:${process.env.KD_REDIS_PORT || 6379}`;
const ADMIN = { username: 'admin', password: process.env.KD_KUZZLE_ADMIN_PASSWORD || 'password' };

// Kept-alive sockets; idle ones are unref'd by Node, so they never keep the test process alive.
const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

/**
 * One HTTP request. body: undefined, a string/Buffer (sent as is) or a value (sent as JSON).
 * Resolves {status, headers, body}: body is parsed JSON when the response is JSON, else a string.
 * Never rejects on an HTTP error status, only on network errors.
 */
function request(baseUrl, method, urlPath, body, headers = {}, retried = false) {
  const url = new URL(urlPath, baseUrl);
  let payload;
  if (body !== undefined && body !== null) {
    payload = Buffer.from(typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body));
    // Explicit length: for DELETE and GET, Node sends neither Content-Length nor chunked framing,
    // so the server would read the body as the next request (uWS answers 505).
    headers = { 'content-type': 'application/json', ...headers, 'content-length': payload.length };
  }
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed = text;
        if (/json/.test(res.headers['content-type'] || '') && text.length > 0) {
          try { parsed = JSON.parse(text); } catch { /* keep the text */ }
        }
        resolve({ status: res.statusCode, headers: res.headers, body: parsed });
      });
    });
    req.on('error', (err) => {
      // The server may close an idle kept-alive socket just as we reuse it: retry once, fresh.
      if (req.reusedSocket && !retried && (err.code === 'ECONNRESET' || err.code === 'EPIPE')) {
        request(baseUrl, method, urlPath, body, headers, true).then(resolve, reject);
      } else {
        reject(err);
      }
    });
    req.end(payload);
  });
}

/** A Kuzzle HTTP API call. token: a JWT or API key (optional). Resolves {status, headers, body}. */
function kuzzleRequest(method, urlPath, body, token) {
  return request(kuzzleUrl, method, urlPath, body, token ? { authorization: `Bearer ${token}` } : {});
}

/** Like kuzzleRequest, but resolves body.result and rejects with the Kuzzle error id otherwise. */
async function kuzzleCall(method, urlPath, body, token) {
  const res = await kuzzleRequest(method, urlPath, body, token);
  if (res.status >= 200 && res.status < 300 && res.body && typeof res.body === 'object') {
    return res.body.result;
  }
  const e = (res.body && res.body.error) || res.body || {};
  const err = new Error(`${method} ${urlPath}: HTTP ${res.status} ${e.id || ''} ${e.message || ''}`.trim());
  err.status = res.status;
  err.id = e.id;
  err.response = res.body;
  throw err;
}

/** A direct OpenSearch request. A string body is sent as is (NDJSON for _bulk). */
function osRequest(method, urlPath, body, headers = {}) {
  if (typeof body === 'string' && /_bulk|_msearch/.test(urlPath)) {
    headers = { 'content-type': 'application/x-ndjson', ...headers };
  }
  return request(opensearchUrl, method, urlPath, body, headers);
}

async function answers(fn) {
  try { return await fn(); } catch { return false; }
}

async function stackIsUp() {
  const kz = await answers(async () => (await kuzzleRequest('GET', '/_ready')).status === 200);
  const os = await answers(async () => (await osRequest('GET', '/_cluster/health')).status === 200);
  return kz && os;
}

async function login() {
  const result = await kuzzleCall('POST', '/_login/local', ADMIN);
  return result.jwt;
}

let ensured = null;

/**
 * Starts the stack with `bash stack/start` unless Kuzzle and OpenSearch already answer, then logs
 * in as admin. Resolves {kuzzleUrl, opensearchUrl, redisUrl, adminToken}. Memoized per process.
 */
function ensureStack() {
  if (!ensured) {
    ensured = (async () => {
      if (!(await stackIsUp())) {
        // stack/start prints its progress; send it to stderr, stdout belongs to the test reporter.
        const r = spawnSync('bash', [path.join(ROOT, 'stack', 'start')], {
          cwd: ROOT, stdio: ['ignore', 2, 2], env: process.env,
        });
        if (r.status !== 0) {
          throw new Error(`bash stack/start failed (exit ${r.status}${r.error ? `, ${r.error.message}` : ''})`);
        }
      }
      return { kuzzleUrl, opensearchUrl, redisUrl, adminToken: await login() };
    })();
    ensured.catch(() => { ensured = null; });   // a later call may try again
  }
  return ensured;
}

const DEFAULT_SECURITY = new Set(['admin', 'default', 'anonymous']);

/**
 * Gives the next test a clean Kuzzle: deletes every public index (and the validation
 * specifications of their collections), every user but admin, every profile and role but
 * admin/default/anonymous. Internal (%kuzzle) and plugin data stay.
 */
async function resetKuzzle(token) {
  if (!token) token = (await ensureStack()).adminToken;

  const specs = await kuzzleCall('POST', '/validations/_search?size=1000', {}, token);
  for (const hit of specs.hits) {
    const { index, collection } = hit._source;
    // An orphaned spec (collection already gone) may be refused: nothing else to do with it.
    await kuzzleRequest('DELETE', `/${encodeURIComponent(index)}/${encodeURIComponent(collection)}/_specifications`, undefined, token);
  }

  const { indexes } = await kuzzleCall('GET', '/_list', undefined, token);
  if (indexes.length > 0) {
    await kuzzleCall('DELETE', '/_mDelete', { indexes }, token);
  }

  // Deletes without refresh=wait_for (up to 1 s each), then one forced refresh per collection.
  const wipe = async (collection, keep) => {
    const found = await kuzzleCall('POST', `/${collection}/_search?size=1000`, {}, token);
    const ids = found.hits.map((h) => h._id).filter((id) => !keep.has(id));
    if (ids.length === 0) return;
    await kuzzleCall('POST', `/${collection}/_mDelete?refresh=false`, { ids }, token);
    await kuzzleCall('POST', `/_security/${collection}/_refresh`, undefined, token);
  };
  await wipe('users', new Set(['admin']));
  // Profiles before roles: a role still used by a profile cannot be deleted.
  await wipe('profiles', DEFAULT_SECURITY);
  await wipe('roles', DEFAULT_SECURITY);
}

module.exports = {
  ensureStack,
  resetKuzzle,
  kuzzleRequest,
  kuzzleCall,
  osRequest,
  kuzzleUrl,
  opensearchUrl,
  redisUrl,
  ROOT,
};
