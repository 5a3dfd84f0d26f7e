import mysql, {
  type Pool,
  type PoolConnection,
  type ResultSetHeader,
  type RowDataPacket,
} from 'mysql2/promise';
import { MIGRATIONS } from './migrations.ts';
import {
  CHAT_LINES_KEPT_PER_NPC,
  type ChatLine,
  type NumberedChatLine,
  type PlayerRecord,
  type PlayerRepository,
  type Purchase,
  type PurchaseSaveOutcome,
  RepositoryError,
  type SpendRow,
  type StoreTransaction,
} from './repository.ts';

export interface MysqlOptions {
  /** mysql://user:pass@host:port/db */
  readonly url: string;
  readonly connectionLimit?: number;
  /** Requests waiting for a connection, at most; beyond it a request fails at once. */
  readonly queueLimit?: number;
  /** How long a request waits for a pooled connection before failing. */
  readonly acquireTimeoutMs?: number;
  /** How long one query may run before it is given up. */
  readonly queryTimeoutMs?: number;
}

// Rows per INSERT statement: about 400 bytes a row keeps a statement far
// below MariaDB's 16 MiB max_allowed_packet.
const ROWS_PER_STATEMENT = 1000;

/**
 * MySQL or MariaDB through a mysql2 pool. The pool's queue is bounded and a
 * connection that does not come within the acquire timeout fails the
 * request, so a database that is down or frozen turns into errors the
 * write-behind writer retries, never into a growing pile of waiting work.
 */
export class MysqlRepository implements PlayerRepository {
  readonly kind = 'mysql' as const;
  readonly #pool: Pool;
  readonly #acquireTimeoutMs: number;
  readonly #queryTimeoutMs: number;

