/**
 * Versioned schema migrations, one list for both dialects. Each runs once
 * and is recorded in `schema_migrations`; running them again is a no-op.
 * Append new migrations; never edit one that has shipped.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sqlite: readonly string[];
  readonly mysql: readonly string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'players, chat history, purchases, deletion requests',
    sqlite: [
      `CREATE TABLE IF NOT EXISTS players (
        id TEXT PRIMARY KEY,
        version INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        hot BLOB NOT NULL,
        cold BLOB NOT NULL
      ) WITHOUT ROWID`,
      `CREATE TABLE IF NOT EXISTS chat_messages (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        player_id TEXT NOT NULL,
        npc_id INTEGER NOT NULL,
        from_npc INTEGER NOT NULL,
        text TEXT NOT NULL,
        at INTEGER NOT NULL
      )`,
      'CREATE INDEX IF NOT EXISTS chat_by_player_npc ON chat_messages (player_id, npc_id, id)',
      `CREATE TABLE IF NOT EXISTS purchases (
        purchase_id TEXT PRIMARY KEY,
        player_id TEXT NOT NULL,
        item TEXT NOT NULL,
        amount INTEGER NOT NULL,
        created_at INTEGER NOT NULL
      )`,
      'CREATE INDEX IF NOT EXISTS purchases_by_player ON purchases (player_id)',
      `CREATE TABLE IF NOT EXISTS deletion_requests (
        player_id TEXT PRIMARY KEY,
        requested_at INTEGER NOT NULL,
        purge_after INTEGER NOT NULL
      )`,
    ],
    mysql: [
      `CREATE TABLE IF NOT EXISTS players (
        id VARCHAR(64) NOT NULL PRIMARY KEY,
        version BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        hot MEDIUMBLOB NOT NULL,
        cold MEDIUMBLOB NOT NULL
      ) ENGINE=InnoDB`,
      `CREATE TABLE IF NOT EXISTS chat_messages (
        id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
        player_id VARCHAR(64) NOT NULL,
        npc_id INT NOT NULL,
        from_npc TINYINT NOT NULL,
        text TEXT NOT NULL,
        at BIGINT NOT NULL,
        KEY chat_by_player_npc (player_id, npc_id, id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
      `CREATE TABLE IF NOT EXISTS purchases (
        purchase_id VARCHAR(128) NOT NULL PRIMARY KEY,
        player_id VARCHAR(64) NOT NULL,
        item VARCHAR(64) NOT NULL,
        amount BIGINT NOT NULL,
        created_at BIGINT NOT NULL,
        KEY purchases_by_player (player_id)
      ) ENGINE=InnoDB`,
      `CREATE TABLE IF NOT EXISTS deletion_requests (
        player_id VARCHAR(64) NOT NULL PRIMARY KEY,
        requested_at BIGINT NOT NULL,
        purge_after BIGINT NOT NULL
      ) ENGINE=InnoDB`,
    ],
  },
];

export const SCHEMA_VERSION = MIGRATIONS.at(-1)!.version;
