'use strict';
// HTTP with keep-alive and bodies as Buffers: documents never become JS objects here.
// Retries with exponential backoff and jitter on 429, 5xx and network errors.

const http = require('node:http');
const https = require('node:https');

/** A failed HTTP exchange; `status` is set when the server answered. */
class HttpError extends Error {
  constructor(message, { status, body, cause, retryable = false } = {}) {
    super(message, cause ? { cause } : undefined);
    this.name = 'KuzzleDumpError';
    this.code = 'HTTP_ERROR';
    this.status = status;
    this.body = body;
    this.retryable = retryable;
  }
}

const RETRYABLE_NET = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ENOTFOUND', 'EHOSTUNREACH', 'ECONNABORTED', 'UND_ERR_SOCKET']);

function isRetryableStatus(status) {
  return status === 429 || status >= 500;
}

function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => { clearTimeout(t); reject(signal.reason); }, { once: true });
  });
}

/** Delay before retry number `attempt` (0-based): 200 ms doubling, capped, with jitter. */
function backoff(attempt, base = 200, max = 10_000) {
  const d = Math.min(max, base * 2 ** attempt);
  return d / 2 + Math.random() * (d / 2);
}

class HttpClient {
  /**
   * @param {{host: string, port: number, ssl?: boolean, maxSockets?: number, timeout?: number}} opts
   */
  constructor({ host, port, ssl = false, maxSockets = 16, timeout = 120_000 }) {
    this.host = host;
    this.port = port;
    this.ssl = ssl;
    this.timeout = timeout;
    const lib = ssl ? https : http;
    this.lib = lib;
    this.agent = new lib.Agent({ keepAlive: true, maxSockets, keepAliveMsecs: 1000 });
  }

  /** The base URL, never with credentials. */
  get url() {
    return `${this.ssl ? 'https' : 'http'}://${this.host}:${this.port}`;
  }

  /**
   * One request; resolves with the status and the whole body as a Buffer, whatever the status.
   * @param {string} method
   * @param {string} path  path and query string
   * @param {{headers?: object, body?: Buffer|Uint8Array|string, signal?: AbortSignal}} [opts]
   */
  send(method, path, { headers = {}, body, signal } = {}) {
    return new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : (typeof body === 'string' ? Buffer.from(body) : body);
      const req = this.lib.request({
        host: this.host, port: this.port, method, path, agent: this.agent, signal,
        headers: payload ? { 'content-type': 'application/json', 'content-length': payload.length, ...headers } : headers,
      }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks) }));
        res.on('error', (e) => reject(new HttpError(`${method} ${path}: ${e.message}`, { cause: e, retryable: true })));
      });
      req.setTimeout(this.timeout, () => req.destroy(Object.assign(new Error(`no answer within ${this.timeout} ms`), { code: 'ETIMEDOUT' })));
      req.on('error', (e) => {
        if (signal?.aborted) return reject(signal.reason ?? e);
        reject(new HttpError(`${method} ${this.url}${path.split('?')[0]}: ${e.message}`, { cause: e, retryable: RETRYABLE_NET.has(e.code) }));
      });
      req.end(payload);
    });
  }

  /**
   * `send` with retries on 429, 5xx and network errors. Other statuses resolve as they are.
   * @param {{retries?: number, onRetry?: (info: {attempt: number, status?: number, error?: Error, delay: number}) => void}} [policy]
   */
  async sendWithRetries(method, path, opts = {}, { retries = 6, onRetry } = {}) {
    for (let attempt = 0; ; attempt++) {
      let res;
      try {
        res = await this.send(method, path, opts);
      } catch (error) {
        if (!error.retryable || attempt >= retries || opts.signal?.aborted) throw error;
        const delay = backoff(attempt);
        onRetry?.({ attempt, error, delay });
        await sleep(delay, opts.signal);
        continue;
      }
      if (!isRetryableStatus(res.status) || attempt >= retries) return res;
      const delay = backoff(attempt);
      onRetry?.({ attempt, status: res.status, delay });
      await sleep(delay, opts.signal);
    }
  }

  close() {
    this.agent.destroy();
  }
}

module.exports = { HttpClient, HttpError, isRetryableStatus, backoff, sleep };
