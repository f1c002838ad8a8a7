'use strict';
// kuzzle-dump's commands as oclif commands, so that an oclif CLI such as Kourou can load this
// package as a plugin (package.json `oclif.commands`). oclif calls a command class's static
// `run(argv, config)`; the class needs no oclif base class, so this works with oclif 1 (Kourou)
// and later versions alike, and kuzzle-dump depends on none of them.

/** An oclif command class for a kuzzle-dump command module. */
function oclifCommand(cmd) {
  const spec = cmd.spec ?? {};
  const flags = {};
  for (const [name, f] of Object.entries(cmd.flagDefinitions?.() ?? {})) {
    flags[name] = {
      name,
      type: f.type === 'boolean' ? 'boolean' : 'option',
      char: f.short,
      description: f.help,
      default: f.default,
      allowNo: false,
      parse: (v) => v,
    };
  }
  class KuzzleDumpCommand {
    static async run(argv = process.argv.slice(3)) {
      const code = await cmd.run(argv, process);
      if (code) process.exitCode = code;
      return code;
    }
  }
  KuzzleDumpCommand.id = cmd.name;
  KuzzleDumpCommand.description = spec.description ? `${cmd.summary}\n\n${spec.description}` : cmd.summary;
  KuzzleDumpCommand.summary = cmd.summary;
  KuzzleDumpCommand.examples = spec.examples ?? [];
  KuzzleDumpCommand.strict = false; // kuzzle-dump parses its own flags
  KuzzleDumpCommand.flags = flags;
  KuzzleDumpCommand.args = (spec.args ?? []).map((a) => ({ name: a.replace(/\?$/, ''), required: !a.endsWith('?') }));
  return KuzzleDumpCommand;
}

module.exports = { oclifCommand };
