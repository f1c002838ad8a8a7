#!/usr/bin/env node
// The stack's ceiling for bench/kuzzle.sh (not a test): a Kourou documents.jsonl written
// straight to OpenSearch with _bulk, 5000 documents per request, 4 requests in flight, no
// JSON parsing (the id and body are sliced out of each canonical line). The index is the
// collection's physical one (&<index>.<collection>), created through Kuzzle beforehand.
// Usage: os-ceiling.js FILE OPENSEARCH_URL PHYSICAL_INDEX
'use strict';
const fs = require('node:fs');
const http = require('node:http');
const readline = require('node:readline');

const [file, osUrl, physical] = process.argv.slice(2);
const url = new URL(osUrl);
const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
const action = (id) => `{"index":{"_index":${JSON.stringify(physical)},"_id":${id}}}\n`;

function post(body) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: '/_bulk', method: 'POST', agent, headers: { 'content-type': 'application/x-ndjson', 'content-length': Buffer.byteLength(body) } }, (res) => {
      const parts = [];
      res.on('data', (c) => parts.push(c));
      res.on('end', () => {
        const text = Buffer.concat(parts).toString();
        if (res.statusCode !== 200 || text.includes('"errors":true')) reject(new Error(`bulk: ${res.statusCode} ${text.slice(0, 300)}`));
        else resolve();
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function main() {
  const rl = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  const inflight = new Set();
  let body = '';
  let count = 0;
  let n = 0;
  let header = true;
  const flush = async () => {
    const p = post(body).finally(() => inflight.delete(p));
    inflight.add(p);
    body = '';
    count = 0;
    if (inflight.size >= 4) await Promise.race(inflight);
  };
  for await (const line of rl) {
    if (header) { header = false; continue; }
    if (!line) continue;
    const idEnd = line.indexOf('","body":');
    body += action(line.slice(7, idEnd + 1)) + line.slice(idEnd + 9, -1) + '\n';
    count++;
    n++;
    if (count === 5000) await flush();
  }
  if (count) await flush();
  await Promise.all(inflight);
  await new Promise((resolve, reject) => http.request({ host: url.hostname, port: url.port, path: `/${encodeURIComponent(physical)}/_refresh`, method: 'POST', agent }, (res) => { res.resume(); res.on('end', resolve); }).on('error', reject).end());
  agent.destroy();
  console.log(JSON.stringify({ documents: n }));
}
main().catch((e) => { console.error(e.message); process.exit(1); });