  constructor(options: MysqlOptions) {
    this.#pool = mysql.createPool({
      uri: options.url,
      connectionLimit: options.connectionLimit ?? 4,
      queueLimit: options.queueLimit ?? 64,
      waitForConnections: true,
      connectTimeout: options.acquireTimeoutMs ?? 5000,
      enableKeepAlive: true,
      supportBigNumbers: true,
      // countWritten() relies on found-rows semantics for affectedRows.
      flags: ['FOUND_ROWS'],
    });
    // A pool emits errors of idle connections; they surface on the next query.
    this.#pool.on('connection', (c) => c.on('error', () => {}));
    this.#acquireTimeoutMs = options.acquireTimeoutMs ?? 5000;
    this.#queryTimeoutMs = options.queryTimeoutMs ?? 10_000;
  }

  async #connection(): Promise<PoolConnection> {
    let timer: NodeJS.Timeout | undefined;
    const acquiring = this.#pool.getConnection();
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(new RepositoryError(`no database connection within ${this.#acquireTimeoutMs} ms`)),
        this.#acquireTimeoutMs,
      );
    });
    try {
      return await Promise.race([acquiring, timeout]);
    } catch (error) {
      // A connection that arrives after the timeout goes straight back.
      acquiring.then(
        (c) => c.release(),
        () => {},
      );
      throw wrap(error);
    } finally {
      clearTimeout(timer);
    }
  }

  async #withConnection<T>(work: (c: PoolConnection) => Promise<T>): Promise<T> {
    const c = await this.#connection();
    let ok = false;
    try {
      const result = await work(c);
      ok = true;
      return result;
    } catch (error) {
      throw wrap(error);
    } finally {
      // A connection that failed mid-query may be broken: it is dropped from
      // the pool rather than handed to the next request.
      if (ok) c.release();
      else c.destroy();
    }
  }

  async migrate(): Promise<number> {
    return this.#withConnection(async (c) => {
      // Two servers starting together must not both run a migration.
      await c.query({ sql: "SELECT GET_LOCK('lifetick_migrate', 30)", timeout: 35_000 });
      try {
        await c.query(
          'CREATE TABLE IF NOT EXISTS schema_migrations (version INT NOT NULL PRIMARY KEY, name VARCHAR(128) NOT NULL, applied_at BIGINT NOT NULL) ENGINE=InnoDB',
        );
        const [rows] = await c.query<RowDataPacket[]>('SELECT version FROM schema_migrations');
        const applied = new Set(rows.map((r) => Number(r.version)));
        for (const m of MIGRATIONS) {
          if (applied.has(m.version)) continue;
          // MySQL commits DDL as it goes; every statement is idempotent, so
          // a migration cut off halfway simply runs again.
          for (const sql of m.mysql) await c.query(sql);
          await c.query(
            'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
            [m.version, m.name, Date.now()],
          );
        }
      } finally {
        await c.query("SELECT RELEASE_LOCK('lifetick_migrate')");
      }
      return MIGRATIONS.at(-1)!.version;
    });
  }

  async load(id: string): Promise<PlayerRecord | undefined> {
    return this.#withConnection(async (c) => {
      const [rows] = await c.query<RowDataPacket[]>({
        sql: 'SELECT id, version, updated_at, hot, cold FROM players WHERE id = ?',
        values: [id],
        timeout: this.#queryTimeoutMs,
      });
      const row = rows[0];
      if (!row) return undefined;
      return {
        id: row.id as string,
        version: Number(row.version),
        updatedAt: Number(row.updated_at),
        hot: row.hot as Buffer,
        cold: row.cold as Buffer,
      };
    });
  }

  async saveBatch(records: readonly PlayerRecord[]): Promise<number> {
    if (records.length === 0) return 0;
    return this.#withConnection(async (c) => {
      await c.beginTransaction();
      let written = 0;
      for (let start = 0; start < records.length; start += ROWS_PER_STATEMENT) {
        const chunk = records.slice(start, start + ROWS_PER_STATEMENT);
        const values = chunk.map((r) => [
          r.id,
          r.version,
          r.updatedAt,
          Buffer.from(r.hot.buffer, r.hot.byteOffset, r.hot.byteLength),
          Buffer.from(r.cold.buffer, r.cold.byteOffset, r.cold.byteLength),
        ]);
        // The guard: each column takes the new value only when the incoming
        // version is newer. `version` is assigned LAST, because MySQL
        // evaluates these assignments left to right and the ones before must
        // still compare against the stored version.
        const [result] = await c.query<ResultSetHeader>({
          sql: `INSERT INTO players (id, version, updated_at, hot, cold) VALUES ?
            ON DUPLICATE KEY UPDATE
              updated_at = IF(VALUES(version) > version, VALUES(updated_at), updated_at),
              hot = IF(VALUES(version) > version, VALUES(hot), hot),
              cold = IF(VALUES(version) > version, VALUES(cold), cold),
              version = IF(VALUES(version) > version, VALUES(version), version)`,
          values: [values],
          timeout: this.#queryTimeoutMs,
        });
        // See countWritten for how affectedRows splits into writes.
        written += countWritten(result, chunk.length);
      }
      await c.commit();
      return written;
    });
  }

  async appendChat(playerId: string, line: ChatLine): Promise<void> {
    await this.appendChatBatch([{ playerId, line }]);
  }

  async appendChatBatch(
    lines: readonly { readonly playerId: string; readonly line: ChatLine }[],
  ): Promise<void> {
    if (lines.length === 0) return;
    const players = [...new Set(lines.map((l) => l.playerId))];
    await this.#withConnection(async (c) => {
      await c.beginTransaction();
      await c.query({
        sql: 'INSERT INTO chat_messages (player_id, npc_id, from_npc, text, at) VALUES ?',
        values: [
          lines.map(({ playerId, line }) => [
            playerId,
            line.npcId,
            line.fromNpc ? 1 : 0,
            line.text,
            line.at,
          ]),
        ],
        timeout: this.#queryTimeoutMs,
      });
      // Each of these players' lines past the newest CHAT_LINES_KEPT_PER_NPC
      // per NPC, in one statement. It reads only their rows (the index's
      // player_id prefix), which pruning keeps to at most 8 x 100 plus this
      // batch. The derived table is materialised first, so MariaDB and MySQL
      // let the DELETE read the table it deletes from.
      await c.query({
        sql: `DELETE c FROM chat_messages c JOIN (
          SELECT id FROM (
            SELECT id, ROW_NUMBER() OVER (PARTITION BY player_id, npc_id ORDER BY id DESC) AS rn
            FROM chat_messages WHERE player_id IN (?)
          ) ranked WHERE rn > ?
        ) old ON old.id = c.id`,
        values: [players, CHAT_LINES_KEPT_PER_NPC],
        timeout: this.#queryTimeoutMs,
      });
      await c.commit();
    });
  }

  async chatHistory(playerId: string, npcId: number, limit: number): Promise<ChatLine[]> {
    return this.#withConnection(async (c) => {
      const [rows] = await c.query<RowDataPacket[]>({
        sql: 'SELECT npc_id, from_npc, text, at FROM chat_messages WHERE player_id = ? AND npc_id = ? ORDER BY id DESC LIMIT ?',
        values: [playerId, npcId, limit],
        timeout: this.#queryTimeoutMs,
      });
      return rows.reverse().map((r) => ({
        npcId: Number(r.npc_id),
        fromNpc: Number(r.from_npc) === 1,
        text: String(r.text),
        at: Number(r.at),
      }));
    });
  }

  async chatPage(playerId: string, afterSeq: number, limit: number): Promise<NumberedChatLine[]> {
    return this.#withConnection(async (c) => {
      const [rows] = await c.query<RowDataPacket[]>({
        sql: 'SELECT id, npc_id, from_npc, text, at FROM chat_messages WHERE player_id = ? AND id > ? ORDER BY id LIMIT ?',
        values: [playerId, afterSeq, limit],
        timeout: this.#queryTimeoutMs,
      });
      return rows.map((r) => ({
        seq: Number(r.id),
        npcId: Number(r.npc_id),
        fromNpc: Number(r.from_npc) === 1,
        text: String(r.text),
        at: Number(r.at),
      }));
    });
  }

  async recordPurchase(p: Purchase): Promise<boolean> {
    return this.#withConnection(async (c) => {
      const [result] = await c.query<ResultSetHeader>({
        sql: 'INSERT IGNORE INTO purchases (player_id, purchase_id, item, amount, currency, created_at) VALUES (?, ?, ?, ?, ?, ?)',
        values: [p.playerId, p.purchaseId, p.item, p.amount, p.currency, p.at],
        timeout: this.#queryTimeoutMs,
      });
      return result.affectedRows === 1;
    });
  }

  async savePurchase(
    r: PlayerRecord,
    p: Purchase,
    store: StoreTransaction | undefined,
  ): Promise<PurchaseSaveOutcome> {
    return this.#withConnection(async (c) => {
      const query = <T extends ResultSetHeader | RowDataPacket[]>(sql: string, values: unknown[]) =>
        c.query<T>({ sql, values, timeout: this.#queryTimeoutMs });
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
        // Thrown: #withConnection drops the connection, which rolls back.
        throw new RepositoryError(
          `player ${r.id} has a stored version newer than ${r.version}; purchase not saved`,
        );
      }
      // The same upsert as saveBatch, its guard kept (version assigned last).
      await query(
        `INSERT INTO players (id, version, updated_at, hot, cold) VALUES (?, ?, ?, ?, ?)
          ON DUPLICATE KEY UPDATE
            updated_at = IF(VALUES(version) > version, VALUES(updated_at), updated_at),
            hot = IF(VALUES(version) > version, VALUES(hot), hot),
            cold = IF(VALUES(version) > version, VALUES(cold), cold),
            version = IF(VALUES(version) > version, VALUES(version), version)`,
        [
          r.id,
          r.version,
          r.updatedAt,
          Buffer.from(r.hot.buffer, r.hot.byteOffset, r.hot.byteLength),
          Buffer.from(r.cold.buffer, r.cold.byteOffset, r.cold.byteLength),
        ],
      );
      await query(
        'INSERT INTO purchases (player_id, purchase_id, item, amount, currency, created_at) VALUES (?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE purchase_id = purchase_id',
        [p.playerId, p.purchaseId, p.item, p.amount, p.currency, p.at],
      );
      await c.commit();
      return { kind: 'saved' };
    });
  }

  async purchasePage(playerId: string, offset: number, limit: number): Promise<Purchase[]> {
    return this.#withConnection(async (c) => {
      const [rows] = await c.query<RowDataPacket[]>({
        sql: 'SELECT purchase_id, item, amount, currency, created_at FROM purchases WHERE player_id = ? ORDER BY created_at, purchase_id LIMIT ? OFFSET ?',
        values: [playerId, limit, offset],
        timeout: this.#queryTimeoutMs,
      });
      return rows.map((r) => ({
        purchaseId: String(r.purchase_id),
        playerId,
        item: String(r.item),
        amount: Number(r.amount),
        currency: String(r.currency),
        at: Number(r.created_at),
      }));
    });
  }

  async addSpend(rows: readonly SpendRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.#withConnection((c) =>
      c.query({
        sql: 'INSERT INTO llm_spend (day, player_id, dollars) VALUES ? ON DUPLICATE KEY UPDATE dollars = dollars + VALUES(dollars)',
        values: [rows.map((r) => [r.day, r.playerId, r.dollars])],
        timeout: this.#queryTimeoutMs,
      }),
    );
  }

  async spendOn(day: number): Promise<SpendRow[]> {
    return this.#withConnection(async (c) => {
      const [rows] = await c.query<RowDataPacket[]>({
        sql: 'SELECT player_id, dollars FROM llm_spend WHERE day = ?',
        values: [day],
        timeout: this.#queryTimeoutMs,
      });
      return rows.map((r) => ({ day, playerId: String(r.player_id), dollars: Number(r.dollars) }));
    });
  }

  async dropSpendBefore(day: number): Promise<number> {
    return this.#withConnection(async (c) => {
      const [result] = await c.query<ResultSetHeader>({
        sql: 'DELETE FROM llm_spend WHERE day < ?',
        values: [day],
        timeout: this.#queryTimeoutMs,
      });
      return result.affectedRows;
    });
  }

  async requestDeletion(playerId: string, at: number, purgeAfter: number): Promise<void> {
    await this.#withConnection((c) =>
      c.query({
        sql: 'INSERT INTO deletion_requests (player_id, requested_at, purge_after) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE requested_at = VALUES(requested_at), purge_after = VALUES(purge_after)',
        values: [playerId, at, purgeAfter],
        timeout: this.#queryTimeoutMs,
      }),
    );
  }

  async cancelDeletion(playerId: string): Promise<boolean> {
    return this.#withConnection(async (c) => {
      const [result] = await c.query<ResultSetHeader>({
        sql: 'DELETE FROM deletion_requests WHERE player_id = ?',
        values: [playerId],
        timeout: this.#queryTimeoutMs,
      });
      return result.affectedRows === 1;
    });
  }

  async dueDeletions(now: number, limit: number): Promise<string[]> {
    return this.#withConnection((c) => this.#due(c, now, limit, ''));
  }

  async #due(c: PoolConnection, now: number, limit: number, lock: string): Promise<string[]> {
    const [rows] = await c.query<RowDataPacket[]>({
      sql: `SELECT player_id FROM deletion_requests WHERE purge_after <= ? ORDER BY purge_after, player_id LIMIT ?${lock}`,
      values: [now, limit],
      timeout: this.#queryTimeoutMs,
    });
    return rows.map((r) => String(r.player_id));
  }

  async purgeDue(now: number, limit: number): Promise<string[]> {
    return this.#withConnection(async (c) => {
      await c.beginTransaction();
      // FOR UPDATE: a cancelDeletion that commits first wins (its request is
      // gone before this reads), one that comes after finds nothing to cancel.
      const ids = await this.#due(c, now, limit, ' FOR UPDATE');
      if (ids.length > 0) {
        for (const sql of [
          'DELETE FROM players WHERE id IN (?)',
          'DELETE FROM chat_messages WHERE player_id IN (?)',
          'DELETE FROM purchases WHERE player_id IN (?)',
          'DELETE FROM llm_spend WHERE player_id IN (?)',
          'DELETE FROM deletion_requests WHERE player_id IN (?)',
          // Kept, but no longer whose (see sqlite-repository.ts purgeDue).
          "UPDATE store_transactions SET player_id = '', purchase_id = '' WHERE player_id IN (?)",
        ]) {
          await c.query({ sql, values: [ids], timeout: this.#queryTimeoutMs });
        }
      }
      await c.commit();
      return ids;
    });
  }

  async ping(): Promise<void> {
    await this.#withConnection((c) => c.query({ sql: 'SELECT 1', timeout: this.#queryTimeoutMs }));
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }
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

function wrap(error: unknown): Error {
  if (error instanceof RepositoryError) return error;
  const e = error as { code?: string; message?: string };
  return new RepositoryError(`mysql: ${e.code ?? 'error'}: ${e.message ?? String(error)}`);
}
