import { randomBytes } from 'node:crypto';
import mysql, { type RowDataPacket } from 'mysql2/promise';
import { SHARD_COUNT } from '../../../src/kit/shard-of.ts';
import { createFleetDatabase, runAll } from '../../helpers/fleet.ts';
import type { TestDatabase } from '../../helpers/mysql.ts';
import { BotCrowd } from './bot-crowd.ts';
import { checkRun, type FaultFigures, type RunEvidence } from './checker.ts';
import { DbRelay } from './db-relay.ts';
import type { FaultRecord } from './fault-log.ts';
import { type FaultKind, FaultKind as Kind, type PlannedFault, planFaults } from './fault-plan.ts';
import { type FigureRow, figureRows, formatFigures } from './figures-table.ts';
import { FleetProcess, type FleetSettings } from './fleet-process.ts';
import { readLedger } from './ledger-snapshot.ts';
import { NatsControl } from './nats-control.ts';
import { SeededRandom } from './seeded-random.ts';
import { VersionSampler } from './version-sampler.ts';
import { installWriteAudit, readWriteAudit } from './write-audit.ts';

export interface FaultRunOptions {
  readonly faults: number;
  readonly processes?: number;
  readonly bots?: number;
  readonly seed?: number;
  readonly leaseTtlMs?: number;
  readonly flushMs?: number;
  /** Limit the kinds planned (all by default). */
  readonly kinds?: readonly FaultKind[];
  /** How long the fleet may take to serve every bot again after a fault. */
  readonly settleTimeoutMs?: number;
  /** Progress lines. */
  readonly log?: (line: string) => void;
  /** More environment for every process. */
  readonly env?: Readonly<Record<string, string>>;
}

