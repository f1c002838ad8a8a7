'use strict';
// The offline commands (validate, inspect, convert) through the `kuzzle-dump` bin, on the backend
// the suite runs with: the shared dump cases, exit codes 0/1/2, --json shapes, human lines,
// usage errors and --help.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { conversions, plain, files } = require('./convert-cases.js');

const root = path.join(__dirname, '..', '..');
const fixtures = path.join(root, 'tests', 'fixtures');
const cli = path.join(root, 'js', 'cli.js');
const run = (...args) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, CI: '' } });

function tmp(name) {
  return fs.mkdtempSync(path.join(os.tmpdir(), `kuzzle-dump-${name}-`));
}

/** A report's findings as core/tests/dump_fixtures.rs compares them with expected.json. */
function summary(report, expected) {
  return {
    ok: report.ok,
    documents: report.documents,
    collections: report.collections,
    findings: report.findings.map((f, i) => {
      const s = { code: f.code, file: f.file, line: f.line };
      if (expected.findings[i] && 'column' in expected.findings[i]) s.column = f.column;
      return s;
    }),
  };
}

test('validate --json: every shared dump case', () => {
  const cases = fs.readdirSync(fixtures).filter((n) => n.startsWith('dump-'));
  assert.ok(cases.length >= 8, cases.join());
  for (const c of cases) {
    const expected = JSON.parse(fs.readFileSync(path.join(fixtures, c, 'expected.json'), 'utf8'));
    const r = run('validate', path.join(fixtures, c, 'input'), '--json');
    assert.equal(r.status, expected.ok ? 0 : 1, `${c}: ${r.stderr}`);
    assert.equal(r.stderr, '', c);
    const report = JSON.parse(r.stdout); // one JSON object, nothing else on stdout
    assert.deepEqual(summary(report, expected), expected, c);
    for (const key of ['format', 'bytes', 'errors', 'warnings', 'findingsTruncated', 'indexes', 'security', 'internal', 'files']) {
      assert.ok(key in report, `${c}: ${key}`);
    }
    for (const f of report.findings) {
      assert.ok(['error', 'warning'].includes(f.severity) && typeof f.message === 'string', c);
    }
  }
});

const BAD_LINES = [
  'nyc-open-data/yellow-taxi/documents.jsonl:3:31 JSON_SYNTAX invalid JSON: expected \',\' or \'}\'',
  'nyc-open-data/yellow-taxi/documents.jsonl:4:8 DUPLICATE_ID duplicate _id "a": an earlier document of this file has it',
  'nyc-open-data/yellow-taxi/documents.jsonl:5:8 ID_NOT_STRING "_id" must be a string, not a number',
  'nyc-open-data/yellow-taxi/documents.jsonl:6:19 BODY_NOT_OBJECT "body" must be an object, not a string',
  'nyc-open-data/yellow-taxi/documents.jsonl:8:8 ID_EMPTY "_id" is empty',
  'nyc-open-data/yellow-taxi/documents.jsonl:9:28 INVALID_UTF8 invalid UTF-8',
  'nyc-open-data/yellow-taxi/documents.jsonl:10:31 FIELD_TYPE_MISMATCH field "district" (integer): "forty" is not a number',
];

test('validate: human lines and the summary; exit 1 on errors, 0 when valid', () => {
  const input = path.join(fixtures, 'dump-bad-lines', 'input');
  const bad = run('validate', input);
  assert.equal(bad.status, 1);
  assert.equal(bad.stdout, BAD_LINES.map((l) => `${l}\n`).join(''));
  assert.equal(bad.stderr, ` [X] ${input}: 7 errors, 0 warnings in a Kourou dump of 8 documents in 1 collection, 657 B\n`);

  const good = path.join(fixtures, 'dump-kourou-valid', 'input');
  const ok = run('validate', good);
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /^ \[✔\] .*dump-kourou-valid\/input: valid Kourou dump, 2 documents in 1 collection, [\d.]+ KB \(0 errors, 0 warnings\)\n$/);
  assert.equal(ok.stderr, ''); // no progress bar when stderr is not a TTY
});

