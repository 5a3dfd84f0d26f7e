import type Database from 'better-sqlite3';
import type { LoadedRecord, PlayerRecord } from './repository.ts';

interface PlayerRow {
  id: string;
  version: number;
  updated_at: number;
  hot: Buffer;
  hot_layout: number;
  cold: Buffer;
  description: string | null;
}

// players.cold since migration 5: cold state lives in player_cold.
const NO_COLD = Buffer.alloc(0);
// The cold state of a player stored without one: an empty MessagePack map.
const EMPTY_COLD = Buffer.from([0x80]);

/**
 * The players' rows of a SQLite repository (sqlite-repository.ts): hot
 * state in `players`, cold state in `player_cold` (migration 5), both
 * version-guarded, and the hot layouts rows are written in.
 */
export class SqlitePlayerRows {
  readonly #db: Database.Database;
  readonly #upsertHot: Database.Statement;
  readonly #upsertCold: Database.Statement;

  constructor(db: Database.Database) {
    this.#db = db;
    // Hot state, version-guarded: a replayed or reordered save never wins.
    this.#upsertHot = db.prepare(
      `INSERT INTO players (id, version, updated_at, hot, hot_layout, cold) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET
         version = excluded.version, updated_at = excluded.updated_at, hot = excluded.hot,
         hot_layout = excluded.hot_layout
       WHERE excluded.version > players.version`,
    );
    // Cold state, only in saves where it changed, under the same guard.
    this.#upsertCold = db.prepare(
      `INSERT INTO player_cold (id, version, cold) VALUES (?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET version = excluded.version, cold = excluded.cold
       WHERE excluded.version > player_cold.version`,
    );
  }

  /** Upsert one player (newer versions only), cold state when it has one; 1 when written. */
  write(r: PlayerRecord): number {
    const written = this.#upsertHot.run(
      r.id,
      r.version,
      r.updatedAt,
      r.hot,
      r.hotLayout,
      NO_COLD,
    ).changes;
    if (written === 1 && r.cold !== undefined) this.#upsertCold.run(r.id, r.version, r.cold);
    return written;
  }

  registerLayout(id: number, description: string): void {
    this.#db
      .prepare(
        'INSERT INTO hot_layouts (id, description, created_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING',
      )
      .run(id, description, Date.now());
  }

  load(id: string): LoadedRecord | undefined {
    const row = this.#db
      .prepare(
        `SELECT p.id, p.version, p.updated_at, p.hot, p.hot_layout, l.description,
           coalesce(c.cold, p.cold) AS cold
         FROM players p LEFT JOIN hot_layouts l ON l.id = p.hot_layout
           LEFT JOIN player_cold c ON c.id = p.id
         WHERE p.id = ?`,
      )
      .get(id) as PlayerRow | undefined;
    if (!row) return undefined;
    return {
      id: row.id,
      version: row.version,
      updatedAt: row.updated_at,
      hot: row.hot,
      hotLayout: row.hot_layout,
      cold: row.cold.byteLength > 0 ? row.cold : EMPTY_COLD,
      layoutDescription: row.description ?? undefined,
    };
  }
}
