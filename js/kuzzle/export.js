'use strict';
// collection:export and index:export through the Kuzzle API: pages go from the HTTP response
// straight to the core, which returns the file's bytes; the next page is fetched while the
// current one is written. Nothing is kept per document in JS.

const path = require('node:path');
// The backend loads on first use, so that --help and usage errors work without it.
const core = () => require('../index.js');
const { AtomicFile, writeFileAtomic, safeJoin } = require('../io/files');

const EXTENSIONS = { jsonl: 'jsonl', csv: 'csv', kuzzle: 'json' };

/** Stored collections of an index (realtime ones have no documents). */
async function listCollections(k, index) {
  const result = await k.api('GET', `/${encodeURIComponent(index)}/_list`, { query: { size: 10000 } });
  return (result.collections ?? []).filter((c) => c.type !== 'realtime').map((c) => c.name);
}

/** Writes `<root>/<index>/<collection>/mappings.json` from the live mapping and settings. */
async function exportMappings(k, index, collection, dir) {
  const base = `/${encodeURIComponent(index)}/${encodeURIComponent(collection)}`;
  const mapping = await k.call('GET', `${base}/_mapping`);
  const settings = await k.call('GET', `${base}/_settings`).catch(() => null);
  const bytes = core().mappingsFileSync(index, collection, mapping.body, settings?.body);
  await writeFileAtomic(path.join(dir, 'mappings.json'), bytes);
}

/**
 * Exports one collection.
 * @returns {Promise<{documents: number, total: number, file?: string}>}
 */
async function exportCollection(k, { index, collection, root, format = 'jsonl', type = 'all', batchSize = 2000, scrollTTL = '20s', query = {}, fields, onProgress, signal, resume = false }) {
  const dir = safeJoin(root, `${index}/${collection}`);
  if (type !== 'data') await exportMappings(k, index, collection, dir);
  if (type === 'mappings') return { documents: 0, total: 0 };
  const base = `/${encodeURIComponent(index)}/${encodeURIComponent(collection)}`;
  let mapping;
  if (format === 'csv' && !fields) mapping = await k.api('GET', `${base}/_mapping`);
  const file = path.join(dir, `documents.${EXTENSIONS[format]}`);
  if (resume) return require('./export-resume').exportResumable(k, { index, collection, file, format, fields, mapping, batchSize, query, onProgress, signal });
  const exporter = new (core().Exporter)({ format, index, collection, fields, mapping });
  const out = new AtomicFile(file);
  try {
    out.write(exporter.header());
    const size = Math.min(batchSize, k.limits.documentsFetchCount);
    let next = k.call('POST', `${base}/_search`, { query: { scroll: scrollTTL, size }, body: { query }, signal });
    let total = 0;
    let documents = 0;
    for (;;) {
      const res = await next;
      const { bytes, page } = await exporter.pushPage(res.body);
      total = page.total ?? total;
      documents += page.hits;
      // Fetch the next page while this one is written.
      const more = page.hits > 0 && page.scrollId && page.remaining > 0;
      if (more) next = k.call('GET', `/_scroll/${encodeURIComponent(page.scrollId)}`, { query: { scroll: scrollTTL }, signal });
      await out.write(bytes);
      onProgress?.({ documents, total });
      if (!more) break;
    }
    out.write(exporter.finish());
    if (documents !== total) {
      throw Object.assign(new Error(`${index}/${collection}: exported ${documents} documents but the search counted ${total}; nothing was written`), { name: 'KuzzleDumpError', code: 'EXPORT_INCOMPLETE' });
    }
    await out.close();
    return { documents, total, file };
  } catch (e) {
    out.abort();
    throw e;
  }
}

module.exports = { exportCollection, exportMappings, listCollections };
