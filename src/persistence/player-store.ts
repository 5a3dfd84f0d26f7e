import { Worker } from 'node:worker_threads';
import { loadableWorkerFile } from '../kit/worker-bundle.ts';
import { claimFor, type Fence, FencedOutError, type LeaseClaim } from './fence.ts';
import {
  type ChatLine,
  type NumberedChatLine,
  type Purchase,
  type PurchaseSaveOutcome,
  RepositoryError,
  type SpendRow,
  type StoreTransaction,
} from './repository.ts';
import {
  type LoadedPlayer,
  type SaveOutcome,
  type StoreOp,
  type StoreRequest,
  type StoreResponse,
  type StoreResult,
  storeClock,
} from './store-messages.ts';

type Pending = {
  resolve: (r: StoreResult) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
};

/** Requests that may wait for the worker at once; beyond this a request fails at once. */
const MAX_PENDING = 4096;

export interface PlayerStoreOptions {
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  /** A request not answered in this time fails (the database may be frozen). */
  readonly requestTimeoutMs?: number;
  /**
   * Fleet mode: the shard leases this process holds. Every write of players'
   * rows (save, savePurchase, appendChat) then carries the leases of its
   * players' shards and is checked against them in its own transaction; a
   * write with a player of a shard not held (epochOf undefined) fails as a
   * whole with FencedOutError before it is sent. Needs a mysql:// database:
   * with SQLite, open fails.
   */
  readonly fence?: Fence;
}

/**
 * The main thread's handle on the persistence worker: async load and save,
 * each with a timeout, so a frozen database shows up as failures to retry,
 * never as a blocked event loop. The timeout travels with the request as
 * its deadline: the worker drops a request it reaches after the caller gave
 * up, so a failed request never takes effect later.
 */
export class PlayerStore {
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  readonly #timeoutMs: number;
  readonly #fence: Fence | undefined;
  #nextId = 1;
  #backend = '';
  #exited = false;

