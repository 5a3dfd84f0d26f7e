export const BreakerState = { closed: 'closed', open: 'open', halfOpen: 'half-open' } as const;
export type BreakerState = (typeof BreakerState)[keyof typeof BreakerState];

/**
 * Opens after `threshold` failures in a row: everyone gets template replies
 * for `cooldownMs`. Then one probe call is let through (half-open): success
 * closes it, failure opens it again, and a probe that ends with neither
 * (`abandonProbe`) lets the next call probe instead.
 */
export class CircuitBreaker {
  #state: BreakerState = BreakerState.closed;
  #failures = 0;
  #openedAt = 0;
  #probing = false;

  constructor(
    private readonly threshold: number,
    private readonly cooldownMs: number,
  ) {}

  get state(): BreakerState {
    return this.#state;
  }

  /** May a call go to the model now? In half-open, only the one probe may. */
  allow(now: number): boolean {
    if (this.#state === BreakerState.closed) return true;
    if (this.#state === BreakerState.open && now - this.#openedAt >= this.cooldownMs) {
      this.#state = BreakerState.halfOpen;
      this.#probing = false;
    }
    if (this.#state === BreakerState.halfOpen && !this.#probing) {
      this.#probing = true;
      return true;
    }
    return false;
  }

  /**
   * The probe `allow` let through will say nothing of the model: it was
   * refused on the way (player rate, full queue) or ran out of its own
   * deadline. Without this the breaker would wait for its verdict forever.
   */
  abandonProbe(): void {
    if (this.#state === BreakerState.halfOpen) this.#probing = false;
  }

  success(): void {
    this.#state = BreakerState.closed;
    this.#failures = 0;
    this.#probing = false;
  }

  failure(now: number): void {
    this.#failures++;
    if (this.#state === BreakerState.halfOpen || this.#failures >= this.threshold) {
      this.#state = BreakerState.open;
      this.#openedAt = now;
      this.#probing = false;
    }
  }
}