test('validate: a collection folder (its mapping applies) and single files', () => {
  const folder = run('validate', path.join(fixtures, 'dump-bad-lines', 'input', 'nyc-open-data', 'yellow-taxi'));
  assert.equal(folder.status, 1);
  assert.equal(folder.stdout, BAD_LINES.map((l) => `${l.replace('nyc-open-data/yellow-taxi/', '')}\n`).join(''));

  const file = run('validate', path.join(fixtures, 'dump-bad-lines', 'input', 'nyc-open-data', 'yellow-taxi', 'documents.jsonl'), '--json');
  assert.equal(file.status, 1);
  const report = JSON.parse(file.stdout);
  // Alone, the file has no mapping: every finding but the mapping's.
  assert.deepEqual(report.findings.map((f) => [f.file, f.line, f.code]).slice(-1), [['documents.jsonl', 9, 'INVALID_UTF8']]);
  assert.equal(report.format, 'kourou');

  const gz = run('validate', path.join(fixtures, 'dump-elasticdump-gzip', 'input', '&nyc-open-data.yellow-taxi.json.gz'), '--json');
  assert.equal(gz.status, 0, gz.stderr);
  assert.deepEqual([JSON.parse(gz.stdout).format, JSON.parse(gz.stdout).documents], ['elasticdump', 2]);
});

test('validate --max-request-size: larger documents are errors', () => {
  const input = path.join(fixtures, 'dump-kourou-valid', 'input');
  const r = run('validate', input, '--max-request-size', '64', '--json');
  assert.equal(r.status, 1);
  const codes = JSON.parse(r.stdout).findings.map((f) => f.code);
  assert.ok(codes.length > 0 && codes.every((c) => c === 'DOCUMENT_TOO_LARGE'), codes.join());
  assert.equal(run('validate', input, '--max-request-size', '10MB').status, 0);
});

test('validate: usage and I/O errors exit 2', () => {
  const missing = run('validate', path.join(os.tmpdir(), 'no-such-dump-here'));
  assert.equal(missing.status, 2);
  assert.equal(missing.stdout, '');
  assert.equal(missing.stderr, `kuzzle-dump validate: cannot read ${path.join(os.tmpdir(), 'no-such-dump-here')}: no such file or folder\n`);
  const none = run('validate');
  assert.equal(none.status, 2);
  assert.equal(none.stderr, 'kuzzle-dump validate: expected path\n(see kuzzle-dump validate --help)\n');
  const two = run('validate', 'a', 'b');
  assert.equal(two.status, 2);
  const unknown = run('validate', '.', '--strict');
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /^kuzzle-dump validate: Unknown option '--strict'/);
  const size = run('validate', '.', '--max-request-size', 'big');
  assert.equal(size.status, 2);
  assert.equal(size.stderr, 'kuzzle-dump validate: --max-request-size: invalid size "big" (examples: 1048576, 512kb, 1MB)\n');
});

test('validate, inspect and convert --help', () => {
  for (const [name, args] of [['validate', 'PATH'], ['inspect', 'PATH'], ['convert', 'SRC DST']]) {
    const r = run(name, '--help');
    assert.equal(r.status, 0, name);
    assert.match(r.stdout, new RegExp(`Usage: kuzzle-dump ${name} ${args} \\[flags\\]`));
    assert.match(r.stdout, /\nFlags:\n/);
    assert.match(r.stdout, /--json/);
    const examples = r.stdout.split('Examples:\n')[1].split('\n').filter(Boolean);
    assert.ok(examples.length >= 2 && examples.every((e) => e.startsWith(`  $ kuzzle-dump ${name} `)), name);
    assert.equal(run(name, '-h').stdout, r.stdout);
  }
  // An optional argument in brackets; no argument, no gap.
  assert.match(run('viewer', '--help').stdout, /\nUsage: kuzzle-dump viewer \[PATH\] \[flags\]\n/);
  assert.match(run('es:dump', '--help').stdout, /\nUsage: kuzzle-dump es:dump \[flags\]\n/);
  const top = run('--help');
  for (const name of ['validate', 'inspect', 'convert']) assert.match(top.stdout, new RegExp(`\\n  ${name} +\\S`));
});

