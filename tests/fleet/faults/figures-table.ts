import type { FaultFigures } from './checker.ts';

/** One line of the "must hold" list: the figure, what was measured, the bound, whether it held. */
export interface FigureRow {
  readonly figure: string;
  readonly measured: string;
  readonly bound: string;
  /** undefined: nothing to judge (no fault of that kind ran). */
  readonly held: boolean | undefined;
}

/** Failover bound (issue 14): survivors welcome a killed process's players within 10 s (p99). */
export const FAILOVER_P99_BOUND_MS = 10_000;
/** Join bound: each moved player unreachable at most 1 s (p99). */
export const JOIN_UNREACHABLE_P99_BOUND_MS = 1000;
/** "Close to a quarter" of the shards 10 s after the fourth process starts. */
export const JOIN_SHARE_BOUND = 0.2;

const ms = (v: number | undefined) => (v === undefined ? '-' : `${Math.round(v)} ms`);
const zero = (figure: string, count: number, of: string): FigureRow => ({
  figure,
  measured: `${count} (of ${of})`,
  bound: '0',
  held: count === 0,
});

/** The figures against the bounds. */
export function figureRows(f: FaultFigures): FigureRow[] {
  return [
    zero(
      'players with two owners at once',
      f.twoOwnerPlayers,
      `${f.servedMomentsChecked} served moments`,
    ),
    zero('commits with a stale epoch', f.staleCommits, `${f.writesChecked} audited writes`),
    zero('acked purchases lost', f.purchasesLost, `${f.purchasesAcked} acked`),
    zero('purchases applied twice', f.purchasesTwice, `${f.purchasesAcked} acked`),
    zero('saved version going backwards', f.versionBackwards, 'audit + samples'),
    {
      figure: 'failover after kill -9, p99',
      measured: `${ms(f.failoverP99Ms)} (max ${ms(f.failoverMaxMs)}, ${f.failoverSamples} players, ${f.failoverMissing} never back)`,
      bound: `<= ${FAILOVER_P99_BOUND_MS} ms`,
      held:
        f.failoverSamples + f.failoverMissing === 0
          ? undefined
          : f.failoverMissing === 0 && (f.failoverP99Ms ?? 0) <= FAILOVER_P99_BOUND_MS,
    },
    {
      figure: 'stall: late writes refused / sockets redirected on waking',
      measured: `${f.stallLateWritesRefused} refusals logged; ${f.stallSocketsRedirected}/${f.stallSocketsOnStalled} sockets redirected (${f.stallFaults} stalls)`,
      bound: 'all sockets redirected',
      held: f.stallFaults === 0 ? undefined : f.stallSocketsRedirected === f.stallSocketsOnStalled,
    },
    {
      figure: 'join: share of shards after 10 s (min)',
      measured: f.joinShareMin === undefined ? '-' : `${(f.joinShareMin * 100).toFixed(1)} %`,
      bound: `>= ${JOIN_SHARE_BOUND * 100} %`,
      held: f.joinFaults === 0 ? undefined : (f.joinShareMin ?? 0) >= JOIN_SHARE_BOUND,
    },
    {
      figure: 'join: moved player unreachable, p99',
      measured: `${ms(f.joinUnreachableP99Ms)} (${f.joinMovedSamples} moves)`,
      bound: `<= ${JOIN_UNREACHABLE_P99_BOUND_MS} ms`,
      held:
        f.joinMovedSamples === 0
          ? undefined
          : (f.joinUnreachableP99Ms ?? 0) <= JOIN_UNREACHABLE_P99_BOUND_MS,
    },
    {
      figure: 'other redirects (SIGTERM, rejoin, stall, cut): unreachable p99',
      measured: `${ms(f.handoffUnreachableP99Ms)} (${f.handoffSamples} moves)`,
      bound: '(reported)',
      held: undefined,
    },
    ...Object.entries(f.handoffByFault)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([kind, [moves, p99]]) => ({
        figure: `  redirects during/after ${kind}: unreachable p99`,
        measured: `${ms(p99)} (${moves} moves)`,
        bound: '(reported)',
        held: undefined,
      })),
    zero('faults that did not settle', f.faultProblems, `${f.faults} faults`),
  ];
}

/** The rows as a plain-text table. */
export function formatFigures(rows: readonly FigureRow[]): string {
  const cells = [
    ['figure', 'measured', 'must hold', ''],
    ...rows.map((r) => [
      r.figure,
      r.measured,
      r.bound,
      r.held === undefined ? '·' : r.held ? 'ok' : 'FAIL',
    ]),
  ];
  const widths = [0, 1, 2, 3].map((i) => Math.max(...cells.map((c) => c[i]!.length)));
  return cells.map((c) => c.map((v, i) => v.padEnd(widths[i]!)).join(' | ')).join('\n');
}
