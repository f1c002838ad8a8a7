'use strict';
// What the browser tests share: `kuzzle-dump viewer` started as a child process (its printed
// URL), Debian's Chromium through playwright-core, the URLs every page requested, screenshots.

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');

const root = path.join(__dirname, '..', '..');
const fixtures = path.join(root, 'tests', 'fixtures');
const artifacts = path.join(__dirname, 'artifacts');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Starts `kuzzle-dump viewer [dir]`; resolves to {url, stop()} once it printed its URL. */
function startViewer(dir) {
  const child = spawn(process.execPath, [path.join(root, 'js', 'cli.js'), 'viewer', ...(dir ? [dir] : [])], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /^(http:\/\/127\.0\.0\.1:\d+\/\S*)$/m.exec(out);
      if (m) {
        resolve({
          url: m[1],
          stop: () => new Promise((res) => {
            child.once('exit', res);
            child.kill('SIGTERM');
          }),
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`kuzzle-dump viewer exited ${code}: ${stderr}`)));
  });
}

async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
  });
}

/** A page that records every URL it requests and every page error. */
async function newPage(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const requests = [];
  const errors = [];
  // On the context: the worker's requests (the wasm module, the dump's files) are seen too.
  context.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  return { page, requests, errors };
}

/** Every URL requested was on 127.0.0.1 (or a blob:/data: URL made by the page itself). */
function offSite(requests) {
  return requests.filter((u) => !/^http:\/\/127\.0\.0\.1:\d+\//.test(u) && !/^(blob|data):/.test(u));
}

async function screenshot(page, name) {
  fs.mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
}

/** Waits until a dump is open (or failed to open). */
async function opened(page) {
  await page.waitForFunction(() => ['ready', 'error'].includes(document.body.dataset.state), null, { timeout: 30000 });
  return page.evaluate(() => document.body.dataset.state);
}

module.exports = { root, fixtures, startViewer, launch, newPage, offSite, screenshot, opened };
