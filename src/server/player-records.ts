import type { ChatRecordLine, PlayerRecords, PurchaseExport } from '../commands/context.ts';
import type { Logger } from '../ops/log.ts';
import type { ChatLog } from '../persistence/chat-log.ts';
import type { PlayerStore } from '../persistence/player-store.ts';

/**
 * PlayerRecords over the persistence worker: what the database holds about
 * a player beyond the hot row, for exportData and account deletion, and the
 * purchases audit log.
 */
export class StoreRecords implements PlayerRecords {
  readonly #store: PlayerStore;
  readonly #chatLog: ChatLog;
  readonly #logger: Logger;

  constructor(store: PlayerStore, chatLog: ChatLog, logger: Logger) {
    this.#store = store;
    this.#chatLog = chatLog;
    this.#logger = logger;
  }

  /**
   * A page of chat lines, from the database alone: the chat log's buffer
   * (lines said but not yet written) is flushed first, and the worker runs
   * requests in order, so the read comes after the write and every line is
   * in it exactly once.
   */
  async chatPage(
    playerId: string,
    afterSeq: number,
    limit: number,
  ): Promise<readonly ChatRecordLine[]> {
    await this.#chatLog.flush();
    const lines = await this.#store.chatPage(playerId, afterSeq, limit);
    return lines.map((l) => ({
      seq: l.seq,
      npcId: l.npcId,
      from: l.fromNpc ? 'npc' : 'player',
      text: l.text,
      at: l.at,
    }));
  }

  async purchasePage(
    playerId: string,
    offset: number,
    limit: number,
  ): Promise<readonly PurchaseExport[]> {
    const rows = await this.#store.purchasePage(playerId, offset, limit);
    return rows.map((p) => ({
      purchaseId: p.purchaseId,
      item: p.item,
      amount: p.amount,
      currency: p.currency,
      at: p.at,
    }));
  }

  async recordPurchase(playerId: string, purchase: PurchaseExport): Promise<void> {
    try {
      await this.#store.recordPurchase({ ...purchase, playerId });
    } catch (error) {
      // The audit log only: the purchase itself is in the player's ledger.
      this.#logger.warn(
        { err: error, playerId, purchaseId: purchase.purchaseId },
        'purchase not written to the purchases log',
      );
    }
  }

  async requestDeletion(playerId: string, at: number, purgeAfter: number): Promise<void> {
    await this.#store.requestDeletion(playerId, at, purgeAfter);
  }

  async cancelDeletion(playerId: string): Promise<boolean> {
    return this.#store.cancelDeletion(playerId);
  }
}