export interface FaultRunReport {
  readonly seed: number;
  readonly plan: readonly PlannedFault[];
  readonly faults: readonly FaultRecord[];
  readonly figures: FaultFigures;
  /** What the checker read, for digging into a figure. */
  readonly evidence: RunEvidence;
  readonly rows: readonly FigureRow[];
  /** The rows as a table, ready to print. */
  readonly table: string;
  readonly ranMs: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The fault-injection run of issue 14: a fleet of lifetick processes (child
 * processes, black boxes) on a fresh MariaDB database, each through a relay
 * the run can cut, with a NATS of its own; bots playing and buying through
 * the SDK; faults in a seeded random order, each followed by waiting for
 * every bot to be served again; then the checker's figures (checker.ts).
 * Shared by tests/fleet/faults.test.ts (short) and tests/soak/fleet-soak.ts
 * (long). Undefined when no MariaDB answers outside CI.
 */
export async function runFaults(options: FaultRunOptions): Promise<FaultRunReport | undefined> {
  const started = Date.now();
  const seed = options.seed ?? Date.now() % 1_000_000;
  const count = options.processes ?? 3;
  const ttl = options.leaseTtlMs ?? 2500;
  const settleTimeoutMs = options.settleTimeoutMs ?? 45_000;
  const log = options.log ?? (() => {});
  const plan = planFaults(seed, options.faults, count, options.kinds);
  log(`fault run: seed ${seed}, ${count} processes, ${options.faults} faults, ttl ${ttl} ms`);

  const db = await createFleetDatabase();
  if (!db) return undefined;
  let nats: NatsControl | undefined;
  const relays: DbRelay[] = [];
  const processes: FleetProcess[] = [];
  let crowd: BotCrowd | undefined;
  let sampler: VersionSampler | undefined;
  try {
    await installWriteAudit(db.url);
    nats = await NatsControl.launch();
    if (!nats) log('no nats-server binary: running without NATS, stopNats faults do nothing');
    const target = new URL(db.url);
    const settings: FleetSettings = {
      databaseUrl: db.url,
      natsUrl: nats?.url,
      leaseTtlMs: ttl,
      secret: randomBytes(24).toString('base64url'),
      flushMs: options.flushMs ?? 500,
      env: { LIFETICK_TICK_HZ: '10', LIFETICK_LOG_LEVEL: 'info', ...options.env },
    };
    // The members, and one more for the join fault.
    for (let i = 1; i <= count + 1; i++) {
      const relay = await DbRelay.start({
        host: target.hostname,
        port: Number(target.port || 3306),
      });
      relays.push(relay);
      processes.push(await FleetProcess.create(`node-${i}`, relay, settings));
    }
    const members = processes.slice(0, count);
    const joiner = processes[count]!;
    await Promise.all(members.map((p) => p.start()));
    log(`fleet up: ${members.map((p) => `${p.nodeId} ${p.url}`).join(', ')}`);

    const byUrl = new Map(processes.map((p) => [p.url, p.nodeId]));
    crowd = await BotCrowd.create(
      options.bots ?? 30,
      settings.secret,
      {
        urls: () => processes.filter((p) => p !== joiner || p.alive).map((p) => p.url),
        nodeOf: (url) => byUrl.get(url) ?? url,
      },
      seed,
    );
    crowd.start();
    await crowd.settled(settleTimeoutMs * 2);
    sampler = new VersionSampler(db.url);
    await sampler.start();
    log(`bots playing: ${crowd.bots.length}`);

    const random = new SeededRandom(seed + 1);
    const records: FaultRecord[] = [];
    const ctx: FaultContext = { db, nats, members, joiner, crowd, ttl, settleTimeoutMs };
    for (const fault of plan) {
      const record = await injectFault(ctx, fault);
      records.push(record);
      log(
        `fault ${fault.index + 1}/${plan.length} ${fault.kind} ${record.node}: ${
          record.settledAt !== undefined
            ? `settled in ${record.settledAt - record.startedAt} ms`
            : ''
        }${record.joinShare !== undefined ? `, share ${(record.joinShare * 100).toFixed(1)} %` : ''}${
          record.problem ? ` PROBLEM ${record.problem}` : ''
        }`,
      );
      await sleep(random.between(300, 1500));
    }

    // Let the last purchases land, then stop everything gracefully so the
    // last flushes are in the database the checker reads.
    await crowd.settled(settleTimeoutMs).catch(() => undefined);
    await crowd.stop();
    await sampler.stop();
    for (const p of processes) await p.terminate(30_000);

    const nodeOfConnection = new Map<number, string>();
    processes.forEach((p) => {
      for (const id of p.relay.connectionIds) nodeOfConnection.set(id, p.nodeId);
    });
    const evidence: RunEvidence = {
      bots: crowd.records(),
      faults: records,
      audit: await readWriteAudit(db.url),
      nodeOfConnection,
      ledger: await readLedger(db.url),
      sampledBackwards: sampler.backwards(),
      noted: new Map(processes.map((p) => [p.nodeId, p.noted])),
    };
    const figures = checkRun(evidence);
    const rows = figureRows(figures);
    return {
      seed,
      plan,
      faults: records,
      figures,
      evidence,
      rows,
      table: formatFigures(rows),
      ranMs: Date.now() - started,
    };
  } finally {
    await runAll([
      async () => {
        await crowd?.stop();
      },
      async () => {
        await sampler?.stop();
      },
      ...processes.map((p) => () => p.dispose()),
      ...relays.map((r) => () => r.close()),
      async () => {
        await nats?.stop();
      },
      () => db.drop(),
    ]);
  }
}

interface FaultContext {
  readonly db: TestDatabase;
  readonly nats: NatsControl | undefined;
  readonly members: readonly FleetProcess[];
  readonly joiner: FleetProcess;
  readonly crowd: BotCrowd;
  readonly ttl: number;
  readonly settleTimeoutMs: number;
}

/** Inject one fault, undo it, and wait for the fleet to settle; problems are recorded, not thrown. */
async function injectFault(ctx: FaultContext, fault: PlannedFault): Promise<FaultRecord> {
  const target = ctx.members[fault.target]!;
  const node =
    fault.kind === Kind.join
      ? ctx.joiner.nodeId
      : fault.kind === Kind.stopNats
        ? ''
        : target.nodeId;
  const record: FaultRecord = { index: fault.index, kind: fault.kind, node, startedAt: Date.now() };
  const settle = async (): Promise<number> => ctx.crowd.settled(ctx.settleTimeoutMs);
  try {
    switch (fault.kind) {
      case Kind.kill:
        record.startedAt = Date.now();
        await target.kill();
        // Failover is measured against the survivors: restart only once they serve everyone.
        record.settledAt = await settle();
        await target.start();
        record.healedAt = Date.now();
        await settle();
        break;
      case Kind.stall:
        record.startedAt = Date.now();
        target.pause();
        await sleep(2 * ctx.ttl);
        target.resume();
        record.healedAt = Date.now();
        record.settledAt = await settle();
        break;
      case Kind.cutDb:
        record.startedAt = Date.now();
        await target.relay.cut();
        await sleep(2 * ctx.ttl);
        await target.relay.restore();
        record.healedAt = Date.now();
        record.settledAt = await settle();
        break;
      case Kind.stopNats:
        record.startedAt = Date.now();
        await ctx.nats?.stop();
        await sleep(2 * ctx.ttl);
        await ctx.nats?.start();
        record.healedAt = Date.now();
        record.settledAt = await settle();
        break;
      case Kind.term: {
        record.startedAt = Date.now();
        const exit = await target.terminate(30_000);
        record.graceful = exit.graceful;
        if (!exit.graceful) record.problem = 'did not exit within 30 s of SIGTERM';
        record.settledAt = await settle();
        await target.start();
        record.healedAt = Date.now();
        await settle();
        break;
      }
      case Kind.join: {
        await ctx.joiner.start();
        record.startedAt = Date.now();
        await sleep(10_000);
        record.joinShare = (await shardsHeld(ctx.db.url, ctx.joiner.nodeId)) / SHARD_COUNT;
        record.settledAt = await settle();
        // The join window ends at the joiner's SIGTERM: the moves of its
        // leaving are handoffs, not the join's.
        record.healedAt = Date.now();
        const exit = await ctx.joiner.terminate(30_000);
        if (!exit.graceful) record.problem = 'the joiner did not exit within 30 s of SIGTERM';
        await settle();
        break;
      }
    }
  } catch (error) {
    record.problem = (error as Error).message;
    // Put the fleet back together for the next fault.
    if (target.stopped) target.resume();
    if (!target.relay.open) await target.relay.restore();
    if (ctx.nats && !ctx.nats.running) await ctx.nats.start().catch(() => undefined);
    if (fault.kind !== Kind.join && fault.kind !== Kind.stopNats && !target.alive)
      await target.start().catch(() => undefined);
    if (ctx.joiner.alive) await ctx.joiner.terminate(30_000);
    await settle().catch(() => undefined);
  }
  return record;
}

/** Shards whose unexpired lease `nodeId` holds, on the database's clock. */
async function shardsHeld(databaseUrl: string, nodeId: string): Promise<number> {
  const c = await mysql.createConnection({ uri: databaseUrl });
  try {
    const [rows] = await c.query<RowDataPacket[]>(
      'SELECT COUNT(*) AS n FROM shard_leases WHERE owner = ? AND expires_at > UTC_TIMESTAMP(3)',
      [nodeId],
    );
    return Number(rows[0]?.n ?? 0);
  } finally {
    await c.end();
  }
}
