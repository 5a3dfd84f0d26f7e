import { CONDITIONS } from '../content/conditions.ts';
import { CHANCE_ONE, chanceThreshold } from '../world/chance.ts';
import type { Columns } from '../world/columns.ts';
import { Flag, Habit, MAX_INDEXED_AGE } from '../world/life.ts';
import { FIELD_INDEX as F } from '../world/schema.ts';
import { markDirty } from './dirty.ts';
import { addToField } from './effects.ts';
import { ageYears } from './events.ts';
import { nextU32, roll } from './random.ts';

/**
 * Health: the daily chance of death, and a week of habits and health
 * conditions. Both run for every player (daily and on Mondays), so they are
 * flat loops over precomputed integer tables: no allocation, no objects.
 */

/**
 * Daily chance of death by age: zero before 60, then growing 9% a year from
 * 1 in 40,000 a day (about 1% a year at 60, 15% a year at 90, near certain
 * past 110). The tables are built once, so every thread draws against the
 * same integers.
 */
export const DEATH = Float64Array.from({ length: MAX_INDEXED_AGE + 1 }, (_, y) =>
  chanceThreshold(y < 60 ? 0 : Math.min(1, 0.000025 * 1.09 ** (y - 60))),
);

/**
 * A fatal accident, at any age: 1 in 2,000,000 a day, about 0.02% a year.
 * Small enough that fewer than 1% of lives end before 40, so deaths stay
 * where DEATH puts them, in old age.
 */
export const ACCIDENT = chanceThreshold(1 / 2_000_000);

/** How habits multiply the age's chance of death: smoking doubles it, exercise takes 30% off. */
export const SMOKER_DEATH_FACTOR = 2;
export const DRINKER_DEATH_FACTOR = 1.5;
export const EXERCISE_DEATH_FACTOR = 0.7;

const CONDITION_COUNT = CONDITIONS.length;
const CONDITION_DEATH = Float64Array.from(CONDITIONS, (k) => k.deathFactor);
const CONDITION_HEALTH = Float64Array.from(CONDITIONS, (k) => k.weeklyHealth);
const CONDITION_RECOVERY = Float64Array.from(CONDITIONS, (k) => chanceThreshold(k.weeklyRecovery));
const CONDITION_CAUSE_FLAG = Uint32Array.from(CONDITIONS, (k) =>
  k.cause ? Flag[k.cause.habit] : 0,
);
const CONDITION_CAUSE_CHANCE = Float64Array.from(CONDITIONS, (k) =>
  chanceThreshold(k.cause?.weeklyChance ?? 0),
);
const CONDITION_CAUSE_AGE = Uint8Array.from(CONDITIONS, (k) => k.cause?.fromAge ?? 0);
// Every habit some condition can come from: one test skips the loop for most people.
const CAUSE_FLAGS = CONDITION_CAUSE_FLAG.reduce((m, f) => m | f, 0);

/**
 * Today's chance of death as a threshold out of 2^32: the age's chance
 * (DEATH) times the habits' and the conditions' factors, plus the accident
 * chance, clamped to what a u32 draw can fall below.
 */
export function deathThreshold(c: Columns, s: number, years: number): number {
  let t = DEATH[years > MAX_INDEXED_AGE ? MAX_INDEXED_AGE : years]!;
  if (t > 0) {
    const flags = c.flags[s]!;
    if ((flags & Flag.smoker) !== 0) t *= SMOKER_DEATH_FACTOR;
    if ((flags & Flag.drinker) !== 0) t *= DRINKER_DEATH_FACTOR;
    if ((flags & Flag.exercises) !== 0) t *= EXERCISE_DEATH_FACTOR;
    const conditions = c.conditions[s]!;
    if (conditions !== 0) {
      for (let k = 0; k < CONDITION_COUNT; k++) {
        if ((conditions & (1 << k)) !== 0) t *= CONDITION_DEATH[k]!;
      }
    }
  }
  t = Math.floor(t + ACCIDENT);
  return t < CHANCE_ONE - 1 ? t : CHANCE_ONE - 1;
}

/**
 * The health a body settles at, by age: 100 until 40, then half a point less
 * a year (the health a grown-up life starts with in sim/birth.ts).
 */
export const VITALITY = Float64Array.from({ length: MAX_INDEXED_AGE + 1 }, (_, y) =>
  Math.round(100 - Math.max(0, y - 40) / 2),
);
// What habits do to that level: a smoker's body settles 15 points lower, a
// heavy drinker's 10; exercise keeps it 10 higher (up to 100).
export const SMOKER_VITALITY = -15;
export const DRINKER_VITALITY = -10;
export const EXERCISE_VITALITY = 10;
// Nobody's settling level is below this: habits wear a body down, they do
// not by themselves kill it (conditions and old age do).
const MIN_VITALITY = 10;
/** Health moves this far a week toward the settling level: a bad season heals in months. */
export const HEALING_PER_WEEK = 2;
/** Exercise takes this much stress off a week. */
export const EXERCISE_STRESS = -3;
/** Withdrawal: each habit being quit adds this much stress a week. */
export const WITHDRAWAL_STRESS = 2;