  private constructor(timeoutMs: number, fence: Fence | undefined) {
    this.#timeoutMs = timeoutMs;
    this.#fence = fence;
    const file = loadableWorkerFile(
      new URL(
        `../../workers/persistence.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`,
        import.meta.url,
      ),
    );
    this.#worker = new Worker(file);
    this.#worker.on('message', (response: StoreResponse) => {
      const pending = this.#pending.get(response.id);
      if (!pending) return;
      this.#pending.delete(response.id);
      clearTimeout(pending.timer);
      if (response.ok) pending.resolve(response.result);
      else if (response.error.kind === 'fencedOut')
        pending.reject(new FencedOutError(response.error.shards, response.error.message));
      else pending.reject(new RepositoryError(response.error.message));
    });
    const fail = (error: Error) => {
      this.#exited = true;
      for (const p of this.#pending.values()) {
        clearTimeout(p.timer);
        p.reject(error);
      }
      this.#pending.clear();
    };
    this.#worker.on('error', (error) =>
      fail(new RepositoryError(`persistence worker failed: ${error.message}`)),
    );
    this.#worker.on('exit', () => fail(new RepositoryError('persistence worker exited')));
  }

  /** Start the worker, open the database and apply migrations. */
  static async open(options: PlayerStoreOptions): Promise<PlayerStore> {
    // Fencing needs the lease table of a database the fleet shares; SQLite
    // is one process on one file, so a fence with it is a wiring mistake.
    if (options.fence && !options.databaseUrl?.startsWith('mysql://'))
      throw new RepositoryError('a fence (fleet mode) needs a mysql:// database, not SQLite');
    const store = new PlayerStore(options.requestTimeoutMs ?? 15_000, options.fence);
    try {
      const result = await store.#request(
        { op: 'open', databaseUrl: options.databaseUrl, dataDir: options.dataDir },
        60_000,
      );
      if (result.kind === 'open') store.#backend = result.backend;
    } catch (error) {
      await store.#worker.terminate();
      throw error;
    }
    return store;
  }

  get backend(): string {
    return this.#backend;
  }

  async load(playerId: string): Promise<LoadedPlayer | undefined> {
    const result = await this.#request({ op: 'load', playerId });
    return result.kind === 'load' && result.player ? result.player : undefined;
  }

  /**
   * Save players: their hot state as column blocks (raw-rows.ts, transferred,
   * not copied) and the cold state of those at `coldAt`, whose cold state
   * changed since it was last saved; the others keep the stored one.
   * Fleet mode: fails with FencedOutError, nothing written, when a lease of
   * the players' shards is not held or is refused by the database.
   */
  async save(
    ids: readonly string[],
    versions: Float64Array,
    updatedAt: Float64Array,
    blocks: ArrayBuffer,
    coldAt: readonly number[],
    colds: readonly Uint8Array[],
  ): Promise<SaveOutcome> {
    const claim = this.#claim(ids);
    const result = await this.#request(
      { op: 'save', ids, versions, updatedAt, blocks, coldAt, colds, claim },
      undefined,
      [blocks, versions.buffer as ArrayBuffer, updatedAt.buffer as ArrayBuffer],
    );
    if (result.kind !== 'save') throw new RepositoryError('unexpected answer to save');
    return result.outcome;
  }

  /** Save chat lines in one transaction (fenced in fleet mode, like save). */
  async appendChat(
    lines: readonly { readonly playerId: string; readonly line: ChatLine }[],
  ): Promise<void> {
    const claim = this.#claim(lines.map((l) => l.playerId));
    await this.#request({ op: 'appendChat', lines, claim });
  }

  /** The last `limit` lines with each of the NPCs, oldest first per NPC. */
  async chatHistory(
    playerId: string,
    npcIds: readonly number[],
    limit: number,
  ): Promise<ChatLine[]> {
    const result = await this.#request({ op: 'chatHistory', playerId, npcIds, limit });
    return result.kind === 'chatHistory' ? result.lines : [];
  }

  /** The player's chat lines after line `afterSeq` (0: from the start), oldest first, at most `limit`. */
  async chatPage(playerId: string, afterSeq: number, limit: number): Promise<NumberedChatLine[]> {
    const result = await this.#request({ op: 'chatPage', playerId, afterSeq, limit });
    return result.kind === 'chatPage' ? result.lines : [];
  }

  /**
   * Save one player's row with a purchase's audit row and store transaction,
   * in one transaction (PlayerRepository.savePurchase). `row` (ROW_STRIDE
   * numbers) is transferred, not copied. Fleet mode: fails with
   * FencedOutError, nothing written, when the player's shard is not held.
   */
  async savePurchase(
    playerId: string,
    version: number,
    updatedAt: number,
    row: Float64Array,
    cold: Uint8Array,
    purchase: Purchase,
    store: StoreTransaction | undefined,
  ): Promise<PurchaseSaveOutcome> {
    const claim = this.#claim([playerId]);
    const result = await this.#request(
      { op: 'savePurchase', playerId, version, updatedAt, row, cold, purchase, store, claim },
      undefined,
      [row.buffer as ArrayBuffer],
    );
    if (result.kind !== 'purchase') throw new RepositoryError('unexpected answer to savePurchase');
    return result.outcome;
  }

  /** The player's purchases, oldest first, skipping `offset`, at most `limit`. */
  async purchasePage(playerId: string, offset: number, limit: number): Promise<Purchase[]> {
    const result = await this.#request({ op: 'purchasePage', playerId, offset, limit });
    return result.kind === 'purchases' ? result.purchases : [];
  }

  /** Add model spend per day and player (repository.ts SpendRow), in one transaction. */
  async addSpend(rows: readonly SpendRow[]): Promise<void> {
    await this.#request({ op: 'addSpend', rows });
  }

  /** Every spend row of one UTC day. */
  async spendOn(day: number): Promise<SpendRow[]> {
    const result = await this.#request({ op: 'spendOn', day });
    return result.kind === 'spend' ? result.rows : [];
  }

  /** Forget the spend of the days before `day`; how many rows went. */
  async dropSpendBefore(day: number): Promise<number> {
    const result = await this.#request({ op: 'dropSpendBefore', day });
    return result.kind === 'count' ? result.value : 0;
  }

  async requestDeletion(playerId: string, at: number, purgeAfter: number): Promise<void> {
    await this.#request({ op: 'requestDeletion', playerId, at, purgeAfter });
  }

  /** False when no deletion was pending. */
  async cancelDeletion(playerId: string): Promise<boolean> {
    const result = await this.#request({ op: 'cancelDeletion', playerId });
    return result.kind === 'flag' && result.value;
  }

  /** Players whose deletion is due at `now` (reads only). */
  async dueDeletions(now: number, limit: number): Promise<string[]> {
    const result = await this.#request({ op: 'dueDeletions', now, limit });
    return result.kind === 'ids' ? result.ids : [];
  }

  /** Delete every player due at `now` for good, in one transaction; returns their ids. */
  async purgeDue(now: number, limit: number): Promise<string[]> {
    const result = await this.#request({ op: 'purgeDue', now, limit });
    return result.kind === 'ids' ? result.ids : [];
  }

  async ping(): Promise<void> {
    await this.#request({ op: 'ping' }, 5000);
  }

  async close(): Promise<void> {
    if (!this.#exited) {
      try {
        await this.#request({ op: 'close' }, 10_000);
      } catch {
        // closing anyway
      }
    }
    await this.#worker.terminate();
  }

  /** The leases a write of these players stands on (fleet mode), read from the fence now. */
  #claim(playerIds: Iterable<string>): LeaseClaim | undefined {
    return this.#fence ? claimFor(this.#fence, playerIds) : undefined;
  }

  #request(
    message: StoreOp,
    timeoutMs = this.#timeoutMs,
    transfer: ArrayBuffer[] = [],
  ): Promise<StoreResult> {
    if (this.#exited)
      return Promise.reject(new RepositoryError('persistence worker is not running'));
    if (this.#pending.size >= MAX_PENDING)
      return Promise.reject(new RepositoryError('persistence busy: too many requests waiting'));
    const id = this.#nextId++;
    return new Promise<StoreResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new RepositoryError(`database did not answer ${message.op} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(id, { resolve, reject, timer });
      const request: StoreRequest = { ...message, id, deadline: storeClock() + timeoutMs };
      this.#worker.postMessage(request, transfer);
    });
  }
}
