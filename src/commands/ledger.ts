import { GameError } from '../sim/game-error.ts';
import { type ColdState, LEDGER_LIMIT, type LedgerEntry } from '../world/cold.ts';

/**
 * The purchase ledger: what makes every purchase exactly-once.
 *
 * Each applied purchase leaves an entry under the client's purchase id in
 * the player's cold state, with the result it was acked with. The ledger is
 * saved in the same row, by the same write, as the state the purchase
 * changed: a crash before that write loses the purchase and its entry
 * together (a retry applies it, once), and after it both survive (a retry
 * finds the entry and gets the first result back). There is no moment at
 * which one is saved without the other, so a retry never applies twice.
 *
 * The ledger keeps the last LEDGER_LIMIT purchases (world/cold.ts); a
 * purchase id older than that is forgotten. The purchases table is the
 * audit log beside it, written in the same transaction as the save that
 * acknowledges the purchase (server/purchase-saver.ts); it never decides.
 * Whether a store's transaction was already redeemed is not the ledger's
 * to say (it is per player, and trimmed): the database's
 * store_transactions key decides that, across all players.
 */

/** What a purchase is, as the ledger compares it: the same id must mean the same purchase. */
export interface PurchaseKey {
  readonly kind: LedgerEntry['kind'];
  readonly item: string;
}

/** The ledger entry of a purchase id, if the player has one. */
export function ledgerEntry(cold: ColdState, purchaseId: string): LedgerEntry | undefined {
  // Newest first: a retry is almost always of a recent purchase.
  for (let i = cold.ledger.length - 1; i >= 0; i--) {
    const entry = cold.ledger[i]!;
    if (entry.id === purchaseId) return entry;
  }
  return undefined;
}

/**
 * A retried purchase: the result the first attempt was acked with, or
 * undefined when the id is new. CONFLICT when the id was used for a
 * different purchase.
 */
export function replayed<R>(cold: ColdState, purchaseId: string, key: PurchaseKey): R | undefined {
  const entry = ledgerEntry(cold, purchaseId);
  if (!entry) return undefined;
  if (entry.kind !== key.kind || entry.item !== key.item) {
    throw new GameError(
      'CONFLICT',
      `purchase ${purchaseId} was already used for ${entry.kind} ${entry.item}`,
    );
  }
  return (entry.result ?? {}) as R;
}

/** Remember an applied purchase and its result; past LEDGER_LIMIT the oldest entry is forgotten. */
export function recordInLedger(cold: ColdState, entry: LedgerEntry): void {
  cold.ledger.push(entry);
  if (cold.ledger.length > LEDGER_LIMIT) cold.ledger.splice(0, cold.ledger.length - LEDGER_LIMIT);
}
