import type { PoolConnection, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import type { LeaseClaim } from './fence.ts';
import { checkFence } from './mysql-fence.ts';
import {
  type LoadedRecord,
  type PlayerRecord,
  type Purchase,
  type PurchaseSaveOutcome,
  RepositoryError,
  type StoreTransaction,
} from './repository.ts';

// Rows per INSERT statement: about 400 bytes a row keeps a statement far
// below MariaDB's 16 MiB max_allowed_packet.
const ROWS_PER_STATEMENT = 1000;

// The guard of every player upsert: each column takes the new value only
// when the incoming version is newer. `version` is assigned LAST, because
// MySQL evaluates these assignments left to right and the ones before must
// still compare against the stored version.
const UPSERT_HOT = `INSERT INTO players (id, version, updated_at, hot, hot_layout, cold) VALUES ?
            ON DUPLICATE KEY UPDATE
              updated_at = IF(VALUES(version) > version, VALUES(updated_at), updated_at),
              hot = IF(VALUES(version) > version, VALUES(hot), hot),
              hot_layout = IF(VALUES(version) > version, VALUES(hot_layout), hot_layout),
              version = IF(VALUES(version) > version, VALUES(version), version)`;
// Cold state (migration 5: a table of its own), only in saves where it
// changed, under the same guard.
const UPSERT_COLD = `INSERT INTO player_cold (id, version, cold) VALUES ?
            ON DUPLICATE KEY UPDATE
              cold = IF(VALUES(version) > version, VALUES(cold), cold),
              version = IF(VALUES(version) > version, VALUES(version), version)`;

const blob = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
// players.cold since migration 5: cold state lives in player_cold.
const NO_COLD = Buffer.alloc(0);
// The cold state of a player stored without one: an empty MessagePack map.
const EMPTY_COLD = Buffer.from([0x80]);
const hotValues = (r: PlayerRecord) => [
  r.id,
  r.version,
  r.updatedAt,
  blob(r.hot),
  r.hotLayout,
  NO_COLD,
];
const coldValues = (r: PlayerRecord) => [r.id, r.version, blob(r.cold!)];

/** A player's saved row, or undefined when there is none. */
export async function loadPlayer(
  c: PoolConnection,
  id: string,
  timeout: number,
): Promise<LoadedRecord | undefined> {
  const [rows] = await c.query<RowDataPacket[]>({
    sql: `SELECT p.id, p.version, p.updated_at, p.hot, p.hot_layout, l.description,
            COALESCE(c.cold, p.cold) AS cold
          FROM players p LEFT JOIN hot_layouts l ON l.id = p.hot_layout
            LEFT JOIN player_cold c ON c.id = p.id
          WHERE p.id = ?`,
    values: [id],
    timeout,
  });
  const row = rows[0];
  if (!row) return undefined;
  return {
    id: row.id as string,
    version: Number(row.version),
    updatedAt: Number(row.updated_at),
    hot: row.hot as Buffer,
    hotLayout: Number(row.hot_layout),
    cold: (row.cold as Buffer).byteLength > 0 ? (row.cold as Buffer) : EMPTY_COLD,
    layoutDescription: row.description === null ? undefined : String(row.description),
  };
}

/**
 * The whole flush of one batch: upsert the players in one transaction
 * (newer versions only), fenced first when `claim` is given (fleet mode:
 * a lease that is gone rolls back and throws FencedOutError before any
 * row is touched). Returns the rows really written.
 */
export async function savePlayers(
  c: PoolConnection,
  records: readonly PlayerRecord[],
  claim: LeaseClaim | undefined,
  timeout: number,
): Promise<number> {
  await c.beginTransaction();
  await checkFence(c, claim, timeout);
  let written = 0;
  for (let start = 0; start < records.length; start += ROWS_PER_STATEMENT) {
    const chunk = records.slice(start, start + ROWS_PER_STATEMENT);
    const [result] = await c.query<ResultSetHeader>({
      sql: UPSERT_HOT,
      values: [chunk.map(hotValues)],
      timeout,
    });
    // See countWritten for how affectedRows splits into writes.
    written += countWritten(result, chunk.length);
    const colds = chunk.filter((r) => r.cold !== undefined);
    if (colds.length > 0)
      await c.query({ sql: UPSERT_COLD, values: [colds.map(coldValues)], timeout });
  }
  await c.commit();
  return written;
}

/**
 * A purchase and the player's state that holds it, in one transaction,
 * with the store transaction (when there is one) that pays for it: paid
 * once, whoever asks again. Throws (the caller drops the connection, which
 * rolls back) when the stored version is not older than the record's, and
 * FencedOutError, nothing written, when `claim`'s lease is gone (fleet).
 */
export async function savePurchaseWithPlayer(
  c: PoolConnection,
  r: PlayerRecord,
  p: Purchase,
  store: StoreTransaction | undefined,
  claim: LeaseClaim | undefined,
  timeout: number,
): Promise<PurchaseSaveOutcome> {
  const query = <T extends ResultSetHeader | RowDataPacket[]>(sql: string, values: unknown[]) =>
    c.query<T>({ sql, values, timeout });
  await c.beginTransaction();
  // First, before the store transaction is taken: a fenced-out purchase
  // must not even redeem the receipt.
  await checkFence(c, claim, timeout);
  if (store) {
    try {
      await query(
        'INSERT INTO store_transactions (platform, transaction_id, player_id, purchase_id, product_id, at) VALUES (?, ?, ?, ?, ?, ?)',
        [store.platform, store.transactionId, p.playerId, p.purchaseId, store.productId, p.at],
      );
    } catch (error) {
      // The key is taken: a retry of the same purchase goes on, anything
      // else is refused. InnoDB undoes only the failed statement, so the
      // transaction is still open either way.
      if ((error as { code?: string }).code !== 'ER_DUP_ENTRY') throw error;
      const [rows] = await query<RowDataPacket[]>(
        'SELECT player_id, purchase_id FROM store_transactions WHERE platform = ? AND transaction_id = ?',
        [store.platform, store.transactionId],
      );
      const first = {
        playerId: String(rows[0]?.player_id),
        purchaseId: String(rows[0]?.purchase_id),
      };
      if (first.playerId !== p.playerId || first.purchaseId !== p.purchaseId) {
        await c.rollback();
        return { kind: 'taken', ...first };
      }
    }
  }
  // The stored version, locked until the commit: a record that is not
  // newer must not be acknowledged as saved.
  const [stored] = await query<RowDataPacket[]>(
    'SELECT version FROM players WHERE id = ? FOR UPDATE',
    [r.id],
  );
  if (stored[0] !== undefined && Number(stored[0].version) >= r.version) {
    // Thrown: the caller drops the connection, which rolls back.
    throw new RepositoryError(
      `player ${r.id} has a stored version newer than ${r.version}; purchase not saved`,
    );
  }
  // The same upsert as savePlayers, its guard kept (version assigned last).
  await query(UPSERT_HOT, [[hotValues(r)]]);
  if (r.cold !== undefined) await query(UPSERT_COLD, [[coldValues(r)]]);
  await query(
    'INSERT INTO purchases (player_id, purchase_id, item, amount, currency, created_at) VALUES (?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE purchase_id = purchase_id',
    [p.playerId, p.purchaseId, p.item, p.amount, p.currency, p.at],
  );
  await c.commit();
  return { kind: 'saved' };
}

/**
 * Rows an INSERT ... ON DUPLICATE KEY UPDATE really wrote. With the
 * FOUND_ROWS client flag (set on the pool) MySQL counts an insert as 1
 * affected row, a duplicate left as it was as 1, and a duplicate that took
 * the new values as 2; its info line gives the number of duplicates D. So
 * affected = N + changed, and written = inserted + changed = affected - D.
 */
function countWritten(result: ResultSetHeader, rows: number): number {
  const match = /Records:\s*(\d+)\s+Duplicates:\s*(\d+)/.exec(result.info ?? '');
  if (!match) return Math.min(rows, result.affectedRows);
  return result.affectedRows - Number(match[2]);
}
