import type { Columns } from '../world/columns.ts';
import { Focus, Interest, School } from '../world/life.ts';
import { FIELD_INDEX as F } from '../world/schema.ts';
import { markDirty } from './dirty.ts';
import { addToField, addToStat, stepStatToward } from './effects.ts';
import { below } from './random.ts';
import { enrol, graduate } from './school.ts';

/**
 * School by the calendar and by the hour: enrolment and graduation on
 * birthdays, a school hour's learning and what the student's focus makes of
 * it, and the week's ups and downs.
 *
 * Performance does not pile up hour after hour: each school hour it may
 * step one point toward what this student, this hour, can reach (the
 * target: their focus, their tastes, how rested and how calm they are). So
 * a student's grades tell how they have been living lately, whatever the
 * number of school hours, and settle instead of running into 100.
 */

/** Birthday on which a child starts elementary school. */
export const SCHOOL_START_AGE = 6;
/** Birthday on which elementary school ends and high school starts (elementary is 6..13). */
export const HIGH_SCHOOL_AGE = 14;
/** Birthday on which high school ends (high school is 14..17). */
export const SCHOOL_END_AGE = 18;
/** Birthdays in college before it ends. */
export const COLLEGE_YEARS = 4;
/** School performance needed to graduate (high school, college) rather than leave without the diploma. */
export const PASS_MARK = 40;

// Chance out of 64 that a school hour moves performance a point toward the
// target, by focus: putting academics first learns half again as fast as a
// balanced student; sports and social put less of the hour into it.
const STEP_OF_64 = Uint8Array.of(16, 24, 12, 12);
// What a rested, calm student settles at, by focus (balanced, academics,
// sports, social): GPA about 2.8, 3.5, 2.2 and 2.2.
const TARGET = Uint8Array.of(70, 88, 55, 55);
// A student who likes books (or dislikes them) settles this much higher (lower).
const BOOKS_BONUS = 8;
// Learning (or working) while exhausted or overwhelmed lowers what the hour
// can reach; work-rules.ts uses the same lines.
/** Energy at or below which a person is too tired to do their best. */
export const TIRED = 30;
/** Stress above which a person is too overwhelmed to do their best. */
export const STRESSED = 70;
const TIRED_PENALTY = 20;
const STRESSED_PENALTY = 15;

/** Where this student's performance is heading this hour. */
export function schoolTarget(c: Columns, s: number): number {
  let t = TARGET[c.focus[s]!]!;
  if ((c.interests[s]! & Interest.books) !== 0) t += BOOKS_BONUS;
  else if ((c.dislikes[s]! & Interest.books) !== 0) t -= BOOKS_BONUS;
  if (c.energy[s]! <= TIRED) t -= TIRED_PENALTY;
  if (c.stress[s]! > STRESSED) t -= STRESSED_PENALTY;
  return t;
}

/**
 * A school (or college) hour beyond its energy, hunger and stress (those
 * are the schedule's, sim/hourly.ts): one draw out of 64 decides whether
 * performance steps toward the target and what the focus grows besides.
 * The bands after the learning step are per focus, in 64ths of an hour:
 * balanced grows a bit of each, sports health and happiness (and costs
 * energy), social the social stat, academics adds stress.
 */
export function schoolHour(c: Columns, s: number): void {
  const focus = c.focus[s]!;
  const u = below(c, s, 64);
  if (u < STEP_OF_64[focus]!) {
    stepStatToward(c, s, F.schoolPerformance, schoolTarget(c, s));
    return;
  }
  switch (focus) {
    case Focus.academics:
      // Eight 64ths: about four extra stress points a school week.
      if (u >= 24 && u < 32) addToStat(c, s, F.stress, 1);
      break;
    case Focus.sports:
      // Practice is tiring: a point of energy every hour, health and
      // happiness in ten and eight 64ths (about 5 and 4 points a week).
      addToStat(c, s, F.energy, -1);
      if (u >= 24 && u < 34) addToStat(c, s, F.health, 1);
      else if (u >= 34 && u < 42) addToStat(c, s, F.happiness, 1);
      break;
    case Focus.social:
      // Ten 64ths of social, six of happiness.
      if (u >= 24 && u < 34) addToStat(c, s, F.social, 1);
      else if (u >= 34 && u < 40) addToStat(c, s, F.happiness, 1);
      break;
    default:
      // Balanced: three 64ths each of social, health and happiness.
      if (u >= 24 && u < 27) addToStat(c, s, F.social, 1);
      else if (u >= 27 && u < 30) addToStat(c, s, F.health, 1);
      else if (u >= 30 && u < 33) addToStat(c, s, F.happiness, 1);
  }
}

// The week's balance (Monday 00:00, after the weekend): a stressed week's
// exams go badly, a calm one's a little better; an exhausted student falls
// behind; whoever puts academics first did the homework.
const STRESSED_WEEK = -3;
const CALM_WEEK = 1;
const CALM = 30;
const EXHAUSTED = 20;
const EXHAUSTED_WEEK = -2;
const HOMEWORK = 1;

/** A school week: performance moves with the week's stress, energy and focus. */
export function weeklySchool(c: Columns, s: number): void {
  if (c.school[s] === School.none) return;
  const stress = c.stress[s]!;
  let d = stress > STRESSED ? STRESSED_WEEK : stress < CALM ? CALM_WEEK : 0;
  if (c.energy[s]! < EXHAUSTED) d += EXHAUSTED_WEEK;
  if (c.focus[s] === Focus.academics) d += HOMEWORK;
  if (d !== 0) addToField(c, s, F.schoolPerformance, d);
}

/** The end of a level a student can fail: graduate at the pass mark, otherwise leave without the diploma. */
function finishLevel(c: Columns, s: number): void {
  if (c.schoolPerformance[s]! >= PASS_MARK) graduate(c, s);
  else enrol(c, s, School.none);
}

/**
 * A birthday's schooling. Elementary and high school go by age: enrolment
 * at 6, high school at 14 (elementary graduates, performance carried over),
 * the end of high school at 18. College goes by years at the level: it ends
 * on the 4th birthday after enrolment, whenever that was.
 */
export function birthdaySchool(c: Columns, s: number, years: number): void {
  const level = c.school[s]!;
  if (level !== School.none) {
    const y = c.schoolYears[s]!;
    if (y < 255) c.schoolYears[s] = y + 1;
    markDirty(c, s, F.schoolYears);
  }
  if (level === School.none) {
    // School is compulsory: a child of school age who is not enrolled (and
    // has not finished elementary) is enrolled.
    if (years >= SCHOOL_START_AGE && years < HIGH_SCHOOL_AGE && c.educationDone[s] === School.none)
      enrol(c, s, School.elementary);
  } else if (level === School.elementary) {
    if (years >= HIGH_SCHOOL_AGE) {
      const p = c.schoolPerformance[s]!;
      graduate(c, s);
      enrol(c, s, School.highSchool);
      c.schoolPerformance[s] = p;
    }
  } else if (level === School.highSchool) {
    if (years >= SCHOOL_END_AGE) finishLevel(c, s);
  } else if (c.schoolYears[s]! >= COLLEGE_YEARS) {
    finishLevel(c, s);
  }
}
