import type { Columns } from '../world/columns.ts';

/**
 * The per-player PRNG: mulberry32 over the `rng` column. Every random choice
 * in the rules draws from the player's own state, so a run is a pure function
 * of (seed, commands, ticks) however the players are split across workers.
 */
export function nextU32(c: Columns, s: number): number {
  // 0x6d2b79f5 is mulberry32's Weyl increment; the shifts and odd multipliers
  // below are its published output mix.
  const state = (c.rng[s]! + 0x6d2b79f5) >>> 0;
  c.rng[s] = state;
  let t = Math.imul(state ^ (state >>> 15), state | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return (t ^ (t >>> 14)) >>> 0;
}

/** True with the probability that `threshold` encodes. */
export function roll(c: Columns, s: number, threshold: number): boolean {
  return nextU32(c, s) < threshold;
}

/** A uniform integer in [0, n) for small n (n well below 2^32, so the bias is negligible). */
export function below(c: Columns, s: number, n: number): number {
  return nextU32(c, s) % n;
}

/** Seed a slot's PRNG from a world seed and a player number, never leaving it at a fixed point. */
export function seedFor(worldSeed: number, player: number): number {
  // Two rounds of a 32-bit integer hash (lowbias32) spread neighbouring
  // player numbers over the whole state space.
  let x = (worldSeed ^ Math.imul(player + 1, 0x9e3779b9)) >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}
