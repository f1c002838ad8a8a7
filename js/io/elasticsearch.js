'use strict';
// Elasticsearch / OpenSearch over HTTP (js/io/http.js: keep-alive, retries with backoff on 429,
// 5xx and network errors). Bodies stay Buffers. Credentials given in the URL
// (http://user:pass@host:9200) are sent as Basic auth and never appear in messages: every
// message names the URL through `redact`.

const { HttpClient, HttpError } = require('./http');

/** `url` (string or URL) without its user name and password, for messages. */
function redact(url) {
  try {
    const u = new URL(String(url));
    u.username = '';
    u.password = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return String(url).replace(/\/\/[^/@]*@/, '//');
  }
}

/** Replaces every `user:pass@` of a text (an error from a lower layer may quote a URL). */
function redactText(text) {
  return String(text).replace(/(\w+:\/\/)[^/\s@]+@/g, '$1');
}

/** An error Elasticsearch answered (`type` like `resource_already_exists_exception`). */
class EsError extends Error {
  constructor(status, body, method, path) {
    let type;
    let reason;
    try {
      const e = JSON.parse(body.toString('utf8')).error;
      type = e?.type ?? (typeof e === 'string' ? e : undefined);
      reason = e?.reason ?? e?.root_cause?.[0]?.reason;
    } catch { /* not JSON */ }
    super(`${method} ${path.split('?')[0]}: HTTP ${status}${type ? ` ${type}` : ''}${reason ? `: ${reason}` : ''}`);
    this.name = 'KuzzleDumpError';
    this.code = 'HTTP_ERROR';
    this.status = status;
    this.type = type;
  }
}

class Elasticsearch {
  /**
   * @param {string} url  `http[s]://[user:pass@]host:port`
   * @param {{concurrency?: number, retries?: number, timeout?: number, onRetry?: Function}} [opts]
   */
  constructor(url, { concurrency = 4, retries = 6, timeout = 300_000, onRetry } = {}) {
    let u;
    try {
      u = new URL(url);
    } catch {
      throw Object.assign(new Error(`not a URL: ${redact(url)}`), { name: 'KuzzleDumpError', code: 'INVALID_OPTIONS' });
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') {
      throw Object.assign(new Error(`not an http(s) URL: ${redact(url)}`), { name: 'KuzzleDumpError', code: 'INVALID_OPTIONS' });
    }
    const ssl = u.protocol === 'https:';
    this.http = new HttpClient({ host: u.hostname, port: Number(u.port || (ssl ? 443 : 80)), ssl, maxSockets: concurrency + 2, timeout });
    this.auth = u.username ? `Basic ${Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString('base64')}` : null;
    this.prefix = u.pathname.replace(/\/$/, '');
    this.retries = retries;
    this.onRetry = onRetry;
    this.url = redact(url);
  }

  /**
   * A request; resolves {status, body: Buffer, headers}. Statuses >= 400 throw an EsError unless
   * listed in `allow`.
   * @param {{body?: Buffer|Uint8Array|string|object, signal?: AbortSignal, allow?: number[], ndjson?: boolean}} [opts]
   */
  async call(method, path, { body, signal, allow = [], ndjson = false } = {}) {
    const payload = body === undefined || Buffer.isBuffer(body) || body instanceof Uint8Array || typeof body === 'string' ? body : JSON.stringify(body);
    const headers = {};
    if (this.auth) headers.authorization = this.auth;
    if (payload !== undefined) headers['content-type'] = ndjson ? 'application/x-ndjson' : 'application/json';
    let res;
    try {
      res = await this.http.sendWithRetries(method, this.prefix + path, { body: payload, signal, headers }, { retries: this.retries, onRetry: this.onRetry });
    } catch (e) {
      if (e instanceof HttpError) {
        e.message = redactText(e.message).replace(this.http.url, this.url);
      }
      throw e;
    }
    if (res.status >= 400 && !allow.includes(res.status)) throw new EsError(res.status, res.body, method, path);
    return res;
  }

  /** A request with a small JSON answer, parsed. */
  async json(method, path, opts) {
    const res = await this.call(method, path, opts);
    return res.body.length ? JSON.parse(res.body.toString('utf8')) : null;
  }

  /** Whether an index (or alias) exists. */
  async exists(name, signal) {
    const res = await this.call('HEAD', `/${encodeURIComponent(name)}`, { allow: [404], signal });
    return res.status === 200;
  }

  close() {
    this.http.close();
  }
}

/** An index name as a URL path segment (ES wants `&`, `%`, `@` encoded; lowercase is kept). */
function seg(name) {
  return encodeURIComponent(name);
}

module.exports = { Elasticsearch, EsError, redact, redactText, seg };
