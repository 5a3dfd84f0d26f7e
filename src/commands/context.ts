import type { Config } from '../config.ts';
import type { Engine } from '../engine/engine.ts';
import type { ChatService } from '../llm/chat-service.ts';
import type { ColdState } from '../world/cold.ts';
import type { FieldName } from '../world/schema.ts';

/**
 * What a command handler gets: the engine (idle: handlers run between
 * simulate phases), the player's slot and cold state, and ways to reach the
 * player and the services beyond the columns.
 *
 * A handler that must wait for something (a receipt check, the database)
 * does its checks first, then awaits, then goes back through `apply` for
 * any change to the columns or the cold state: after an await the engine
 * may be mid-tick and the player may even have left.
 */
export interface CommandContext {
  readonly engine: Engine;
  readonly slot: number;
  readonly playerId: string;
  readonly chat: ChatService;
  /** The player's cold state (world/cold.ts); call `coldChanged` after changing it. */
  readonly cold: ColdState;
  readonly services: CommandServices;
  /** Queue an event frame for this player (sent with this tick's publish). */
  sendEvent(event: number): void;
  /** The cold state changed: save it with the player. */
  coldChanged(): void;
  /** Wall-clock time in ms (a test clock in tests). */
  now(): number;
  /**
   * Run `fn` with the engine idle and the player still in their slot (their
   * slot and cold state are passed in). Rejects with NOT_FOUND when the
   * player has left the server meanwhile.
   */
  apply<T>(fn: (slot: number, cold: ColdState) => T): Promise<T>;
  /**
   * Save the player as they are now together with `purchase`, in one
   * database transaction, before the purchase is acknowledged (money is
   * durable before it is acknowledged). Call with the engine idle, in the
   * handler's body or an `apply`: the player's state is copied at once.
   * Resolves once the transaction has committed; with `pending`, once the
   * pending change has also been made to the player. Rejects with a
   * GameError: CONFLICT when the purchase's store transaction was already
   * redeemed by another purchase, INTERNAL when the database failed.
   */
  savePurchase(purchase: PurchaseRecord, pending?: PendingChange): Promise<void>;
  /**
   * Run `work` after this player's earlier purchases have finished, so a
   * purchase's saved copy holds every purchase before it and none of the
   * ones after (RATE_LIMITED when too many are waiting).
   */
  queuePurchase<T>(work: () => Promise<T>): Promise<T>;
}

/** A purchase as it is saved with the player: its audit row, and what it redeems. */
export interface PurchaseRecord {
  /** The client's purchase id. */
  readonly purchaseId: string;
  /** What was bought, as `kind:item` (item:car, energy:small, inApp:diamonds_100). */
  readonly item: string;
  /** The price paid, in `currency`. */
  readonly amount: number;
  readonly currency: 'money' | 'diamonds' | 'real';
  readonly at: number;
  /** In-app purchases: the store transaction paid, redeemable once across all players. */
  readonly store?: {
    readonly platform: Receipt['platform'];
    readonly transactionId: string;
    readonly productId: string;
  };
}

/**
 * A change that is saved with a purchase but made to the player only once
 * the save has committed: an in-app grant, whose diamonds must not be
 * spendable before the store transaction is known to be theirs.
 */
export interface PendingChange {
  /** Hot fields whose values the saved copy has instead of the player's current ones. */
  readonly fields: Partial<Record<FieldName, number>>;
  /** The cold state the saved copy has. */
  readonly cold: ColdState;
  /** Make the change to the player (with the engine idle, after the commit). */
  apply(slot: number, cold: ColdState): void;
}

/** Services beyond the player's own state. */
export interface CommandServices {
  readonly config: Config;
  /** Checks in-app purchase receipts (commands/receipts.ts). */
  readonly receipts: ReceiptVerifier;
  /** The player's data as stored, for exportData and account deletion. */
  readonly records: PlayerRecords;
}

/** A store receipt as the client sends it. */
export interface Receipt {
  readonly platform: 'ios' | 'android' | 'dev';
  readonly productId: string;
  readonly receipt: string;
}

/** A checked receipt: which product it pays for and the store's transaction id. */
export interface VerifiedReceipt {
  readonly productId: string;
  /** The store's id of the payment (1-128 printable ASCII characters): redeemable once. */
  readonly transactionId: string;
  /** How many of the product were paid for (1 when absent). */
  readonly quantity?: number;
}

/**
 * Checks an in-app purchase receipt with the store. Resolves with the
 * verified purchase, or rejects with a GameError (INVALID_ARGS: the receipt
 * is not valid for this product).
 */
export interface ReceiptVerifier {
  verify(receipt: Receipt): Promise<VerifiedReceipt>;
  /**
   * The purchase's grant is saved: tell the store it was delivered (Google
   * Play refunds a purchase not acknowledged within three days). Best
   * effort: a failure is the verifier's to log, never the purchase's.
   */
  delivered?(receipt: Receipt): Promise<void>;
}

/** What the database holds about a player beyond the hot row (exportData, deleteAccount). */
export interface PlayerRecords {
  /**
   * The player's chat lines with every NPC said after line `afterSeq` (0:
   * from the first), oldest first, at most `limit`; lines still on their way
   * to the database included.
   */
  chatPage(playerId: string, afterSeq: number, limit: number): Promise<readonly ChatRecordLine[]>;
  /** The player's purchases, oldest first, skipping `offset`, at most `limit`. */
  purchasePage(playerId: string, offset: number, limit: number): Promise<readonly PurchaseExport[]>;
  /** Record a deletion request; purge happens after `purgeAfter` (ms). */
  requestDeletion(playerId: string, at: number, purgeAfter: number): Promise<void>;
  cancelDeletion(playerId: string): Promise<boolean>;
}

export interface ChatExportLine {
  readonly npcId: number;
  readonly from: 'player' | 'npc';
  readonly text: string;
  readonly at: number;
}

/** A chat line as stored: with its place in the player's history, for paging. */
export interface ChatRecordLine extends ChatExportLine {
  /** Grows with every line written. */
  readonly seq: number;
}

export interface PurchaseExport {
  readonly purchaseId: string;
  readonly item: string;
  readonly amount: number;
  /** What `amount` is in: money, diamonds, or real (US cents). */
  readonly currency: string;
  readonly at: number;
}
