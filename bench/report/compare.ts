/**
 * Two reports figure by figure: A (the earlier run), B (the later one), and
 * B/A. Whether B is better depends on the figure: throughput is better
 * higher, latency lower; the verdict reads that for you.
 */
import { type ReportDoc, SUITE_NAMES, type SuiteName } from './doc.ts';
import { type Better, figuresOf } from './figures.ts';
import type { Unit } from './format.ts';

/**
 * Changes smaller than this share are called "same": timings on a shared
 * machine move by a few percent from run to run with no change in code.
 */
export const SAME_WITHIN = 0.05;

/** B against A for one figure: better, worse, within SAME_WITHIN, or no way to tell. */
export type Verdict = 'better' | 'worse' | 'same' | 'n/a';

/** One figure of either run, with both values, B/A and the verdict. */
export interface ComparedFigure {
  readonly id: string;
  readonly suite: SuiteName;
  readonly label: string;
  readonly unit: Unit;
  readonly better: Better;
  readonly fromRatios: boolean;
  /** Undefined: the figure is not in that run (another size, a skipped suite). */
  readonly a: number | undefined;
  readonly b: number | undefined;
  /** B / A; undefined when either is missing or A is 0. */
  readonly ratio: number | undefined;
  /** B against A, read with `better`. */
  readonly verdict: Verdict;
}

/** B's value over A's, or undefined when it has no meaning. */
export function ratioOf(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b))
    return undefined;
  if (a === 0) return b === 0 ? 1 : undefined;
  return b / a;
}

/** Better, worse or the same (within SAME_WITHIN), for a figure where `better` says which way is up. */
export function verdictOf(ratio: number | undefined, better: Better): Verdict {
  if (ratio === undefined || better === 'neither' || ratio < 0) return 'n/a';
  if (Math.abs(ratio - 1) <= SAME_WITHIN) return 'same';
  const up = ratio > 1;
  return up === (better === 'higher') ? 'better' : 'worse';
}

/**
 * Every figure of either run, in A's order with B's new ones after their
 * suite's: A, B, B/A and the verdict.
 */
export function compareDocs(a: ReportDoc, b: ReportDoc): ComparedFigure[] {
  const fa = figuresOf(a);
  const fb = figuresOf(b);
  const inB = new Map(fb.map((f) => [f.id, f]));
  const inA = new Map(fa.map((f) => [f.id, f]));
  const ordered = [...fa, ...fb.filter((f) => !inA.has(f.id))];
  // A stable sort: B's extra figures join their suite's group, after A's.
  ordered.sort((p, q) => SUITE_NAMES.indexOf(p.suite) - SUITE_NAMES.indexOf(q.suite));
  return ordered.map((f) => {
    const va = inA.get(f.id)?.value;
    const vb = inB.get(f.id)?.value;
    const ratio = ratioOf(va, vb);
    return {
      id: f.id,
      suite: f.suite,
      label: f.label,
      unit: f.unit,
      better: f.better,
      fromRatios: f.fromRatios ?? false,
      a: va,
      b: vb,
      ratio,
      verdict: verdictOf(ratio, f.better),
    };
  });
}
