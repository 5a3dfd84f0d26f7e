import type { LeaseClaim } from './fence.ts';

/**
 * Where players are saved. One interface, two real implementations:
 * SQLite (better-sqlite3, the zero-set-up default) and MySQL/MariaDB (mysql2).
 * Both pass the same test suite (tests/persistence/repository.test.ts).
 */

/** One player's saved state. */
export interface PlayerRecord {
  readonly id: string;
  /** Grows with every save of this player; a write never replaces a newer version. */
  readonly version: number;
  /** When the state was taken from the columns, ms since the Unix epoch. */
  readonly updatedAt: number;
  /**
   * Hot state (fields, NPC table, event history): the raw bytes of its
   * columns in layout `hotLayout` (hot-layout.ts), or the MessagePack
   * document of rows written before migration 5 (MSGPACK_LAYOUT, 0).
   */
  readonly hot: Uint8Array;
  readonly hotLayout: number;
  /**
   * Cold state as MessagePack; undefined in a save when it has not changed
   * since it was last saved: the stored cold state stays as it is (a row
   * not stored yet gets an empty one).
   */
  readonly cold: Uint8Array | undefined;
}

/** A player's row as loaded: the cold state always, and the description of its hot layout. */
export interface LoadedRecord extends PlayerRecord {
  readonly cold: Uint8Array;
  /** hot_layouts' description of `hotLayout`; undefined when the table does not have it. */
  readonly layoutDescription: string | undefined;
}

export interface ChatLine {
  readonly npcId: number;
  readonly fromNpc: boolean;
  readonly text: string;
  readonly at: number;
}

/**
 * Chat lines kept per player and NPC; writing a line deletes the ones older
 * than this, in the same transaction. Twice the 50 turns the conversation
 * memory loads back when a player returns (llm/conversation.ts
 * HISTORY_LIMIT), so that always finds a full memory and an export reaches
 * well past it. A player has at most 8 NPCs (protocol: npcId 0..7), so at
 * most 800 lines are kept a player: at most about 1.2 MB of text at the
 * 500-character cap, typically a tenth of that.
 */
export const CHAT_LINES_KEPT_PER_NPC = 100;

/** A chat line with its place in the player's history (for paging through it). */
export interface NumberedChatLine extends ChatLine {
  /** Grows with every line written; a page starts after the last one seen. */
  readonly seq: number;
}

/** Model spend of one UTC day, for one player or (GLOBAL_SPEND) for everyone. */
export interface SpendRow {
  /** UTC days since the Unix epoch. */
  readonly day: number;
  readonly playerId: string;
  readonly dollars: number;
}

/** The player id of the row that holds a day's spend for everyone (never a valid player id). */
export const GLOBAL_SPEND = '';

export interface Purchase {
  /** The client's purchase id: one row per player and id, however often it is sent. */
  readonly purchaseId: string;
  readonly playerId: string;
  /** What was bought, as `kind:item` (item:car, energy:small, inApp:diamonds_100). */
  readonly item: string;
  /** The price paid, in `currency`. */
  readonly amount: number;
  /** money, diamonds, or real (US cents). */
  readonly currency: string;
  readonly at: number;
}

/** A store transaction (App Store, Google Play, the development store) redeemed for a purchase. */
export interface StoreTransaction {
  /** The platform the receipt came from: ios, android or dev. */
  readonly platform: string;
  /** The store's own id of the payment: 1-128 ASCII characters. */
  readonly transactionId: string;
  readonly productId: string;
}

/**
 * What savePurchase did: `saved`, or `taken` when the store transaction was
 * already redeemed by another purchase (nothing was written then).
 */
export type PurchaseSaveOutcome =
  | { readonly kind: 'saved' }
  | { readonly kind: 'taken'; readonly playerId: string; readonly purchaseId: string };

