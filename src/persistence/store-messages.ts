import type { LeaseClaim } from './fence.ts';
import type {
  ChatLine,
  NumberedChatLine,
  Purchase,
  PurchaseSaveOutcome,
  SpendRow,
  StoreTransaction,
} from './repository.ts';

/**
 * Every message between the main thread and the persistence worker, in one
 * place. Requests carry an id; the worker answers each with the same id.
 * A flush's hot state travels as column blocks of raw bytes (raw-rows.ts),
 * a purchase's and a load's as a Float64Array row of ROW_STRIDE numbers
 * (row-codec.ts), transferred, not copied.
 */
export type StoreRequest = StoreOp & {
  readonly id: number;
  /**
   * When (storeClock) the caller gives up waiting: the worker drops a
   * request it reaches this late instead of running it, so a request that
   * timed out on the main thread never happens behind its back (a save
   * retried by the writer, a chat batch put back for the next flush, would
   * otherwise land twice).
   */
  readonly deadline: number;
};

/**
 * The clock of request deadlines, in ms, the same in both threads: each
 * thread's monotonic clock from its own start, placed on the wall clock of
 * that start. A wall clock set forward or back later moves neither.
 */
export function storeClock(): number {
  return performance.timeOrigin + performance.now();
}

/** What a request asks of the worker. */
export type StoreOp =
  | {
      readonly op: 'open';
      readonly databaseUrl: string | undefined;
      readonly dataDir: string;
    }
  | { readonly op: 'load'; readonly playerId: string }
  | {
      readonly op: 'save';
      readonly ids: readonly string[];
      readonly versions: Float64Array;
      readonly updatedAt: Float64Array;
      /** The players' hot state as column blocks (raw-rows.ts), transferred. */
      readonly blocks: ArrayBuffer;
      /** Which players' cold state changed since it was last saved (indexes into ids)... */
      readonly coldAt: readonly number[];
      /** ...and that cold state, already MessagePack (row-codec.ts encodeCold). */
      readonly colds: readonly Uint8Array[];
      /** Fleet mode: the leases the save stands on, checked in its transaction. */
      readonly claim: LeaseClaim | undefined;
    }
  | {
      readonly op: 'appendChat';
      readonly lines: readonly { readonly playerId: string; readonly line: ChatLine }[];
      /** Fleet mode: the leases the lines' players stand on. */
      readonly claim: LeaseClaim | undefined;
    }
  | {
      readonly op: 'chatHistory';
      readonly playerId: string;
      readonly npcIds: readonly number[];
      readonly limit: number;
    }
  | {
      readonly op: 'savePurchase';
      readonly playerId: string;
      readonly version: number;
      readonly updatedAt: number;
      /** One row of ROW_STRIDE numbers. */
      readonly row: Float64Array;
      /** The cold state, already MessagePack. */
      readonly cold: Uint8Array;
      readonly purchase: Purchase;
      readonly store: StoreTransaction | undefined;
      /** Fleet mode: the lease of the player's shard, checked in the purchase's transaction. */
      readonly claim: LeaseClaim | undefined;
    }
  | {
      readonly op: 'chatPage';
      readonly playerId: string;
      readonly afterSeq: number;
      readonly limit: number;
    }
  | {
      readonly op: 'purchasePage';
      readonly playerId: string;
      readonly offset: number;
      readonly limit: number;
    }
  | { readonly op: 'addSpend'; readonly rows: readonly SpendRow[] }
  | { readonly op: 'spendOn' | 'dropSpendBefore'; readonly day: number }
  | {
      readonly op: 'requestDeletion';
      readonly playerId: string;
      readonly at: number;
      readonly purgeAfter: number;
    }
  | { readonly op: 'cancelDeletion'; readonly playerId: string }
  | {
      readonly op: 'dueDeletions' | 'purgeDue';
      readonly now: number;
      readonly limit: number;
    }
  | { readonly op: 'ping' }
  | { readonly op: 'close' };

export interface LoadedPlayer {
  readonly version: number;
  readonly updatedAt: number;
  /** One row of ROW_STRIDE numbers. */
  readonly row: Float64Array;
  readonly cold: Record<string, unknown>;
}

export interface SaveOutcome {
  readonly written: number;
  /** Milliseconds the worker spent turning blocks into rows, and writing. */
  readonly encodeMs: number;
  readonly writeMs: number;
}

export type StoreResult =
  | { kind: 'chatHistory'; lines: ChatLine[] }
  | { kind: 'chatPage'; lines: NumberedChatLine[] }
  | { kind: 'purchases'; purchases: Purchase[] }
  | { kind: 'purchase'; outcome: PurchaseSaveOutcome }
  | { kind: 'spend'; rows: SpendRow[] }
  /** dropSpendBefore: rows deleted. */
  | { kind: 'count'; value: number }
  /** cancelDeletion: whether there was a request. */
  | { kind: 'flag'; value: boolean }
  /** dueDeletions and purgeDue: player ids. */
  | { kind: 'ids'; ids: string[] }
  | { kind: 'open'; backend: string }
  | { kind: 'load'; player: LoadedPlayer | null }
  | { kind: 'save'; outcome: SaveOutcome }
  | { kind: 'done' };

/**
 * Why a request failed, typed, since an Error's class does not survive
 * postMessage: `database` (the database refused or could not be reached:
 * the caller keeps its data and retries; RepositoryError on the main
 * thread) or `fencedOut` (a fenced write whose leases on `shards` are gone,
 * nothing written: retrying cannot help; FencedOutError on the main thread).
 */
export type StoreFailure =
  | { readonly kind: 'database'; readonly message: string }
  | { readonly kind: 'fencedOut'; readonly message: string; readonly shards: readonly number[] };

export type StoreResponse =
  | { readonly id: number; readonly ok: true; readonly result: StoreResult }
  | { readonly id: number; readonly ok: false; readonly error: StoreFailure };
