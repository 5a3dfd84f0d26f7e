import { JOB_TABLE, MIN_WORKING_AGE } from '../content/jobs.ts';
import { chanceThreshold } from '../world/chance.ts';
import type { Columns } from '../world/columns.ts';
import { ageInYears, Flag, Focus } from '../world/life.ts';
import { FIELD_INDEX as F } from '../world/schema.ts';
import { addToField, addToStat, stepStatToward } from './effects.ts';
import { below, roll } from './random.ts';
import { STRESSED, TIRED } from './school-rules.ts';
import { leaveJob, promote, retire } from './work.ts';

/**
 * Work by the hour and by the week: a working hour's output and what the
 * person's focus makes of it; the week's pay, promotions up the ladder,
 * the sack, and retirement.
 *
 * As at school, performance steps toward a target (focus, whether the job
 * suits the person's tastes, how rested and calm they are) rather than
 * piling up: a part-timer's ten hours and a full-timer's forty settle at
 * the same place, the full-timer sooner. The focus column is the same one
 * students set: at work, `academics` means putting the career first.
 */

// Chance out of 64 that a working hour moves performance a point toward the
// target, by focus (balanced, career, sports, social).
const STEP_OF_64 = Uint8Array.of(16, 24, 12, 12);
// What a rested, calm worker settles at, by focus. Promotion needs
// PROMOTION_LINE: the career-minded get there, the balanced on good weeks
// and in jobs they like, the rest seldom.
const TARGET = Uint8Array.of(76, 90, 64, 64);
// Working at what one likes (a tag of the job among the person's interests)
// lifts the target; at what one dislikes lowers it.
const TASTE_BONUS = 8;
const TIRED_PENALTY = 20;
const STRESSED_PENALTY = 15;

/** Where this worker's performance is heading this hour. */
export function workTarget(c: Columns, s: number): number {
  const tags = JOB_TABLE.tags[c.job[s]! - 1] ?? 0;
  let t = TARGET[c.focus[s]!]!;
  if ((tags & c.interests[s]!) !== 0) t += TASTE_BONUS;
  else if ((tags & c.dislikes[s]!) !== 0) t -= TASTE_BONUS;
  if (c.energy[s]! <= TIRED) t -= TIRED_PENALTY;
  if (c.stress[s]! > STRESSED) t -= STRESSED_PENALTY;
  return t;
}

/**
 * A working hour beyond its energy, hunger and stress (sim/hourly.ts): one
 * draw out of 64 decides whether performance steps toward the target and
 * what the focus adds: career adds stress, sports health (a walk at lunch),
 * social the social stat (the people at work), balanced a little social.
 */
export function workHour(c: Columns, s: number): void {
  if (c.job[s] === 0) return;
  const focus = c.focus[s]!;
  const u = below(c, s, 64);
  if (u < STEP_OF_64[focus]!) {
    stepStatToward(c, s, F.jobPerformance, workTarget(c, s));
    return;
  }
  switch (focus) {
    case Focus.academics:
      // Eight 64ths: about five extra stress points a 40-hour week.
      if (u >= 24 && u < 32) addToStat(c, s, F.stress, 1);
      break;
    case Focus.sports:
      if (u >= 24 && u < 30) addToStat(c, s, F.health, 1);
      break;
    case Focus.social:
      if (u >= 24 && u < 34) addToStat(c, s, F.social, 1);
      break;
    default:
      if (u >= 24 && u < 27) addToStat(c, s, F.social, 1);
  }
}

/** Below this job performance, each week risks the sack. */
export const FIRING_LINE = 25;
// One chance in four a week: a bad patch of a week or two is survivable, a
// month of it seldom is.
const FIRING_ODDS = 4;
/** At or above this job performance, a promotion may come. */
export const PROMOTION_LINE = 80;
/**
 * Rungs take longer the higher they are: rung L+1 needs 26 x (1 + 2 + ... +
 * (L+1)) weeks in the job (half a year for the first, a year and a half for
 * the second, three years for the third), and then one chance in six a week
 * while performance holds.
 */
export const WEEKS_PER_RUNG = 26;

/** Weeks in the job before a promotion to rung `level` (1 and up) can come. */
export function weeksForRung(level: number): number {
  return (WEEKS_PER_RUNG * level * (level + 1)) / 2;
}
const PROMOTION_ODDS = 6;
// A week's luck moves performance by -3..+3 (seven outcomes).
const WEEK_SWING = 7;
// A stressed week at work costs performance on top of the hours' toll.
const STRESSED_WEEK = -3;
// A promotion cheers, the sack hurts (happiness; the sack also stresses).
const PROMOTION_HAPPINESS = 10;
const FIRED_HAPPINESS = -15;
const FIRED_STRESS = 10;

/** Age from which people may retire. */
export const RETIREMENT_AGE = 65;
/** Age by which everyone has retired. */
export const FULL_RETIREMENT_AGE = 67;
// Between the two, three in ten retire each year: as a weekly chance,
// 1 - 0.7^(1/52).
const RETIRE_WEEKLY = chanceThreshold(1 - 0.7 ** (1 / 52));

/** A working week: pay, performance, promotion or the sack, and retirement. */
export function weeklyWork(c: Columns, s: number): void {
  const years = ageInYears(c.ageDays[s]!);
  if (years >= RETIREMENT_AGE && (c.flags[s]! & Flag.retired) === 0) {
    if (years >= FULL_RETIREMENT_AGE || roll(c, s, RETIRE_WEEKLY)) {
      retire(c, s);
      return;
    }
  }
  const job = c.job[s]!;
  if (job === 0) return;
  // Whatever hired them, nobody under the working age keeps a job.
  if (years < MIN_WORKING_AGE) {
    leaveJob(c, s);
    return;
  }
  addToField(c, s, F.money, c.salary[s]!);
  addToField(c, s, F.jobWeeks, 1);
  let d = below(c, s, WEEK_SWING) - (WEEK_SWING >> 1);
  if (c.stress[s]! > STRESSED) d += STRESSED_WEEK;
  if (d !== 0) addToField(c, s, F.jobPerformance, d);
  const p = c.jobPerformance[s]!;
  const level = c.jobLevel[s]!;
  if (
    p >= PROMOTION_LINE &&
    level + 1 < JOB_TABLE.rungs[job - 1]! &&
    c.jobWeeks[s]! >= weeksForRung(level + 1) &&
    below(c, s, PROMOTION_ODDS) === 0
  ) {
    promote(c, s);
    addToField(c, s, F.happiness, PROMOTION_HAPPINESS);
  } else if (p < FIRING_LINE && below(c, s, FIRING_ODDS) === 0) {
    leaveJob(c, s);
    addToField(c, s, F.happiness, FIRED_HAPPINESS);
    addToField(c, s, F.stress, FIRED_STRESS);
  }
}
