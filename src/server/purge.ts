import { CloseCode } from '../../protocol/close-codes.ts';
import type { ChatService } from '../llm/chat-service.ts';
import type { Logger } from '../ops/log.ts';
import type { ChatLog } from '../persistence/chat-log.ts';
import type { PlayerStore } from '../persistence/player-store.ts';
import type { ColdStates } from './cold-states.ts';
import type { Outbound } from './outbound.ts';
import type { PlayerDirectory } from './players.ts';
import type { SessionRegistry } from './session-registry.ts';

/** Players purged per database transaction; a longer queue takes several in a row. */
export const PURGE_BATCH = 256;
// Rounds of "drop whoever came back, purge again" in one run: a player only
// comes back by connecting in the moment between the drop and the purge,
// so a second round is rare and a third is a safety margin. Anyone still
// back after that is purged by the next run (their request is filed again).
const MAX_ROUNDS = 3;

/** The server's sessions, as the purge needs them (called with the engine idle). */
export interface PurgeSessions {
  /** Close the player's live session, if they have one. */
  close(playerId: string): void;
  /**
   * Close a live session of the player that is not bound to the player's
   * current slot (a hello that raced the purge and ended up on a freed slot).
   */
  closeStale(playerId: string): void;
}

/**
 * PurgeSessions over the server's connections: a purged player's live
 * session stops being theirs and is closed with 4001.
 */
export function purgeSessions(
  sessions: Pick<SessionRegistry, 'liveOf' | 'unbind'>,
  players: Pick<PlayerDirectory, 'slotOf'>,
  out: Pick<Outbound, 'close'>,
): PurgeSessions {
  const drop = (playerId: string, stale: boolean) => {
    const session = sessions.liveOf(playerId);
    if (!session || (stale && players.slotOf(playerId) === session.slot)) return;
    sessions.unbind(session);
    out.close(session, CloseCode.AUTH_FAILED, 'account deleted');
  };
  return { close: (id) => drop(id, false), closeStale: (id) => drop(id, true) };
}

export interface PurgeOptions {
  readonly store: Pick<PlayerStore, 'dueDeletions' | 'purgeDue' | 'requestDeletion'>;
  readonly players: Pick<PlayerDirectory, 'drop'>;
  readonly cold: Pick<ColdStates, 'get' | 'has'>;
  readonly chatLog: Pick<ChatLog, 'flush'>;
  readonly chat: Pick<ChatService, 'forget'>;
  readonly sessions: PurgeSessions;
  /** The server's wall clock (a test clock in tests). */
  readonly clock: () => number;
  /** How often a run starts on its own (0: only when asked, through `run`). */
  readonly intervalMs: number;
  readonly logger: Logger;
}

/**
 * The purge job: deletes for good the accounts whose deletion grace period
 * (deleteAccount) has passed. Each run, on the server's clock:
 *
 * 1. asks the database who is due;
 * 2. drops those players from memory without saving them and closes their
 *    session (a player whose cold state says the deletion was cancelled
 *    meanwhile is kept);
 * 3. flushes the chat log, so no line of theirs is written after the purge;
 * 4. deletes their row, chat lines, purchases and deletion request in one
 *    transaction (repository purgeDue), and forgets their conversations;
 * 5. drops again anyone who came back in between with the old life (a
 *    hello whose load read the database before step 4): what their saves
 *    wrote meanwhile goes in another round of 3-4.
 *
 * After a purge, a hello with the same player id starts a new life.
 * Runs are serialized: `run` waits for the one before it.
 */
export class PurgeJob {
  readonly #o: PurgeOptions;
  #timer: NodeJS.Timeout | undefined;
  #chain: Promise<unknown> = Promise.resolve();

  constructor(options: PurgeOptions) {
    this.#o = options;
  }

  start(): void {
    if (this.#o.intervalMs <= 0) return;
    this.#timer ??= setInterval(() => {
      this.run().catch((error: unknown) =>
        this.#o.logger.warn({ err: error }, 'account purge failed; retrying on the next run'),
      );
    }, this.#o.intervalMs);
    this.#timer.unref();
  }

  /** Stop the timer and wait for a run in progress. */
  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#chain.catch(() => {});
  }

  /** Purge every account due now; resolves with the ids purged. */
  run(): Promise<readonly string[]> {
    const next = this.#chain.catch(() => {}).then(() => this.#runAll());
    this.#chain = next;
    return next;
  }

  async #runAll(): Promise<readonly string[]> {
    const now = this.#o.clock();
    const purged: string[] = [];
    for (;;) {
      const batch = await this.#runBatch(now);
      purged.push(...batch);
      if (batch.length < PURGE_BATCH) break;
    }
    if (purged.length > 0) this.#o.logger.info({ players: purged.length }, 'accounts purged');
    return purged;
  }

  async #runBatch(now: number): Promise<string[]> {
    const { store, chatLog } = this.#o;
    const due = await store.dueDeletions(now, PURGE_BATCH);
    if (due.length === 0) return [];
    for (const id of due) await this.#drop(id, now);
    const purged: string[] = [];
    let round = 0;
    for (;;) {
      await chatLog.flush();
      const ids = await store.purgeDue(now, PURGE_BATCH);
      purged.push(...ids);
      // Resident or not, their conversations may still be in memory.
      for (const id of ids) this.#o.chat.forget?.(id);
      const back: string[] = [];
      for (const id of ids) if (await this.#drop(id, now)) back.push(id);
      if (back.length === 0) break;
      // What the returned players' saves wrote after step 4 is deleted by
      // purging them again: their requests are filed again, due now.
      for (const id of back) await store.requestDeletion(id, now, now);
      if (++round >= MAX_ROUNDS) {
        this.#o.logger.warn({ players: back.length }, 'players came back during a purge; next run');
        break;
      }
    }
    // A hello that raced the drop may have bound a session to a freed slot
    // after the drop ran: once its continuations have run, close it.
    await new Promise<void>((resolve) => setImmediate(resolve));
    const unique = [...new Set(purged)];
    for (const id of unique) this.#o.sessions.closeStale(id);
    return unique;
  }

  /**
   * Drop a due player if resident with the life whose deletion is due (not
   * a life that cancelled, nor a new life started after a purge).
   */
  #drop(playerId: string, now: number): Promise<boolean> {
    const { players, cold, sessions } = this.#o;
    return players.drop(playerId, (slot) => {
      const deletion = cold.has(slot) ? cold.get(slot).deletion : null;
      if (!deletion || deletion.purgeAfter > now) return false;
      sessions.close(playerId);
      return true;
    });
  }
}
