import type { LifeOutcomes } from './lives.ts';

/** One plausibility check of life outcomes and whether it held. */
export interface PlausibilityCheck {
  readonly check: string;
  readonly passed: boolean;
  readonly detail: string;
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/**
 * Is this what lives look like? The checks every run of lives must pass:
 * nobody stuck at one age, nobody employed before 13, deaths concentrated
 * in old age, and (for cohorts that reach adulthood) schooling and work that
 * most people get through. The bounds are wide on purpose: they catch a
 * broken rule (everyone dropping out, nobody dying, a job at 5), not a
 * tuning change.
 */
export function judgeOutcomes(o: LifeOutcomes): PlausibilityCheck[] {
  const checks: PlausibilityCheck[] = [];
  const add = (check: string, passed: boolean, detail: string) =>
    checks.push({ check, passed, detail });
  add('no life stuck at one age', o.stuck === 0, `${o.stuck} of ${o.alive} living lives behind`);
  add('nobody employed before 13', o.employedUnder13 === 0, `${o.employedUnder13} lives`);
  if (o.dead >= 20) {
    add(
      'deaths concentrated in old age (at least 70% at 60+)',
      o.deathsOver60Share >= 0.7,
      `${pct(o.deathsOver60Share)} of ${o.dead} deaths at 60+, median age ${o.medianDeathAge.toFixed(1)}`,
    );
  }
  if (o.adultsFromBirth >= 50) {
    add(
      'most people who grew up here finished high school (at least 50%)',
      o.highSchoolShareOfAdultsFromBirth >= 0.5,
      `${pct(o.highSchoolShareOfAdultsFromBirth)} of ${o.adultsFromBirth}`,
    );
    add(
      'some, not all, went to college (5-80% of those who grew up here)',
      o.collegeShareOfAdultsFromBirth >= 0.05 && o.collegeShareOfAdultsFromBirth <= 0.8,
      `${pct(o.collegeShareOfAdultsFromBirth)} of ${o.adultsFromBirth}`,
    );
  }
  add(
    'most adults have held a job (at least 50%)',
    o.everEmployedShare >= 0.5,
    `${pct(o.everEmployedShare)}`,
  );
  return checks;
}
