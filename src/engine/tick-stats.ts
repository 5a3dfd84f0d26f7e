import * as hdr from 'hdr-histogram-js';

/**
 * Tick durations per phase, in an HDR histogram each: percentiles stay exact
 * to three significant digits at a fixed memory cost however long it runs.
 */
export const TickPhase = ['simulate', 'apply', 'publish', 'total'] as const;
export type TickPhase = (typeof TickPhase)[number];

export interface PhaseSummary {
  readonly count: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly meanMs: number;
}

// Recorded in microseconds, up to a minute: far past any tick worth timing.
const HIGHEST_MICROS = 60_000_000;

export class TickStats {
  readonly #histograms = new Map<TickPhase, hdr.Histogram>();

  constructor() {
    for (const phase of TickPhase) {
      this.#histograms.set(
        phase,
        hdr.build({
          lowestDiscernibleValue: 1,
          highestTrackableValue: HIGHEST_MICROS,
          numberOfSignificantValueDigits: 3,
        }),
      );
    }
  }

  record(phase: TickPhase, ms: number): void {
    const micros = Math.max(1, Math.min(HIGHEST_MICROS, Math.round(ms * 1000)));
    this.#histograms.get(phase)!.recordValue(micros);
  }

  summary(phase: TickPhase): PhaseSummary {
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