test('inspect: a readable tree, and --json', () => {
  const input = path.join(fixtures, 'dump-kourou-valid', 'input');
  const r = run('inspect', input);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.split('\n');
  assert.match(lines[0], /dump-kourou-valid\/input: Kourou dump, 6 files, [\d.]+ KB$/);
  assert.equal(lines[1], '1 index, 1 collection, 2 documents');
  assert.equal(lines[3], 'nyc-open-data');
  assert.match(lines[4], /^ {2}yellow-taxi {2}2 documents {2}\d+ B {2}mapping: 2 fields, dynamic false$/);
  assert.equal(lines[6], 'security');
  assert.deepEqual(lines.slice(7), ['  profiles  1  teacher', '  roles     1  teacher', '  users     1  kleiner', '']);
  const json = run('inspect', input, '--json');
  assert.equal(json.status, 0);
  const s = JSON.parse(json.stdout);
  assert.deepEqual(Object.keys(s), ['ok', 'format', 'bytes', 'files', 'documents', 'collections', 'indexes', 'security', 'internal', 'errors', 'warnings']);
  assert.deepEqual(s.indexes['nyc-open-data']['yellow-taxi'].mapping, { fields: 2, dynamic: 'false' });
  assert.equal(s.security.roles.count, s.security.roles.ids.length);

  const es = JSON.parse(run('inspect', path.join(fixtures, 'dump-elasticdump-gzip', 'input'), '--json').stdout);
  assert.equal(es.format, 'elasticdump');
  assert.equal(es.indexes['nyc-open-data']['yellow-taxi'].esIndex, '&nyc-open-data.yellow-taxi');
  assert.deepEqual(es.internal, { '%kuzzle.users': 1, '%plugin-kuzzle-plugin-auth-passport-local.users': 1 });

  // Problems are counted, not listed, and do not fail the command.
  const bad = run('inspect', path.join(fixtures, 'dump-bad-lines', 'input'));
  assert.equal(bad.status, 0);
  assert.match(bad.stderr, / \[!\] 7 errors, 0 warnings: kuzzle-dump validate .* lists them\n/);
  assert.equal(run('inspect', path.join(os.tmpdir(), 'no-such-dump-here')).status, 2);
});

/** Writes a case's input files (and empty folders) into a fresh folder. */
function materialize(c) {
  const dir = tmp('src');
  for (const [p, b] of c.input) {
    fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    fs.writeFileSync(path.join(dir, p), b);
  }
  for (const d of c.inputDirs) fs.mkdirSync(path.join(dir, d), { recursive: true });
  return dir;
}

const CLI_NAMES = { kourou: 'kourou', elasticdump: 'elasticdump', esMigrate: 'es-migrate' };

test('convert: every shared convert case through the bin', () => {
  for (const c of conversions()) {
    const src = materialize(c);
    const dst = path.join(tmp('dst'), 'out');
    const args = ['convert', src, dst, '--to', CLI_NAMES[c.to], '--json', ...(c.gzip ? ['--gzip'] : [])];
    const r = run(...args);
    const report = JSON.parse(r.stdout);
    assert.equal(r.status, report.ok ? 0 : 1, `${c.label}: ${r.stderr}`);
    assert.equal(report.from, c.from, c.label);
    const got = plain(files(dst), c.gzip);
    assert.deepEqual([...got.keys()].sort(), [...c.expected.keys()].sort(), `${c.label}: files`);
    for (const [p, b] of c.expected) assert.equal(got.get(p).toString(), b.toString(), `${c.label}: ${p}`);
    for (const d of c.expectedDirs) assert.ok(fs.statSync(path.join(dst, d)).isDirectory(), `${c.label}: ${d}`);
    assert.deepEqual(report.findings.map((f) => f.code), c.findings, `${c.label}: findings`);
    assert.deepEqual(report.leftOut, c.leftOut, c.label);
    for (const [p] of files(dst)) {
      const mode = fs.statSync(path.join(dst, p)).mode & 0o777;
      assert.equal(mode, c.secret.includes(p) ? 0o600 : 0o644, `${c.label}: mode of ${p}`);
    }
    assert.deepEqual(fs.readdirSync(dst, { recursive: true }).filter((n) => String(n).endsWith('.partial')), [], 'no temp file left');
  }
});

