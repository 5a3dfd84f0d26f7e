import { describe, expect, it } from 'vitest';
import { CONDITION_INDEX, CONDITIONS } from '../../src/content/conditions.ts';
import { defaultCatalog } from '../../src/content/default-catalog.ts';
import { dailyRules } from '../../src/sim/daily.ts';
import { ACCIDENT, DEATH, deathThreshold, VITALITY, weeklyHealth } from '../../src/sim/health.ts';
import { CHANCE_ONE } from '../../src/world/chance.ts';
import type { Columns } from '../../src/world/columns.ts';
import { DAYS_PER_YEAR, Flag, Habit } from '../../src/world/life.ts';
import { lives } from '../helpers/world.ts';

const cat = defaultCatalog();
const bit = (id: string) => 1 << CONDITION_INDEX.get(id)!;

/** Each test sets the flags and conditions it needs: a life starts without any. */
function clearHistory(c: Columns, s: number): void {
  c.flags[s] = 0;
  c.conditions[s] = 0;
  c.quitting[s] = 0;
}
/** Lives of seed 3 with their flags cleared: `lives(n, { ...ADULTS, ageYears })`. */
const ADULTS = { seed: 3, prepare: clearHistory } as const;

describe('deathThreshold', () => {
  it('is the accident chance alone before 60, however people live', () => {
    const c = lives(1, { ...ADULTS, ageYears: 30 });
    expect(deathThreshold(c, 0, 30)).toBe(ACCIDENT);
    c.flags[0] = Flag.smoker | Flag.drinker;
    c.conditions[0] = bit('cancer');
    expect(deathThreshold(c, 0, 30)).toBe(ACCIDENT);
    expect(ACCIDENT).toBeGreaterThan(0);
    // Tiny: under 1% of lives end this way before 40.
    expect(1 - (1 - ACCIDENT / CHANCE_ONE) ** (40 * DAYS_PER_YEAR)).toBeLessThan(0.01);
  });

  it('multiplies the age chance by habits and conditions, and stays an integer', () => {
    const c = lives(1, { ...ADULTS, ageYears: 70 });
    const base = DEATH[70]!;
    expect(deathThreshold(c, 0, 70)).toBe(Math.floor(base + ACCIDENT));
    c.flags[0] = Flag.smoker;
    expect(deathThreshold(c, 0, 70)).toBe(Math.floor(base * 2 + ACCIDENT));
    c.flags[0] = Flag.drinker;
    expect(deathThreshold(c, 0, 70)).toBe(Math.floor(base * 1.5 + ACCIDENT));
    c.flags[0] = Flag.exercises;
    expect(deathThreshold(c, 0, 70)).toBe(Math.floor(base * 0.7 + ACCIDENT));
    c.flags[0] = 0;
    c.conditions[0] = bit('cancer') | bit('diabetes');
    const factor = CONDITIONS[CONDITION_INDEX.get('cancer')!]!.deathFactor * 1.5;
    expect(deathThreshold(c, 0, 70)).toBe(Math.floor(base * factor + ACCIDENT));
    expect(Number.isInteger(deathThreshold(c, 0, 70))).toBe(true);
  });

  it('stays an integer below 2^32 at the worst, so a u32 draw can still miss it', () => {
    const c = lives(1, { ...ADULTS, ageYears: 110 });
    c.flags[0] = Flag.smoker | Flag.drinker;
    c.conditions[0] = (1 << CONDITIONS.length) - 1;
    for (const years of [110, 120, 500]) {
      const t = deathThreshold(c, 0, years);
      expect(Number.isInteger(t)).toBe(true);
      expect(t).toBeGreaterThan(DEATH[110]!);
      expect(t).toBeLessThanOrEqual(CHANCE_ONE - 1);
    }
  });
});

