import { type Histogram, latencyHistogram, recordMs } from './latency-histogram.ts';

/** A phase's times so far, in milliseconds. */
export interface PhaseSummary {
  readonly count: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly meanMs: number;
}

/**
 * Durations of a fixed set of named phases, one latency histogram each (up
 * to a minute: see latency-histogram.ts): the engine's tick phases, the
 * write-behind writer's snapshot chunks.
 */
export class PhaseTimes<P extends string> {
  readonly #histograms = new Map<P, Histogram>();

  constructor(phases: readonly P[]) {
    for (const phase of phases) this.#histograms.set(phase, latencyHistogram());
  }

  record(phase: P, ms: number): void {
    recordMs(this.#histograms.get(phase)!, ms);
  }

  summary(phase: P): PhaseSummary {
    const h = this.#histograms.get(phase)!;
    return {
      count: h.totalCount,
      p50Ms: h.getValueAtPercentile(50) / 1000,
      p99Ms: h.getValueAtPercentile(99) / 1000,
      maxMs: h.maxValue / 1000,
      meanMs: h.mean / 1000,
    };
  }

  reset(): void {
    for (const h of this.#histograms.values()) h.reset();
  }
}
