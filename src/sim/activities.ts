import { ACTIVITY_TABLE, MAX_ACTIVITIES } from '../content/activities.ts';
import type { Columns } from '../world/columns.ts';
import { ageInYears, School } from '../world/life.ts';
import { FIELD_INDEX as F } from '../world/schema.ts';
import { markDirty } from './dirty.ts';
import { addToField } from './effects.ts';
import { below } from './random.ts';

/**
 * Extracurricular activities (content/activities.ts): who may join, joining
 * and quitting, and a week of the ones kept up.
 */

/** Why a person cannot take up an activity: bits of `activityBlockers`' answer. */
export const ActivityBlock = {
  tooYoung: 1 << 0,
  tooOld: 1 << 1,
  /** Only for students, and the person is not enrolled at a school. */
  notInSchool: 1 << 2,
  performance: 1 << 3,
  gpa: 1 << 4,
} as const;
export type ActivityBlockName = keyof typeof ActivityBlock;

/**
 * Every requirement of activity `k` the person misses, as ActivityBlock bits
 * (0: they may do it). Numbers only, so the weekly rule can call it.
 */
export function activityBlockers(c: Columns, s: number, k: number): number {
  const t = ACTIVITY_TABLE;
  const years = ageInYears(c.ageDays[s]!);
  let blocked = 0;
  if (years < t.minAge[k]!) blocked |= ActivityBlock.tooYoung;
  if (years > t.maxAge[k]!) blocked |= ActivityBlock.tooOld;
  if (t.needsSchool[k] === 1 && c.school[s] === School.none) blocked |= ActivityBlock.notInSchool;
  if (c.schoolPerformance[s]! < t.minPerformance[k]!) blocked |= ActivityBlock.performance;
  if (c.gpa[s]! < t.minGpa[k]!) blocked |= ActivityBlock.gpa;
  return blocked;
}

/** How many activities the person keeps up now. */
export function activityCount(c: Columns, s: number): number {
  let n = 0;
  for (let bits = c.extracurriculars[s]!; bits !== 0; bits &= bits - 1) n++;
  return n;
}

/** Whether the person does activity `k`. */
export function doesActivity(c: Columns, s: number, k: number): boolean {
  return (c.extracurriculars[s]! & (1 << k)) !== 0;
}

/** Take up activity `k`; the caller has checked the blockers and MAX_ACTIVITIES. */
export function joinActivity(c: Columns, s: number, k: number): void {
  c.extracurriculars[s] = c.extracurriculars[s]! | (1 << k);
  markDirty(c, s, F.extracurriculars);
}

/** Give up activity `k`. */
export function quitActivity(c: Columns, s: number, k: number): void {
  c.extracurriculars[s] = c.extracurriculars[s]! & ~(1 << k);
  markDirty(c, s, F.extracurriculars);
}

// Each week at an activity, one chance in eight that the person comes to like
// what it is about: a term of it (about 13 weeks) usually does it.
const TASTE_ODDS = 8;

/**
 * A week of extracurricular activities. Each one kept up moves the person's
 * stats by its weekly effects and may turn its tags into interests; one the
 * person no longer qualifies for (outgrown, left school, grades fell below
 * the bar) is dropped first. More than MAX_ACTIVITIES (set by hand or by an
 * older version) are cut back to the first ones.
 */
export function weeklyActivities(c: Columns, s: number): void {
  let bits = c.extracurriculars[s]!;
  if (bits === 0) return;
  const t = ACTIVITY_TABLE;
  let kept = 0;
  while (bits !== 0) {
    const k = 31 - Math.clz32(bits & -bits);
    bits &= bits - 1;
    if (kept === MAX_ACTIVITIES || activityBlockers(c, s, k) !== 0) {
      quitActivity(c, s, k);
      continue;
    }
    kept++;
    for (let j = t.deltaStart[k]!, end = t.deltaStart[k + 1]!; j < end; j++) {
      addToField(c, s, t.deltaField[j]!, t.delta[j]!);
    }
    if (below(c, s, TASTE_ODDS) === 0) {
      const tags = t.tags[k]!;
      c.interests[s] = (c.interests[s]! | tags) >>> 0;
      c.dislikes[s] = (c.dislikes[s]! & ~tags) >>> 0;
    }
  }
}
