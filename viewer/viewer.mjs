// The viewer's page: opening a dump (pickers, drag and drop, or the dump `kuzzle-dump viewer
// PATH` serves), and the views. All the reading happens in worker.mjs; this module only sends
// requests and renders what comes back. Data from the dump is always set as text (`h()` makes
// text nodes, never markup).

// `?gzipKeep=N` (bytes) is passed on to the worker: how much inflated gzip it keeps (tests).
const gzipKeep = new URLSearchParams(location.search).get('gzipKeep');
const workerUrl = new URL('./worker.mjs', import.meta.url);
if (gzipKeep !== null) workerUrl.searchParams.set('gzipKeep', String(Number(gzipKeep)));
const worker = new Worker(workerUrl, { type: 'module' });
const pending = new Map();
let nextId = 1;
worker.onmessage = (ev) => {
  const m = ev.data;
  if (m.type === 'progress') return showProgress(m);
  const p = pending.get(m.id);
  if (!p) return;
  pending.delete(m.id);
  if (m.ok) p.resolve(m.result);
  else p.reject(Object.assign(new Error(m.error.message), m.error));
};
function ask(type, args = {}) {
  return new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, type, ...args });
  });
}

const $ = (id) => document.getElementById(id);
const SVG = 'http://www.w3.org/2000/svg';