export interface PlayerRepository {
  readonly kind: 'sqlite' | 'mysql';
  /** Apply the migrations not yet applied (idempotent); returns the schema version. */
  migrate(): Promise<number>;
  /**
   * Record a hot layout (hot-layout.ts) under its id, so rows written with
   * it stay readable after the schema changes; recording one again is a no-op.
   */
  registerLayout(id: number, description: string): Promise<void>;
  load(id: string): Promise<LoadedRecord | undefined>;
  /**
   * Upsert a batch in one transaction. A record whose version is not newer
   * than the stored one is skipped, so a replayed or reordered batch never
   * overwrites newer state; a record without cold state leaves the stored
   * one as it is. Returns how many rows were written.
   *
   * With `claim` (fleet mode, MySQL only): the transaction first checks and
   * bumps the claimed shard leases (mysql-fence.ts); a lease that is gone
   * fails the whole batch with FencedOutError, nothing written. SQLite
   * refuses a claim (RepositoryError): it is one process, never a fleet.
   */
  saveBatch(records: readonly PlayerRecord[], claim?: LeaseClaim): Promise<number>;
  /** One line; then, in the same transaction, the pair's lines past CHAT_LINES_KEPT_PER_NPC go. */
  appendChat(playerId: string, line: ChatLine): Promise<void>;
  /**
   * Many lines in one transaction (the server batches chat writes), pruned
   * to CHAT_LINES_KEPT_PER_NPC per player and NPC in the same transaction.
   * With `claim` (fleet mode), fenced first like saveBatch.
   */
  appendChatBatch(
    lines: readonly { readonly playerId: string; readonly line: ChatLine }[],
    claim?: LeaseClaim,
  ): Promise<void>;
  /** The last `limit` lines between a player and an NPC, oldest first. */
  chatHistory(playerId: string, npcId: number, limit: number): Promise<ChatLine[]>;
  /**
   * A player's chat lines with every NPC written after line `afterSeq`
   * (0: from the start), oldest first, at most `limit` (exportData's pages).
   */
  chatPage(playerId: string, afterSeq: number, limit: number): Promise<NumberedChatLine[]>;
  /** Record a purchase once; false when the player's purchase id was already recorded. */
  recordPurchase(purchase: Purchase): Promise<boolean>;
  /**
   * Save a purchase before it is acknowledged, in ONE transaction: the
   * player's row (version-guarded like saveBatch, but a version that is not
   * newer than the stored one fails the whole save instead of being
   * skipped: the purchase must not be acknowledged on older state), the
   * audit row in `purchases` (kept as first written when the player's
   * purchase id is already there: a retry), and, for an in-app purchase,
   * the store transaction. A store transaction already redeemed by another
   * purchase (another player's, or this player's under another purchase id)
   * writes nothing and comes back as `taken`; the same player's same
   * purchase id presenting it again is a retry and saves.
   * With `claim` (fleet mode), fenced first like saveBatch: a lease that is
   * gone fails it with FencedOutError, nothing written.
   */
  savePurchase(
    record: PlayerRecord,
    purchase: Purchase,
    store: StoreTransaction | undefined,
    claim?: LeaseClaim,
  ): Promise<PurchaseSaveOutcome>;
  /** A player's purchases, oldest first, skipping `offset`, at most `limit` (exportData's pages). */
  purchasePage(playerId: string, offset: number, limit: number): Promise<Purchase[]>;
  /** Add model spend to each row's day and player (rows for the same key add up). */
  addSpend(rows: readonly SpendRow[]): Promise<void>;
  /** Every spend row of one day, GLOBAL_SPEND's included. */
  spendOn(day: number): Promise<SpendRow[]>;
  /** Forget the spend of the days before `day`; returns how many rows went. */
  dropSpendBefore(day: number): Promise<number>;
  /** Record (or renew) a deletion request: the player is purged once `purgeAfter` (ms) has passed. */
  requestDeletion(playerId: string, at: number, purgeAfter: number): Promise<void>;
  /** Withdraw a deletion request; false when there was none. */
  cancelDeletion(playerId: string): Promise<boolean>;
  /**
   * Players whose deletion request is due at `now` (purge_after <= now),
   * soonest first, at most `limit`. Reads only.
   */
  dueDeletions(now: number, limit: number): Promise<string[]>;
  /**
   * Delete for good, in one transaction, every player whose deletion request
   * is due at `now` (at most `limit`, soonest first, as dueDeletions picks
   * them): the player row, chat lines, purchases, their model spend rows
   * and the request itself.
   * Returns the ids purged.
   */
  purgeDue(now: number, limit: number): Promise<string[]>;
  /** Cheap round trip, for health checks. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** The database refused or could not be reached; the caller keeps its data and retries. */
export class RepositoryError extends Error {
  override readonly name = 'RepositoryError';
}
