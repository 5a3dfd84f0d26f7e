import type { Logger } from '../ops/log.ts';
import type { PlayerStore } from './player-store.ts';
import { GLOBAL_SPEND, type SpendRow } from './repository.ts';

// How often the spend is written: a crash loses at most about this much of
// the day's spend (the budgets forget a second of calls, a few cents at most).
const FLUSH_MS = 1000;
// Day-and-player sums held at most while the database is away; past this a
// new player's spend is kept in memory only (the meter still counts it until
// a restart) and the global sum, which always has its key, still grows.
const MAX_PENDING = 100_000;

/** Days of spend kept in the database: a month, to look back at the bill by day and player. */
export const SPEND_DAYS_KEPT = 31;

/**
 * Model spend on its way to the database: per UTC day, each player's and
 * everyone's (GLOBAL_SPEND), summed in memory and written once a second in
 * one transaction, so the day's budgets survive a restart.
 */
export class SpendLog {
  readonly #store: PlayerStore;
  readonly #logger: Logger;
  #pending = new Map<string, SpendRow>();
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> = Promise.resolve();
  #dropped = 0;
  #closed = false;

  constructor(store: PlayerStore, logger: Logger) {
    this.#store = store;
    this.#logger = logger;
  }

  /** Count `dollars` spent on `day` for `playerId` (and for everyone). */
  add(day: number, playerId: string, dollars: number): void {
    this.#merge({ day, playerId, dollars });
    this.#merge({ day, playerId: GLOBAL_SPEND, dollars });
    if (this.#closed) return;
    this.#timer ??= setTimeout(() => {
      this.#timer = undefined;
      void this.flush();
    }, FLUSH_MS);
  }

  /** Write everything summed so far (also at shutdown). */
  flush(): Promise<void> {
    this.#writing = this.#writing.then(async () => {
      if (this.#pending.size === 0) return;
      const rows = [...this.#pending.values()];
      this.#pending = new Map();
      try {
        await this.#store.addSpend(rows);
      } catch (error) {
        // Sum them back in and try again with the next flush.
        for (const row of rows) this.#merge(row);
        this.#logger.warn({ err: error, rows: rows.length }, 'model spend not saved yet');
      }
    });
    return this.#writing;
  }

  /** No more timed flushes (a last `flush()` writes what is left). */
  close(): void {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #merge(row: SpendRow): void {
    const key = `${row.day}#${row.playerId}`;
    const held = this.#pending.get(key);
    if (held) {
      this.#pending.set(key, { ...held, dollars: held.dollars + row.dollars });
      return;
    }
    if (this.#pending.size >= MAX_PENDING && row.playerId !== GLOBAL_SPEND) {
      if (this.#dropped++ % 1000 === 0)
        this.#logger.warn(
          { dropped: this.#dropped },
          'model spend buffer full; a player sum kept in memory only',
        );
      return;
    }
    this.#pending.set(key, row);
  }
}
