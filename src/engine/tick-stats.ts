import { PhaseTimes } from '../kit/phase-times.ts';

/** The phases of a tick that are timed; `total` is the whole tick. */
export const TickPhase = ['simulate', 'apply', 'publish', 'total'] as const;
export type TickPhase = (typeof TickPhase)[number];

/**
 * Tick durations per phase, in an HDR histogram each: percentiles stay exact
 * to three significant digits at a fixed memory cost however long it runs.
 */
export class TickStats extends PhaseTimes<TickPhase> {
  constructor() {
    super(TickPhase);
  }
}
