'use strict';
// The viewer end to end: `kuzzle-dump viewer` serving the built app (and a fixture dump), Debian's
// Chromium opening it. Asserts what the page shows, as text, and that nothing left 127.0.0.1.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { fixtures, startViewer, launch, newPage, offSite, screenshot, opened } = require('./helpers');


let browser;
test.before(async () => {
  browser = await launch();
});
test.after(async () => {
  await browser?.close();
});

const text = (page, sel) => page.locator(sel).innerText();
const fact = (page, name) => text(page, `[data-fact=${name}]`);

async function withDump(dir, fn) {
  const server = await startViewer(dir);
  const { page, requests, errors } = await newPage(browser);
  try {
    await page.goto(server.url);
    await fn(page, server);
    assert.deepEqual(offSite(requests), [], 'every request stayed on 127.0.0.1');
    assert.ok(requests.some((u) => u.endsWith('.wasm')), 'the wasm module was loaded');
    assert.deepEqual(errors, []);
  } finally {
    await page.context().close();
    await server.stop();
  }
}

test('Kourou dump served by kuzzle-dump viewer PATH: overview, mapping tree, exact document', async () => {
  await withDump(path.join(fixtures, 'dump-kourou-valid', 'input'), async (page) => {
    assert.equal(await opened(page), 'ready');
    assert.equal(await fact(page, 'format'), 'Kourou');
    assert.equal(await fact(page, 'documents'), '2');
    assert.equal(await fact(page, 'collections'), '1');
    assert.equal(await fact(page, 'findings'), '0 errors, 0 warnings');
    const row = page.locator('#collections tr[data-key="nyc-open-data/yellow-taxi"] td');
    assert.deepEqual((await row.allInnerTexts()).slice(0, 4), ['nyc-open-data', 'yellow-taxi', '2', '2']);
    for (const kind of ['roles', 'profiles', 'users']) assert.equal(await page.locator(`#security tr[data-kind=${kind}]`).count(), 1, kind);
    await screenshot(page, 'kourou-overview');

    await page.getByRole('tab', { name: 'Mappings' }).click();
    const tree = page.locator('#mapping-tree');
    assert.equal(await tree.locator('li[data-field=city] .type').innerText(), 'keyword');
    assert.equal(await tree.locator('li[data-field=district] .type').innerText(), 'integer');
    await screenshot(page, 'kourou-mappings');

    await page.getByRole('tab', { name: 'Documents' }).click();
    await page.waitForFunction(() => document.body.dataset.rows === '2');
    const ids = await page.locator('#docs tbody tr td:nth-child(3)').allInnerTexts();
    assert.deepEqual(ids, ['chuon-chuon-kim', 'the-hive-vn']);
    // Keyboard: focus the first row, arrow down, Enter opens the detail.
    await page.locator('#docs tbody tr').first().focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.body.dataset.detail === 'nyc-open-data/yellow-taxi/documents.jsonl:3');
    const json = await page.locator('#detail-json').textContent();
    assert.equal(json, [
      '{',
      '  "_id": "the-hive-vn",',
      '  "body": {',
      '    "city": "hcmc",',
      '    "district": 2,',
      '    "big": 12345678901234567890123,',
      '    "_kuzzle_info": {',
      '      "author": "test-admin",',
      '      "createdAt": 1700000000001,',
      '      "updatedAt": null,',
      '      "updater": null',
      '    }',
      '  }',
      '}',
    ].join('\n'));
    await screenshot(page, 'kourou-document');

    // Search by _id, then by a field value.
    await page.fill('#search-value', 'the-hive-vn');
    await page.click('#search button[type=submit]');
    await page.waitForFunction(() => /1 matches/.test(document.getElementById('page-info').textContent));
    assert.deepEqual(await page.locator('#docs tbody tr td:nth-child(3)').allInnerTexts(), ['the-hive-vn']);
    await page.selectOption('#search-mode', 'value');
    await page.fill('#search-field', 'district');
    await page.fill('#search-value', '1');
    await page.click('#search button[type=submit]');
    await page.waitForFunction(() => /1 matches/.test(document.getElementById('page-info').textContent) && document.querySelector('#docs tbody td:nth-child(3)')?.textContent === 'chuon-chuon-kim');
    await page.fill('#search-value', 'nowhere');
    await page.click('#search button[type=submit]');
    await page.waitForFunction(() => /^0 matches/.test(document.getElementById('page-info').textContent));

    await page.getByRole('tab', { name: 'Charts' }).click();
    await page.waitForSelector('#chart-fields');
    const labels = await page.locator('#chart-fields text').allTextContents();
    for (const f of ['city', 'district', 'big', '_kuzzle_info.createdAt']) assert.ok(labels.includes(f), f);
    assert.equal(await page.locator('#chart-time rect').count(), 40);
    await screenshot(page, 'kourou-charts');
  });
});

