import mysql, { type Connection, type RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shardOf } from '../../../src/kit/shard-of.ts';
import { createFleetDatabase } from '../../helpers/fleet.ts';
import type { TestDatabase } from '../../helpers/mysql.ts';
import type { BotRecord, SessionRecord } from './bot-log.ts';
import { checkRun, percentile, type RunEvidence } from './checker.ts';
import type { FaultRecord } from './fault-log.ts';
import { figureRows, formatFigures } from './figures-table.ts';
import type { LedgerSnapshot } from './ledger-snapshot.ts';
import { installWriteAudit, readWriteAudit, type WriteAudit } from './write-audit.ts';

const db: TestDatabase | undefined = await createFleetDatabase();
const PLAYER = 'bot-0';
const SHARD = shardOf(PLAYER);

async function connectionId(c: Connection): Promise<number> {
  const [rows] = await c.query<RowDataPacket[]>('SELECT CONNECTION_ID() AS id');
  return Number(rows[0]!.id);
}

/** A write as the server makes it: the fence check first, in the same transaction. */
async function fencedSave(
  c: Connection,
  owner: string,
  epoch: number,
  version: number,
): Promise<boolean> {
  await c.beginTransaction();
  const [r] = await c.query<mysql.ResultSetHeader>(
    `UPDATE shard_leases SET fence = fence + 1
     WHERE owner = ? AND expires_at > UTC_TIMESTAMP(3) AND shard = ? AND epoch = ?`,
    [owner, SHARD, epoch],
  );
  if (r.affectedRows !== 1) {
    await c.rollback();
    return false;
  }
  await save(c, version);
  await c.commit();
  return true;
}

async function save(c: Connection, version: number): Promise<void> {
  await c.query(
    `INSERT INTO players (id, version, updated_at, hot, cold, hot_layout) VALUES (?, ?, 0, '', '', 0)
     ON DUPLICATE KEY UPDATE version = VALUES(version)`,
    [PLAYER, version],
  );
}

const acquire = (c: Connection, owner: string) =>
  c.query(
    `UPDATE shard_leases SET epoch = epoch + 1, owner = ?, expires_at = UTC_TIMESTAMP(3) + INTERVAL 5 SECOND
     WHERE shard = ?`,
    [owner, SHARD],
  );

function session(
  node: string,
  welcomedAt: number,
  served: number[],
  close?: [number, number],
): SessionRecord {
  return {
    bot: PLAYER,
    node,
    welcomedAt,
    diamonds: 0,
    served: [welcomedAt, ...served],
    ...(close ? { closedAt: close[0], closeCode: close[1] } : {}),
  };
}

function bot(sessions: SessionRecord[], acks: BotRecord['acks'] = []): BotRecord {
  return {
    bot: PLAYER,
    sessions,
    acks,
    refusals: [],
    unresolved: [],
    failedConnects: 0,
    commandsAcked: 0,
    commandsFailed: 0,
  };
}

const emptyLedger: LedgerSnapshot = {
  storeTransactions: [],
  purchases: new Set(),
  diamonds: new Map(),
  versions: new Map(),
};

