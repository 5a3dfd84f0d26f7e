import type { ChatExportLine, PlayerRecords, PurchaseExport } from '../commands/context.ts';
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
   * Every chat line, from the database alone: the chat log's buffer (lines
   * said but not yet written) is flushed first, and the worker runs requests
   * in order, so the read comes after the write and every line is in it
   * exactly once.
   */
  async chatHistory(playerId: string): Promise<readonly ChatExportLine[]> {
    await this.#chatLog.flush();
    const lines = await this.#store.playerChat(playerId);
    return lines.map((l) => ({
      npcId: l.npcId,
      from: l.fromNpc ? 'npc' : 'player',
      text: l.text,
      at: l.at,
    }));
  }

  async purchases(playerId: string): Promise<readonly PurchaseExport[]> {
    const rows = await this.#store.purchases(playerId);
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