test('a dump with errors: the findings, each linking to its line', async () => {
  await withDump(path.join(fixtures, 'dump-bad-lines', 'input'), async (page) => {
    assert.equal(await opened(page), 'ready');
    const expected = JSON.parse(fs.readFileSync(path.join(fixtures, 'dump-bad-lines', 'expected.json'), 'utf8'));
    assert.equal(await fact(page, 'documents'), String(expected.documents));
    await page.getByRole('tab', { name: 'Validation' }).click();
    const codes = await page.locator('#findings tbody tr').evaluateAll((trs) => trs.map((tr) => tr.dataset.code));
    assert.deepEqual(codes, expected.findings.map((f) => f.code));
    const where = await page.locator('#findings button.goto').allInnerTexts();
    assert.equal(where[0], 'nyc-open-data/yellow-taxi/documents.jsonl:3:31');
    await screenshot(page, 'bad-lines-validation');
    // The JSON_SYNTAX finding opens line 3, shown as it is with the parse error.
    await page.locator('#findings button.goto').first().click();
    await page.waitForFunction(() => document.body.dataset.detail === 'nyc-open-data/yellow-taxi/documents.jsonl:3');
    assert.equal(await page.locator('#detail-json').textContent(), '{"_id":"b","body":{"city":"y"}');
    assert.match(await page.locator('#detail-error').textContent(), /does not parse/);
    assert.equal(await page.locator('#docs tbody tr.selected td:nth-child(2)').innerText(), '3');
    await screenshot(page, 'bad-lines-document');
  });
});

