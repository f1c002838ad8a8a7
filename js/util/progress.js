'use strict';
// A progress bar with throughput and ETA on stderr, only when stderr is a TTY.

const { formatBytes } = require('./size');

class Progress {
  /**
   * @param {{label: string, total?: number, unit?: 'bytes'|'docs', stream?: NodeJS.WriteStream, enabled?: boolean}} opts
   */
  constructor({ label, total = 0, unit = 'bytes', stream = process.stderr, enabled }) {
    this.label = label;
    this.total = total;
    this.unit = unit;
    this.stream = stream;
    this.enabled = enabled ?? (Boolean(stream.isTTY) && !process.env.CI);
    this.done = 0;
    this.docs = 0;
    this.start = Date.now();
    this.last = 0;
    this.shown = false;
  }

  /** Adds progress; `docs` counts documents alongside bytes. */
  tick(amount, docs = 0) {
    this.done += amount;
    this.docs += docs;
    this.render(false);
  }

  render(force) {
    if (!this.enabled) return;
    const now = Date.now();
    if (!force && now - this.last < 100) return;
    this.last = now;
    const secs = Math.max((now - this.start) / 1000, 0.001);
    const rate = this.done / secs;
    const fmt = (n) => (this.unit === 'bytes' ? formatBytes(n) : `${Math.round(n).toLocaleString('en-US')} docs`);
    let line = `${this.label} ${fmt(this.done)}`;
    if (this.total > 0) {
      const ratio = Math.min(this.done / this.total, 1);
      const width = 24;
      const filled = Math.round(ratio * width);
      const eta = rate > 0 ? Math.max(0, (this.total - this.done) / rate) : 0;
      line = `${this.label} [${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${(ratio * 100).toFixed(0).padStart(3)}% ${fmt(this.done)}/${fmt(this.total)} ETA ${formatDuration(eta)}`;
    }
    line += ` ${fmt(rate)}/s`;
    if (this.docs && this.unit === 'bytes') line += ` ${this.docs.toLocaleString('en-US')} docs`;
    this.stream.write(`\r\x1b[2K${line}`);
    this.shown = true;
  }

  clear() {
    if (this.enabled && this.shown) this.stream.write('\r\x1b[2K');
  }

  stop() {
    this.clear();
    this.enabled = false;
  }
}

function formatDuration(secs) {
  if (!Number.isFinite(secs)) return '?';
  const s = Math.round(secs);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

module.exports = { Progress, formatDuration };
