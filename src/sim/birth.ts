import type { Columns } from '../world/columns.ts';
import {
  DAYS_PER_WEEK,
  DAYS_PER_YEAR,
  Flag,
  Interest,
  NpcRole,
  stageForAge,
} from '../world/life.ts';
import { markAllDirty } from './dirty.ts';
import { addNpc } from './npc.ts';
import { below, seedFor } from './random.ts';

/** The calendar starts on a Monday, 1 January of this year. */
export const EPOCH_YEAR = 2000;
const INTEREST_COUNT = Object.keys(Interest).length;

export interface LifeOptions {
  /** World seed and player number: together they fix everything random about this life. */
  readonly seed: number;
  readonly player: number;
  /**
   * Start already grown up, with the schooling, job, family and savings a
   * person of that age plausibly has. Headless runs and benches use it to
   * spread players over every life stage; a game's new players are born (0).
   */
  readonly ageYears?: number;
  readonly speed?: number;
}

/** Create a life in an empty slot: birth date, family, interests and starting stats. */
export function createLife(c: Columns, s: number, options: LifeOptions): void {
  const years = Math.max(0, Math.min(110, Math.trunc(options.ageYears ?? 0)));
  c.rng[s] = seedFor(options.seed, options.player);
  const birthDay = below(c, s, DAYS_PER_YEAR);
  const ageDays = years * DAYS_PER_YEAR + (years > 0 ? below(c, s, DAYS_PER_YEAR) : 0);
  const daysSinceEpoch = birthDay + ageDays;
  c.ageDays[s] = ageDays;
  c.year[s] = EPOCH_YEAR + Math.floor(daysSinceEpoch / DAYS_PER_YEAR);
  c.dayOfYear[s] = daysSinceEpoch % DAYS_PER_YEAR;
  c.weekday[s] = daysSinceEpoch % DAYS_PER_WEEK;
  c.minuteOfDay[s] = 8 * 60;
  c.carry[s] = 0;
  c.alive[s] = 1;
  c.speed[s] = options.speed ?? 1;
  c.stage[s] = stageForAge(years);
  c.peakEnergy[s] =
    years < 18 ? 60 + 2 * years : years < 65 ? 100 : Math.max(40, 100 - (years - 65));
  c.energy[s] = c.peakEnergy[s]!;
  c.health[s] = 100 - Math.max(0, years - 40) / 2;
  c.happiness[s] = 60 + below(c, s, 21);
  c.stress[s] = 10 + below(c, s, 11);
  c.hunger[s] = 20;
  c.social[s] = 50;
  c.schoolPerformance[s] = years >= 6 ? 30 + below(c, s, 61) : 50;
  let interests = 0;
  for (let k = 0; k < 3; k++) interests |= 1 << below(c, s, INTEREST_COUNT);
  c.interests[s] = interests >>> 0;

  addNpc(c, s, NpcRole.mother, years + 20 + below(c, s, 21), 50, 80);
  addNpc(c, s, NpcRole.father, years + 22 + below(c, s, 24), 50, 80);
  if (below(c, s, 2) === 0)
    addNpc(c, s, NpcRole.sibling, Math.max(0, years - 5 + below(c, s, 11)), 30, 70);
  if (years > 0) growUp(c, s, years);
  // A new life is news in every field.
  markAllDirty(c, s);
}

/** Percent chance, drawn from the player's PRNG. */
function percent(c: Columns, s: number, p: number): boolean {
  return below(c, s, 100) < p;
}

function growUp(c: Columns, s: number, years: number): void {
  let flags = 0;
  if (years >= 6 && years < 18) flags |= Flag.inSchool;
  if (years >= 18 && percent(c, s, 80)) flags |= Flag.graduatedHighSchool;
  if (years >= 23 && (flags & Flag.graduatedHighSchool) !== 0 && percent(c, s, 35)) {
    flags |= Flag.graduatedCollege;
  }
  if (years >= 18 && years < 65 && percent(c, s, 70)) flags |= Flag.hasJob;
  if (years >= 65 && percent(c, s, 80)) flags |= Flag.retired;
  if (years >= 14 && percent(c, s, 15)) flags |= Flag.smoker;
  if (years >= 10 && percent(c, s, 30)) flags |= Flag.exercises;
  if (years >= 20 && percent(c, s, 55)) {
    flags |= Flag.hasPartner;
    addNpc(c, s, NpcRole.partner, years - 3 + below(c, s, 7), 40 + below(c, s, 41), 60);
    if (years >= 25 && percent(c, s, 50)) flags |= Flag.married;
  }
  if (years >= 28 && (flags & Flag.hasPartner) !== 0 && percent(c, s, 45)) {
    flags |= Flag.hasChild;
    addNpc(c, s, NpcRole.child, below(c, s, years - 24), 60, 70);
  }
  if (years >= 8)
    addNpc(c, s, NpcRole.friend, years - 2 + below(c, s, 5), 20 + below(c, s, 41), 40);
  c.flags[s] = flags >>> 0;
  if ((flags & Flag.hasJob) !== 0) {
    c.job[s] = 1;
    c.salary[s] = 400 + ((flags & Flag.graduatedCollege) !== 0 ? 300 : 0) + 10 * below(c, s, 30);
    c.jobPerformance[s] = 40 + below(c, s, 41);
  }
  c.money[s] = years >= 18 ? 200 + years * 40 + below(c, s, 2000) : below(c, s, 50);
}
