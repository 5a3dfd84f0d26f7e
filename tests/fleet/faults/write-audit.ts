import mysql, { type RowDataPacket } from 'mysql2/promise';

/**
 * The database's own record of who wrote what, for the checker: triggers
 * on the lease table and on every table a player write touches append a
 * row to an audit table, in the writer's own transaction (so a rolled back
 * write leaves no audit row either), with CONNECTION_ID() and an
 * auto-increment id that orders the rows.
 *
 * Why the order is enough to find a stale commit: a fenced write's first
 * statement bumps `fence` on its shards' lease rows and holds their row
 * locks until it commits. Anything else that changes those lease rows
 * (a takeover, a release) waits for the lock, so its audit row comes after
 * every audit row of the write. The last lease audit row of a shard before
 * a player write must therefore be that same connection's fence bump; if it
 * is anything else, the write committed without a valid lease: a commit
 * with a stale epoch (or none at all).
 *
 * Only changes of owner, epoch or fence are recorded: renewals (expiry
 * only) would add thousands of rows a second and say nothing the checker
 * needs.
 */

/** One change of a shard's lease row. */
export interface LeaseAuditRow {
  readonly id: number;
  /** Wall-clock ms when the statement ran (the database's clock: this machine's). */
  readonly at: number;
  readonly conn: number;
  readonly shard: number;
  readonly oldOwner: string | null;
  readonly newOwner: string | null;
  readonly oldEpoch: number | null;
  readonly newEpoch: number;
  /** The row's fence went up by this statement (a fenced commit's check). */
  readonly fenceBump: boolean;
}

/** Tables a player write touches, as the audit names them. */
export type AuditedTable = 'players' | 'player_cold' | 'store_transactions' | 'purchases';

/** One row written to a player's table. */
export interface WriteAuditRow {
  readonly id: number;
  readonly at: number;
  readonly conn: number;
  readonly table: AuditedTable | 'players_deleted';
  readonly playerId: string;
  /** players / player_cold: the version before (null: a new row) and after. */
  readonly oldVersion: number | null;
  readonly newVersion: number | null;
}

export interface WriteAudit {
  readonly leases: LeaseAuditRow[];
  readonly writes: WriteAuditRow[];
}

// FLOOR(UNIX_TIMESTAMP(SYSDATE(3)) * 1000): the moment the row is written,
// in Unix ms (SYSDATE, unlike NOW, is not frozen at the statement's start).
const AT = 'FLOOR(UNIX_TIMESTAMP(SYSDATE(3)) * 1000)';

// One table for lease changes and player writes, so one auto-increment
// orders them all (two tables would number their rows independently).
const LEASE_COLUMNS =
  'kind, at, conn, shard, old_owner, new_owner, old_epoch, new_epoch, fence_bump';
const WRITE_COLUMNS = 'kind, at, conn, tbl, player_id, old_version, new_version';

const STATEMENTS = [
  `CREATE TABLE IF NOT EXISTS fault_audit (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    kind CHAR(5) NOT NULL,
    at BIGINT NOT NULL,
    conn BIGINT NOT NULL,
    shard INT NULL,
    old_owner VARCHAR(128) NULL,
    new_owner VARCHAR(128) NULL,
    old_epoch BIGINT NULL,
    new_epoch BIGINT NULL,
    fence_bump TINYINT NULL,
    tbl VARCHAR(32) NULL,
    player_id VARCHAR(64) NULL,
    old_version BIGINT NULL,
    new_version BIGINT NULL
  ) ENGINE=InnoDB`,
  `CREATE TRIGGER fault_audit_lease_insert AFTER INSERT ON shard_leases FOR EACH ROW
    INSERT INTO fault_audit (${LEASE_COLUMNS})
    VALUES ('lease', ${AT}, CONNECTION_ID(), NEW.shard, NULL, NEW.owner, NULL, NEW.epoch, 0)`,
  `CREATE TRIGGER fault_audit_lease_update AFTER UPDATE ON shard_leases FOR EACH ROW
    IF NOT (NEW.owner <=> OLD.owner) OR NEW.epoch <> OLD.epoch OR NEW.fence <> OLD.fence THEN
      INSERT INTO fault_audit (${LEASE_COLUMNS})
      VALUES ('lease', ${AT}, CONNECTION_ID(), NEW.shard, OLD.owner, NEW.owner, OLD.epoch, NEW.epoch,
              NEW.fence = OLD.fence + 1 AND NEW.owner <=> OLD.owner AND NEW.epoch = OLD.epoch);
    END IF`,
  ...(['players', 'player_cold'] as const).flatMap((table) => [
    `CREATE TRIGGER fault_audit_${table}_insert AFTER INSERT ON ${table} FOR EACH ROW
      INSERT INTO fault_audit (${WRITE_COLUMNS})
      VALUES ('write', ${AT}, CONNECTION_ID(), '${table}', NEW.id, NULL, NEW.version)`,
    `CREATE TRIGGER fault_audit_${table}_update AFTER UPDATE ON ${table} FOR EACH ROW
      INSERT INTO fault_audit (${WRITE_COLUMNS})
      VALUES ('write', ${AT}, CONNECTION_ID(), '${table}', NEW.id, OLD.version, NEW.version)`,
  ]),
  `CREATE TRIGGER fault_audit_players_delete AFTER DELETE ON players FOR EACH ROW
    INSERT INTO fault_audit (${WRITE_COLUMNS})
    VALUES ('write', ${AT}, CONNECTION_ID(), 'players_deleted', OLD.id, OLD.version, NULL)`,
  ...(['store_transactions', 'purchases'] as const).map(
    (table) => `CREATE TRIGGER fault_audit_${table}_insert AFTER INSERT ON ${table} FOR EACH ROW
      INSERT INTO fault_audit (${WRITE_COLUMNS})
      VALUES ('write', ${AT}, CONNECTION_ID(), '${table}', NEW.player_id, NULL, NULL)`,
  ),
];

/** Create the audit table and triggers in a migrated database (run once, before the fleet starts). */
export async function installWriteAudit(databaseUrl: string): Promise<void> {
  const c = await mysql.createConnection({ uri: databaseUrl });
  try {
    for (const sql of STATEMENTS) await c.query(sql);
  } finally {
    await c.end();
  }
}

/** Every audit row so far, in order. */
export async function readWriteAudit(databaseUrl: string): Promise<WriteAudit> {
  const c = await mysql.createConnection({ uri: databaseUrl, supportBigNumbers: true });
  try {
    const [rows] = await c.query<RowDataPacket[]>('SELECT * FROM fault_audit ORDER BY id');
    const leases = rows.filter((r) => r.kind === 'lease');
    const writes = rows.filter((r) => r.kind === 'write');
    return {
      leases: leases.map((r) => ({
        id: Number(r.id),
        at: Number(r.at),
        conn: Number(r.conn),
        shard: Number(r.shard),
        oldOwner: r.old_owner as string | null,
        newOwner: r.new_owner as string | null,
        oldEpoch: r.old_epoch === null ? null : Number(r.old_epoch),
        newEpoch: Number(r.new_epoch),
        fenceBump: Number(r.fence_bump) === 1,
      })),
      writes: writes.map((r) => ({
        id: Number(r.id),
        at: Number(r.at),
        conn: Number(r.conn),
        table: r.tbl as WriteAuditRow['table'],
        playerId: r.player_id as string,
        oldVersion: r.old_version === null ? null : Number(r.old_version),
        newVersion: r.new_version === null ? null : Number(r.new_version),
      })),
    };
  } finally {
    await c.end();
  }
}