/**
 * Quitting a habit, week by week: one draw decides whether this is the week
 * it sticks (the habit is gone), the week of a relapse (the attempt ends,
 * the habit stays), or neither. Smoking: 6% and 4% a week, so 60% of
 * attempts succeed, after about ten weeks. Drinking: 8% and 3%, 73%.
 */
export const QUIT_SUCCESS = {
  smoking: chanceThreshold(0.06),
  drinking: chanceThreshold(0.08),
} as const;
export const QUIT_RELAPSE = {
  smoking: chanceThreshold(0.04),
  drinking: chanceThreshold(0.03),
} as const;

/** A week of quitting one habit (smoking or drinking). */
function quitWeek(c: Columns, s: number, habit: 'smoking' | 'drinking'): void {
  const { flag, bit } = Habit[habit];
  if ((c.quitting[s]! & bit) === 0) return;
  if ((c.flags[s]! & flag) === 0) {
    // Nothing left to quit (an event ended the habit): the attempt is over.
    c.quitting[s] = c.quitting[s]! & ~bit;
    markDirty(c, s, F.quitting);
    return;
  }
  addToField(c, s, F.stress, WITHDRAWAL_STRESS);
  const u = nextU32(c, s);
  const success = QUIT_SUCCESS[habit];
  if (u < success) {
    c.flags[s] = (c.flags[s]! & ~flag) >>> 0;
    markDirty(c, s, F.flags);
  } else if (u >= success + QUIT_RELAPSE[habit]) {
    return;
  }
  c.quitting[s] = c.quitting[s]! & ~bit;
  markDirty(c, s, F.quitting);
}

/**
 * A week of health: habits being quit, the habits themselves (health moves
 * toward the level that age and habits allow; exercise eases stress), each
 * health condition's cost and its chance to clear, conditions that habits
 * bring on, and the `ill` flag, which follows the conditions.
 */
export function weeklyHealth(c: Columns, s: number): void {
  if (c.quitting[s]! !== 0) {
    quitWeek(c, s, 'smoking');
    quitWeek(c, s, 'drinking');
    // Exercise is stopped at once (quitHabit), never quit over weeks.
    if ((c.quitting[s]! & Habit.exercise.bit) !== 0) {
      c.quitting[s] = c.quitting[s]! & ~Habit.exercise.bit;
      markDirty(c, s, F.quitting);
    }
  }

  const years = ageYears(c, s);
  const flags = c.flags[s]!;
  let settle = VITALITY[years]!;
  if ((flags & Flag.smoker) !== 0) settle += SMOKER_VITALITY;
  if ((flags & Flag.drinker) !== 0) settle += DRINKER_VITALITY;
  if ((flags & Flag.exercises) !== 0) {
    settle += EXERCISE_VITALITY;
    addToField(c, s, F.stress, EXERCISE_STRESS);
  }
  settle = settle < MIN_VITALITY ? MIN_VITALITY : settle > 100 ? 100 : settle;
  const health = c.health[s]!;
  if (health < settle) addToField(c, s, F.health, Math.min(HEALING_PER_WEEK, settle - health));
  else if (health > settle)
    addToField(c, s, F.health, -Math.min(HEALING_PER_WEEK, health - settle));

  let conditions = c.conditions[s]!;
  const before = conditions;
  if (conditions !== 0) {
    for (let k = 0; k < CONDITION_COUNT; k++) {
      const bit = 1 << k;
      if ((conditions & bit) === 0) continue;
      addToField(c, s, F.health, CONDITION_HEALTH[k]!);
      const recovery = CONDITION_RECOVERY[k]!;
      if (recovery > 0 && roll(c, s, recovery)) conditions &= ~bit;
    }
  }
  if ((flags & CAUSE_FLAGS) !== 0) {
    for (let k = 0; k < CONDITION_COUNT; k++) {
      const bit = 1 << k;
      const cause = CONDITION_CAUSE_FLAG[k]!;
      if (cause === 0 || (flags & cause) === 0 || (conditions & bit) !== 0) continue;
      if (years >= CONDITION_CAUSE_AGE[k]! && roll(c, s, CONDITION_CAUSE_CHANCE[k]!))
        conditions |= bit;
    }
  }
  if (conditions !== before) {
    c.conditions[s] = conditions;
    markDirty(c, s, F.conditions);
  }
  syncIll(c, s);
}

/** Set the `ill` flag exactly when the person has a health condition. */
export function syncIll(c: Columns, s: number): void {
  const flags = c.flags[s]!;
  const ill = c.conditions[s]! !== 0;
  if (((flags & Flag.ill) !== 0) === ill) return;
  c.flags[s] = (ill ? flags | Flag.ill : flags & ~Flag.ill) >>> 0;
  markDirty(c, s, F.flags);
}