describe.skipIf(!db)('checkRun against a real audited database', () => {
  let a: Connection;
  let b: Connection;
  let audit: WriteAudit;
  let ids: { a: number; b: number };
  let takeoverAt: number;

  beforeAll(async () => {
    await installWriteAudit(db!.url);
    a = await mysql.createConnection({ uri: db!.url });
    b = await mysql.createConnection({ uri: db!.url });
    ids = { a: await connectionId(a), b: await connectionId(b) };
    await a.query(
      `INSERT INTO shard_leases (shard, owner, epoch, expires_at, fence) VALUES (?, NULL, 0, UTC_TIMESTAMP(3), 0)`,
      [SHARD],
    );
    await acquire(a, 'node-1');
    expect(await fencedSave(a, 'node-1', 1, 1)).toBe(true);
    expect(await fencedSave(a, 'node-1', 1, 2)).toBe(true);
    // node-2 takes the shard over; node-1's fence now fails, and the
    // rolled back attempt leaves no audit row.
    await new Promise((resolve) => setTimeout(resolve, 30));
    takeoverAt = Date.now();
    await acquire(b, 'node-2');
    expect(await fencedSave(a, 'node-1', 1, 3)).toBe(false);
    expect(await fencedSave(b, 'node-2', 2, 3)).toBe(true);
    // A stalled node-1 that writes without the fence: a stale commit, and
    // its version goes backwards.
    await save(a, 2);
    audit = await readWriteAudit(db!.url);
  });
  afterAll(async () => {
    await a?.end();
    await b?.end();
    await db?.drop();
  });

  const evidence = (over: Partial<RunEvidence>): RunEvidence => ({
    bots: [],
    faults: [],
    audit,
    nodeOfConnection: new Map([
      [ids.a, 'node-1'],
      [ids.b, 'node-2'],
    ]),
    ledger: emptyLedger,
    sampledBackwards: [],
    noted: new Map(),
    ...over,
  });

  it('records only committed writes, in order, with their connection', () => {
    expect(audit.writes.map((w) => [w.conn, w.newVersion])).toEqual([
      [ids.a, 1],
      [ids.a, 2],
      [ids.b, 3],
      [ids.a, 2],
    ]);
    expect(audit.leases.filter((l) => !l.fenceBump).map((l) => l.newOwner)).toEqual([
      null,
      'node-1',
      'node-2',
    ]);
  });

  it('counts the unfenced write as a stale commit and its version going backwards', () => {
    const f = checkRun(evidence({}));
    expect(f.writesChecked).toBe(4);
    expect(f.staleCommits).toBe(1);
    expect(f.versionBackwards).toBe(1);
    expect(f.examples.join('\n')).toMatch(/stale commit: players of bot-0 .*\(node-1\)/);
  });

  it('a write whose connection belongs to another node than the fence it follows is stale', () => {
    const f = checkRun(
      evidence({
        nodeOfConnection: new Map([
          [ids.a, 'node-1'],
          [ids.b, 'node-9'],
        ]),
      }),
    );
    expect(f.staleCommits).toBe(2);
  });

  it('counts two owners when the old owner serves the player after the takeover', () => {
    const late = takeoverAt + 2000;
    const ok = checkRun(
      evidence({
        bots: [
          bot([
            session('node-1', takeoverAt - 1000, [takeoverAt - 500], [takeoverAt - 400, 4004]),
            session('node-2', takeoverAt + 150, [late, late + 100]),
          ]),
        ],
      }),
    );
    expect(ok.twoOwnerPlayers).toBe(0);
    const bad = checkRun(
      evidence({ bots: [bot([session('node-1', takeoverAt - 1000, [takeoverAt + 1500])])] }),
    );
    expect(bad.twoOwnerPlayers).toBe(1);
    expect(bad.twoOwnerMoments).toBe(1);
  });
});

