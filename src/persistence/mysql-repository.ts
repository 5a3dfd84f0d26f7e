import type { PoolConnection, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import type { LeaseClaim } from './fence.ts';
import { MIGRATIONS } from './migrations.ts';
import { MysqlConnections, type MysqlOptions } from './mysql-connections.ts';
import { checkFence } from './mysql-fence.ts';
import { loadPlayer, savePlayers, savePurchaseWithPlayer } from './mysql-player-rows.ts';
import {
  CHAT_LINES_KEPT_PER_NPC,
  type ChatLine,
  type LoadedRecord,
  type NumberedChatLine,
  type PlayerRecord,
  type PlayerRepository,
  type Purchase,
  type PurchaseSaveOutcome,
  type SpendRow,
  type StoreTransaction,
} from './repository.ts';

/**
 * MySQL or MariaDB through a mysql2 pool (mysql-connections.ts: bounded,
 * with timeouts, so a database that is down or frozen turns into errors the
 * write-behind writer retries). Player rows and purchases, the money path,
 * are in mysql-player-rows.ts; chat, spend and the data-rights tables here.
 */
export class MysqlRepository implements PlayerRepository {
  readonly kind = 'mysql' as const;
  readonly #connections: MysqlConnections;
  readonly #queryTimeoutMs: number;

  constructor(options: MysqlOptions) {
    this.#connections = new MysqlConnections(options);
    this.#queryTimeoutMs = this.#connections.queryTimeoutMs;
  }

  #withConnection<T>(work: (c: PoolConnection) => Promise<T>): Promise<T> {
    return this.#connections.with(work);
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

  async registerLayout(id: number, description: string): Promise<void> {
    await this.#withConnection((c) =>
      c.query({
        sql: 'INSERT IGNORE INTO hot_layouts (id, description, created_at) VALUES (?, ?, ?)',
        values: [id, description, Date.now()],
        timeout: this.#queryTimeoutMs,
      }),
    );
  }

  async load(id: string): Promise<LoadedRecord | undefined> {
    return this.#withConnection((c) => loadPlayer(c, id, this.#queryTimeoutMs));
  }

  async saveBatch(records: readonly PlayerRecord[], claim?: LeaseClaim): Promise<number> {
    if (records.length === 0) return 0;
    return this.#withConnection((c) => savePlayers(c, records, claim, this.#queryTimeoutMs));
  }

  async appendChat(playerId: string, line: ChatLine): Promise<void> {
    await this.appendChatBatch([{ playerId, line }]);
  }

  async appendChatBatch(
    lines: readonly { readonly playerId: string; readonly line: ChatLine }[],
    claim?: LeaseClaim,
  ): Promise<void> {
    if (lines.length === 0) return;
    const players = [...new Set(lines.map((l) => l.playerId))];
    await this.#withConnection(async (c) => {
      await c.beginTransaction();
      await checkFence(c, claim, this.#queryTimeoutMs);
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
    claim?: LeaseClaim,
  ): Promise<PurchaseSaveOutcome> {
    return this.#withConnection((c) =>
      savePurchaseWithPlayer(c, r, p, store, claim, this.#queryTimeoutMs),
    );
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
          'DELETE FROM player_cold WHERE id IN (?)',
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
    await this.#connections.close();
  }
}
