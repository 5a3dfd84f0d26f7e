import type { Logger } from '../ops/log.ts';
import type { Fence } from './fence.ts';
import type { PlayerStore } from './player-store.ts';
import type { SaveSource } from './save-source.ts';

/** How a WriteBehindWriter (writer.ts) is set up. */
export interface WriterOptions {
  /** The resident players' columns (the server passes the engine's world). */
  readonly source: SaveSource;
  /** Where saves go: the persistence worker's client (only `save` is used). */
  readonly store: Pick<PlayerStore, 'save'>;
  readonly logger: Logger;
  /** How often a flush starts (LIFETICK_FLUSH_MS). */
  readonly flushMs: number;
  /** Most rows per save (one transaction). */
  readonly batchSize?: number;
  /** Main-thread time one tick may spend copying state out for a flush (default 2 ms). */
  readonly snapshotBudgetMs?: number;
  /** Saves the worker may have queued at once: one writing, one ready behind it. */
  readonly maxInFlight?: number;
  /**
   * A player's cold state as saved bytes (server/cold-states.ts); absent:
   * empty. The same object until the state changes: a save sends the cold
   * state only when it is not the object last saved.
   */
  readonly cold?: (slot: number) => Uint8Array;
  /** Called with each snapshot chunk's main-thread time, for metrics. */
  readonly onStall?: (ms: number) => void;
  /**
   * Wall-clock ms (default Date.now): when changes were made, each row's
   * updatedAt, the retry backoff and the age of the oldest unsaved change.
   */
  readonly clock?: () => number;
  /**
   * Fleet mode: the leases held (the store's fence). A row whose shard is
   * not held is not copied; a save the database fences out is no failure:
   * its refused rows are dropped, never retried (fenced-rows.ts).
   */
  readonly fence?: Pick<Fence, 'epochOf'>;
  /** Rows of these shards were dropped, their players untracked: the server drops the players. */
  readonly onFencedOut?: (shards: readonly number[]) => void;
}

export interface WriterStatus {
  /** Players whose latest change is not in the database. */
  readonly unflushed: number;
  /** Age of the oldest change not in the database, ms (0 when everything is saved). */
  readonly oldestUnsavedMs: number;
  /** True while the last save failed: the database is down or refusing. */
  readonly failing: boolean;
  readonly lastError: string | undefined;
  readonly rowsSaved: number;
  readonly failures: number;
}
