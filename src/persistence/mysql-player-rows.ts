import type { PoolConnection, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
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
const newerVersionWins = (withCold: boolean) => `ON DUPLICATE KEY UPDATE
              updated_at = IF(VALUES(version) > version, VALUES(updated_at), updated_at),
              hot = IF(VALUES(version) > version, VALUES(hot), hot),
              hot_layout = IF(VALUES(version) > version, VALUES(hot_layout), hot_layout),
              ${withCold ? 'cold = IF(VALUES(version) > version, VALUES(cold), cold),' : ''}
              version = IF(VALUES(version) > version, VALUES(version), version)`;
const UPSERT_ALL = `INSERT INTO players (id, version, updated_at, hot, hot_layout, cold) VALUES ?
            ${newerVersionWins(true)}`;
// Rows whose cold state did not change since it was saved: the stored one stays.
const UPSERT_HOT = `INSERT INTO players (id, version, updated_at, hot, hot_layout, cold) VALUES ?
            ${newerVersionWins(false)}`;

const blob = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
// The cold state a row stored for the first time without one gets: an empty MessagePack map.
const EMPTY_COLD = Buffer.from([0x80]);
const values = (r: PlayerRecord) => [
  r.id,
  r.version,
  r.updatedAt,
  blob(r.hot),
  r.hotLayout,
  r.cold ? blob(r.cold) : EMPTY_COLD,
];

/** A player's saved row, or undefined when there is none. */
export async function loadPlayer(
  c: PoolConnection,
  id: string,
  timeout: number,
): Promise<LoadedRecord | undefined> {
  const [rows] = await c.query<RowDataPacket[]>({
    sql: `SELECT p.id, p.version, p.updated_at, p.hot, p.hot_layout, p.cold, l.description
          FROM players p LEFT JOIN hot_layouts l ON l.id = p.hot_layout WHERE p.id = ?`,
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
    cold: row.cold as Buffer,
    layoutDescription: row.description === null ? undefined : String(row.description),
  };
}

/**
 * The whole flush of one batch: upsert the players in one transaction
 * (newer versions only; a fleet's fence check belongs at its start).
 * Returns the rows really written.
 */
export async function savePlayers(
  c: PoolConnection,
  records: readonly PlayerRecord[],
  timeout: number,
): Promise<number> {
  await c.beginTransaction();
  let written = 0;
  for (const withCold of [true, false]) {
    const group = records.filter((r) => (r.cold !== undefined) === withCold);
    for (let start = 0; start < group.length; start += ROWS_PER_STATEMENT) {
      const chunk = group.slice(start, start + ROWS_PER_STATEMENT);
      const [result] = await c.query<ResultSetHeader>({
        sql: withCold ? UPSERT_ALL : UPSERT_HOT,
        values: [chunk.map(values)],
        timeout,
      });
      // See countWritten for how affectedRows splits into writes.
      written += countWritten(result, chunk.length);
    }
  }
  await c.commit();
  return written;
}

/**
 * A purchase and the player's state that holds it, in one transaction,
 * with the store transaction (when there is one) that pays for it: paid
 * once, whoever asks again. Throws (the caller drops the connection, which
 * rolls back) when the stored version is not older than the record's.
 */
export async function savePurchaseWithPlayer(
  c: PoolConnection,
  r: PlayerRecord,
  p: Purchase,
  store: StoreTransaction | undefined,
  timeout: number,
): Promise<PurchaseSaveOutcome> {
  const query = <T extends ResultSetHeader | RowDataPacket[]>(sql: string, values: unknown[]) =>
    c.query<T>({ sql, values, timeout });
  await c.beginTransaction();
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
  await query(r.cold === undefined ? UPSERT_HOT : UPSERT_ALL, [[values(r)]]);
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
