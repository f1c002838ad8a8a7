'use strict';
// At most N promises in flight; `run` waits for a free slot, so callers apply back-pressure.

class Limiter {
  constructor(n) {
    this.n = Math.max(1, n);
    this.active = 0;
    this.waiting = [];
    this.failed = null;
  }

  /** Starts `fn` once a slot is free; resolves when it has started (not when it ends). */
  async run(fn) {
    if (this.failed) throw this.failed;
    while (this.active >= this.n) await new Promise((r) => this.waiting.push(r));
    if (this.failed) throw this.failed;
    this.active++;
    const p = Promise.resolve().then(fn).catch((e) => { this.failed ??= e; }).finally(() => {
      this.active--;
      this.waiting.shift()?.();
      if (this.active === 0) this.idleWaiters?.splice(0).forEach((r) => r());
    });
    return { done: p };
  }

  /** Resolves when nothing is in flight; rejects with the first failure, if any. */
  async idle() {
    while (this.active > 0) await new Promise((r) => (this.idleWaiters ??= []).push(r));
    if (this.failed) throw this.failed;
  }
}

module.exports = { Limiter };