/** An element; string and number children become text nodes. */
function h(tag, attrs = {}, ...children) {
  const el = attrs.svg ? document.createElementNS(SVG, tag) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'svg' || v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.setAttribute('class', v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}
const svg = (tag, attrs, ...children) => h(tag, { ...attrs, svg: true }, ...children);

const fmt = (n) => Number(n).toLocaleString('en-US');
function bytes(n) {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${i ? n.toFixed(1) : n} ${units[i]}`;
}

let dump = null; // { report, format, collections, loadMs }
const view = { name: 'overview', key: null, page: 0, pageSize: 50, hits: null, selected: null };

// ---- opening ----------------------------------------------------------------------------

function showProgress({ done, total, file }) {
  $('progress').hidden = false;
  $('progress-bar').value = total ? done / total : 0;
  $('progress-text').textContent = `${bytes(done)} / ${bytes(total)} — ${file}`;
}

async function openDump(args, label) {
  $('status').textContent = `Reading ${label}…`;
  $('status').className = '';
  $('progress').hidden = false;
  $('progress-bar').value = 0;
  document.body.dataset.state = 'loading';
  try {
    dump = await ask('open', args);
  } catch (e) {
    $('progress').hidden = true;
    $('status').textContent = `Cannot read ${label}: ${e.code ? `${e.code} ` : ''}${e.message}`;
    $('status').className = 'error';
    document.body.dataset.state = 'error';
    return;
  }
  $('progress').hidden = true;
  const r = dump.report;
  const plural = (n, w) => `${fmt(n)} ${w}${n === 1 ? '' : 's'}`;
  $('status').textContent = `${label}: ${plural(r.documents, 'document')} in ${plural(r.collections, 'collection')}, read in ${(dump.loadMs / 1000).toFixed(2)} s`;
  const sel = $('collection');
  sel.replaceChildren(...dump.collections.map((c) => h('option', { value: c.key }, c.key)));
  view.key = dump.collections[0]?.key ?? null;
  view.page = 0;
  view.hits = null;
  $('tabs').hidden = false;
  document.body.dataset.timing = JSON.stringify({ loadMs: Math.round(dump.loadMs), validateMs: Math.round(dump.timing.validateMs), indexMs: Math.round(dump.timing.indexMs), finishMs: Math.round(dump.timing.finishMs) });
  document.body.dataset.state = 'ready';
  show('overview');
}

function fromInput(input) {
  const files = [...input.files].map((f) => ({ path: f.webkitRelativePath || f.name, file: f }));
  const first = files[0]?.path ?? '';
  const label = first.includes('/') ? first.split('/')[0] : files.length === 1 ? first : `${files.length} files`;
  if (files.length) openDump({ files }, label);
  input.value = '';
}
$('pick-folder').addEventListener('change', (e) => fromInput(e.target));
$('pick-files').addEventListener('change', (e) => fromInput(e.target));

/** Every file under a dropped entry, with its path from the entry. */
async function walkEntry(entry, prefix, out) {
  if (entry.isFile) {
    const file = await new Promise((res, rej) => entry.file(res, rej));
    out.push({ path: prefix + entry.name, file });
    return;
  }
  const reader = entry.createReader();
  for (;;) {
    const batch = await new Promise((res, rej) => reader.readEntries(res, rej));
    if (!batch.length) break;
    for (const e of batch) await walkEntry(e, `${prefix}${entry.name}/`, out);
  }
}
document.addEventListener('dragover', (e) => {
  e.preventDefault();
  document.body.classList.add('dragging');
});
document.addEventListener('dragleave', () => document.body.classList.remove('dragging'));
document.addEventListener('drop', async (e) => {
  e.preventDefault();
  document.body.classList.remove('dragging');
  const entries = [...e.dataTransfer.items].map((i) => i.webkitGetAsEntry?.()).filter(Boolean);
  const files = [];
  if (entries.length) for (const en of entries) await walkEntry(en, '', files);
  else for (const f of e.dataTransfer.files) files.push({ path: f.name, file: f });
  if (files.length) openDump({ files }, entries.length === 1 ? entries[0].name : `${files.length} files`);
});

// ---- views ------------------------------------------------------------------------------

for (const b of document.querySelectorAll('#tabs [role=tab]')) b.addEventListener('click', () => show(b.dataset.view));
$('tabs').addEventListener('keydown', (e) => {
  if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
  const tabs = [...document.querySelectorAll('#tabs [role=tab]')];
  const i = tabs.indexOf(document.activeElement);
  if (i < 0) return;
  const next = tabs[(i + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length];
  next.focus();
  show(next.dataset.view);
});
$('collection').addEventListener('change', (e) => {
  view.key = e.target.value;
  view.page = 0;
  view.hits = null;
  $('detail').hidden = true;
  show(view.name);
});

function show(name) {
  view.name = name;
  for (const b of document.querySelectorAll('#tabs [role=tab]')) b.setAttribute('aria-selected', String(b.dataset.view === name));
  for (const s of document.querySelectorAll('.view')) s.hidden = s.id !== `view-${name}`;
  $('collection').parentElement.hidden = name === 'overview' || name === 'validation';
  ({ overview, mappings, documents, validation, charts })[name]();
}

const current = () => dump?.collections.find((c) => c.key === view.key);

function overview() {
  const r = dump.report;
  const names = { kourou: 'Kourou', elasticdump: 'elasticdump', esMigrate: 'es:migrate' };
  const out = [
    h('dl', { class: 'facts', id: 'facts' },
      h('dt', {}, 'Format'), h('dd', { 'data-fact': 'format' }, names[dump.format] ?? dump.format),
      h('dt', {}, 'Files'), h('dd', { 'data-fact': 'files' }, fmt(r.files.length)),
      h('dt', {}, 'Size'), h('dd', { 'data-fact': 'bytes' }, bytes(dump.total)),
      h('dt', {}, 'Indexes'), h('dd', { 'data-fact': 'indexes' }, fmt(Object.keys(r.indexes).length)),
      h('dt', {}, 'Collections'), h('dd', { 'data-fact': 'collections' }, fmt(r.collections)),
      h('dt', {}, 'Documents'), h('dd', { 'data-fact': 'documents' }, fmt(r.documents)),
      h('dt', {}, 'Findings'), h('dd', { 'data-fact': 'findings', class: r.errors ? 'error' : '' }, `${fmt(r.errors)} errors, ${fmt(r.warnings)} warnings`)),
    h('h2', {}, 'Collections'),
    h('table', { class: 'grid', id: 'collections' },
      h('thead', {}, h('tr', {}, h('th', {}, 'index'), h('th', {}, 'collection'), h('th', { class: 'num' }, 'documents'), h('th', { class: 'num' }, 'valid'), h('th', { class: 'num' }, 'size'), h('th', {}, 'mapping'), h('th', {}, 'files'))),
      h('tbody', {}, Object.entries(r.indexes).flatMap(([index, cols]) => Object.entries(cols).map(([name, c]) =>
        h('tr', { 'data-key': `${index}/${name}` },
          h('td', {}, index), h('td', {}, name),
          h('td', { class: 'num' }, fmt(c.documents)), h('td', { class: 'num' }, fmt(c.validDocuments)),
          h('td', { class: 'num' }, bytes(c.bytes)),
          h('td', {}, c.hasMappings ? `${fmt(c.mappedFields)} fields, dynamic ${c.dynamic ?? 'unset'}` : 'none'),
          h('td', {}, c.files.join(', '))))))),
  ];
  const kinds = Object.entries(r.security);
  if (kinds.length) {
    out.push(h('h2', {}, 'Security'), h('table', { class: 'grid', id: 'security' },
      h('thead', {}, h('tr', {}, h('th', {}, 'kind'), h('th', { class: 'num' }, 'count'), h('th', {}, 'ids'))),
      h('tbody', {}, kinds.map(([kind, ids]) => h('tr', { 'data-kind': kind }, h('td', {}, kind), h('td', { class: 'num' }, fmt(ids.length)),
        h('td', {}, ids.slice(0, 50).join(', ') + (ids.length > 50 ? `, … (${fmt(ids.length - 50)} more)` : '')))))));
  }
  const internal = Object.entries(r.internal);
  if (internal.length) {
    out.push(h('h2', {}, 'Internal indices (ES-level restore only)'), h('table', { class: 'grid', id: 'internal' },
      h('tbody', {}, internal.map(([name, n]) => h('tr', {}, h('td', {}, name), h('td', { class: 'num' }, fmt(n)))))));
  }
  out.push(h('h2', {}, 'Files'), h('table', { class: 'grid', id: 'files' },
    h('thead', {}, h('tr', {}, h('th', {}, 'path'), h('th', {}, 'kind'), h('th', { class: 'num' }, 'size'), h('th', { class: 'num' }, 'documents'), h('th', {}, 'note'))),
    h('tbody', {}, r.files.map((f) => h('tr', {}, h('td', {}, f.path), h('td', {}, f.class), h('td', { class: 'num' }, bytes(f.bytes)),
      h('td', { class: 'num' }, f.documents === undefined ? '' : fmt(f.documents)), h('td', {}, f.skipped ?? ''))))));
  $('view-overview').replaceChildren(...out);
}

function mappingTree(props) {
  return h('ul', { class: 'tree', role: 'group' }, Object.entries(props ?? {}).map(([name, def]) => {
    const extra = Object.entries(def ?? {}).filter(([k]) => k !== 'type' && k !== 'properties').map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(', ');
    const label = [h('span', { class: 'name' }, name), h('span', { class: 'type' }, def?.type ?? (def?.properties ? 'object' : '')), extra ? h('span', { class: 'extra' }, extra) : null];
    if (def?.properties) return h('li', { 'data-field': name }, h('details', { open: true }, h('summary', {}, label), mappingTree(def.properties)));
    return h('li', { 'data-field': name }, label);
  }));
}

function mappings() {
  const c = current();
  const el = $('view-mappings');
  if (!c) return el.replaceChildren(h('p', {}, 'No collection.'));
  if (!c.mapping) return el.replaceChildren(h('p', {}, `${c.key} has no mapping in this dump.`));
  el.replaceChildren(
    h('h2', {}, `Mapping of ${c.key}`),
    h('p', {}, `dynamic: ${c.mapping.dynamic ?? 'unset'}`),
    h('div', { id: 'mapping-tree' }, mappingTree(c.mapping.properties)),
  );
}

async function documents() {
  const c = current();
  const tbody = $('docs').tBodies[0];
  if (!c) return tbody.replaceChildren();
  const total = view.hits ? view.hits.length : c.lines;
  const pages = Math.max(1, Math.ceil(total / view.pageSize));
  view.page = Math.min(view.page, pages - 1);
  const from = view.page * view.pageSize;
  const to = Math.min(total, from + view.pageSize);
  const key = c.key;
  const rows = view.hits
    ? await ask('rowsAt', { key, ns: view.hits.slice(from, to) })
    : await ask('rows', { key, from, to });
  if (view.key !== key) return;
  tbody.replaceChildren(...rows.map((r) => h('tr', { tabindex: 0, 'data-n': r.n, 'data-line': r.line, class: r.n === view.selected ? 'selected' : undefined, onclick: () => openDoc(r.n), onkeydown: rowKey },
    h('td', { class: 'num' }, fmt(r.n + 1)),
    h('td', { class: 'num' }, fmt(r.line)),
    h('td', { class: r.error ? 'error' : undefined }, r.id ?? '(none)'),
    h('td', { class: r.error ? 'error' : undefined }, r.error ? `${r.error}: ${r.preview}` : r.preview + (r.truncated ? '…' : '')))));
  // Once the rows are in: tests wait on this text.
  $('page-info').textContent = `${view.hits ? `${fmt(total)}${view.hitsTruncated ? '+' : ''} matches` : `${fmt(total)} documents`} — page ${fmt(view.page + 1)} of ${fmt(pages)}`;
  $('page-prev').disabled = view.page === 0;
  $('page-next').disabled = view.page >= pages - 1;
  document.body.dataset.rows = String(rows.length);
}

function rowKey(e) {
  const tr = e.currentTarget;
  if (e.key === 'Enter' || e.key === ' ') {
    e.preventDefault();
    openDoc(Number(tr.dataset.n));
  } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
    e.preventDefault();
    (e.key === 'ArrowDown' ? tr.nextElementSibling : tr.previousElementSibling)?.focus();
  } else if (e.key === 'PageDown' && !$('page-next').disabled) {
    e.preventDefault();
    $('page-next').click();
  } else if (e.key === 'PageUp' && !$('page-prev').disabled) {
    e.preventDefault();
    $('page-prev').click();
  }
}

async function openDoc(n) {
  view.selected = n;
  for (const tr of $('docs').tBodies[0].rows) tr.classList.toggle('selected', Number(tr.dataset.n) === n);
  const d = await ask('doc', { key: view.key, n });
  $('detail').hidden = false;
  $('detail-title').textContent = `${view.key} — document ${fmt(n + 1)} — ${d.file}:${d.line} (${bytes(d.bytes)})`;
  $('detail-error').hidden = !d.error;
  $('detail-error').textContent = d.error ? `This line does not parse: ${d.error}` : '';
  $('detail-json').textContent = d.text;
  document.body.dataset.detail = `${d.file}:${d.line}`;
}

$('page-prev').addEventListener('click', () => {
  view.page--;
  documents();
});
$('page-next').addEventListener('click', () => {
  view.page++;
  documents();
});
$('search-mode').addEventListener('change', (e) => {
  $('search-field-label').hidden = e.target.value !== 'value';
});
$('search').addEventListener('submit', async (e) => {
  e.preventDefault();
  const value = $('search-value').value;
  if (!value) return;
  const query = $('search-mode').value === 'id'
    ? { id: value, contains: $('search-contains').checked }
    : { value, field: $('search-field').value.trim() || undefined, contains: $('search-contains').checked };
  $('page-info').textContent = 'Searching…';
  const r = await ask('search', { key: view.key, query });
  view.hits = r.hits;
  view.hitsTruncated = r.truncated;
  view.page = 0;
  $('detail').hidden = true;
  await documents();
});
$('search-clear').addEventListener('click', () => {
  view.hits = null;
  view.page = 0;
  $('search-value').value = '';
  documents();
});

function validation() {
  const r = dump.report;
  const el = $('view-validation');
  const head = h('p', { id: 'validation-summary', class: r.errors ? 'error' : '' },
    r.ok ? 'The dump is valid.' : `${fmt(r.errors)} errors, ${fmt(r.warnings)} warnings${r.findingsTruncated ? ` (the first ${fmt(r.findings.length)} are listed)` : ''}.`);
  if (!r.findings.length) return el.replaceChildren(head);
  el.replaceChildren(head, h('table', { class: 'grid', id: 'findings' },
    h('thead', {}, h('tr', {}, h('th', {}, 'severity'), h('th', {}, 'code'), h('th', {}, 'where'), h('th', {}, 'message'))),
    h('tbody', {}, r.findings.map((f) => h('tr', { 'data-code': f.code },
      h('td', { class: f.severity }, f.severity),
      h('td', {}, f.code),
      h('td', {}, f.line ? h('button', { type: 'button', class: 'goto', onclick: () => gotoLine(f.file, f.line) }, `${f.file ?? ''}:${f.line}${f.column ? `:${f.column}` : ''}`) : (f.file ?? '')),
      h('td', {}, f.message + (f.path ? ` (${f.path})` : '')))))));
}

async function gotoLine(file, line) {
  const at = await ask('atLine', { file, line });
  if (!at) {
    $('status').textContent = `${file}:${line} is not a document line of a collection.`;
    return;
  }
  view.key = at.key;
  $('collection').value = at.key;
  view.hits = null;
  view.page = Math.floor(at.n / view.pageSize);
  show('documents');
  await documents();
  await openDoc(at.n);
  $('docs').querySelector(`tr[data-n="${at.n}"]`)?.focus();
}

const TYPE_COLOURS = { string: '#2a6f97', number: '#e94e77', boolean: '#6a994e', null: '#999', object: '#f4a259', array: '#8e7dbe' };

async function charts() {
  const c = current();
  const el = $('view-charts');
  if (!c) return el.replaceChildren(h('p', {}, 'No collection.'));
  el.replaceChildren(h('p', {}, `Reading ${c.key}…`));
  const key = c.key;
  const s = await ask('stats', { key });
  if (view.key !== key || view.name !== 'charts') return;
  const out = [h('h2', {}, `Fields of ${key}: presence and value types (${fmt(s.documents)} documents)`)];
  const fields = s.fields.slice(0, 40);
  const W = 760;
  const L = 220;
  const rowH = 18;
  const chart = svg('svg', { id: 'chart-fields', width: W, height: fields.length * rowH + 30, role: 'img', 'aria-label': 'field presence by type' });
  fields.forEach((f, i) => {
    const y = i * rowH;
    chart.append(svg('text', { x: L - 6, y: y + 13, 'text-anchor': 'end' }, f.path));
    let x = L;
    for (const [type, n] of Object.entries(f.types)) {
      const w = s.documents ? ((W - L - 90) * n) / s.documents : 0;
      chart.append(svg('rect', { x, y: y + 2, width: Math.max(w, 0.5), height: rowH - 4, fill: TYPE_COLOURS[type] ?? '#333' }, svg('title', {}, `${f.path}: ${fmt(n)} ${type}`)));
      x += w;
    }
    chart.append(svg('text', { x: x + 6, y: y + 13 }, `${((100 * f.count) / Math.max(1, s.documents)).toFixed(1)} %`));
  });
  out.push(chart, h('p', { class: 'legend' }, Object.entries(TYPE_COLOURS).map(([t, col]) => {
    const i = h('i');
    i.style.background = col;
    return h('span', {}, i, t);
  })));
  if (s.fields.length > fields.length) out.push(h('p', {}, `… and ${fmt(s.fields.length - fields.length)} more fields.`));
  out.push(h('h2', {}, 'Documents over time (_kuzzle_info.createdAt)'));
  if (!s.createdAt) {
    out.push(h('p', { id: 'chart-time-none' }, 'No document has a numeric _kuzzle_info.createdAt.'));
  } else {
    const hst = s.createdAt;
    const H = 180;
    const max = Math.max(...hst.counts);
    const bw = (W - 60) / hst.counts.length;
    const t = svg('svg', { id: 'chart-time', width: W, height: H + 40, role: 'img', 'aria-label': 'documents over time' });
    hst.counts.forEach((n, i) => {
      const bh = max ? (H * n) / max : 0;
      const from = new Date(hst.min + i * hst.width).toISOString();
      t.append(svg('rect', { x: 50 + i * bw, y: H - bh + 5, width: Math.max(bw - 1, 1), height: bh, fill: '#2a6f97' }, svg('title', {}, `${from}: ${fmt(n)}`)));
    });
    t.append(svg('text', { x: 45, y: 12, 'text-anchor': 'end' }, fmt(max)));
    t.append(svg('text', { x: 45, y: H + 5, 'text-anchor': 'end' }, '0'));
    t.append(svg('text', { x: 50, y: H + 22 }, new Date(hst.min).toISOString()));
    t.append(svg('text', { x: W - 10, y: H + 22, 'text-anchor': 'end' }, new Date(hst.max).toISOString()));
    out.push(t);
    if (s.withoutCreatedAt) out.push(h('p', {}, `${fmt(s.withoutCreatedAt)} documents without a numeric createdAt.`));
  }
  el.replaceChildren(...out);
}

// ---- a dump served with the app (kuzzle-dump viewer PATH) ---------------------------------

const served = new URLSearchParams(location.search).get('dump');
if (served) {
  const base = new URL(served, location.href);
  if (base.origin === location.origin) {
    fetch(new URL('manifest.json', base)).then((r) => r.json()).then((m) =>
      openDump({ remote: { base: new URL('files/', base).href, files: m.files } }, m.name ?? 'dump'));
  }
}