describe('checkRun on synthetic logs', () => {
  const noAudit: WriteAudit = { leases: [], writes: [] };
  const base = (over: Partial<RunEvidence>): RunEvidence => ({
    bots: [],
    faults: [],
    audit: noAudit,
    nodeOfConnection: new Map(),
    ledger: emptyLedger,
    sampledBackwards: [],
    noted: new Map(),
    ...over,
  });
  const ack = (n: number, at: number, balance: number): BotRecord['acks'][number] => ({
    bot: PLAYER,
    node: 'node-1',
    at,
    purchaseId: `${PLAYER}-p${n}`,
    transactionId: `${PLAYER}-t${n}`,
    productId: 'diamonds_100',
    diamonds: 100,
    balance,
  });
  const ledgerWith = (n: number, diamonds: number): LedgerSnapshot => ({
    storeTransactions: Array.from({ length: n }, (_, i) => ({
      platform: 'dev',
      transactionId: `${PLAYER}-t${i + 1}`,
      playerId: PLAYER,
      purchaseId: `${PLAYER}-p${i + 1}`,
      productId: 'diamonds_100',
    })),
    purchases: new Set(Array.from({ length: n }, (_, i) => `${PLAYER} ${PLAYER}-p${i + 1}`)),
    diamonds: new Map([[PLAYER, diamonds]]),
    versions: new Map([[PLAYER, 9]]),
  });

  it('every acked purchase in the ledger once and in the diamonds: nothing lost or doubled', () => {
    const f = checkRun(
      base({
        bots: [bot([session('node-1', 0, [])], [ack(1, 10, 100), ack(2, 20, 200)])],
        ledger: ledgerWith(2, 200),
      }),
    );
    expect([f.purchasesAcked, f.purchasesLost, f.purchasesTwice]).toEqual([2, 0, 0]);
  });

  it('an acked purchase missing from the ledger, the diamonds or a later welcome is lost', () => {
    const acks = [ack(1, 10, 100), ack(2, 20, 200)];
    expect(
      checkRun(base({ bots: [bot([], acks)], ledger: ledgerWith(1, 200) })).purchasesLost,
    ).toBe(1);
    expect(
      checkRun(base({ bots: [bot([], acks)], ledger: ledgerWith(2, 100) })).purchasesLost,
    ).toBe(1);
    const welcomedShort = { ...session('node-2', 30, []), diamonds: 100 };
    expect(
      checkRun(base({ bots: [bot([welcomedShort], acks)], ledger: ledgerWith(2, 200) }))
        .purchasesLost,
    ).toBe(1);
  });

  it('more diamonds than the ledger grants count as applied twice', () => {
    const f = checkRun(base({ bots: [bot([], [ack(1, 10, 100)])], ledger: ledgerWith(1, 200) }));
    expect(f.purchasesTwice).toBe(1);
  });

  it('failover: kill to the next welcome of each player of the killed process', () => {
    const kill: FaultRecord = {
      index: 0,
      kind: 'kill',
      node: 'node-1',
      startedAt: 1000,
      settledAt: 9000,
    };
    const f = checkRun(
      base({
        faults: [kill],
        bots: [bot([session('node-1', 0, [900], [1005, 1006]), session('node-2', 4200, [])])],
      }),
    );
    expect(f.failoverSamples).toBe(1);
    expect(f.failoverP99Ms).toBe(3200);
    expect(f.failoverMissing).toBe(0);
    const never = checkRun(
      base({ faults: [kill], bots: [bot([session('node-1', 0, [900], [1005, 1006])])] }),
    );
    expect(never.failoverMissing).toBe(1);
  });

  it('stall: sockets redirected after waking, and fence refusals logged then', () => {
    const stall: FaultRecord = {
      index: 0,
      kind: 'stall',
      node: 'node-1',
      startedAt: 1000,
      healedAt: 6000,
      settledAt: 7000,
    };
    const f = checkRun(
      base({
        faults: [stall],
        bots: [bot([session('node-1', 0, [900], [6100, 4004]), session('node-2', 6300, [])])],
        noted: new Map([
          [
            'node-1',
            [
              { at: 6050, msg: 'flush fenced out: lost shards' },
              { at: 500, msg: 'fenced early' },
            ],
          ],
        ]),
      }),
    );
    expect([f.stallSocketsOnStalled, f.stallSocketsRedirected, f.stallLateWritesRefused]).toEqual([
      1, 1, 1,
    ]);
  });

  it('join: moves inside the join window are timed apart from other handoffs', () => {
    const join: FaultRecord = {
      index: 0,
      kind: 'join',
      node: 'node-4',
      startedAt: 1000,
      healedAt: 20_000,
      joinShare: 0.24,
    };
    const f = checkRun(
      base({
        faults: [join],
        bots: [
          bot([
            session('node-1', 0, [], [3000, 4004]),
            session('node-4', 3400, [], [21_000, 4004]),
            session('node-2', 21_100, []),
          ]),
        ],
      }),
    );
    expect(f.joinMovedSamples).toBe(1);
    expect(f.joinUnreachableP99Ms).toBe(400);
    expect(f.handoffSamples).toBe(1);
    expect(f.joinShareMin).toBe(0.24);
    const table = formatFigures(figureRows(f));
    expect(table).toMatch(/join: share of shards after 10 s \(min\) +\| 24\.0 %/);
  });

  it('percentile', () => {
    expect(percentile([], 0.99)).toBeUndefined();
    expect(percentile([5, 1, 3], 0.5)).toBe(3);
    expect(
      percentile(
        Array.from({ length: 100 }, (_, i) => i + 1),
        0.99,
      ),
    ).toBe(99);
  });
});
