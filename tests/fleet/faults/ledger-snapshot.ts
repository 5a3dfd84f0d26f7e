import mysql, { type RowDataPacket } from 'mysql2/promise';
import { readMysqlPlayers } from '../../helpers/saved-players.ts';

/** A store transaction the database recorded as redeemed. */
export interface StoreTransactionRow {
  readonly platform: string;
  readonly transactionId: string;
  readonly playerId: string;
  readonly purchaseId: string;
  readonly productId: string;
}

/** What the database holds of the purchases and the players' diamonds, read once the fleet has stopped. */
export interface LedgerSnapshot {
  readonly storeTransactions: readonly StoreTransactionRow[];
  /** `${playerId} ${purchaseId}` of every purchase log row. */
  readonly purchases: ReadonlySet<string>;
  /** Saved diamonds by player. */
  readonly diamonds: ReadonlyMap<string, number>;
  /** Saved version by player. */
  readonly versions: ReadonlyMap<string, number>;
}

export const purchaseKey = (playerId: string, purchaseId: string) => `${playerId} ${purchaseId}`;

export async function readLedger(databaseUrl: string): Promise<LedgerSnapshot> {
  const c = await mysql.createConnection({ uri: databaseUrl, connectTimeout: 5000 });
  let transactions: RowDataPacket[];
  let purchases: RowDataPacket[];
  try {
    [transactions] = await c.query<RowDataPacket[]>(
      'SELECT platform, transaction_id, player_id, purchase_id, product_id FROM store_transactions',
    );
    [purchases] = await c.query<RowDataPacket[]>('SELECT player_id, purchase_id FROM purchases');
  } finally {
    await c.end();
  }
  const players = await readMysqlPlayers(databaseUrl);
  return {
    storeTransactions: transactions.map((r) => ({
      platform: String(r.platform),
      transactionId: String(r.transaction_id),
      playerId: String(r.player_id),
      purchaseId: String(r.purchase_id),
      productId: String(r.product_id),
    })),
    purchases: new Set(
      purchases.map((r) => purchaseKey(String(r.player_id), String(r.purchase_id))),
    ),
    diamonds: new Map([...players.values()].map((p) => [p.id, p.fields.diamonds ?? 0])),
    versions: new Map([...players.values()].map((p) => [p.id, p.version])),
  };
}
