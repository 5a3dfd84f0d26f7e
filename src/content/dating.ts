import { Interest } from '../world/life.ts';

/**
 * Dating candidates (getSwipeCharacter). A candidate is a u32 id drawn from
 * the player's PRNG; everything else about them is derived from the id, so
 * the server remembers only the id and shows the same person again when the
 * player answers.
 */
export interface Candidate {
  readonly id: number;
  readonly name: string;
  readonly age: number;
  readonly traits: readonly string[];
  /** Bit set of Interest tags they like. */
  readonly interests: number;
}

export const CANDIDATE_NAMES = [
  'Riley',
  'Casey',
  'Morgan',
  'Avery',
  'Quinn',
  'Harper',
  'Rowan',
  'Sasha',
  'Elliot',
  'Jamie',
  'Noa',
  'Mika',
  'Dario',
  'Ines',
  'Tariq',
  'Freya',
  'Luca',
  'Amara',
  'Hugo',
  'Yuki',
] as const;

export const CANDIDATE_TRAITS = [
  'adventurous',
  'bookish',
  'charming',
  'easy-going',
  'funny',
  'thoughtful',
  'ambitious',
  'romantic',
  'sporty',
  'artistic',
  'nerdy',
  'outgoing',
  'quiet',
  'kind',
] as const;

/** Candidates are this many years either side of the player's age (never under 18). */
export const CANDIDATE_AGE_SPREAD = 4;
/** Nobody younger is shown: dating is for adults. */
export const DATING_MIN_AGE = 18;
/** Interests each candidate likes (distinct). */
const CANDIDATE_INTERESTS = 3;

const INTEREST_COUNT = Object.keys(Interest).length;

/** A 32-bit integer hash (lowbias32): spreads neighbouring ids over every field. */
function mix(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** The candidate with id `id`, as a player of `playerAge` years sees them. */
export function candidateFrom(id: number, playerAge: number): Candidate {
  const h = mix(id >>> 0);
  const spread = 2 * CANDIDATE_AGE_SPREAD + 1;
  const age = Math.max(DATING_MIN_AGE, playerAge - CANDIDATE_AGE_SPREAD + ((h >>> 8) % spread));
  const first = (h >>> 12) % CANDIDATE_TRAITS.length;
  // The second trait is drawn among the others, so the two always differ.
  const second =
    (first + 1 + ((h >>> 20) % (CANDIDATE_TRAITS.length - 1))) % CANDIDATE_TRAITS.length;
  let interests = 0;
  let g = mix(h ^ 0x9e3779b9);
  while (countBits(interests) < CANDIDATE_INTERESTS) {
    interests |= 1 << (g % INTEREST_COUNT);
    g = mix(g);
  }
  return {
    id: id >>> 0,
    name: CANDIDATE_NAMES[h % CANDIDATE_NAMES.length]!,
    age,
    traits: [CANDIDATE_TRAITS[first]!, CANDIDATE_TRAITS[second]!],
    interests: interests >>> 0,
  };
}

/** Number of bits set in a 32-bit integer. */
export function countBits(x: number): number {
  let n = 0;
  while (x !== 0) {
    x &= x - 1;
    n++;
  }
  return n;
}
