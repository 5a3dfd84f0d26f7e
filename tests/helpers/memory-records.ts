import type {
  ChatExportLine,
  ChatRecordLine,
  PlayerRecords,
  PurchaseExport,
} from '../../src/commands/context.ts';
import { MemoryPurchases } from './command-context.ts';

/**
 * PlayerRecords in memory, recording what the handlers ask of them: the
 * database's stand-in for handler tests (the real one is tested through the
 * server). A chat line's seq is its place in `chat`, from 1.
 */
export class MemoryRecords implements PlayerRecords {
  chat: ChatExportLine[] = [];
  deletions = new Map<string, { at: number; purgeAfter: number }>();
  /** Every page asked for, in order. */
  pagesRead: string[] = [];
  fail = false;
  /** Where purchases are saved (the purchase path's stand-in), with their audit rows. */
  readonly saved: MemoryPurchases;

  constructor(saved: MemoryPurchases = new MemoryPurchases()) {
    this.saved = saved;
  }

  /** The purchases audit log. */
  get audit(): readonly (PurchaseExport & { playerId: string })[] {
    return this.saved.audit;
  }

  async chatPage(
    _playerId: string,
    afterSeq: number,
    limit: number,
  ): Promise<readonly ChatRecordLine[]> {
    this.pagesRead.push(`chat>${afterSeq}`);
    return this.chat.map((line, i) => ({ ...line, seq: i + 1 })).slice(afterSeq, afterSeq + limit);
  }
  async purchasePage(
    playerId: string,
    offset: number,
    limit: number,
  ): Promise<readonly PurchaseExport[]> {
    this.pagesRead.push(`purchases@${offset}`);
    return this.audit
      .filter((p) => p.playerId === playerId)
      .map(({ playerId: _, ...p }) => p)
      .slice(offset, offset + limit);
  }
  /** Put an audit row in place, as a saved purchase leaves one. */
  async recordPurchase(playerId: string, purchase: PurchaseExport): Promise<void> {
    this.saved.audit.push({
      ...purchase,
      currency: purchase.currency as 'money' | 'diamonds' | 'real',
      playerId,
    });
  }
  async requestDeletion(playerId: string, at: number, purgeAfter: number): Promise<void> {
    if (this.fail) throw new Error('database away');
    this.deletions.set(playerId, { at, purgeAfter });
  }
  async cancelDeletion(playerId: string): Promise<boolean> {
    if (this.fail) throw new Error('database away');
    return this.deletions.delete(playerId);
  }
}