test('multielasticdump gzip folder opened with the file picker: counts, mapping, exact document', async () => {
  const dir = path.join(fixtures, 'dump-elasticdump-gzip', 'input');
  await withDump(null, async (page) => {
    const files = fs.readdirSync(dir).map((n) => path.join(dir, n));
    await page.setInputFiles('#pick-files', files);
    assert.equal(await opened(page), 'ready');
    assert.equal(await fact(page, 'format'), 'elasticdump');
    const expected = JSON.parse(fs.readFileSync(path.join(fixtures, 'dump-elasticdump-gzip', 'expected.json'), 'utf8'));
    assert.equal(await fact(page, 'documents'), String(expected.documents));
    assert.equal(await page.locator('#collections tr[data-key="nyc-open-data/yellow-taxi"]').count(), 1);
    await screenshot(page, 'elasticdump-gzip-overview');
    await page.getByRole('tab', { name: 'Mappings' }).click();
    assert.equal(await page.locator('#mapping-tree li[data-field=city] .type').innerText(), 'keyword');
    assert.equal(await page.locator('#mapping-tree li[data-field=_kuzzle_info] li[data-field=createdAt] .type').innerText(), 'date');
    await page.getByRole('tab', { name: 'Documents' }).click();
    await page.waitForFunction(() => Number(document.body.dataset.rows) > 0);
    await page.locator('#docs tbody tr').first().click();
    await page.waitForFunction(() => document.body.dataset.detail?.endsWith(':1'));
    const json = await page.locator('#detail-json').textContent();
    assert.match(json, /^\{\n {2}"_index": "&nyc-open-data\.yellow-taxi",\n/);
    assert.match(json, /"_id": "chuon-chuon-kim"/);
    assert.match(json, /"createdAt": 1700000000000,/);
  });
});

test('gzip beyond the keep cap: rows, document, search and charts inflate the file again', async () => {
  const dir = path.join(fixtures, 'dump-elasticdump-gzip', 'input');
  const server = await startViewer(dir);
  const { page, requests, errors } = await newPage(browser);
  try {
    await page.goto(`${server.url}&gzipKeep=0`);
    assert.equal(await opened(page), 'ready');
    await page.getByRole('tab', { name: 'Documents' }).click();
    await page.selectOption('#collection', 'nyc-open-data/yellow-taxi');
    await page.waitForFunction(() => Number(document.body.dataset.rows) > 1);
    const ids = await page.locator('#docs tbody tr td:nth-child(3)').allInnerTexts();
    await page.locator('#docs tbody tr').nth(1).click();
    await page.waitForFunction(() => document.body.dataset.detail?.endsWith(':2'));
    assert.match(await page.locator('#detail-json').textContent(), new RegExp(`"_id": "${ids[1]}"`));
    await page.fill('#search-value', ids[1]);
    await page.click('#search button[type=submit]');
    await page.waitForFunction(() => /^1 matches/.test(document.getElementById('page-info').textContent));
    assert.deepEqual(await page.locator('#docs tbody tr td:nth-child(3)').allInnerTexts(), [ids[1]]);
    await page.getByRole('tab', { name: 'Charts' }).click();
    await page.waitForSelector('#chart-fields');
    assert.ok((await page.locator('#chart-fields text').allTextContents()).includes('city'));
    assert.deepEqual(offSite(requests), []);
    assert.deepEqual(errors, []);
  } finally {
    await page.context().close();
    await server.stop();
  }
});

test('es:migrate folder opened with the folder picker: counts and findings', async () => {
  const dir = path.join(fixtures, 'dump-es-migrate', 'input');
  const expected = JSON.parse(fs.readFileSync(path.join(fixtures, 'dump-es-migrate', 'expected.json'), 'utf8'));
  await withDump(null, async (page) => {
    await page.setInputFiles('#pick-folder', dir);
    assert.equal(await opened(page), 'ready');
    assert.equal(await fact(page, 'format'), 'es:migrate');
    assert.equal(await fact(page, 'documents'), String(expected.documents));
    await page.getByRole('tab', { name: 'Validation' }).click();
    const codes = await page.locator('#findings tbody tr').evaluateAll((trs) => trs.map((tr) => tr.dataset.code));
    assert.deepEqual(codes, expected.findings.map((f) => f.code));
    await screenshot(page, 'es-migrate-validation');
  });
});

test('files dropped on the page: a single documents file', async () => {
  const file = path.join(fixtures, 'dump-kourou-html', 'input', 'shop', 'items', 'documents.jsonl');
  const content = fs.readFileSync(file, 'utf8');
  await withDump(null, async (page) => {
    // A synthetic drop (no file-system entries): the page falls back to dataTransfer.files.
    await page.evaluate((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'documents.jsonl'));
      document.body.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
      document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, content);
    assert.equal(await opened(page), 'ready');
    assert.equal(await fact(page, 'documents'), '2');
    assert.equal(await page.locator('#collections tr[data-key="shop/items"]').count(), 1);
  });
});

test('HTML and <script> in a document show as text, never run', async () => {
  await withDump(path.join(fixtures, 'dump-kourou-html', 'input'), async (page) => {
    assert.equal(await opened(page), 'ready');
    await page.getByRole('tab', { name: 'Documents' }).click();
    await page.waitForFunction(() => document.body.dataset.rows === '2');
    const first = page.locator('#docs tbody tr').first();
    assert.equal(await first.locator('td:nth-child(3)').innerText(), '<b>bold-id</b>');
    assert.match(await first.locator('td:nth-child(4)').innerText(), /<script>window\.__pwned = 1<\/script>/);
    await first.click();
    await page.waitForFunction(() => document.body.dataset.detail?.endsWith(':2'));
    const json = await page.locator('#detail-json').textContent();
    assert.match(json, /"title": "<script>window.__pwned = 1<\/script>"/);
    assert.match(json, /"price": 9007199254740993,/); // beyond 2^53: as in the file
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.equal(await page.locator('#view-documents script, #view-documents img, #view-documents b').count(), 0);
    await page.locator('#docs tbody tr').nth(1).click();
    await page.waitForFunction(() => document.body.dataset.detail?.endsWith(':3'));
    assert.match(await page.locator('#detail-json').textContent(), /"price": 1.10,\n/);
    await screenshot(page, 'html-as-text');
  });
});
