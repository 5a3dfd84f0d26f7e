import type { FlagName } from '../world/life.ts';

/**
 * What brings a condition on by itself: a habit kept week after week, from
 * an age on. Each week a person with the habit (and not yet the condition)
 * catches it with `weeklyChance`.
 */
export interface ConditionCause {
  /** The habit's flag (smoker, drinker). */
  readonly habit: FlagName;
  readonly weeklyChance: number;
  /** Years of age from which the habit can have done this much harm. */
  readonly fromAge: number;
}

/**
 * Health conditions. Bit k of the `conditions` column is entry k, so append
 * new conditions at the end (16 at most: the column is a u16).
 *
 * Each week a condition costs `weeklyHealth` health and clears with
 * `weeklyRecovery` chance (0: chronic, it stays); while it lasts, the daily
 * chance of death is multiplied by `deathFactor`. Conditions come from
 * events (content/events) and, for those with a `cause`, from the weekly
 * health rules (sim/health.ts).
 */
export interface HealthCondition {
  readonly id: string;
  readonly name: string;
  readonly weeklyHealth: number;
  readonly weeklyRecovery: number;
  readonly deathFactor: number;
  readonly cause?: ConditionCause;
}

export const CONDITIONS: readonly HealthCondition[] = [
  { id: 'flu', name: 'Flu', weeklyHealth: -3, weeklyRecovery: 0.7, deathFactor: 1 },
  {
    id: 'broken_bone',
    name: 'Broken bone',
    weeklyHealth: -1,
    weeklyRecovery: 0.25,
    deathFactor: 1,
  },
  {
    id: 'depression',
    name: 'Depression',
    weeklyHealth: -1,
    weeklyRecovery: 0.05,
    deathFactor: 1.2,
  },
  { id: 'diabetes', name: 'Diabetes', weeklyHealth: -1, weeklyRecovery: 0, deathFactor: 1.5 },
  {
    id: 'heart_disease',
    name: 'Heart disease',
    weeklyHealth: -2,
    weeklyRecovery: 0,
    deathFactor: 2.5,
  },
  { id: 'cancer', name: 'Cancer', weeklyHealth: -3, weeklyRecovery: 0.02, deathFactor: 4 },
  {
    id: 'liver_disease',
    name: 'Liver disease',
    weeklyHealth: -2,
    weeklyRecovery: 0,
    deathFactor: 2,
    // 1 in 5,000 a week is about 1% a year: some 30% of lifelong heavy
    // drinkers by old age, and none before 35, when years of drinking add up.
    cause: { habit: 'drinker', weeklyChance: 1 / 5000, fromAge: 35 },
  },
  {
    id: 'lung_disease',
    name: 'Lung disease',
    weeklyHealth: -2,
    weeklyRecovery: 0,
    deathFactor: 2,
    // 1 in 4,000 a week is about 1.3% a year: roughly a third of smokers
    // who never quit, over the thirty years from 40 on.
    cause: { habit: 'smoker', weeklyChance: 1 / 4000, fromAge: 40 },
  },
];

if (CONDITIONS.length > 16) throw new Error('conditions: the conditions column holds 16');

export const CONDITION_INDEX: ReadonlyMap<string, number> = new Map(
  CONDITIONS.map((c, i) => [c.id, i]),
);
