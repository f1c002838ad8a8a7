'use strict';
// Server responses and batches on one backend: write results mapped back to source lines,
// batches narrowed and halved, Kuzzle errors, search pages to dump lines.

const test = require('node:test');
const assert = require('node:assert/strict');
const { api, errorShape, thrown, rejected } = require('./backend.js');

const bytes = (s) => new TextEncoder().encode(s);
const text = (b) => {
  assert.ok(b instanceof Uint8Array, 'bytes come out as a Uint8Array');
  return Buffer.from(b).toString();
};
const plain = (b) => ({ ...b, body: text(b.body) });

const MWRITE_BATCH = {
  body: bytes('{"documents":[{"_id":"a","body":{"n":1}},{"_id":"b","body":{}},{"_id":"c","body":{"s":"x"}}]}'),
  lines: [2, 5, 9],
};
const MWRITE_RESPONSE = bytes(
  '{"requestId":"r","status":206,"error":null,"controller":"bulk","action":"mWrite","result":{' +
    '"successes":[{"_id":"a","_source":{"n":1},"_version":1,"created":true,"status":201}],' +
    '"errors":[{"document":{"_id":"b","body":{}},"status":400,"reason":"document body must be an object"},' +
    '{"document":{"_id":"c","body":{"s":"x"}},"status":503,"reason":"overloaded"}]}}',
);

test('mwriteResult: refused documents become error lines with their source line', async () => {
  for (const r of [api.mwriteResultSync(MWRITE_RESPONSE, MWRITE_BATCH), await api.mwriteResult(MWRITE_RESPONSE, MWRITE_BATCH)]) {
    const { errorLines, ...counts } = r;
    assert.deepEqual(counts, { successes: 1, errors: 2, lines: [5, 9], retry: [2] });
    assert.equal(
      text(errorLines),
      '{"document":{"_id":"b","body":{}},"status":400,"reason":"document body must be an object","line":5}\n' +
        '{"document":{"_id":"c","body":{"s":"x"}},"status":503,"reason":"overloaded","line":9}\n',
    );
  }
  // A batch as the pipeline returned it works as well (extra fields are ignored).
  const p = new api.Pipeline({ output: 'mwrite' });
  p.pushSync(bytes('{"type":"collection","index":"i","collection":"c"}\n{"_id":"b","body":{}}\n'));
  const [batch] = p.finishSync().batches;
  assert.deepEqual(api.mwriteResultSync(MWRITE_RESPONSE, batch).lines, [2, 0]);
});

test('mwriteResult: an error response or a bad batch throws', async () => {
  const failure = bytes('{"status":500,"error":{"id":"core.fatal","message":"boom","status":500},"result":null}');
  const expected = { isError: true, name: 'KuzzleDumpError', code: 'IO_ERROR', message: 'I/O error: Kuzzle answered 500 core.fatal: boom' };
  assert.deepEqual(errorShape(thrown(() => api.mwriteResultSync(failure, MWRITE_BATCH))), expected);
  assert.deepEqual(errorShape(await rejected(api.mwriteResult(failure, MWRITE_BATCH))), expected);
  const bad = (batch) => thrown(() => api.mwriteResultSync(MWRITE_RESPONSE, batch)).message;
  assert.equal(bad('x'), 'invalid options: batch must be an object with body and lines');
  assert.equal(bad({ body: 'x', lines: [] }), 'invalid options: batch.body must be a Uint8Array');
  assert.equal(bad({ body: MWRITE_BATCH.body }), 'invalid options: batch.lines must be an array of line numbers');
  assert.equal(bad({ body: MWRITE_BATCH.body, lines: ['2'] }), 'invalid options: batch.lines must be an array of line numbers');
  assert.equal(bad({ body: MWRITE_BATCH.body, lines: [1.5] }), 'invalid options: batch.lines must hold line numbers (integers from 0), not 1.5');
  assert.equal(bad({ body: MWRITE_BATCH.body, lines: [-1] }), 'invalid options: batch.lines must hold line numbers (integers from 0), not -1');
  assert.equal((await rejected(api.mwriteResult(MWRITE_RESPONSE, 7))).code, 'INVALID_OPTIONS');
});

test('esBulkResult: failed items in request order', async () => {
  const batch = { body: bytes('{"index":{"_index":"&i.c","_id":"a"}}\n{"n":1}\n{"index":{"_index":"&i.c","_id":"b"}}\n{}\n'), lines: [3, 4] };
  const response = bytes(
    '{"took":3,"errors":true,"items":[{"index":{"_index":"&i.c","_id":"a","status":201,"result":"created"}},' +
      '{"index":{"_index":"&i.c","_id":"b","status":429,"error":{"type":"es_rejected_execution_exception","reason":"rejected"}}}]}',
  );
  for (const r of [api.esBulkResultSync(response, batch), await api.esBulkResult(response, batch)]) {
    const { errorLines, ...counts } = r;
    assert.deepEqual(counts, { successes: 1, errors: 1, lines: [4], retry: [1] });
    assert.equal(text(errorLines), '{"document":{"_id":"b"},"reason":"es_rejected_execution_exception: rejected","status":429,"line":4}\n');
  }
});

