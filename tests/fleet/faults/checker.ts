import { CloseCode } from '../../../protocol/close-codes.ts';
import { PRODUCT_BY_ID } from '../../../src/content/products.ts';
import { shardOf } from '../../../src/kit/shard-of.ts';
import type { BotRecord, SessionRecord } from './bot-log.ts';
import type { FaultRecord } from './fault-log.ts';
import type { NotedLine } from './fleet-process.ts';
import { LeaseHistory } from './lease-history.ts';
import { type LedgerSnapshot, purchaseKey } from './ledger-snapshot.ts';
import type { WriteAudit } from './write-audit.ts';

/** Everything a fault run leaves for the checker. */
export interface RunEvidence {
  readonly bots: readonly BotRecord[];
  readonly faults: readonly FaultRecord[];
  readonly audit: WriteAudit;
  /** Node id of each MySQL connection id, from the processes' relays. */
  readonly nodeOfConnection: ReadonlyMap<number, string>;
  /** The database once the fleet has stopped. */
  readonly ledger: LedgerSnapshot;
  /** What the version sampler saw go backwards. */
  readonly sampledBackwards: readonly string[];
  /** Each process's noted log lines. */
  readonly noted: ReadonlyMap<string, readonly NotedLine[]>;
}

/** The figures of issue 14's "must hold" list, as one run measured them. */
export interface FaultFigures {
  readonly faults: number;
  readonly faultProblems: number;
  /** Players a process served (welcome, ack, update) after another process had taken their shard. */
  readonly twoOwnerPlayers: number;
  readonly twoOwnerMoments: number;
  readonly servedMomentsChecked: number;
  /** Player writes that committed without their connection's fence bump being the shard's last lease change. */
  readonly staleCommits: number;
  readonly writesChecked: number;
  readonly purchasesAcked: number;
  /** Acked purchases missing from the store ledger or purchase log, or from diamonds saved or welcomed later. */
  readonly purchasesLost: number;
  /** Players holding more diamonds than the purchases the database recorded for them. */
  readonly purchasesTwice: number;
  /** Saved versions that went down (audit triggers and sampler). */
  readonly versionBackwards: number;
  readonly failoverSamples: number;
  readonly failoverP99Ms: number | undefined;
  readonly failoverMaxMs: number | undefined;
  /** Bots of a killed process never welcomed again before the fleet settled. */
  readonly failoverMissing: number;
  readonly stallFaults: number;
  /** Fenced-out log lines of stalled processes after they woke. */
  readonly stallLateWritesRefused: number;
  readonly stallSocketsOnStalled: number;
  /** Of those, closed with 4004 (redirected) after the process woke. */
  readonly stallSocketsRedirected: number;
  readonly joinFaults: number;
  readonly joinShareMin: number | undefined;
  readonly joinMovedSamples: number;
  readonly joinUnreachableP99Ms: number | undefined;
  /** Other redirects (SIGTERM handoffs, a restarted process taking its share back): close to welcome. */
  readonly handoffSamples: number;
  readonly handoffUnreachableP99Ms: number | undefined;
  /** The same by the fault during (or after) which the redirect came: kind -> [moves, p99 ms]. */
  readonly handoffByFault: Readonly<Record<string, readonly [number, number | undefined]>>;
  /** A few of each kind of violation, for the report. */
  readonly examples: readonly string[];
}

/**
 * How long before the bot noted a served moment the process may have sent
 * it: a frame in flight plus the test process's event loop lag. Far below
 * the fifth of a ttl by which a healthy owner stops before its lease can be
 * taken at all.
 */
export const TWO_OWNER_SLACK_MS = 250;
const EXAMPLES_PER_KIND = 5;

export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

