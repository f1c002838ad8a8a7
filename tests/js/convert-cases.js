'use strict';
// The shared tests/fixtures/convert-*/convert.json cases (as core/tests/convert_fixtures.rs reads
// them): every conversion with its input files, its expected output files and folders, findings,
// left-out indices and owner-only files. Not a test file: convert.test.js and cli-offline.test.js
// use it.

const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const fixtures = path.join(__dirname, '..', 'fixtures');

function files(root, rel = '', out = new Map()) {
  for (const e of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) files(root, r, out);
    else out.set(r, fs.readFileSync(path.join(root, r)));
  }
  return out;
}

/** The union of the folders' files: path → bytes. */
function union(caseDir, folders) {
  const all = new Map();
  for (const f of [folders ?? []].flat()) for (const [p, b] of files(path.join(caseDir, f))) all.set(p, b);
  return all;
}

/** Every conversion of every case. */
function conversions() {
  const out = [];
  for (const name of fs.readdirSync(fixtures).filter((n) => n.startsWith('convert-')).sort()) {
    const dir = path.join(fixtures, name);
    const { conversions: list } = JSON.parse(fs.readFileSync(path.join(dir, 'convert.json'), 'utf8'));
    for (const c of list) {
      out.push({
        label: `${name}: ${c.from} → ${c.to}${c.gzip ? ' (gzip)' : ''}`,
        from: c.from,
        to: c.to,
        gzip: Boolean(c.gzip),
        input: union(dir, c.input),
        inputDirs: c.inputDirs ?? [],
        expected: union(dir, c.expected),
        expectedDirs: c.expectedDirs ?? [],
        findings: c.findings ?? [],
        leftOut: c.leftOut ?? [],
        secret: c.secret ?? [],
      });
    }
  }
  return out;
}

/** Output files with `.gz` ones gunzipped (as the cases expect them). */
function plain(outputs, gzip) {
  const out = new Map();
  for (const [p, b] of outputs) {
    if (gzip && p.endsWith('.gz')) out.set(p.slice(0, -3), zlib.gunzipSync(b));
    else out.set(p, b);
  }
  return out;
}

module.exports = { conversions, plain, files };
