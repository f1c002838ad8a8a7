'use strict';
// Sending one request body the core built (a Kuzzle `bulk:mWrite` or an Elasticsearch `_bulk`
// batch) until every document in it is settled: imports (js/kuzzle/import.js) and es:load
// (js/es/load.js) share it.

const { backoff, sleep } = require('./http');

const core = () => require('../index.js');

/** Times a temporarily refused document (429, 5xx item) is sent again. */
const ITEM_RETRIES = 6;

/**
 * Sends `batch` (kind `mwrite` or `bulk`) with `post(body)` → `{status, body}`, then reads the
 * answer with the core. On 413 the batch is halved and both halves sent (a lone document too
 * large is refused with an error line of its own); documents the server refused for a while
 * are sent again, with backoff, up to ITEM_RETRIES times.
 * After each answer, `settle(written, refused, errorLines)`: the documents now written, those
 * refused for good, and their `*-errors.jsonl` lines (bytes, maybe empty).
 * @param {object} how `{ post, settle, signal, server, onSplit, onRetry(count) }`; `server` names
 *   the peer in the 413 message ("server", "cluster")
 */
async function sendBatch(kind, batch, how, attempt = 0) {
  const { post, settle, signal, server = 'server', onSplit, onRetry } = how;
  const res = await post(batch.body);
  if (res.status === 413) {
    if (batch.count < 2) {
      const error = { document: { _id: null }, reason: `the document alone is larger than the ${server} accepts (413)`, status: 413, line: batch.firstLine };
      settle(0, 1, Buffer.from(JSON.stringify(error) + '\n'));
      return;
    }
    onSplit?.();
    const [a, b] = await core().halveBatch(kind, batch);
    await sendBatch(kind, a, how);
    await sendBatch(kind, b, how);
    return;
  }
  const r = kind === 'mwrite' ? await core().mwriteResult(res.body, batch) : await core().esBulkResult(res.body, batch);
  if (r.retry.length && attempt < ITEM_RETRIES) {
    // Keep the retried documents' error lines out; send those documents again.
    onRetry?.(r.retry.length);
    settle(r.successes, r.errors - r.retry.length, keptLines(r, batch));
    const again = await core().selectBatch(kind, batch, r.retry);
    await sleep(backoff(attempt), signal);
    await sendBatch(kind, again, how, attempt + 1);
    return;
  }
  settle(r.successes, r.errors, r.errorLines);
}

/** The error lines of `result` but those of the documents it asks to retry. */
function keptLines(result, batch) {
  const retried = new Set(result.retry.map((p) => batch.lines[p]));
  return Buffer.from(result.errorLines.toString('utf8').split('\n').filter((l) => {
    if (!l) return false;
    const m = /"line":(\d+)}$/.exec(l);
    return !(m && retried.has(Number(m[1])));
  }).map((l) => l + '\n').join(''));
}

module.exports = { sendBatch, ITEM_RETRIES };
