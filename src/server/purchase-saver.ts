import type { PendingChange, PurchaseRecord } from '../commands/context.ts';
import type { Engine } from '../engine/engine.ts';
import type { Logger } from '../ops/log.ts';
import { FencedOutError } from '../persistence/fence.ts';
import type { PlayerStore } from '../persistence/player-store.ts';
import { copySlotToRow, encodeCold, ROW_STRIDE } from '../persistence/row-codec.ts';
import type { WriteBehindWriter } from '../persistence/writer.ts';
import { GameError } from '../sim/game-error.ts';
import { FIELD_INDEX, type FieldName } from '../world/schema.ts';
import type { ColdStates } from './cold-states.ts';
import type { PlayerDirectory } from './players.ts';

/**
 * Purchases a player may have waiting behind the one being saved. Past it
 * a purchase is refused with RATE_LIMITED (it changes nothing and can be
 * sent again). A purchase waits one database commit (milliseconds), and
 * the connection's rate limit (30 frames a second) rarely lets more than a
 * handful queue: 16 is room for a client's burst, not for a flood.
 */
export const MAX_QUEUED_PURCHASES = 16;

/**
 * How long a saved grant waits before trying again to reach a player whose
 * engine queue is full (the engine drains it every tick, 50 ms at 20 Hz).
 */
const FULL_QUEUE_RETRY_MS = 10;

/**
 * engine.submit, tried again while the engine's command queue is full
 * (RATE_LIMITED): a grant already saved must reach the player, and the
 * writer's hold keeps the database's copy from being overwritten meanwhile.
 */
async function submitSurely(engine: Engine, fn: () => void): Promise<void> {
  for (;;) {
    try {
      await engine.submit(fn);
      return;
    } catch (error) {
      if (!(error instanceof GameError) || error.code !== 'RATE_LIMITED') throw error;
      await new Promise<void>((resolve) => setTimeout(resolve, FULL_QUEUE_RETRY_MS));
    }
  }
}

export interface PurchaseSaverOptions {
  readonly engine: Engine;
  readonly store: Pick<PlayerStore, 'savePurchase'>;
  readonly writer: Pick<WriteBehindWriter, 'claimSave' | 'noteChange'>;
  readonly cold: ColdStates;
  readonly players: Pick<PlayerDirectory, 'slotOf'>;
  readonly logger: Logger;
  /** The server's wall clock: the saved row's time. */
  readonly clock: () => number;
}

interface PlayerQueue {
  tail: Promise<void>;
  size: number;
}

/**
 * Purchases saved before they are acknowledged. The command handler makes
 * the purchase in memory (or, for an in-app grant, prepares it) and calls
 * `save` in the same idle moment: the player's row and cold state are
 * copied then, under the next version the write-behind writer hands out,
 * and go to the database in one transaction with the purchase's audit row
 * and store transaction. The handler acknowledges only after that commits,
 * so a SIGKILL right after an ack loses nothing it acknowledged.
 *
 * When the save fails, what happened in memory stays as it was:
 * - an in-app grant was never made (it is made only after the commit: see
 *   PendingChange), so nothing was granted and the store transaction is
 *   still free (or, if a timed-out commit landed after all, it is this
 *   purchase's, and the retry under the same purchase id goes through);
 * - any other purchase stays made, because it cannot be undone exactly (a
 *   time skip has lived through hours of rules; ticks and other commands
 *   may have changed the same fields since). It is in the ledger and the
 *   write-behind writer saves it with its entry, as every change is saved.
 *   The client gets INTERNAL, not an ack; a retry with the same purchase id
 *   is answered with the first result only after a save of the row holding
 *   it commits.
 * Either way nothing is acknowledged that is not durable.
 *
 * Purchases of one player run one at a time (`queue`), so each copy holds
 * every purchase before it and a pending grant is never overwritten by a
 * copy taken without it.
 */
export class PurchaseSaver {
  readonly #o: PurchaseSaverOptions;
  readonly #queues = new Map<string, PlayerQueue>();

