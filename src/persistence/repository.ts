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
  /** Hot state (fields, NPC table, event history) as MessagePack; see row-codec.ts. */
  readonly hot: Uint8Array;
  /** Cold state as MessagePack. */
  readonly cold: Uint8Array;
}

export interface ChatLine {
  readonly npcId: number;
  readonly fromNpc: boolean;
  readonly text: string;
  readonly at: number;
}

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
  load(id: string): Promise<PlayerRecord | undefined>;
  /**
   * Upsert a batch in one transaction. A record whose version is not newer
   * than the stored one is skipped, so a replayed or reordered batch never
   * overwrites newer state. Returns how many rows were written.
   */
  saveBatch(records: readonly PlayerRecord[]): Promise<number>;
  appendChat(playerId: string, line: ChatLine): Promise<void>;
  /** Many lines in one transaction (the server batches chat writes). */
  appendChatBatch(
    lines: readonly { readonly playerId: string; readonly line: ChatLine }[],
  ): Promise<void>;
  /** The last `limit` lines between a player and an NPC, oldest first. */
  chatHistory(playerId: string, npcId: number, limit: number): Promise<ChatLine[]>;
  /** Every chat line of a player with every NPC, oldest first (exportData). */
  playerChat(playerId: string): Promise<ChatLine[]>;
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
   */
  savePurchase(
    record: PlayerRecord,
    purchase: Purchase,
    store: StoreTransaction | undefined,
  ): Promise<PurchaseSaveOutcome>;
  /** Every purchase recorded for a player, oldest first. */
  purchases(playerId: string): Promise<Purchase[]>;
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
   * them): the player row, chat lines, purchases and the request itself.
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
