import { describe, expect, it } from 'vitest';
import { type LifeOutcomes, liveLives } from '../../src/engine/lives.ts';
import { judgeOutcomes } from '../../src/engine/plausibility.ts';
import { spreadAge } from '../../src/engine/population.ts';

/**
 * 10,000 simulated lives through the real engine (worker pool, every rule
 * and the whole catalog, questions answered like a bot): a cohort of 1,000
 * newborns lived to 25, so schooling and first jobs are decided by the
 * rules, and 9,000 people of every age 0-89 lived for 2 more years, so work,
 * retirement and death are seen at every age. Whole lives, birth to death,
 * are `npm run lives` (about 35 minutes for 10,000 on 2 cores); this is its short form.
 */
function report(name: string, o: LifeOutcomes): void {
  console.log(
    `${name}: ${o.players} lives, ${Math.round(o.gameYearsLived)} game years in ${o.seconds.toFixed(1)} s\n` +
      `  education ${JSON.stringify(o.education)}; grown up here ${o.adultsFromBirth}: high school ${(100 * o.highSchoolShareOfAdultsFromBirth).toFixed(0)}%, college ${(100 * o.collegeShareOfAdultsFromBirth).toFixed(0)}%\n` +
      `  ever employed ${(100 * o.everEmployedShare).toFixed(0)}% of adults; last jobs ${JSON.stringify(o.lastJobs)}\n` +
      `  deaths ${o.dead} by decade ${JSON.stringify(o.deathsByDecade)}, median age ${o.medianDeathAge.toFixed(1)}; married ${o.married}, with children ${o.withChildren}, retired ${o.retired}`,
  );
}

describe('10,000 lives', () => {
  it('a newborn cohort grows up through school into work, plausibly', async () => {
    const cohort = await liveLives({
      players: 1000,
      workers: 2,
      seed: 5,
      startAge: () => 0,
      years: 25,
    });
    report('cohort 0-25', cohort);
    for (const check of judgeOutcomes(cohort))
      expect(check, check.detail).toMatchObject({ passed: true });
    expect(cohort.adultsFromBirth).toBeGreaterThan(900);
    expect(cohort.stuck).toBe(0);
    expect(cohort.employedUnder13).toBe(0);
  }, 300_000);

  it('people of every age live on, work, retire and die mostly old', async () => {
    const spread = await liveLives({
      players: 9000,
      workers: 2,
      seed: 6,
      startAge: spreadAge,
      years: 2,
    });
    report('every age, 2 years', spread);
    for (const check of judgeOutcomes(spread))
      expect(check, check.detail).toMatchObject({ passed: true });
    expect(spread.dead).toBeGreaterThan(50);
    expect(spread.retired).toBeGreaterThan(0);
  }, 300_000);
});
