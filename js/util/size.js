'use strict';
// Byte sizes as Kuzzle writes them ("1MB", "512kb", 1048576): kb/mb/gb/tb count in powers of 1024.

const UNITS = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3, tb: 1024 ** 4 };

/** @param {string|number} value @returns {number} bytes */
function parseSize(value) {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return Math.floor(value);
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?b)?\s*$/i.exec(String(value));
  if (!m) throw new TypeError(`invalid size ${JSON.stringify(value)} (examples: 1048576, 512kb, 1MB)`);
  return Math.floor(Number(m[1]) * UNITS[(m[2] || 'b').toLowerCase()]);
}

/** @param {number} bytes */
function formatBytes(bytes) {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

module.exports = { parseSize, formatBytes };
