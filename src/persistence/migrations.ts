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
  {
    version: 2,
    name: 'purchases keyed by player and purchase id, with the currency paid',
    // Purchase ids are the client's, so two players may well pick the same
    // one: the audit log's key is the pair. Deletion requests are few (only
    // those in their grace period), so the purge scans them without an index.
    sqlite: [
      `CREATE TABLE purchases_by_player_id (
        player_id TEXT NOT NULL,
        purchase_id TEXT NOT NULL,
        item TEXT NOT NULL,
        amount INTEGER NOT NULL,
        currency TEXT NOT NULL DEFAULT 'money',
        created_at INTEGER NOT NULL,
        PRIMARY KEY (player_id, purchase_id)
      ) WITHOUT ROWID`,
      `INSERT INTO purchases_by_player_id (player_id, purchase_id, item, amount, created_at)
        SELECT player_id, purchase_id, item, amount, created_at FROM purchases`,
      'DROP TABLE purchases',
      'ALTER TABLE purchases_by_player_id RENAME TO purchases',
    ],
    // One statement, so the change is all or nothing (MySQL 8 and MariaDB
    // 10.6+ run an ALTER atomically) and a migration cut off runs again cleanly.
    mysql: [
      `ALTER TABLE purchases
        DROP PRIMARY KEY,
        ADD PRIMARY KEY (player_id, purchase_id),
        DROP INDEX purchases_by_player,
        ADD COLUMN currency VARCHAR(16) NOT NULL DEFAULT 'money' AFTER amount`,
    ],
  },
  {
    version: 3,
    name: 'store transactions, each redeemable once',
    // A store's transaction id pays for one grant, whoever presents it and
    // however long after: the key is the store's own id, across all players,
    // and rows are never deleted (not even by the account purge, which
    // would otherwise let a receipt be redeemed again by a new life: it
    // only blanks their player). Ids
    // compare byte for byte (ascii_bin): stores' ids are ASCII and case
    // matters in them.
    sqlite: [
      `CREATE TABLE IF NOT EXISTS store_transactions (
        platform TEXT NOT NULL,
        transaction_id TEXT NOT NULL,
        player_id TEXT NOT NULL,
        purchase_id TEXT NOT NULL,
        product_id TEXT NOT NULL,
        at INTEGER NOT NULL,
        PRIMARY KEY (platform, transaction_id)
      ) WITHOUT ROWID`,
      // The account purge finds a player's transactions by this.
      'CREATE INDEX IF NOT EXISTS store_transactions_by_player ON store_transactions (player_id)',
    ],
    mysql: [
      `CREATE TABLE IF NOT EXISTS store_transactions (
        platform VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
        transaction_id VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
        player_id VARCHAR(64) NOT NULL,
        purchase_id VARCHAR(128) NOT NULL,
        product_id VARCHAR(64) NOT NULL,
        at BIGINT NOT NULL,
        PRIMARY KEY (platform, transaction_id),
        KEY store_transactions_by_player (player_id)
      ) ENGINE=InnoDB`,
    ],
  },
  {
    version: 4,
    name: 'model spend per day and player; chat history pruned to 100 lines per NPC',
    // The spend of each UTC day (player '' is everyone), so the day's budget
    // survives a restart; by player too, for the account purge. The DELETE
    // prunes, once, what was written before lines were pruned as they come:
    // 100 is CHAT_LINES_KEPT_PER_NPC as this migration shipped (a literal,
    // because a shipped migration never changes).
    sqlite: [
      `CREATE TABLE llm_spend (
        day INTEGER NOT NULL,
        player_id TEXT NOT NULL,
        dollars REAL NOT NULL,
        PRIMARY KEY (day, player_id)
      ) WITHOUT ROWID`,
      'CREATE INDEX llm_spend_by_player ON llm_spend (player_id)',
      `DELETE FROM chat_messages WHERE id IN (
        SELECT id FROM (
          SELECT id, ROW_NUMBER() OVER (PARTITION BY player_id, npc_id ORDER BY id DESC) AS rn
          FROM chat_messages
        ) WHERE rn > 100
      )`,
    ],
    mysql: [
      `CREATE TABLE IF NOT EXISTS llm_spend (
        day INT NOT NULL,
        player_id VARCHAR(64) NOT NULL,
        dollars DOUBLE NOT NULL,
        PRIMARY KEY (day, player_id),
        KEY llm_spend_by_player (player_id)
      ) ENGINE=InnoDB`,
      `DELETE c FROM chat_messages c JOIN (
        SELECT id FROM (
          SELECT id, ROW_NUMBER() OVER (PARTITION BY player_id, npc_id ORDER BY id DESC) AS rn
          FROM chat_messages
        ) ranked WHERE rn > 100
      ) old ON old.id = c.id`,
    ],
  },
  {
    version: 5,
    name: 'hot state as raw column bytes with its layout; cold state in a table of its own',
    // Rows already stored keep their MessagePack hot state, marked by layout
    // 0, and load as before; every save from now on writes raw bytes under
    // the id of the layout it used (persistence/hot-layout.ts), whose
    // description hot_layouts keeps so the row stays readable after the
    // schema changes. Cold state moves to player_cold, written only when it
    // changed: a hot save then rewrites a row of about 250 bytes instead of
    // one with every cold state inside it (bench persist: about twice the
    // rows a second into SQLite). players.cold stays, emptied, for rows
    // loaded by older builds. Every step can run again; the ALTER comes last
    // and alone, so a migration cut off before it runs again cleanly.
    sqlite: [
      `CREATE TABLE IF NOT EXISTS hot_layouts (
        id INTEGER PRIMARY KEY,
        description TEXT NOT NULL,
        created_at INTEGER NOT NULL
      )`,
      `CREATE TABLE IF NOT EXISTS player_cold (
        id TEXT PRIMARY KEY,
        version INTEGER NOT NULL,
        cold BLOB NOT NULL
      ) WITHOUT ROWID`,
      `INSERT INTO player_cold (id, version, cold)
        SELECT id, version, cold FROM players WHERE length(cold) > 0
        ON CONFLICT (id) DO NOTHING`,
      "UPDATE players SET cold = X'' WHERE length(cold) > 0",
      'ALTER TABLE players ADD COLUMN hot_layout INTEGER NOT NULL DEFAULT 0',
    ],
    mysql: [
      `CREATE TABLE IF NOT EXISTS hot_layouts (
        id BIGINT NOT NULL PRIMARY KEY,
        description TEXT NOT NULL,
        created_at BIGINT NOT NULL
      ) ENGINE=InnoDB`,
      `CREATE TABLE IF NOT EXISTS player_cold (
        id VARCHAR(64) NOT NULL PRIMARY KEY,
        version BIGINT NOT NULL,
        cold MEDIUMBLOB NOT NULL
      ) ENGINE=InnoDB`,
      `INSERT IGNORE INTO player_cold (id, version, cold)
        SELECT id, version, cold FROM players WHERE LENGTH(cold) > 0`,
      "UPDATE players SET cold = '' WHERE LENGTH(cold) > 0",
      'ALTER TABLE players ADD COLUMN hot_layout BIGINT NOT NULL DEFAULT 0',
    ],
  },
  {
    version: 6,
    name: 'fleet: shard leases and live members (MySQL only)',
    // Fleet mode runs several processes on one MySQL database (src/fleet).
    // shard_leases holds each shard's owner, the epoch bumped on every change
    // of owner, and the expiry, always computed on the database's clock
    // (UTC_TIMESTAMP(3)) so no process clock decides who owns what. `fence`
    // is bumped by every fenced commit: the check-and-bump changes exactly
    // one row while the lease is the committer's, and its row lock orders
    // the commit against a takeover of the same shard. fleet_members is the
    // membership fallback when NATS is away: members heartbeat a row and
    // read the others'. SQLite mode is one process, so it gets neither table.
    sqlite: [],
    mysql: [
      `CREATE TABLE IF NOT EXISTS shard_leases (
        shard INT NOT NULL PRIMARY KEY,
        owner VARCHAR(128) NULL,
        epoch BIGINT NOT NULL DEFAULT 0,
        expires_at DATETIME(3) NOT NULL,
        fence BIGINT NOT NULL DEFAULT 0
      ) ENGINE=InnoDB`,
      `CREATE TABLE IF NOT EXISTS fleet_members (
        node_id VARCHAR(128) NOT NULL PRIMARY KEY,
        public_url VARCHAR(512) NOT NULL,
        started_at DATETIME(3) NOT NULL,
        heartbeat_at DATETIME(3) NOT NULL
      ) ENGINE=InnoDB`,
    ],
  },
];

export const SCHEMA_VERSION = MIGRATIONS.at(-1)!.version;