  constructor(options: PurchaseSaverOptions) {
    this.#o = options;
  }

  /** Run `work` after the player's earlier purchases have settled (see MAX_QUEUED_PURCHASES). */
  queue<T>(playerId: string, work: () => Promise<T>): Promise<T> {
    let queue = this.#queues.get(playerId);
    if (!queue) {
      queue = { tail: Promise.resolve(), size: 0 };
      this.#queues.set(playerId, queue);
    }
    if (queue.size >= MAX_QUEUED_PURCHASES) {
      return Promise.reject(
        new GameError('RATE_LIMITED', 'too many purchases waiting; send it again in a moment'),
      );
    }
    queue.size++;
    const run = queue.tail.then(work);
    const q = queue;
    q.tail = run.then(
      () => this.#done(playerId, q),
      () => this.#done(playerId, q),
    );
    return run;
  }

  #done(playerId: string, queue: PlayerQueue): void {
    queue.size--;
    if (queue.size === 0 && this.#queues.get(playerId) === queue) this.#queues.delete(playerId);
  }

  /**
   * Copy the player in `slot` now (call with the engine idle) and save the
   * copy with `purchase`; resolves once committed and, with `pending`, once
   * the pending change has been made to the player.
   */
  save(
    slot: number,
    playerId: string,
    purchase: PurchaseRecord,
    pending?: PendingChange,
  ): Promise<void> {
    const { engine, store, writer, cold, players, logger, clock } = this.#o;
    const row = new Float64Array(ROW_STRIDE);
    copySlotToRow(engine.world.columns, slot, row, 0);
    let coldBytes: Uint8Array;
    if (pending) {
      // Hot fields come first in a row, at their schema index (row-codec.ts).
      for (const [name, value] of Object.entries(pending.fields))
        row[FIELD_INDEX[name as FieldName]] = value;
      coldBytes = encodeCold(pending.cold);
    } else {
      coldBytes = cold.bytes(slot);
    }
    const claim = writer.claimSave(slot, pending !== undefined);
    const { store: paid, ...audit } = purchase;
    let saved = false;
    return store
      .savePurchase(playerId, claim.version, clock(), row, coldBytes, { ...audit, playerId }, paid)
      .then(
        async (outcome) => {
          if (outcome.kind === 'taken') {
            const by = outcome.playerId === playerId ? ` by purchase ${outcome.purchaseId}` : '';
            throw new GameError(
              'CONFLICT',
              `receipt ${paid?.transactionId} was already redeemed${by}`,
            );
          }
          saved = true;
          if (!pending) return;
          await submitSurely(engine, () => {
            // Only the same player in the same slot: one who left meanwhile
            // (an account purge; eviction waits for the save) has the grant
            // in the saved row.
            if (players.slotOf(playerId) !== slot) return;
            pending.apply(slot, cold.get(slot));
            cold.changed(slot);
            writer.noteChange(slot);
          });
        },
        (error: unknown) => {
          if (error instanceof FencedOutError) {
            // Fleet mode: another process owns the player now; nothing of
            // the purchase was written, so nothing is acknowledged. The
            // server moves the player (redirect); the client sends it again
            // there with the same purchaseId.
            logger.warn(
              { playerId, purchaseId: purchase.purchaseId, shards: error.shards },
              'purchase fenced out; not acknowledged',
            );
            throw new GameError(
              'INTERNAL',
              'this server no longer holds your player; reconnect and send it again with the same purchaseId',
            );
          }
          logger.error(
            { err: error, playerId, purchaseId: purchase.purchaseId },
            'purchase not saved; not acknowledged',
          );
          throw new GameError(
            'INTERNAL',
            pending
              ? 'the purchase could not be saved and nothing was granted; send it again with the same purchaseId'
              : 'the purchase could not be saved yet; send it again with the same purchaseId for its result',
          );
        },
      )
      .finally(() => claim.settle(saved));
  }
}
