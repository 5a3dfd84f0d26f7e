import type { Logger } from '../ops/log.ts';

// Backoff between failed flushes: 0.5 s doubling to 4 s. Retrying a
// database that is down costs one failed connection attempt; a short cap
// means saving resumes within seconds of it coming back.
const BACKOFF_FIRST_MS = 500;
const BACKOFF_MAX_MS = 4000;

/**
 * How the write-behind writer's saves are going: rows saved and failures
 * since start, whether the last save failed and why, and the backoff before
 * the next flush may start after a failure. Times are wall-clock ms, passed
 * in by the writer.
 */
export class SaveHealth {
  #backoffMs = 0;
  #retryAt = 0;
  #failing = false;
  #lastError: string | undefined;
  #rowsSaved = 0;
  #failures = 0;

  constructor(private readonly logger: Logger) {}

  /** True while the last save failed: the database is down or refusing. */
  get failing(): boolean {
    return this.#failing;
  }

  get lastError(): string | undefined {
    return this.#lastError;
  }

  get rowsSaved(): number {
    return this.#rowsSaved;
  }

  get failures(): number {
    return this.#failures;
  }

  /** Whether a flush may start at `now` (not while backing off after a failure). */
  mayStart(now: number): boolean {
    return now >= this.#retryAt;
  }

  /** A save wrote `written` rows. */
  saved(written: number): void {
    this.#rowsSaved += written;
    if (this.#failing) this.logger.info('database writes are back');
    this.#failing = false;
    this.#lastError = undefined;
    this.#backoffMs = 0;
  }

  /** A save failed at `now`: back off, longer after each failure in a row. */
  failed(error: unknown, now: number): void {
    this.#failures++;
    this.#failing = true;
    this.#lastError = (error as Error).message;
    this.#backoffMs = Math.min(
      BACKOFF_MAX_MS,
      this.#backoffMs === 0 ? BACKOFF_FIRST_MS : this.#backoffMs * 2,
    );
    this.#retryAt = now + this.#backoffMs;
    this.logger.warn(
      { err: error, retryInMs: this.#backoffMs },
      'save failed; keeping the changes and retrying',
    );
  }
}
