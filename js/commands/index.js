'use strict';
// The CLI's commands, in the order `kuzzle-dump --help` lists them. A command is a module in
// this folder exporting:
//   name     the word after `kuzzle-dump`
//   summary  one line for --help
//   run(args, io) -> Promise<number>  args after the name; io has stdout/stderr; resolves to
//            the exit code (0 ok, 1 failed, 2 usage). Throwing a KuzzleDumpError prints
//            `file:line:column CODE message` and exits 1 (2 for INVALID_OPTIONS).
// Add one with:  module.exports = [require('./export.js'), …];

module.exports = [
  require('./collection-export.js'),
  require('./index-export.js'),
  require('./collection-import.js'),
  require('./index-import.js'),
  require('./migrate.js'),
  ...require('./security.js'),
  require('./import.js'),
  ...require('./specifications.js'),
  ...require('./dump.js'),
  require('./validate.js'),
  require('./inspect.js'),
  require('./convert.js'),
  require('./viewer.js'),
  ...require('./es.js'),
];
