export const BreakerState = { closed: 'closed', open: 'open', halfOpen: 'half-open' } as const;
export type BreakerState = (typeof BreakerState)[keyof typeof BreakerState];

/**
 * Opens after `threshold` failures in a row: everyone gets template replies
 * for `cooldownMs`. Then one probe call is let through (half-open): success
 * closes it, failure opens it again.
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
