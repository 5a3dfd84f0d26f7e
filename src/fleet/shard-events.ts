import type { FleetLog } from './fleet-log.ts';

/**
 * What a lease keeper reports, each with the shards concerned in ascending order:
 * - `acquired`: now held: serve them;
 * - `lost`: no longer held (local deadline passed, or a renewal found them
 *   gone): stop serving them at once;
 * - `released`: given up on purpose (release()).
 */
export const ShardEventName = {
  acquired: 'acquired',
  lost: 'lost',
  released: 'released',
} as const;
export type ShardEventName = (typeof ShardEventName)[keyof typeof ShardEventName];

export type ShardListener = (shards: readonly number[]) => void;

/** The keeper's listeners, each event told to every listener even when one throws. */
export class ShardEvents {
  readonly #log: FleetLog;
  readonly #listeners = new Map<ShardEventName, Set<ShardListener>>(
    Object.values(ShardEventName).map((e) => [e, new Set<ShardListener>()]),
  );

  constructor(log: FleetLog) {
    this.#log = log;
  }

  on(event: ShardEventName, listener: ShardListener): void {
    this.#listeners.get(event)?.add(listener);
  }

  off(event: ShardEventName, listener: ShardListener): void {
    this.#listeners.get(event)?.delete(listener);
  }

  /** Tells every listener of `event`; nothing when `shards` is empty. */
  emit(event: ShardEventName, shards: readonly number[]): void {
    if (shards.length === 0) return;
    for (const l of this.#listeners.get(event) ?? []) {
      // A listener that throws must not stop the others hearing of it, nor
      // cut a renewal short halfway through its bookkeeping.
      try {
        l(shards);
      } catch (error) {
        this.#log.warn({ event, err: (error as Error).message }, 'fleet: a lease listener failed');
      }
    }
  }
}
