#!/usr/bin/env node
'use strict';
// Writes a Kourou dump of an nyc-open-data-like index (DOCS yellow-taxi trips, 2,000 green-taxi
// trips, mappings) plus roles, profiles and users: the demo's sample data. Deterministic.
// Usage: node examples/sample-dump.js OUT_DIR [DOCS=50000]

const fs = require('node:fs');
const path = require('node:path');

const out = process.argv[2];
const docs = Number(process.argv[3] || 50_000);
if (!out) {
  console.error('usage: node examples/sample-dump.js OUT_DIR [DOCS]');
  process.exit(2);
}

const pretty = (v) => JSON.stringify(v, null, 2);
function write(rel, text) {
  const file = path.join(out, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

const tripMapping = {
  dynamic: 'false',
  properties: {
    VendorID: { type: 'integer' },
    fare_amount: { type: 'float' },
    passenger_count: { type: 'integer' },
    payment_type: { type: 'integer' },
    pickup: { type: 'geo_point' },
    store_and_fwd_flag: { type: 'keyword' },
    tpep_pickup_datetime: { type: 'date' },
    trip_distance: { type: 'float' },
  },
};

function trips(collection, n, seed) {
  const lines = [JSON.stringify({ type: 'collection', index: 'nyc-open-data', collection })];
  for (let i = 0; i < n; i++) {
    const k = i + seed;
    lines.push(JSON.stringify({
      _id: `${collection}-${i}`,
      body: {
        VendorID: 1 + (k % 2),
        tpep_pickup_datetime: `2024-01-${String(1 + (k % 28)).padStart(2, '0')}T${String(k % 24).padStart(2, '0')}:1${k % 10}:00Z`,
        passenger_count: k % 5,
        trip_distance: (k % 1000) / 37,
        pickup: { lat: 40.7 + (k % 100) / 1000, lon: -73.9 - (k % 100) / 1000 },
        store_and_fwd_flag: k % 7 ? 'N' : 'Y',
        payment_type: k % 4,
        fare_amount: (k % 5000) / 100,
        note: `café «${k}» 🚕`,
        _kuzzle_info: { author: 'sample', createdAt: 1700000000000 + k * 1000, updatedAt: null, updater: null },
      },
    }));
  }
  return lines.join('\n') + '\n';
}

for (const [collection, n, seed] of [['yellow-taxi', docs, 0], ['green-taxi', 2000, 7]]) {
  write(`nyc-open-data/${collection}/documents.jsonl`, trips(collection, n, seed));
  write(`nyc-open-data/${collection}/mappings.json`, pretty({
    type: 'mappings', content: { 'nyc-open-data': { [collection]: { mappings: tripMapping } } },
  }));
}
write('roles/roles.json', pretty({
  type: 'roles',
  content: {
    'taxi-reader': { controllers: { document: { actions: { get: true, search: true } } } },
    'taxi-writer': { controllers: { document: { actions: { create: true, update: true, delete: true } } } },
  },
}));
write('profiles/profiles.json', pretty({
  type: 'profiles',
  content: {
    dispatcher: { policies: [{ roleId: 'taxi-reader', restrictedTo: [{ index: 'nyc-open-data' }] }, { roleId: 'taxi-writer' }], rateLimit: 50 },
  },
}));
write('users/users.json', pretty({
  type: 'users',
  content: {
    'driver-1': { content: { profileIds: ['dispatcher'], name: 'Ngọc Anh' }, credentials: {} },
    'driver-2': { content: { profileIds: ['dispatcher'], name: 'Kim' }, credentials: {} },
  },
}));
console.log(`sample dump written to ${out}: ${docs} + 2000 documents, 2 roles, 1 profile, 2 users`);