test('convert: human output, refusals and usage errors', () => {
  const src = path.join(fixtures, 'dump-kourou-valid', 'input');
  const dst = tmp('human');
  const r = run('convert', src, dst, '--to', 'elasticdump');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /PRECISION_LOSS the number 12345678901234567890123 becomes/);
  assert.match(r.stdout, new RegExp(` \\[✔\\] Kourou → elasticdump: 5 documents in 7 files under ${dst} \\(1 warning\\)\\n$`));
  const again = run('convert', src, dst, '--to', 'elasticdump');
  assert.equal(again.status, 2);
  assert.equal(again.stderr, `kuzzle-dump convert: ${dst} is not empty (--force writes into it, replacing the files it converts)\n`);
  assert.equal(run('convert', src, dst, '--to', 'elasticdump', '--force').status, 0);
  const file = path.join(dst, '&nyc-open-data.yellow-taxi.json');
  assert.equal(run('convert', src, file, '--to', 'kourou').status, 2);

  const out = path.join(tmp('usage'), 'out');
  const noTo = run('convert', src, out);
  assert.equal(noTo.status, 2);
  assert.equal(noTo.stderr, 'kuzzle-dump convert: --to is required (kourou, elasticdump or es-migrate)\n');
  assert.equal(run('convert', src, out, '--to', 'csv').status, 2);
  const same = run('convert', src, out, '--to', 'kourou');
  assert.equal(same.status, 2);
  assert.equal(same.stderr, 'kuzzle-dump convert: the source is already a Kourou tree: nothing to convert\n');
  assert.equal(run('convert', src, out, '--to', 'elasticdump', '--zip').status, 2);
  assert.equal(run('convert', src, '--to', 'elasticdump').status, 2);
  const missing = run('convert', path.join(os.tmpdir(), 'no-such-dump-here'), out, '--to', 'kourou');
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /cannot read .*no-such-dump-here: no such file or folder/);
  assert.equal(fs.existsSync(out), false, 'nothing written on a usage error');
});

test('convert: more output files than open descriptors (parked between writes)', () => {
  const src = tmp('many');
  for (let i = 0; i < 70; i++) {
    const dir = path.join(src, 'shop', `c${i}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'documents.jsonl'), `{"type":"collection","index":"shop","collection":"c${i}"}\n{"_id":"a${i}","body":{"n":${i}}}\n`);
  }
  const dst = path.join(tmp('many-out'), 'es');
  const r = run('convert', src, dst, '--to', 'elasticdump', '--json');
  assert.equal(r.status, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.equal(report.documents, 70);
  const out = files(dst);
  assert.equal(out.size, 70 * 4);
  assert.equal(out.get('&shop.c69.json').toString(), '{"_index":"&shop.c69","_type":"_doc","_id":"a69","_score":1,"_source":{"n":69}}\n');
  const back = path.join(tmp('many-back'), 'kourou');
  assert.equal(run('convert', dst, back, '--to', 'kourou').status, 0);
  for (let i = 0; i < 70; i++) {
    const p = path.join('shop', `c${i}`, 'documents.jsonl');
    assert.equal(fs.readFileSync(path.join(back, p), 'utf8'), fs.readFileSync(path.join(src, p), 'utf8'), p);
  }
});
