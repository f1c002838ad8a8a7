#!/usr/bin/env node
'use strict';
// The `kuzzle-dump` command. Each command is a module in js/commands/ (listed in
// js/commands/index.js); this file only parses the command name, the global flags and exit codes.
// Exit codes: 0 success, 1 the command failed (a problem in the data or with a server),
// 2 a usage error.

const commands = require('./commands/index.js');
const { version } = require('../package.json');

function help() {
  const lines = [
    `kuzzle-dump ${version}: back up, restore, convert, validate and inspect Kuzzle data`,
    '',
    'Usage: kuzzle-dump <command> [options]',
    '',
    'Commands:',
  ];
  if (commands.length === 0) lines.push('  (none yet)');
  const width = Math.max(0, ...commands.map((c) => c.name.length));
  for (const c of commands) lines.push(`  ${c.name.padEnd(width)}  ${c.summary}`);
  lines.push(
    '',
    'Options:',
    '  -h, --help     this help (or `kuzzle-dump <command> --help`)',
    '  -V, --version  the version, and the backend in use (native addon or WebAssembly)',
    '',
    'Environment:',
    '  KUZZLE_DUMP_BACKEND=native|wasm  force a backend',
  );
  return lines.join('\n') + '\n';
}

function versionText() {
  const { load } = require('./loader.js');
  const loaded = load();
  return `kuzzle-dump ${version} (${loaded.backend} backend)\n`;
}

async function main(argv, io = process) {
  const [first, ...rest] = argv;
  if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
    io.stdout.write(help());
    return first === undefined ? 2 : 0;
  }
  if (first === '-V' || first === '--version') {
    io.stdout.write(versionText());
    return 0;
  }
  const command = commands.find((c) => c.name === first);
  if (!command) {
    io.stderr.write(`kuzzle-dump: unknown command ${JSON.stringify(first)} (see kuzzle-dump --help)\n`);
    return 2;
  }
  return command.run(rest, io);
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      const where = err.file ? `${err.file}:${err.line ?? 0}:${err.column ?? 0} ` : '';
      process.stderr.write(`kuzzle-dump: ${where}${err.code ? `${err.code} ` : ''}${err.message}\n`);
      process.exitCode = err.code === 'INVALID_OPTIONS' ? 2 : 1;
    },
  );
}

module.exports = { main, help };
