#!/usr/bin/env node
'use strict';
// Benchmark (not a test): the viewer opening the generated 1,000,000-document yellow-taxi dump
// (a Kourou folder) in Debian's Chromium, time until the overview shows and the tab's peak
// memory, side by side with `kuzzle-dump inspect` on the same folder (native backend).
//   node bench/viewer.js [DOCS]        (needs js/viewer/: npm run build)
// The tab's memory is the renderer process's peak RSS (VmHWM; the worker runs in it), read
// from /proc after the load; the browser and GPU processes are not counted.

const { spawn, spawnSync, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');

const root = path.join(__dirname, '..');
const docs = Number(process.argv[2] || 1000000);
const shared = process.env.KD_SHARED || [path.join(root, '..', 'shared'), '/work/shared'].find((d) => fs.existsSync(d));
const data = path.join(root, 'bench', 'data', `taxi-${docs}.jsonl`);
const dump = path.join(root, 'bench', 'data', `viewer-${docs}`);
const docFile = path.join(dump, 'nyc-open-data', 'yellow-taxi', 'documents.jsonl');

if (!fs.existsSync(data) || fs.statSync(data).size === 0) {
  fs.mkdirSync(path.dirname(data), { recursive: true });
  execFileSync(process.execPath, [path.join(shared, 'bench', 'gen-taxi.js'), String(docs), data], { stdio: 'inherit' });
}
if (!fs.existsSync(docFile)) {
  fs.mkdirSync(path.dirname(docFile), { recursive: true });
  fs.linkSync(data, docFile); // a hard link: the same bytes as a Kourou folder
}
execFileSync('cat', [data], { stdio: ['ignore', 'ignore', 'inherit'] }); // warm the page cache

function inspectNative() {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', 'RSS_KB=%M', process.execPath, path.join(root, 'js', 'cli.js'), 'inspect', dump, '--json'], {
    env: { ...process.env, KUZZLE_DUMP_BACKEND: 'native' },
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`inspect failed: ${r.stderr}`);
  const documents = JSON.parse(r.stdout).documents;
  return { ms, documents, rssMB: Number(/RSS_KB=(\d+)/.exec(r.stderr)[1]) / 1024 };
}

function descendants(pid) {
  const children = new Map();
  for (const p of fs.readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const stat = fs.readFileSync(`/proc/${p}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(p));
    } catch {}
  }
  const out = [];
  const walk = (p) => {
    for (const c of children.get(p) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

/** Peak RSS (MB) of the renderer processes under `pid` (this script: Playwright spawns Chromium). */
function rendererPeakMB(browserPid) {
  let peak = 0;
  for (const p of descendants(browserPid)) {
    try {
      if (!fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').includes('--type=renderer')) continue;
      const hwm = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${p}/status`, 'utf8'));
      if (hwm) peak = Math.max(peak, Number(hwm[1]) / 1024);
    } catch {}
  }
  return peak;
}

async function startViewer(dir) {
  const child = spawn(process.execPath, [path.join(root, 'js', 'cli.js'), 'viewer', ...(dir ? [dir] : [])], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /^(http:\S+)$/m.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (c) => reject(new Error(`viewer exited ${c}`)));
  });
  return { url, stop: () => new Promise((r) => { child.once('exit', r); child.kill('SIGTERM'); }) };
}

/** Opens the dump in a fresh browser, by `how` ('served': kuzzle-dump viewer PATH; 'picked': the folder picker). */
async function viewer(how) {
  const server = await startViewer(how === 'served' ? dump : null);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] });
  try {
    const page = await browser.newPage();
    let t0;
    if (how === 'served') {
      t0 = Date.now();
      await page.goto(server.url);
    } else {
      await page.goto(server.url);
      t0 = Date.now();
      await page.setInputFiles('#pick-folder', dump);
    }
    await page.waitForFunction(() => document.body.dataset.state === 'ready' || document.body.dataset.state === 'error', null, { timeout: 600000 });
    const ms = Date.now() - t0;
    const state = await page.evaluate(() => document.body.dataset.state);
    if (state !== 'ready') throw new Error(await page.locator('#status').innerText());
    const documents = Number((await page.locator('[data-fact=documents]').innerText()).replace(/,/g, ''));
    const status = await page.evaluate(() => document.body.dataset.timing);
    return { ms, documents, peakMB: rendererPeakMB(process.pid), status };
  } finally {
    await browser.close();
    await server.stop();
  }
}

(async () => {
  const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  const mb = fs.statSync(data).size / 1e6;
  const load = fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
  console.log(`# ${new Date().toISOString()} ${sha} ${docs} documents, ${mb.toFixed(0)} MB, load ${load}`);
  for (let run = 1; run <= Number(process.env.RUNS || 3); run++) {
    const n = inspectNative();
    console.log(`inspect native      run ${run}: ${(n.ms / 1000).toFixed(2)} s, ${n.documents} documents, peak RSS ${n.rssMB.toFixed(0)} MB`);
    for (const how of ['served', 'picked']) {
      const v = await viewer(how);
      console.log(`viewer ${how.padEnd(12)} run ${run}: ${(v.ms / 1000).toFixed(2)} s (${(v.ms / n.ms).toFixed(2)}x inspect), ${v.documents} documents, renderer peak RSS ${v.peakMB.toFixed(0)} MB | ${v.status}`);
    }
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
