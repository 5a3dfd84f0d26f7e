/**
 * Game speeds. Level 0 pauses; levels 1..5 are the original game's speed
 * buttons in game minutes per real second.
 */
export const SPEED_MINUTES_PER_SECOND = [0, 5, 10, 100, 250, 5000] as const;
export const MAX_SPEED = SPEED_MINUTES_PER_SECOND.length - 1;

/**
 * Sub-minute progress is kept as an integer count of millionths of a game
 * minute in the `carry` column, so fractional speeds (level 1 at 20 Hz is a
 * quarter minute a tick) accumulate exactly and identically on every thread.
 */
export const MICROS_PER_MINUTE = 1_000_000;

/**
 * Fastest development time scale: at the top level (5000 min/s) a game
 * year passes in about a tenth of a second, which is as fast as a test or a
 * demo needs; beyond it a tick would cover months of a life at once.
 */
export const MAX_TIME_SCALE = 1000;

/** Millionths of a game minute that one tick quantum earns, by speed level. */
export function microsPerQuantum(tickHz: number, timeScale = 1): Float64Array {
  if (!(tickHz > 0 && tickHz <= 1000))
    throw new RangeError(`tickHz must be in (0, 1000], got ${tickHz}`);
  if (!(timeScale >= 1 && timeScale <= MAX_TIME_SCALE))
    throw new RangeError(`timeScale must be in [1, ${MAX_TIME_SCALE}], got ${timeScale}`);
  return Float64Array.from(SPEED_MINUTES_PER_SECOND, (m) =>
    Math.round((m * timeScale * MICROS_PER_MINUTE) / tickHz),
  );
}
