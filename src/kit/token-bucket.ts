/**
 * A token bucket: `rate` tokens a second, holding at most `burst`. Takes the
 * clock as an argument so it allocates nothing and is easy to test.
 */
export class TokenBucket {
  #tokens: number;
  #updated: number;

  constructor(
    private readonly rate: number,
    private readonly burst: number,
    now: number,
  ) {
    this.#tokens = burst;
    this.#updated = now;
  }

  /** Take one token if there is one. `now` is in milliseconds. */
  take(now: number): boolean {
    const elapsed = Math.max(0, now - this.#updated) / 1000;
    this.#updated = now;
    this.#tokens = Math.min(this.burst, this.#tokens + elapsed * this.rate);
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}

/** Counts strikes in a fixed window; says when a limit is passed within one window. */
export class StrikeCounter {
  #count = 0;
  #windowStart = 0;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Record a strike; true when this one passes the limit for the current window. */
  strike(now: number): boolean {
    if (now - this.#windowStart >= this.windowMs) {
      this.#windowStart = now;
      this.#count = 0;
    }
    this.#count++;
    return this.#count > this.limit;
  }
}
