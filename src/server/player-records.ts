import type { ChatRecordLine, PlayerRecords, PurchaseExport } from '../commands/context.ts';
import type { ChatLog } from '../persistence/chat-log.ts';
import type { PlayerStore } from '../persistence/player-store.ts';

/**
 * PlayerRecords over the persistence worker: what the database holds about
 * a player beyond the hot row, for exportData and account deletion.
 */
export class StoreRecords implements PlayerRecords {
  readonly #store: PlayerStore;
  readonly #chatLog: ChatLog;

  constructor(store: PlayerStore, chatLog: ChatLog) {
    this.#store = store;
    this.#chatLog = chatLog;
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

  async requestDeletion(playerId: string, at: number, purgeAfter: number): Promise<void> {
    await this.#store.requestDeletion(playerId, at, purgeAfter);
  }

  async cancelDeletion(playerId: string): Promise<boolean> {
    return this.#store.cancelDeletion(playerId);
  }
}
