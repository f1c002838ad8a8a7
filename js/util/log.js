'use strict';
// Kourou's output conventions: " [ℹ] " information, " [✔] " success, " [X] " failure, " [!] "
// warning. Messages go to stdout like Kourou's, except with --json, where stdout carries JSON
// only and messages go to stderr.

class Logger {
  /** @param {{json?: boolean, quiet?: boolean, stdout?: NodeJS.WriteStream, stderr?: NodeJS.WriteStream}} [opts] */
  constructor({ json = false, quiet = false, stdout = process.stdout, stderr = process.stderr } = {}) {
    this.out = json ? stderr : stdout;
    this.err = stderr;
    this.quiet = quiet;
    this.failed = false;
    this.progress = null;
  }

  write(stream, line) {
    this.progress?.clear();
    stream.write(line + '\n');
    this.progress?.render(true);
  }

  info(msg) { if (!this.quiet) this.write(this.out, ` [ℹ] ${msg}`); }

  ok(msg) { if (!this.quiet) this.write(this.out, ` [✔] ${msg}`); }

  warn(msg) { this.write(this.err, ` [!] ${msg}`); }

  /** A failure: the command exits 1 at the end. */
  error(msg) {
    this.failed = true;
    this.write(this.err, ` [X] ${msg}`);
  }
}

module.exports = { Logger };
