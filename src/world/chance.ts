/** 2^32: probabilities are stored as thresholds out of this, compared with a u32 draw. */
export const CHANCE_ONE = 4_294_967_296;

/** A probability in [0, 1] as a threshold for `nextU32(...) < threshold`. */
export function chanceThreshold(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`chance must be within [0, 1], got ${p}`);
  // A certain event gets the largest threshold a u32 draw can be below.
  return Math.min(CHANCE_ONE - 1, Math.round(p * CHANCE_ONE));
}