describe('death over whole adult lives', () => {
  it('comes mostly in old age: rare before 40, the median past 70', () => {
    // Run 300 lives from 18 to 108 through the daily rules (weeks, health,
    // work and all): every death, by age.
    const players = 300;
    const c = lives(players, { seed: 17, ageYears: 18 });
    const out: number[] = [];
    const deathAges: number[] = [];
    for (let day = 0; day < 90 * DAYS_PER_YEAR; day++) {
      for (let s = 0; s < players; s++) {
        if (c.alive[s] !== 1) continue;
        dailyRules(c, s, cat, out);
        if (c.alive[s] === 0) deathAges.push(Math.floor(c.ageDays[s]! / DAYS_PER_YEAR));
      }
    }
    deathAges.sort((a, b) => a - b);
    const diedBefore = (age: number) => deathAges.filter((a) => a < age).length / players;
    expect(deathAges.length).toBeGreaterThan(players * 0.95);
    expect(diedBefore(40)).toBeLessThan(0.02);
    expect(diedBefore(60)).toBeLessThan(0.1);
    expect(deathAges[Math.floor(deathAges.length / 2)]!).toBeGreaterThanOrEqual(70);
  });
});

describe('weeklyHealth: quitting habits', () => {
  it('quitting smoking ends the habit within weeks, for those who keep trying', () => {
    const players = 200;
    const c = lives(players, { ...ADULTS, ageYears: 30 });
    for (let s = 0; s < players; s++) {
      c.flags[s] = Flag.smoker;
      c.quitting[s] = Habit.smoking.bit;
    }
    let firstTry = 0;
    let relapses = 0;
    const weeksToQuit: number[] = [];
    for (let s = 0; s < players; s++) {
      let tries = 1;
      for (let week = 1; week <= 520; week++) {
        weeklyHealth(c, s);
        if ((c.flags[s]! & Flag.smoker) === 0) {
          if (tries === 1) firstTry++;
          weeksToQuit.push(week);
          break;
        }
        if ((c.quitting[s]! & Habit.smoking.bit) === 0) {
          // A relapse ends the attempt but leaves the habit: try again.
          relapses++;
          tries++;
          c.quitting[s] = Habit.smoking.bit;
        }
      }
      // Success clears both the habit and the attempt.
      expect(c.flags[s]! & Flag.smoker).toBe(0);
      expect(c.quitting[s]! & Habit.smoking.bit).toBe(0);
    }
    expect(weeksToQuit).toHaveLength(players);
    expect(relapses).toBeGreaterThan(0);
    // 6% a week to succeed against 4% to relapse: 60% succeed on the first try.
    expect(firstTry / players).toBeGreaterThan(0.45);
    expect(firstTry / players).toBeLessThan(0.75);
  });

  it('a relapse keeps the habit and only ends the attempt', () => {
    const c = lives(100, { ...ADULTS, ageYears: 40 });
    let relapsed = 0;
    for (let s = 0; s < 100; s++) {
      c.flags[s] = Flag.drinker;
      c.quitting[s] = Habit.drinking.bit;
      for (let week = 0; week < 200 && c.quitting[s] !== 0; week++) weeklyHealth(c, s);
      if ((c.flags[s]! & Flag.drinker) !== 0) {
        relapsed++;
        expect(c.quitting[s]).toBe(0);
      }
    }
    expect(relapsed).toBeGreaterThan(0);
    expect(relapsed).toBeLessThan(60);
  });

  it('an attempt whose habit is already gone is simply over', () => {
    const c = lives(1, { ...ADULTS, ageYears: 30 });
    c.quitting[0] = Habit.smoking.bit | Habit.exercise.bit;
    const rng = c.rng[0];
    weeklyHealth(c, 0);
    expect(c.quitting[0]).toBe(0);
    expect(c.rng[0]).toBe(rng);
  });
});

