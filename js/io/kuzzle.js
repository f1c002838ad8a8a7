'use strict';
// The Kuzzle HTTP API: login, token renewal, limits, and requests whose bodies stay Buffers.
// Connection options match Kourou's (--host --port --ssl --username --password --api-key and the
// KUZZLE_* variables). Credentials are never printed.

const { HttpClient, HttpError } = require('./http');
const { parseSize } = require('../util/size');

const DEFAULT_LIMITS = { maxRequestSize: 1024 * 1024, documentsFetchCount: 10_000, documentsWriteCount: 200, maxScrollDuration: '1m' };
const RENEW_BEFORE_MS = 5 * 60_000;

/** An error answered by Kuzzle (`id` like `services.storage.unknown_scroll_id`). */
class KuzzleApiError extends Error {
  constructor({ status, id, message }, method, path) {
    super(`${method} ${path.split('?')[0]}: ${message} (${id ?? 'status ' + status})`);
    this.name = 'KuzzleDumpError';
    this.code = 'KUZZLE_ERROR';
    this.status = status;
    this.id = id;
  }
}

/** Connection options from flags, then the KUZZLE_* environment variables, then Kourou's defaults. */
function connectionOptions(flags = {}, env = process.env) {
  const pick = (flag, name, fallback) => flags[flag] ?? env[name] ?? fallback;
  return {
    host: pick('host', 'KUZZLE_HOST', 'localhost'),
    port: Number(pick('port', 'KUZZLE_PORT', 7512)),
    ssl: Boolean(flags.ssl ?? (env.KUZZLE_SSL === 'true' || env.KUZZLE_SSL === '1')),
    username: pick('username', 'KUZZLE_USERNAME', 'anonymous'),
    password: pick('password', 'KUZZLE_PASSWORD', undefined),
    apiKey: pick('api-key', 'KUZZLE_API_KEY', flags.apiKey),
  };
}

function queryString(query) {
  const parts = [];
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined || v === null || v === false) continue; // HTTP booleans are flags: absent = false
    parts.push(v === true ? encodeURIComponent(k) : `${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
  }
  return parts.length ? '?' + parts.join('&') : '';
}

class Kuzzle {
  /**
   * @param {ReturnType<typeof connectionOptions> & {concurrency?: number, retries?: number, timeout?: number, onRetry?: Function}} opts
   */
  constructor(opts) {
    this.opts = opts;
    this.http = new HttpClient({ host: opts.host, port: opts.port, ssl: opts.ssl, maxSockets: (opts.concurrency ?? 4) + 2, timeout: opts.timeout });
    this.token = opts.apiKey || null;
    this.expiresAt = opts.apiKey ? Infinity : 0;
    this.renewing = null;
    this.limits = { ...DEFAULT_LIMITS };
    this.version = null;
  }

  /** Host and port, for messages (never credentials). */
  get url() {
    return this.http.url;
  }

  /** Logs in (unless anonymous or API key), then reads the server's version and limits. */
  async connect() {
    if (!this.opts.apiKey && this.opts.username && this.opts.username !== 'anonymous') await this.login();
    const info = await this.api('GET', '/_serverInfo').catch((e) => {
      if (e.status === 401 || e.status === 403) return null;
      throw e;
    });
    this.version = info?.serverInfo?.kuzzle?.version ?? null;
    const config = await this.api('GET', '/_getConfig').catch(() => null);
    if (config) {
      const size = config.server?.maxRequestSize;
      if (size !== undefined) this.limits.maxRequestSize = parseSize(size);
      Object.assign(this.limits, pickDefined({
        documentsFetchCount: config.limits?.documentsFetchCount,
        documentsWriteCount: config.limits?.documentsWriteCount,
        maxScrollDuration: config.services?.storageEngine?.maxScrollDuration,
      }));
    }
    return this;
  }

  async login() {
    const body = JSON.stringify({ username: this.opts.username, password: this.opts.password ?? '' });
    const res = await this.http.sendWithRetries('POST', '/_login/local', { body }, { retries: this.opts.retries ?? 6 });
    const parsed = parse(res.body);
    if (res.status !== 200) throw new KuzzleApiError(errorOf(parsed, res.status), 'POST', '/_login/local');
    this.token = parsed.result.jwt;
    this.expiresAt = parsed.result.expiresAt ?? Date.now() + 3600_000;
  }

  async renewIfNeeded() {
    if (!this.token || this.expiresAt === Infinity || this.expiresAt - Date.now() > RENEW_BEFORE_MS) return;
    this.renewing ??= (async () => {
      const res = await this.http.send('POST', '/_refreshToken', { headers: { authorization: `Bearer ${this.token}` } });
      const parsed = parse(res.body);
      if (res.status === 200) {
        this.token = parsed.result.jwt;
        this.expiresAt = parsed.result.expiresAt;
      } else {
        await this.login();
      }
    })().finally(() => { this.renewing = null; });
    await this.renewing;
  }

  /**
   * A request whose response body is returned as bytes (status checked: errors throw).
   * @param {string} method
   * @param {string} path
   * @param {{query?: object, body?: Buffer|Uint8Array|string|object, signal?: AbortSignal, allow?: number[]}} [opts]
   * @returns {Promise<{status: number, body: Buffer, headers: object}>}
   */
  async call(method, path, { query, body, signal, allow = [] } = {}) {
    await this.renewIfNeeded();
    const full = path + queryString(query);
    const payload = body === undefined || Buffer.isBuffer(body) || body instanceof Uint8Array || typeof body === 'string' ? body : JSON.stringify(body);
    const send = () => this.http.sendWithRetries(method, full, {
      body: payload, signal, headers: this.token ? { authorization: `Bearer ${this.token}` } : {},
    }, { retries: this.opts.retries ?? 6, onRetry: this.opts.onRetry });
    let res = await send();
    if (res.status === 401 && this.opts.password !== undefined && !this.opts.apiKey) {
      const err = errorOf(parse(res.body), 401);
      if (/^security\.token\./.test(err.id ?? '')) {
        await this.login();
        res = await send();
      }
    }
    if (res.status >= 400 && !allow.includes(res.status)) {
      throw new KuzzleApiError(errorOf(parse(res.body), res.status), method, path);
    }
    return res;
  }

  /** A request with a small JSON answer: resolves with its `result`. */
  async api(method, path, opts) {
    const res = await this.call(method, path, opts);
    return parse(res.body)?.result;
  }

  close() {
    this.http.close();
  }
}

function parse(buf) {
  try {
    return JSON.parse(buf.toString('utf8'));
  } catch {
    return null;
  }
}

function errorOf(parsed, status) {
  const e = parsed?.error ?? (parsed?.id && parsed?.message ? parsed : null);
  return { status: e?.status ?? status, id: e?.id, message: e?.message ?? `HTTP ${status}` };
}

function pickDefined(o) {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

module.exports = { Kuzzle, KuzzleApiError, HttpError, connectionOptions, queryString };
