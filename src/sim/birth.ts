import { JOBS, salaryFor } from '../content/jobs.ts';
import { MAJORS } from '../content/majors.ts';
import type { Columns } from '../world/columns.ts';
import {
  DAYS_PER_WEEK,
  DAYS_PER_YEAR,
  Flag,
  Interest,
  MINUTES_PER_DAY,
  NpcRole,
  School,
  stageForAge,
} from '../world/life.ts';
import { MICROS_PER_MINUTE } from './clock.ts';
import { peakEnergyFor } from './daily.ts';
import { markAllDirty } from './dirty.ts';
import { addNpc } from './npc.ts';
import { below, seedFor } from './random.ts';
import { hire } from './work.ts';

/** The calendar starts on a Monday, 1 January of this year. */
export const EPOCH_YEAR = 2000;
// A life that is not told otherwise starts its first day at 08:00.
const START_MINUTE = 8 * 60;
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
  /**
   * A new game player is walked through the tutorial in their first hours
   * (sim/tutorial.ts). Headless and bench lives, and grown-up starts, skip it.
   */
  readonly tutorial?: boolean;
  /**
   * Where the clock starts: minute of the day (0..1439, default 08:00) and
   * the carried fraction of a minute in millionths (default 0). Benches set
   * both to spread players out as real ones are; left out, every life starts
   * at the same instant.
   */
  readonly minuteOfDay?: number;
  readonly carry?: number;
}

/** Create a life in an empty slot: birth date, family, interests and starting stats. */
export function createLife(c: Columns, s: number, options: LifeOptions): void {
  const years = Math.max(0, Math.min(110, Math.trunc(options.ageYears ?? 0)));
  const minuteOfDay = options.minuteOfDay ?? START_MINUTE;
  const carry = options.carry ?? 0;
  if (!(Number.isInteger(minuteOfDay) && minuteOfDay >= 0 && minuteOfDay < MINUTES_PER_DAY))
    throw new RangeError(
      `minuteOfDay must be an integer in [0, ${MINUTES_PER_DAY}), got ${minuteOfDay}`,
    );
  if (!(Number.isInteger(carry) && carry >= 0 && carry < MICROS_PER_MINUTE))
    throw new RangeError(`carry must be an integer in [0, ${MICROS_PER_MINUTE}), got ${carry}`);
  c.rng[s] = seedFor(options.seed, options.player);
  const birthDay = below(c, s, DAYS_PER_YEAR);
  const ageDays = years * DAYS_PER_YEAR + (years > 0 ? below(c, s, DAYS_PER_YEAR) : 0);
  const daysSinceEpoch = birthDay + ageDays;
  c.ageDays[s] = ageDays;
  c.year[s] = EPOCH_YEAR + Math.floor(daysSinceEpoch / DAYS_PER_YEAR);
  c.dayOfYear[s] = daysSinceEpoch % DAYS_PER_YEAR;
  c.weekday[s] = daysSinceEpoch % DAYS_PER_WEEK;
  c.minuteOfDay[s] = minuteOfDay;
  c.carry[s] = carry;
  c.alive[s] = 1;
  c.speed[s] = options.speed ?? 1;
  c.stage[s] = stageForAge(years);
  c.peakEnergy[s] = peakEnergyFor(years);
  c.energy[s] = c.peakEnergy[s]!;
  c.health[s] = 100 - Math.max(0, years - 40) / 2;
  c.happiness[s] = 60 + below(c, s, 21);
  c.stress[s] = 10 + below(c, s, 11);
  c.hunger[s] = 20;
  c.social[s] = 50;
  c.schoolPerformance[s] = years >= 6 ? 30 + below(c, s, 61) : 50;
  let interests = 0;
  for (let k = 0; k < 3; k++) interests |= 1 << below(c, s, INTEREST_COUNT);
  let dislikes = 0;
  for (let k = 0; k < 2; k++) dislikes |= 1 << below(c, s, INTEREST_COUNT);
  c.interests[s] = interests >>> 0;
  // A taste cannot be both: where the draws collide, the liking wins.
  c.dislikes[s] = (dislikes & ~interests) >>> 0;

  addNpc(c, s, NpcRole.mother, years + 20 + below(c, s, 21), 50, 80);
  addNpc(c, s, NpcRole.father, years + 22 + below(c, s, 24), 50, 80);
  if (below(c, s, 2) === 0)
    addNpc(c, s, NpcRole.sibling, Math.max(0, years - 5 + below(c, s, 11)), 30, 70);
  if (years > 0) growUp(c, s, years);
  if (!(options.tutorial === true && years === 0))
    c.flags[s] = (c.flags[s]! | Flag.tutorialDone) >>> 0;
  // A new life is news in every field.
  markAllDirty(c, s);
}

/** A full-time job the grown-up person qualifies for, drawn from those that fit; -1 if none. */
function startingJob(c: Columns, s: number, years: number): number {
  const fits: number[] = [];
  for (const [k, job] of JOBS.entries()) {
    if (job.partTime || years < job.minAge) continue;
    if (School[job.education] > c.educationDone[s]!) continue;
    if (job.major !== undefined && MAJORS[c.major[s]! - 1]?.id !== job.major) continue;
    if (c.gpa[s]! < job.minGpa * 100) continue;
    fits.push(k);
  }
  return fits.length === 0 ? -1 : fits[below(c, s, fits.length)]!;
}

/** Percent chance, drawn from the player's PRNG. */
function percent(c: Columns, s: number, p: number): boolean {
  return below(c, s, 100) < p;
}

function growUp(c: Columns, s: number, years: number): void {
  let flags = 0;
  if (years >= 6 && years < 18) {
    flags |= Flag.inSchool;
    c.school[s] = years < 14 ? School.elementary : School.highSchool;
    c.educationDone[s] = years < 14 ? School.none : School.elementary;
  }
  if (years >= 18 && percent(c, s, 80)) {
    flags |= Flag.graduatedHighSchool;
    c.educationDone[s] = School.highSchool;
  } else if (years >= 18) {
    c.educationDone[s] = School.elementary;
  }
  if (years >= 23 && (flags & Flag.graduatedHighSchool) !== 0 && percent(c, s, 35)) {
    flags |= Flag.graduatedCollege;
    c.educationDone[s] = School.college;
    c.major[s] = 1 + below(c, s, MAJORS.length);
  }
  if (c.educationDone[s]! >= School.highSchool) c.gpa[s] = 160 + below(c, s, 221);
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
  if (years >= 18 && years < 65 && percent(c, s, 70)) {
    const job = startingJob(c, s, years);
    if (job >= 0) {
      hire(c, s, job);
      c.jobLevel[s] = Math.min(JOBS[job]!.ladder.length - 1, below(c, s, 1 + (years - 18) / 10));
      c.salary[s] = salaryFor(job, c.jobLevel[s]!);
      c.jobWeeks[s] = below(c, s, 52 * Math.min(10, years - 17));
      c.jobPerformance[s] = 40 + below(c, s, 41);
    }
  }
  c.money[s] = years >= 18 ? 200 + years * 40 + below(c, s, 2000) : below(c, s, 50);
}
