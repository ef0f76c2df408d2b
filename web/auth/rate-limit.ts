// Login throttling: at most `max` failed attempts per key (IP and e-mail separately)
// in a sliding `windowMs`. In memory: one process serves the console, and a restart
// clearing the counters is acceptable for this purpose.

export interface RateLimitOptions {
  /** Failures allowed per window. Default 5. */
  max?: number;
  /** Window length in ms. Default 15 minutes. */
  windowMs?: number;
  /** Clock (injectable for tests). Default Date.now. */
  now?: () => number;
}

export class FailureLimiter {
  #hits = new Map<string, number[]>();
  readonly max: number;
  readonly windowMs: number;
  #now: () => number;

  constructor(o: RateLimitOptions = {}) {
    this.max = o.max ?? 5;
    this.windowMs = o.windowMs ?? 15 * 60_000;
    this.#now = o.now ?? Date.now;
    if (!(this.max >= 1)) throw new Error(`max must be >= 1, received ${o.max}`);
  }

  #recent(key: string): number[] {
    const cutoff = this.#now() - this.windowMs;
    const list = (this.#hits.get(key) ?? []).filter((t) => t > cutoff);
    if (list.length) this.#hits.set(key, list); else this.#hits.delete(key);
    return list;
  }

  /** Milliseconds until another attempt is allowed, or 0 when allowed now. */
  retryAfterMs(keys: string[]): number {
    let wait = 0;
    for (const k of keys) {
      const list = this.#recent(k);
      if (list.length >= this.max) wait = Math.max(wait, list[list.length - this.max] + this.windowMs - this.#now());
    }
    return wait;
  }

  fail(keys: string[]): void {
    for (const k of keys) this.#hits.set(k, [...this.#recent(k), this.#now()]);
  }

  succeed(keys: string[]): void {
    for (const k of keys) this.#hits.delete(k);
  }
}
