import type { Engine } from '../engine/engine.ts';
import type { Placement } from '../fleet/ownership.ts';
import type { ChatService } from '../llm/chat-service.ts';
import type { Logger } from '../ops/log.ts';
import type { WriteBehindWriter } from '../persistence/writer.ts';
import type { ShardDeparture } from './fleet-host.ts';
import type { PlayerDirectory } from './players.ts';
import { redirectShards, type ShardRedirectParts } from './shard-redirects.ts';

/** What moving shards' players out of this process uses. */
export interface ShardHandoffParts extends ShardRedirectParts {
  readonly engine: Pick<Engine, 'submit'>;
  readonly players: Pick<PlayerDirectory, 'slotsInShards' | 'dropShards'>;
  readonly writer: Pick<WriteBehindWriter, 'saveSlots' | 'isClean'>;
  readonly chat: Pick<ChatService, 'forget'>;
  readonly logger: Logger;
  /** Where a player is placed now (the fleet host's ownership). */
  readonly placementOf: (playerId: string) => Placement;
  /** Longest a handoff waits for its players' saves (ms). */
  readonly saveDeadlineMs: number;
}

// Pause between looks at saves still in flight during a handoff (ms).
const SAVE_POLL_MS = 20;

/**
 * The server's side of shards leaving this process (fleet-host.ts):
 * - `drop`: the shards are gone already (local deadline passed, or the
 *   database refused a write): their sockets get the redirect frame and
 *   4004 at once, and their players are forgotten WITHOUT saving, since
 *   their rows are the new owner's now;
 * - `handOff`: the shards are still held and are being given away: their
 *   sockets are redirected (which stops their commands), and every player
 *   of theirs is saved, fenced, before the caller releases the leases.
 */
export class ShardHandoff implements ShardDeparture {
  readonly #p: ShardHandoffParts;

  constructor(parts: ShardHandoffParts) {
    this.#p = parts;
  }

  drop(shards: readonly number[]): void {
    const { engine, players, chat, logger } = this.#p;
    const set = new Set(shards);
    const redirected = redirectShards(this.#p, set, this.#p.placementOf);
    engine
      .submit(() => players.dropShards(set))
      .then(
        (dropped) => {
          for (const id of dropped) chat.forget?.(id);
          if (dropped.length > 0 || redirected > 0)
            logger.info(
              { shards: shards.length, players: dropped.length, redirected },
              'fleet: shards gone; players dropped unsaved',
            );
        },
        (error: unknown) =>
          logger.warn({ err: (error as Error).message }, 'fleet: dropping players failed'),
      );
  }

  async handOff(shards: readonly number[]): Promise<boolean> {
    const { engine, players, writer, logger } = this.#p;
    const set = new Set(shards);
    redirectShards(this.#p, set, this.#p.placementOf);
    const deadline = performance.now() + this.#p.saveDeadlineMs;
    try {
      for (;;) {
        // Copied with the engine idle, in the same moment the unsaved are found.
        // (Wrapped: a promise returned by submit's command would be awaited with it.)
        const saving = await engine.submit(() => {
          const unsaved = players.slotsInShards(set).filter((s) => !writer.isClean(s));
          return unsaved.length === 0 ? undefined : { done: writer.saveSlots(unsaved) };
        });
        if (saving === undefined) return true;
        await saving.done;
        if (performance.now() >= deadline) return false;
        // Saves of a regular flush still in flight settle by themselves.
        await new Promise<void>((resolve) => setTimeout(resolve, SAVE_POLL_MS));
      }
    } catch (error) {
      logger.warn({ err: (error as Error).message }, 'fleet: saving a handoff failed');
      return false;
    }
  }
}
