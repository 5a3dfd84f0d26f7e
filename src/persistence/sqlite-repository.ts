import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { LeaseClaim } from './fence.ts';
import { MIGRATIONS } from './migrations.ts';
import {
  CHAT_LINES_KEPT_PER_NPC,
  type ChatLine,
  type LoadedRecord,
  type NumberedChatLine,
  type PlayerRecord,
  type PlayerRepository,
  type Purchase,
  type PurchaseSaveOutcome,
  RepositoryError,
  type SpendRow,
  type StoreTransaction,
} from './repository.ts';
import { SqlitePlayerRows } from './sqlite-player-rows.ts';

/**
 * SQLite through better-sqlite3: one file, WAL journal. It is synchronous,
 * so the server runs it inside the persistence worker, never on the main
 * thread.
 *
 * The connection takes SQLite's exclusive lock when it opens and keeps it,
 * so a second process pointed at the same file is refused at start instead
 * of interleaving writes. A killed process's lock goes with it.
 */
export class SqliteRepository implements PlayerRepository {
  readonly kind = 'sqlite' as const;
  readonly #db: Database.Database;
  readonly #players: SqlitePlayerRows;
  readonly #saveMany: (records: readonly PlayerRecord[]) => number;
  readonly #savePurchase: (
    record: PlayerRecord,
    purchase: Purchase,
    store: StoreTransaction | undefined,
  ) => PurchaseSaveOutcome;
  readonly #appendMany: (
    lines: readonly { readonly playerId: string; readonly line: ChatLine }[],
  ) => void;

  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
    let db: Database.Database | undefined;
    try {
      db = new Database(file, { timeout: 1000 });
      db.pragma('locking_mode = EXCLUSIVE');
      db.pragma('journal_mode = WAL');
      // WAL with synchronous=NORMAL: a committed transaction survives the
      // process being killed; only an OS crash or power cut can lose the
      // last few, which the write-behind design accepts anyway.
      db.pragma('synchronous = NORMAL');
      // A flush upserts players all over the table: a 64 MiB page cache
      // (default 2 MiB) keeps the B-tree's inner pages and much of a chunk's
      // leaves in memory, and checkpoints every 64 MiB of WAL (default 4
      // MiB) instead of every transaction or two. Together about 1.5x the
      // rows a second (bench persist); the cache is memory used only as the
      // table grows, within the server's 1.5 GB at a million players.
      db.pragma('cache_size = -65536');
      db.pragma('wal_autocheckpoint = 16384');
      // Take the exclusive lock now (it is held until close).
      db.exec('BEGIN EXCLUSIVE; COMMIT');
    } catch (error) {
      db?.close();
      const code = (error as { code?: string }).code;
      if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
        throw new RepositoryError(
          `${file} is in use by another lifetick process; refusing to share it`,
        );
      }
      throw new RepositoryError(`cannot open ${file}: ${(error as Error).message}`);
    }
    this.#db = db;
    this.#migrate();
    this.#players = new SqlitePlayerRows(db);
    // The whole flush of one batch: one transaction (a fleet's fence check
    // belongs at its start).
    this.#saveMany = db.transaction((records: readonly PlayerRecord[]) => {
      let written = 0;
      for (const r of records) written += this.#players.write(r);
      return written;
    });
    const claim = db.prepare(
      `INSERT INTO store_transactions (platform, transaction_id, player_id, purchase_id, product_id, at)
       VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (platform, transaction_id) DO NOTHING`,
    );
    const owner = db.prepare(
      'SELECT player_id, purchase_id FROM store_transactions WHERE platform = ? AND transaction_id = ?',
    );
    const audit = db.prepare(
      `INSERT INTO purchases (player_id, purchase_id, item, amount, currency, created_at)
       VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (player_id, purchase_id) DO NOTHING`,
    );
    // A throw inside rolls the whole transaction back (better-sqlite3).
    this.#savePurchase = db.transaction(
      (r: PlayerRecord, p: Purchase, store: StoreTransaction | undefined): PurchaseSaveOutcome => {
        if (store) {
          const claimed =
            claim.run(
              store.platform,
              store.transactionId,
              p.playerId,
              p.purchaseId,
              store.productId,
              p.at,
            ).changes === 1;
          if (!claimed) {
            const first = owner.get(store.platform, store.transactionId) as {
              player_id: string;
              purchase_id: string;
            };
            if (first.player_id !== p.playerId || first.purchase_id !== p.purchaseId)
              return { kind: 'taken', playerId: first.player_id, purchaseId: first.purchase_id };
          }
        }
        if (this.#players.write(r) !== 1) {
          throw new RepositoryError(
            `player ${r.id} has a stored version newer than ${r.version}; purchase not saved`,
          );
        }
        audit.run(p.playerId, p.purchaseId, p.item, p.amount, p.currency, p.at);
        return { kind: 'saved' };
      },
    );
    const insertLine = db.prepare(
      'INSERT INTO chat_messages (player_id, npc_id, from_npc, text, at) VALUES (?, ?, ?, ?, ?)',
    );
    // Everything of the pair older than its newest CHAT_LINES_KEPT_PER_NPC
    // lines; the (player_id, npc_id, id) index serves both the subquery and
    // the range deleted. With fewer lines the subquery is NULL: nothing goes.
    const prune = db.prepare(
      `DELETE FROM chat_messages WHERE player_id = ? AND npc_id = ? AND id <= (
        SELECT id FROM chat_messages WHERE player_id = ? AND npc_id = ?
        ORDER BY id DESC LIMIT 1 OFFSET ?)`,
    );
    this.#appendMany = db.transaction(
      (lines: readonly { readonly playerId: string; readonly line: ChatLine }[]) => {
        const pairs = new Map<string, { playerId: string; npcId: number }>();
        for (const { playerId, line } of lines) {
          insertLine.run(playerId, line.npcId, line.fromNpc ? 1 : 0, line.text, line.at);
          pairs.set(`${line.npcId}#${playerId}`, { playerId, npcId: line.npcId });
        }
        for (const { playerId, npcId } of pairs.values())
          prune.run(playerId, npcId, playerId, npcId, CHAT_LINES_KEPT_PER_NPC);
      },
    );
  }

  #migrate(): number {
    const db = this.#db;
    db.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)',
    );
    const applied = new Set(
      db
        .prepare('SELECT version FROM schema_migrations')
        .all()
        .map((r) => (r as { version: number }).version),
    );
    for (const m of MIGRATIONS) {
      if (applied.has(m.version)) continue;
      db.transaction(() => {
        for (const sql of m.sqlite) db.exec(sql);
        db.prepare(
          'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
        ).run(m.version, m.name, Date.now());
      })();
    }
    return MIGRATIONS.at(-1)!.version;
  }

  async migrate(): Promise<number> {
    return this.#migrate();
  }

  async registerLayout(id: number, description: string): Promise<void> {
    this.#players.registerLayout(id, description);
  }

  async load(id: string): Promise<LoadedRecord | undefined> {
    return this.#players.load(id);
  }

  async saveBatch(records: readonly PlayerRecord[], claim?: LeaseClaim): Promise<number> {
    refuseClaim(claim);
    return this.#saveMany(records);
  }

  async appendChat(playerId: string, line: ChatLine): Promise<void> {
    this.#appendMany([{ playerId, line }]);
  }

  async appendChatBatch(
    lines: readonly { readonly playerId: string; readonly line: ChatLine }[],
    claim?: LeaseClaim,
  ): Promise<void> {
    refuseClaim(claim);
    this.#appendMany(lines);
  }

  async chatHistory(playerId: string, npcId: number, limit: number): Promise<ChatLine[]> {
    const rows = this.#db
      .prepare(
        'SELECT npc_id, from_npc, text, at FROM chat_messages WHERE player_id = ? AND npc_id = ? ORDER BY id DESC LIMIT ?',
      )
      .all(playerId, npcId, limit) as {
      npc_id: number;
      from_npc: number;
      text: string;
      at: number;
    }[];
    return rows
      .reverse()
      .map((r) => ({ npcId: r.npc_id, fromNpc: r.from_npc === 1, text: r.text, at: r.at }));
  }

  async chatPage(playerId: string, afterSeq: number, limit: number): Promise<NumberedChatLine[]> {
    const rows = this.#db
      .prepare(
        'SELECT id, npc_id, from_npc, text, at FROM chat_messages WHERE player_id = ? AND id > ? ORDER BY id LIMIT ?',
      )
      .all(playerId, afterSeq, limit) as {
      id: number;
      npc_id: number;
      from_npc: number;
      text: string;
      at: number;
    }[];
    return rows.map((r) => ({
      seq: r.id,
      npcId: r.npc_id,
      fromNpc: r.from_npc === 1,
      text: r.text,
      at: r.at,
    }));
  }

  async recordPurchase(p: Purchase): Promise<boolean> {
    const result = this.#db
      .prepare(
        'INSERT INTO purchases (player_id, purchase_id, item, amount, currency, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (player_id, purchase_id) DO NOTHING',
      )
      .run(p.playerId, p.purchaseId, p.item, p.amount, p.currency, p.at);
    return result.changes === 1;
  }

  async savePurchase(
    record: PlayerRecord,
    purchase: Purchase,
    store: StoreTransaction | undefined,
    claim?: LeaseClaim,
  ): Promise<PurchaseSaveOutcome> {
    refuseClaim(claim);
    return this.#savePurchase(record, purchase, store);
  }

  async purchasePage(playerId: string, offset: number, limit: number): Promise<Purchase[]> {
    const rows = this.#db
      .prepare(
        'SELECT purchase_id, item, amount, currency, created_at FROM purchases WHERE player_id = ? ORDER BY created_at, purchase_id LIMIT ? OFFSET ?',
      )
      .all(playerId, limit, offset) as {
      purchase_id: string;
      item: string;
      amount: number;
      currency: string;
      created_at: number;
    }[];
    return rows.map((r) => ({
      purchaseId: r.purchase_id,
      playerId,
      item: r.item,
      amount: r.amount,
      currency: r.currency,
      at: r.created_at,
    }));
  }

  async addSpend(rows: readonly SpendRow[]): Promise<void> {
    const add = this.#db.prepare(
      'INSERT INTO llm_spend (day, player_id, dollars) VALUES (?, ?, ?) ON CONFLICT (day, player_id) DO UPDATE SET dollars = dollars + excluded.dollars',
    );
    this.#db.transaction(() => {
      for (const r of rows) add.run(r.day, r.playerId, r.dollars);
    })();
  }

  async spendOn(day: number): Promise<SpendRow[]> {
    const rows = this.#db
      .prepare('SELECT player_id, dollars FROM llm_spend WHERE day = ?')
      .all(day) as { player_id: string; dollars: number }[];
    return rows.map((r) => ({ day, playerId: r.player_id, dollars: r.dollars }));
  }

  async dropSpendBefore(day: number): Promise<number> {
    return this.#db.prepare('DELETE FROM llm_spend WHERE day < ?').run(day).changes;
  }

  async requestDeletion(playerId: string, at: number, purgeAfter: number): Promise<void> {
    this.#db
      .prepare(
        'INSERT INTO deletion_requests (player_id, requested_at, purge_after) VALUES (?, ?, ?) ON CONFLICT (player_id) DO UPDATE SET requested_at = excluded.requested_at, purge_after = excluded.purge_after',
      )
      .run(playerId, at, purgeAfter);
  }

  async cancelDeletion(playerId: string): Promise<boolean> {
    return (
      this.#db.prepare('DELETE FROM deletion_requests WHERE player_id = ?').run(playerId)
        .changes === 1
    );
  }

  async dueDeletions(now: number, limit: number): Promise<string[]> {
    return this.#due(now, limit);
  }

  #due(now: number, limit: number): string[] {
    return (
      this.#db
        .prepare(
          'SELECT player_id FROM deletion_requests WHERE purge_after <= ? ORDER BY purge_after, player_id LIMIT ?',
        )
        .all(now, limit) as { player_id: string }[]
    ).map((r) => r.player_id);
  }

  async purgeDue(now: number, limit: number): Promise<string[]> {
    const statements = [
      'DELETE FROM players WHERE id = ?',
      'DELETE FROM player_cold WHERE id = ?',
      'DELETE FROM chat_messages WHERE player_id = ?',
      'DELETE FROM purchases WHERE player_id = ?',
      'DELETE FROM llm_spend WHERE player_id = ?',
      'DELETE FROM deletion_requests WHERE player_id = ?',
      // Store transactions stay (each is redeemable once, forever) but no
      // longer say whose they were, so not even a new life under the same
      // player id can pass for a retry of their purchase.
      "UPDATE store_transactions SET player_id = '', purchase_id = '' WHERE player_id = ?",
    ].map((sql) => this.#db.prepare(sql));
    return this.#db.transaction(() => {
      const ids = this.#due(now, limit);
      for (const id of ids) for (const statement of statements) statement.run(id);
      return ids;
    })();
  }

  async ping(): Promise<void> {
    this.#db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (this.#db.open) this.#db.close();
  }

  /** PRAGMA integrity_check: "ok" when the file is sound. */
  integrityCheck(): string {
    return String(this.#db.pragma('integrity_check', { simple: true }));
  }
}

/**
 * SQLite is one process on one file (an exclusive lock refuses a second),
 * never a fleet: a fenced write reaching it is a wiring mistake, refused
 * rather than written unfenced.
 */
function refuseClaim(claim: LeaseClaim | undefined): void {
  if (claim !== undefined)
    throw new RepositoryError('fenced writes need MySQL: SQLite is never shared by a fleet');
}