test('selectBatch and halveBatch: new bodies, lines kept', async () => {
  assert.deepEqual(plain(api.selectBatchSync('mwrite', MWRITE_BATCH, [2, 0])), {
    body: '{"documents":[{"_id":"c","body":{"s":"x"}},{"_id":"a","body":{"n":1}}]}',
    count: 2,
    firstLine: 9,
    lastLine: 2,
    lines: [9, 2],
  });
  const bulk = { body: bytes('{"index":{"_index":"&i.c","_id":"a"}}\n{"n":1}\n{"index":{"_index":"&i.c","_id":"b"}}\n{}\n'), lines: [3, 4] };
  assert.deepEqual(plain(await api.selectBatch('bulk', bulk, [1])), {
    body: '{"index":{"_index":"&i.c","_id":"b"}}\n{}\n',
    count: 1,
    firstLine: 4,
    lastLine: 4,
    lines: [4],
  });
  const halves = [api.halveBatchSync('mwrite', MWRITE_BATCH), await api.halveBatch('mwrite', MWRITE_BATCH)];
  for (const h of halves) {
    assert.deepEqual(h.map(plain), [
      { body: '{"documents":[{"_id":"a","body":{"n":1}}]}', count: 1, firstLine: 2, lastLine: 2, lines: [2] },
      { body: '{"documents":[{"_id":"b","body":{}},{"_id":"c","body":{"s":"x"}}]}', count: 2, firstLine: 5, lastLine: 9, lines: [5, 9] },
    ]);
  }
  const one = { body: bytes('{"documents":[{"_id":"a","body":{}}]}'), lines: [1] };
  assert.equal(thrown(() => api.halveBatchSync('mwrite', one)).message, 'invalid options: a batch of one document cannot be split');
  assert.equal(thrown(() => api.selectBatchSync('mwrite', MWRITE_BATCH, [3])).message, 'invalid options: position 3 is not in the batch');
  assert.equal(thrown(() => api.selectBatchSync('es', MWRITE_BATCH, [0])).message, 'invalid options: batch kind must be "mwrite" or "bulk", not "es"');
});

test('kuzzleError: the envelope error, a bare error, or null', async () => {
  const envelope = bytes('{"status":404,"error":{"id":"services.storage.not_found","message":"Not found","status":404},"result":null}');
  assert.deepEqual(api.kuzzleErrorSync(envelope), { status: 404, id: 'services.storage.not_found', message: 'Not found' });
  assert.deepEqual(await api.kuzzleError(bytes('{"message":"too large","status":413,"id":"network.http.request_too_large"}')), {
    status: 413,
    id: 'network.http.request_too_large',
    message: 'too large',
  });
  assert.equal(api.kuzzleErrorSync(bytes('{"status":200,"error":null,"result":{}}')), null);
  assert.equal(thrown(() => api.kuzzleErrorSync(bytes('[]'))).code, 'JSON_SYNTAX');
});

const PAGE = bytes(
  '{"status":200,"error":null,"result":{"hits":[{"_id":"luca","_score":1,"_source":{"city":"changmai","n":12345678901234567890123}},' +
    '{"_id":"caf\\u00e9","_score":1,"_source":{}}],"total":3,"remaining":1,"scrollId":"abc=="}}',
);
const PAGE_INFO = { hits: 2, total: 3, remaining: 1, scrollId: 'abc==', bigIntegers: true, lastId: 'café' };

test('kuzzlePage and esPage: lines and page info', async () => {
  for (const r of [api.kuzzlePageSync(PAGE, 'jsonl'), await api.kuzzlePage(PAGE, 'jsonl')]) {
    assert.equal(text(r.bytes), '{"_id":"luca","body":{"city":"changmai","n":12345678901234567890123}}\n{"_id":"caf\\u00e9","body":{}}\n');
    assert.deepEqual(r.page, PAGE_INFO);
  }
  assert.equal(
    text(api.kuzzlePageSync(PAGE, { hits: '&i.c' }).bytes),
    '{"_index":"&i.c","_type":"_doc","_id":"luca","_score":1,"_source":{"city":"changmai","n":12345678901234567890123}}\n' +
      '{"_index":"&i.c","_type":"_doc","_id":"caf\\u00e9","_score":1,"_source":{}}\n',
  );
  const es = bytes('{"_scroll_id":"sc","hits":{"total":{"value":2,"relation":"eq"},"hits":[{"_index":"&i.c","_id":"a","_score":1, "_source":{"x": 1}}]}}');
  const info = { hits: 1, total: 2, scrollId: 'sc', bigIntegers: false, lastId: 'a' };
  const lines = api.esPageSync(es, 'jsonl');
  assert.deepEqual([text(lines.bytes), lines.page], ['{"_id":"a","body":{"x":1}}\n', info]);
  const hits = await api.esPage(es, { hits: 'ignored' });
  assert.deepEqual([text(hits.bytes), hits.page], ['{"_index":"&i.c","_id":"a","_score":1,"_source":{"x":1}}\n', info]);
});

test('kuzzlePage: bad responses and formats', () => {
  assert.deepEqual(
    errorShape(thrown(() => api.kuzzlePageSync(bytes('{"result":'), 'jsonl'))),
    { isError: true, name: 'KuzzleDumpError', code: 'JSON_SYNTAX', message: 'invalid JSON in the response at byte 10: unexpected end of input, expected a JSON value' },
  );
  assert.equal(thrown(() => api.kuzzlePageSync(PAGE, 'xml')).message, 'invalid options: format: unknown variant `xml`, expected `jsonl` or `hits`');
  assert.equal(thrown(() => api.kuzzlePageSync(PAGE, { hits: 1 })).message, 'invalid options: format: invalid type: integer `1`, expected a string');
  assert.equal(thrown(() => api.kuzzlePageSync(PAGE, { jsonl: 1, hits: 'a' })).message, 'invalid options: format: invalid value: map, expected map with a single key');
  assert.equal(thrown(() => api.kuzzlePageSync(bytes('{"status":401,"error":{"id":"security.token.invalid","message":"Invalid token","status":401}}'), 'jsonl')).message,
    'I/O error: Kuzzle answered 401 security.token.invalid: Invalid token');
});
