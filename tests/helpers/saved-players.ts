import Database from 'better-sqlite3';
import mysql, { type RowDataPacket } from 'mysql2/promise';
import { decodeSavedHot, type SavedHot } from '../../src/persistence/saved-hot.ts';
import { HOT_FIELDS } from '../../src/world/schema.ts';

/** One player's row as the database holds it, hot fields decoded by name. */
export interface SavedPlayer {
  readonly id: string;
  readonly version: number;
  readonly updatedAt: number;
  readonly fields: Readonly<Record<string, number>>;
}

/** The hot fields of a saved hot state (raw bytes or, from before migration 5, MessagePack), by name. */
export function decodeFields(saved: SavedHot): Record<string, number> {
  const row = decodeSavedHot(saved);
  const fields: Record<string, number> = {};
  HOT_FIELDS.forEach((f, i) => {
    fields[f.name] = row[i]!;
  });
  return fields;
}

interface RawRow {
  id: string;
  version: number | string;
  updated_at: number | string;
  hot: Uint8Array;
  hot_layout: number | string;
  description: string | null;
}

const SELECT_PLAYERS = `SELECT p.id, p.version, p.updated_at, p.hot, p.hot_layout, l.description
  FROM players p LEFT JOIN hot_layouts l ON l.id = p.hot_layout`;

function toPlayers(rows: readonly RawRow[]): Map<string, SavedPlayer> {
  const players = new Map<string, SavedPlayer>();
  for (const r of rows) {
    players.set(r.id, {
      id: r.id,
      version: Number(r.version),
      updatedAt: Number(r.updated_at),
      fields: decodeFields({
        hot: r.hot,
        hotLayout: Number(r.hot_layout),
        layoutDescription: r.description ?? undefined,
      }),
    });
  }
  return players;
}

/**
 * Open a SQLite file the server wrote (while no server holds it), run
 * PRAGMA integrity_check and read every player. Read-only: the file is left
 * as the server left it, WAL included, for the next server to recover.
 */
export function readSqlitePlayers(file: string): {
  integrity: string;
  players: Map<string, SavedPlayer>;
} {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const integrity = String(db.pragma('integrity_check', { simple: true }));
    const rows = db.prepare(SELECT_PLAYERS).all() as RawRow[];
    return { integrity, players: toPlayers(rows) };
  } finally {
    db.close();
  }
}

/** Every player row of a MySQL database, read over a connection of its own. */
export async function readMysqlPlayers(url: string): Promise<Map<string, SavedPlayer>> {
  const c = await mysql.createConnection({ uri: url, connectTimeout: 5000 });
  try {
    const [rows] = await c.query<RowDataPacket[]>(SELECT_PLAYERS);
    return toPlayers(rows as unknown as RawRow[]);
  } finally {
    await c.end();
  }
}
