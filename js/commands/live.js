'use strict';
// What every command that talks to Kuzzle shares: Kourou's connection flags, flag parsing with
// usage errors (exit 2), and --help text.

const { parseArgs } = require('node:util');
const { Kuzzle, connectionOptions } = require('../io/kuzzle');
const { Logger } = require('../util/log');

const CONNECTION_FLAGS = {
  host: { type: 'string', short: 'h', help: 'Kuzzle server host (env KUZZLE_HOST)', default: 'localhost' },
  port: { type: 'string', help: 'Kuzzle server port (env KUZZLE_PORT)', default: '7512' },
  ssl: { type: 'boolean', help: 'use SSL (env KUZZLE_SSL)' },
  username: { type: 'string', help: 'Kuzzle username (env KUZZLE_USERNAME)', default: 'anonymous' },
  password: { type: 'string', help: 'Kuzzle user password (env KUZZLE_PASSWORD)' },
  'api-key': { type: 'string', help: 'Kuzzle API key (env KUZZLE_API_KEY)' },
  protocol: { type: 'string', help: 'kept for Kourou compatibility: only http is used', default: 'http' },
};

/** `path` → `PATH`, optional `path?` → `[PATH]`, as help texts write them. */
function usageArg(a) {
  return a.endsWith('?') ? `[${a.slice(0, -1).toUpperCase()}]` : a.toUpperCase();
}

class UsageError extends Error {
  constructor(message) {
    super(message);
    this.name = 'KuzzleDumpError';
    this.code = 'INVALID_OPTIONS';
  }
}

/**
 * A command from a spec: {name, summary, description, args: [names], flags: {...}, examples, run(ctx)}.
 * `run` gets {args, flags, log, connect(), io} and returns an exit code (or throws).
 */
function command(spec) {
  const flags = { ...(spec.live === false ? {} : CONNECTION_FLAGS), ...spec.flags, help: { type: 'boolean', help: 'show this help' } };
  // `-h` stays --help (Kourou gives it to --host; oclif's convention wins here).
  const options = Object.fromEntries(Object.entries(flags).map(([k, f]) => {
    const o = { type: f.type };
    if (f.short && f.short !== 'h') o.short = f.short;
    if (f.multiple) o.multiple = true;
    return [k, o];
  }));
  options.help.short = 'h';
  const helpText = () => {
    const lines = [`${spec.summary}`, '', `Usage: ${['kuzzle-dump', spec.name, ...spec.args.map(usageArg), '[flags]'].join(' ')}`];
    if (spec.description) lines.push('', spec.description);
    lines.push('', 'Flags:');
    const width = Math.max(...Object.keys(flags).map((k) => k.length + (flags[k].type === 'string' ? 8 : 0)));
    for (const [k, f] of Object.entries(flags)) {
      const left = `--${k}${f.type === 'string' ? ' <value>' : ''}`;
      lines.push(`  ${left.padEnd(width + 4)}${f.help ?? ''}${f.default !== undefined ? ` [default: ${f.default}]` : ''}`);
    }
    if (spec.examples?.length) lines.push('', 'Examples:', ...spec.examples.map((e) => `  $ ${e}`));
    return lines.join('\n') + '\n';
  };
  return {
    name: spec.name,
    summary: spec.summary,
    help: helpText,
    spec,
    flagDefinitions: () => flags,
    async run(argv, io = process) {
      let parsed;
      try {
        parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
      } catch (e) {
        io.stderr.write(`kuzzle-dump ${spec.name}: ${e.message}\n(see kuzzle-dump ${spec.name} --help)\n`);
        return 2;
      }
      if (parsed.values.help) {
        io.stdout.write(helpText());
        return 0;
      }
      const required = spec.args.filter((a) => !a.endsWith('?'));
      if (parsed.positionals.length < required.length || parsed.positionals.length > spec.args.length) {
        io.stderr.write(`kuzzle-dump ${spec.name}: expected ${spec.args.join(' ')}\n(see kuzzle-dump ${spec.name} --help)\n`);
        return 2;
      }
      const args = Object.fromEntries(spec.args.map((a, i) => [a.replace(/\?$/, ''), parsed.positionals[i]]));
      const values = {};
      for (const [k, f] of Object.entries(flags)) values[k] = parsed.values[k] ?? (CONNECTION_FLAGS[k] ? undefined : f.default);
      const log = new Logger({ json: Boolean(values.json), stdout: io.stdout, stderr: io.stderr });
      let kuzzle;
      const connect = async () => {
        kuzzle = new Kuzzle({ ...connectionOptions(values), concurrency: Number(values.concurrency ?? 4) });
        await kuzzle.connect();
        return kuzzle;
      };
      try {
        const code = await spec.run({ args, flags: values, log, connect, io });
        return code ?? (log.failed ? 1 : 0);
      } catch (e) {
        if (e instanceof UsageError) {
          io.stderr.write(`kuzzle-dump ${spec.name}: ${e.message}\n`);
          return 2;
        }
        const where = e.file ? `${e.file}:${e.line ?? 0}:${e.column ?? 0} ` : '';
        log.error(`${where}${e.message}`);
        return 1;
      } finally {
        kuzzle?.close();
      }
    },
  };
}

/** Parses a JSON flag (--query '{"match":…}'), as a usage error when it is not JSON. */
function jsonFlag(name, text, fallback) {
  if (text === undefined) return fallback;
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`--${name} is not valid JSON: ${e.message}`);
  }
}

/** Parses a positive integer flag. */
function intFlag(name, text) {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--${name} must be a positive integer, not ${JSON.stringify(text)}`);
  return n;
}

module.exports = { command, UsageError, jsonFlag, intFlag, CONNECTION_FLAGS };
