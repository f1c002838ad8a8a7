'use strict';
// collection:export --resume: pages sorted on _id and fetched with search_after (a scroll cannot
// be resumed), so that an interrupted export continues after the last document it wrote. A
// checkpoint next to the partial file records that document's _id and the bytes written; on
// resume the partial file is cut back to those bytes, so nothing is written twice or lost.

const fs = require('node:fs');
const path = require('node:path');
const { writeFileAtomic } = require('../io/files');
// The same name as an import's checkpoint: one file's checkpoint, whichever run left it.
const { checkpointPath } = require('./import');

const core = () => require('../index.js');

function readCheckpoint(file, key) {
  try {
    const c = JSON.parse(fs.readFileSync(checkpointPath(file), 'utf8'));
    if (c.key === key && fs.statSync(`${file}.partial`).size >= c.bytes) return c;
  } catch { /* none, or for another export */ }
  return null;
}

/**
 * Exports `<base>` into `file` (already resolved) with search_after on _id, resuming from the
 * checkpoint when there is one for the same collection, format and query.
 * @returns {Promise<{documents: number, total: number, file: string, resumedFrom: number}>}
 */
async function exportResumable(k, { index, collection, file, format, fields, mapping, batchSize, query, onProgress, signal }) {
  const base = `/${encodeURIComponent(index)}/${encodeURIComponent(collection)}`;
  const key = JSON.stringify({ index, collection, format, fields: fields ?? null, query });
  const partial = `${file}.partial`;
  const exporter = new (core().Exporter)({ format, index, collection, fields, mapping });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const cp = readCheckpoint(file, key);
  let documents = cp?.documents ?? 0;
  let bytes = cp?.bytes ?? 0;
  let lastId = cp?.lastId ?? null;
  const resumedFrom = documents;
  const fd = fs.openSync(partial, cp ? 'r+' : 'w');
  try {
    fs.ftruncateSync(fd, bytes);
    const write = (buf) => {
      let off = 0;
      while (off < buf.length) off += fs.writeSync(fd, buf, off, buf.length - off, bytes + off);
      bytes += buf.length;
    };
    if (!cp) write(Buffer.from(exporter.header()));
    const size = Math.min(batchSize, k.limits.documentsFetchCount);
    const search = (after) => k.call('POST', `${base}/_search`, {
      query: { size }, body: { query, sort: [{ _id: 'asc' }], ...(after !== null ? { search_after: [after] } : {}) }, signal,
    });
    let next = search(lastId);
    for (;;) {
      const res = await next;
      const { bytes: out, page } = await exporter.pushPage(res.body);
      const more = page.hits === size;
      if (more) next = search(page.lastId);
      write(Buffer.from(out));
      documents += page.hits;
      if (page.hits) lastId = page.lastId;
      fs.fsyncSync(fd);
      await writeFileAtomic(checkpointPath(file), JSON.stringify({ key, lastId, documents, bytes }));
      onProgress?.({ documents, total: documents + (more ? size : 0) });
      if (!more) break;
    }
    const counted = await k.api('POST', `${base}/_count`, { body: { query }, signal });
    if (counted?.count !== documents) {
      fs.closeSync(fd);
      fs.rmSync(partial, { force: true });
      fs.rmSync(checkpointPath(file), { force: true });
      throw Object.assign(new Error(`${index}/${collection}: exported ${documents} documents but the collection now counts ${counted?.count}; nothing was written`), { name: 'KuzzleDumpError', code: 'EXPORT_INCOMPLETE' });
    }
    write(Buffer.from(exporter.finish()));
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(partial, file);
    fs.rmSync(checkpointPath(file), { force: true });
    return { documents, total: documents, file, resumedFrom };
  } catch (e) {
    try { fs.closeSync(fd); } catch { /* closed */ }
    throw e; // the partial file and its checkpoint stay, for the next --resume
  }
}

module.exports = { exportResumable, checkpointPath };