/** Compare what the bots saw and what the faults did with what the database holds. */
export function checkRun(evidence: RunEvidence): FaultFigures {
  const examples: string[] = [];
  const example = (kind: string, count: number, text: string): void => {
    if (count <= EXAMPLES_PER_KIND) examples.push(`${kind}: ${text}`);
  };
  const history = new LeaseHistory(evidence.audit.leases);
  const sessions = evidence.bots.flatMap((b) => b.sessions);

  // Two owners at once: a moment the player was served by one process
  // while another held the lease. The frame left the process at most
  // TWO_OWNER_SLACK_MS before the bot noted it, so the moment counts only
  // when the serving process held the shard at no time in that window and
  // another did.
  const twoOwnerPlayers = new Set<string>();
  let twoOwnerMoments = 0;
  let servedMomentsChecked = 0;
  for (const s of sessions) {
    const shard = shardOf(s.bot);
    for (const at of s.served) {
      servedMomentsChecked++;
      const owners = history.ownersDuring(shard, at - TWO_OWNER_SLACK_MS, at);
      if (owners.includes(s.node)) continue;
      const other = owners.find((o): o is string => typeof o === 'string');
      if (other === undefined) continue;
      twoOwnerMoments++;
      if (!twoOwnerPlayers.has(s.bot))
        example(
          'two owners',
          twoOwnerPlayers.size + 1,
          `${s.bot} served by ${s.node} at ${at}, shard ${shard} held by ${other} throughout the ${TWO_OWNER_SLACK_MS} ms before`,
        );
      twoOwnerPlayers.add(s.bot);
    }
  }

  // Commits with a stale epoch: the shard's last lease change before the
  // write must be this connection's own fence bump (write-audit.ts says why).
  let staleCommits = 0;
  for (const w of evidence.audit.writes) {
    const shard = shardOf(w.playerId);
    const last = history.lastBefore(shard, w.id);
    const node = evidence.nodeOfConnection.get(w.conn);
    const ok =
      last?.fenceBump === true &&
      last.conn === w.conn &&
      (node === undefined || last.newOwner === node);
    if (!ok) {
      staleCommits++;
      example(
        'stale commit',
        staleCommits,
        `${w.table} of ${w.playerId} (shard ${shard}) by connection ${w.conn} (${node ?? 'unknown'}) at ${w.at}; last lease change: ${
          last
            ? `${last.fenceBump ? 'fence bump' : 'owner change'} by connection ${last.conn} to ${last.newOwner} epoch ${last.newEpoch}`
            : 'none'
        }`,
      );
    }
  }

  // Purchases.
  const ledger = evidence.ledger;
  const byTransaction = new Map<string, { playerId: string; purchaseId: string }[]>();
  const granted = new Map<string, number>();
  for (const t of ledger.storeTransactions) {
    if (t.platform !== 'dev') continue;
    const list = byTransaction.get(t.transactionId) ?? [];
    list.push(t);
    byTransaction.set(t.transactionId, list);
    granted.set(
      t.playerId,
      (granted.get(t.playerId) ?? 0) + (PRODUCT_BY_ID.get(t.productId)?.diamonds ?? 0),
    );
  }
  let purchasesAcked = 0;
  let purchasesLost = 0;
  let purchasesTwice = 0;
  const lost = (text: string): void => {
    purchasesLost++;
    example('purchase lost', purchasesLost, text);
  };
  for (const bot of evidence.bots) {
    let best = 0;
    for (const ack of bot.acks) {
      purchasesAcked++;
      best = Math.max(best, ack.balance);
      const rows = byTransaction.get(ack.transactionId) ?? [];
      if (rows.length !== 1 || rows[0]!.playerId !== bot.bot)
        lost(`${bot.bot} ${ack.transactionId}: ${rows.length} store rows`);
      else if (!ledger.purchases.has(purchaseKey(bot.bot, ack.purchaseId)))
        lost(`${bot.bot} ${ack.purchaseId}: no purchase log row`);
    }
    // Every welcome shows every purchase acked before it.
    for (const s of bot.sessions) {
      const before = bot.acks.filter((a) => a.at < s.welcomedAt);
      const owed = before.reduce((m, a) => Math.max(m, a.balance), 0);
      if (s.diamonds < owed)
        lost(
          `${bot.bot} welcomed by ${s.node} at ${s.welcomedAt} with ${s.diamonds} diamonds, ${owed} acked before`,
        );
    }
    const saved = ledger.diamonds.get(bot.bot);
    if (bot.acks.length > 0 && (saved === undefined || saved < best))
      lost(`${bot.bot}: saved ${saved} diamonds, acked balance ${best}`);
    if (saved !== undefined && saved > (granted.get(bot.bot) ?? 0)) {
      purchasesTwice++;
      example(
        'purchase twice',
        purchasesTwice,
        `${bot.bot}: saved ${saved} diamonds, purchases recorded ${granted.get(bot.bot) ?? 0}`,
      );
    }
  }

  // Versions going backwards.
  let versionBackwards = 0;
  for (const w of evidence.audit.writes) {
    if (w.oldVersion !== null && w.newVersion !== null && w.newVersion < w.oldVersion) {
      versionBackwards++;
      example(
        'version backwards',
        versionBackwards,
        `${w.table} ${w.playerId}: ${w.oldVersion} -> ${w.newVersion} at ${w.at}`,
      );
    }
  }
  for (const line of evidence.sampledBackwards) {
    versionBackwards++;
    example('version backwards', versionBackwards, `sampled ${line}`);
  }

  // Failover after kill -9.
  const nextWelcome = (bot: string, after: number): SessionRecord | undefined =>
    sessions.find((s) => s.bot === bot && s.welcomedAt > after);
  const failover: number[] = [];
  let failoverMissing = 0;
  for (const f of evidence.faults.filter((f) => f.kind === 'kill')) {
    for (const s of sessions) {
      if (s.node !== f.node || s.welcomedAt >= f.startedAt) continue;
      if (s.closedAt !== undefined && s.closedAt < f.startedAt) continue;
      const next = nextWelcome(s.bot, f.startedAt);
      if (!next || (f.settledAt !== undefined && next.welcomedAt > f.settledAt + 1000)) {
        failoverMissing++;
        example(
          'failover missing',
          failoverMissing,
          `${s.bot} of ${f.node} killed at ${f.startedAt}`,
        );
      } else failover.push(next.welcomedAt - f.startedAt);
    }
  }

  // Stall: late writes refused, sockets redirected on waking.
  const stalls = evidence.faults.filter((f) => f.kind === 'stall');
  let lateRefused = 0;
  let onStalled = 0;
  let redirected = 0;
  for (const f of stalls) {
    const woke = f.healedAt ?? f.startedAt;
    const until = (f.settledAt ?? woke) + 2000;
    lateRefused += (evidence.noted.get(f.node) ?? []).filter(
      (l) => /fenc/i.test(l.msg) && l.at >= woke && l.at <= until,
    ).length;
    for (const s of sessions) {
      if (s.node !== f.node || s.welcomedAt >= f.startedAt) continue;
      if (s.closedAt !== undefined && s.closedAt < f.startedAt) continue;
      onStalled++;
      if (s.closeCode === CloseCode.MOVED && s.closedAt !== undefined && s.closedAt >= woke)
        redirected++;
      else
        example(
          'stall socket not redirected',
          onStalled - redirected,
          `${s.bot} on ${f.node} (stopped ${f.startedAt}, woke ${woke}): closed ${s.closedAt ?? 'never'} with ${s.closeCode ?? '-'}`,
        );
    }
  }

  // Moves: close to the next welcome, for joins and for every other redirect.
  const joins = evidence.faults.filter((f) => f.kind === 'join');
  const inJoin = (s: SessionRecord): boolean =>
    joins.some(
      (f) =>
        s.node !== f.node &&
        s.closedAt !== undefined &&
        s.closedAt >= f.startedAt - 1000 &&
        s.closedAt < (f.healedAt ?? Number.POSITIVE_INFINITY),
    );
  const joinGaps: number[] = [];
  const gapsByFault = new Map<string, number[]>();
  // The fault a moment belongs to: the last one started (a second of
  // slack for a SIGTERM's first redirects) at or before it.
  const faultAround = (at: number): string | undefined => {
    let kind: string | undefined;
    for (const f of evidence.faults) if (f.startedAt - 1000 <= at) kind = f.kind;
    return kind;
  };
  const handoffGaps: number[] = [];
  for (const s of sessions) {
    if (s.closeCode !== CloseCode.MOVED || s.closedAt === undefined) continue;
    const next = nextWelcome(s.bot, s.closedAt);
    const gap = next ? next.welcomedAt - s.closedAt : Number.POSITIVE_INFINITY;
    if (inJoin(s)) joinGaps.push(gap);
    else {
      handoffGaps.push(gap);
      const kind = faultAround(s.closedAt) ?? 'none';
      const list = gapsByFault.get(kind) ?? [];
      list.push(gap);
      gapsByFault.set(kind, list);
    }
  }
  const shares = joins.map((f) => f.joinShare).filter((v): v is number => v !== undefined);

  return {
    faults: evidence.faults.length,
    faultProblems: evidence.faults.filter((f) => f.problem !== undefined).length,
    twoOwnerPlayers: twoOwnerPlayers.size,
    twoOwnerMoments,
    servedMomentsChecked,
    staleCommits,
    writesChecked: evidence.audit.writes.length,
    purchasesAcked,
    purchasesLost,
    purchasesTwice,
    versionBackwards,
    failoverSamples: failover.length,
    failoverP99Ms: percentile(failover, 0.99),
    failoverMaxMs: failover.length > 0 ? Math.max(...failover) : undefined,
    failoverMissing,
    stallFaults: stalls.length,
    stallLateWritesRefused: lateRefused,
    stallSocketsOnStalled: onStalled,
    stallSocketsRedirected: redirected,
    joinFaults: joins.length,
    joinShareMin: shares.length > 0 ? Math.min(...shares) : undefined,
    joinMovedSamples: joinGaps.length,
    joinUnreachableP99Ms: percentile(joinGaps, 0.99),
    handoffSamples: handoffGaps.length,
    handoffUnreachableP99Ms: percentile(handoffGaps, 0.99),
    handoffByFault: Object.fromEntries(
      [...gapsByFault].map(([kind, gaps]) => [kind, [gaps.length, percentile(gaps, 0.99)]]),
    ),
    examples,
  };
}
