import { MINUTES_PER_DAY, MINUTES_PER_HOUR } from '../world/life.ts';

/**
 * Paid time skips (purchaseTimeSkip): the player's clock runs forward at
 * once through the same `advance` that ticks use, so everything that would
 * have happened in that time happens, in order, and a question that fires
 * on the way stops the clock as it always does. The lengths are the
 * original game's.
 */

/** The lengths; the wire names of purchaseTimeSkip's `duration`. */
export const SKIP_DURATIONS = ['1h', '12h', '1d', '1w', '1m'] as const;
export type SkipDuration = (typeof SKIP_DURATIONS)[number];

export interface TimeSkip {
  readonly duration: SkipDuration;
  /** Game minutes the skip runs. */
  readonly minutes: number;
  /** Price in diamonds. */
  readonly diamonds: number;
}

// A "month" is 30 game days: the game's calendar has no months of its own.
const DAYS_PER_SKIP_MONTH = 30;

// Prices fall per game day as skips get longer (about 24, 6, 5, 2.9 and 2
// diamonds a game day): a long skip gives up the chance to steer what
// happens along the way, and a short one is a convenience, not a saving.
export const TIME_SKIPS: { readonly [D in SkipDuration]: TimeSkip } = {
  '1h': { duration: '1h', minutes: MINUTES_PER_HOUR, diamonds: 1 },
  '12h': { duration: '12h', minutes: 12 * MINUTES_PER_HOUR, diamonds: 3 },
  '1d': { duration: '1d', minutes: MINUTES_PER_DAY, diamonds: 5 },
  '1w': { duration: '1w', minutes: 7 * MINUTES_PER_DAY, diamonds: 20 },
  '1m': { duration: '1m', minutes: DAYS_PER_SKIP_MONTH * MINUTES_PER_DAY, diamonds: 60 },
};
