import type { Columns } from '../world/columns.ts';
import { Flag, School } from '../world/life.ts';
import { FIELD_INDEX as F } from '../world/schema.ts';
import { markDirty } from './dirty.ts';

/**
 * Enrolling at and finishing a school level: the state changes every path
 * shares (the birthday rules, event effects such as the college
 * application, the starter world).
 */

/** Performance a student starts a new school level with: the middle of the scale. */
export const STARTING_SCHOOL_PERFORMANCE = 50;

/**
 * Enrol at a school level (`School.none`: leave school). The `inSchool` and
 * `inCollege` flags follow the `school` column, so content conditions on
 * either stay true to it; the years at the level start again from 0.
 */
export function enrol(c: Columns, s: number, level: number): void {
  if (c.school[s] === level) return;
  c.school[s] = level;
  c.schoolYears[s] = 0;
  if (level !== School.none) c.schoolPerformance[s] = STARTING_SCHOOL_PERFORMANCE;
  let flags = c.flags[s]! & ~(Flag.inSchool | Flag.inCollege);
  if (level === School.elementary || level === School.highSchool) flags |= Flag.inSchool;
  if (level === School.college) flags |= Flag.inCollege;
  c.flags[s] = flags >>> 0;
  markDirty(c, s, F.school);
  markDirty(c, s, F.schoolYears);
  markDirty(c, s, F.schoolPerformance);
  markDirty(c, s, F.flags);
}

/** GPA in hundredths from school performance (GAME.md: performance / 100 x 4.0). */
export function gpaOf(performance: number): number {
  return Math.round(performance * 4);
}

/** Finish the current level: record it and its GPA, and leave school. */
export function graduate(c: Columns, s: number): void {
  const level = c.school[s]!;
  if (level === School.none) return;
  if (level > c.educationDone[s]!) c.educationDone[s] = level;
  c.gpa[s] = gpaOf(c.schoolPerformance[s]!);
  let flags = c.flags[s]!;
  if (level === School.highSchool) flags |= Flag.graduatedHighSchool;
  if (level === School.college) flags |= Flag.graduatedCollege;
  c.flags[s] = flags >>> 0;
  markDirty(c, s, F.educationDone);
  markDirty(c, s, F.gpa);
  enrol(c, s, School.none);
}
