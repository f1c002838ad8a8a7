'use strict';
// The import plan of a dump folder: the core orders the files; it needs the `type` of each small
// JSON file, read here (documents.json fixtures are not read).

const fs = require('node:fs');
const path = require('node:path');

const core = () => require('../index.js');

async function plan(root, paths) {
  const types = {};
  for (const p of paths) {
    if (!/\.json$/.test(p) || /(^|\/)documents\.json$/.test(p)) continue;
    const file = path.join(root, p);
    if (fs.statSync(file).size > 64 << 20) continue;
    try {
      const v = JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
      types[p] = typeof v?.type === 'string' ? v.type : null;
    } catch {
      types[p] = null;
    }
  }
  return core().planImportSync(paths, types);
}

module.exports = { plan };