describe('weeklyHealth: habits and conditions', () => {
  it('health settles where age and habits put it; exercise eases stress', () => {
    const c = lives(3, { ...ADULTS, ageYears: 25 });
    c.flags[0] = Flag.smoker | Flag.drinker;
    c.flags[1] = Flag.exercises;
    c.flags[2] = 0;
    for (let s = 0; s < 3; s++) {
      c.health[s] = 100;
      c.stress[s] = 50;
    }
    for (let week = 0; week < 52; week++) for (let s = 0; s < 3; s++) weeklyHealth(c, s);
    expect(c.health[0]).toBe(VITALITY[25]! - 15 - 10);
    expect(c.health[1]).toBe(100);
    expect(c.health[2]).toBe(100);
    expect(c.stress[1]).toBe(0);
    expect(c.stress[2]).toBe(50);

    // Quitting heals: the smoker and drinker who stop climb back to full health.
    c.flags[0] = 0;
    for (let week = 0; week < 52; week++) weeklyHealth(c, 0);
    expect(c.health[0]).toBe(100);
  });

  it('a flu costs health and passes; a chronic condition stays; ill follows the conditions', () => {
    const c = lives(2, { ...ADULTS, ageYears: 30 });
    c.conditions[0] = bit('flu');
    c.conditions[1] = bit('diabetes');
    c.health[0] = 100;
    weeklyHealth(c, 0);
    weeklyHealth(c, 1);
    expect(c.flags[0]! & Flag.ill).toBe(c.conditions[0] === 0 ? 0 : Flag.ill);
    expect(c.flags[1]! & Flag.ill).toBe(Flag.ill);
    for (let week = 0; week < 52; week++) {
      weeklyHealth(c, 0);
      weeklyHealth(c, 1);
    }
    expect(c.conditions[0]).toBe(0);
    expect(c.flags[0]! & Flag.ill).toBe(0);
    expect(c.health[0]).toBe(100);
    expect(c.conditions[1]).toBe(bit('diabetes'));
    expect(c.flags[1]! & Flag.ill).toBe(Flag.ill);
  });

  it('smoking brings lung disease, and drinking liver disease, only after years and only to some', () => {
    const players = 1000;
    const young = lives(players, { ...ADULTS, ageYears: 25 });
    const old = lives(players, { ...ADULTS, ageYears: 50, seed: 4 });
    for (let s = 0; s < players; s++) {
      young.flags[s] = Flag.smoker | Flag.drinker;
      old.flags[s] = Flag.smoker | Flag.drinker;
    }
    const lung = bit('lung_disease');
    const liver = bit('liver_disease');
    let youngSick = 0;
    let lungCases = 0;
    let liverCases = 0;
    for (let s = 0; s < players; s++) {
      // Ten years short of the age each disease can start at: nothing.
      for (let week = 0; week < 52 * 9; week++) weeklyHealth(young, s);
      if ((young.conditions[s]! & (lung | liver)) !== 0) youngSick++;
      // Ten years from 50.
      for (let week = 0; week < 52 * 10; week++) {
        if (week % 52 === 0) old.ageDays[s] = (50 + week / 52) * DAYS_PER_YEAR;
        weeklyHealth(old, s);
      }
      if ((old.conditions[s]! & lung) !== 0) lungCases++;
      if ((old.conditions[s]! & liver) !== 0) liverCases++;
    }
    expect(youngSick).toBe(0);
    // About 1.3% and 1% a year: some 12% and 10% in ten years.
    expect(lungCases / players).toBeGreaterThan(0.07);
    expect(lungCases / players).toBeLessThan(0.18);
    expect(liverCases / players).toBeGreaterThan(0.05);
    expect(liverCases / players).toBeLessThan(0.15);
  });

  it('leaves a healthy person with no habits as they were, without a draw', () => {
    const c = lives(1, { speed: 1 });
    c.flags[0] = 0;
    c.conditions[0] = 0;
    c.quitting[0] = 0;
    c.health[0] = VITALITY[Math.floor(c.ageDays[0]! / DAYS_PER_YEAR)]!;
    const before = { health: c.health[0], rng: c.rng[0], flags: c.flags[0] };
    weeklyHealth(c, 0);
    expect({ health: c.health[0], rng: c.rng[0], flags: c.flags[0] }).toEqual(before);
  });
});
