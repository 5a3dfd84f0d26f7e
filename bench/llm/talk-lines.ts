/**
 * What the `llm` bench's bots say: a seeded generator per bot (the
 * same seed, the same day of chat) and the lines picked from the common
 * ones (bench/llm/schedule.ts), typed the way people type them.
 */
import { LINES } from './schedule.ts';

/** mulberry32: small, fast, seeded. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniform draw between the bounds of a schedule's range. */
export const uniform = (rng: () => number, [lo, hi]: readonly [number, number]) =>
  lo + rng() * (hi - lo);

// Zipf weights over the lines: the common ones ("hi") come up most.
const CUMULATIVE = (() => {
  const weights = LINES.map((_, i) => 1 / (i + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  let acc = 0;
  return weights.map((w) => {
    acc += w / total;
    return acc;
  });
})();

/** A line to say, the common ones most often. */
export function pickLine(rng: () => number): string {
  const r = rng();
  const i = CUMULATIVE.findIndex((c) => r < c);
  const line = LINES[i < 0 ? LINES.length - 1 : i]!;
  // People type the same thing differently; the voice normalises case and punctuation.
  const roll = rng();
  if (roll < 0.3) return line[0]!.toUpperCase() + line.slice(1);
  if (roll < 0.4) return `${line}.`;
  return line;
}
