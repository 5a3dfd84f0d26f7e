import type { Config } from '../config.ts';
import type { Engine } from '../engine/engine.ts';
import type { ChatService } from '../llm/chat-service.ts';
import type { ColdState } from '../world/cold.ts';

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
  readonly transactionId: string;
}

/**
 * Checks an in-app purchase receipt with the store. Resolves with the
 * verified purchase, or rejects with a GameError (INVALID_ARGS: the receipt
 * is not valid for this product).
 */
export interface ReceiptVerifier {
  verify(receipt: Receipt): Promise<VerifiedReceipt>;
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
  /**
   * Add an applied purchase to the purchases table (the audit log; the
   * ledger in the cold state decides what was applied). Best effort: a
   * failure is logged, never thrown.
   */
  recordPurchase(playerId: string, purchase: PurchaseExport): Promise<void>;
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
