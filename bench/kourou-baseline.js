#!/usr/bin/env node
// The Kourou algorithm with kuzzle-sdk, for bench/kuzzle.sh: not a test.
//   import: documents.jsonl read line by line, JSON.parse, bulk:mWrite batches of 200, one in flight
//   export: scroll pages of 2000 fetched one after another, each hit written with JSON.stringify
// Usage: kourou-baseline.js import FILE INDEX COLLECTION | export INDEX COLLECTION OUT
'use strict';
const fs = require('node:fs');
const readline = require('node:readline');
const { Kuzzle, Http } = require('kuzzle-sdk');

async function main() {
  const [mode, ...args] = process.argv.slice(2);
  const kuzzle = new Kuzzle(new Http(process.env.KUZZLE_HOST || '127.0.0.1', { port: Number(process.env.KUZZLE_PORT || 7512) }));
  await kuzzle.connect();
  await kuzzle.auth.login('local', { username: process.env.KUZZLE_USERNAME || 'admin', password: process.env.KUZZLE_PASSWORD || 'password' });
  let n = 0;
  if (mode === 'import') {
    const [file, index, collection] = args;
    const rl = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
    let batch = [];
    let header = true;
    for await (const line of rl) {
      if (header) { header = false; continue; }
      if (!line) continue;
      const d = JSON.parse(line);
      batch.push({ _id: d._id, body: d.body });
      if (batch.length === 200) {
        await kuzzle.bulk.mWrite(index, collection, batch);
        n += batch.length;
        batch = [];
      }
    }
    if (batch.length) { await kuzzle.bulk.mWrite(index, collection, batch); n += batch.length; }
    await kuzzle.collection.refresh(index, collection);
  } else {
    const [index, collection, out] = args;
    const fd = fs.openSync(out, 'w');
    fs.writeSync(fd, JSON.stringify({ type: 'collection', index, collection }) + '\n');
    let results = await kuzzle.document.search(index, collection, {}, { scroll: '20s', size: 2000 });
    while (results) {
      let text = '';
      for (const hit of results.hits) text += JSON.stringify({ _id: hit._id, body: hit._source }) + '\n';
      fs.writeSync(fd, text);
      n += results.hits.length;
      results = await results.next();
    }
    fs.closeSync(fd);
  }
  kuzzle.disconnect();
  console.log(JSON.stringify({ documents: n }));
}
main().catch((e) => { console.error(e); process.exit(1); });
