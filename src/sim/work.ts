import { JOB_TABLE, JOBS, type Job, MIN_WORKING_AGE, salaryFor } from '../content/jobs.ts';
import type { Columns } from '../world/columns.ts';
import { ageInYears, Flag } from '../world/life.ts';
import { FIELD_INDEX as F } from '../world/schema.ts';
import { markDirty } from './dirty.ts';

/**
 * Taking, climbing and leaving a job: the state changes every path shares
 * (applyForJob, event effects, the weekly rules, the starter world).
 */

/** Performance a new hire starts with: the middle, neither on thin ice nor up for promotion. */
export const STARTING_PERFORMANCE = 50;

/** Why a person cannot take a job: bits of `jobBlockers`' answer. */
export const JobBlock = {
  tooYoung: 1 << 0,
  /** The job's school level is not finished. */
  education: 1 << 1,
  /** The job needs a major the person did not study. */
  major: 1 << 2,
  gpa: 1 << 3,
  retired: 1 << 4,
} as const;
export type JobBlockName = keyof typeof JobBlock;

function years(c: Columns, s: number): number {
  return ageInYears(c.ageDays[s]!);
}

/**
 * Every requirement of job `index` the person misses, as JobBlock bits (0:
 * they qualify). Numbers only, so rules may call it in the hot path.
 */
export function jobBlockers(c: Columns, s: number, index: number): number {
  let blocked = 0;
  if (years(c, s) < JOB_TABLE.minAge[index]!) blocked |= JobBlock.tooYoung;
  if (c.educationDone[s]! < JOB_TABLE.education[index]!) blocked |= JobBlock.education;
  const major = JOB_TABLE.major[index]!;
  if (major !== 0 && c.major[s] !== major) blocked |= JobBlock.major;
  if (c.gpa[s]! < JOB_TABLE.minGpa[index]!) blocked |= JobBlock.gpa;
  if ((c.flags[s]! & Flag.retired) !== 0) blocked |= JobBlock.retired;
  return blocked;
}

/**
 * Take job `index` (content/jobs.ts) at entry level, leaving any job held
 * (so a full-time job ends the part-time one). Refused, returning false and
 * changing nothing, for anyone under MIN_WORKING_AGE, whoever hires them.
 */
export function hire(c: Columns, s: number, index: number): boolean {
  if (years(c, s) < MIN_WORKING_AGE) return false;
  c.job[s] = index + 1;
  c.jobLevel[s] = 0;
  c.jobWeeks[s] = 0;
  c.salary[s] = salaryFor(index, 0);
  c.jobPerformance[s] = STARTING_PERFORMANCE;
  c.flags[s] = (c.flags[s]! | Flag.hasJob) >>> 0;
  markDirty(c, s, F.job);
  markDirty(c, s, F.jobLevel);
  markDirty(c, s, F.jobWeeks);
  markDirty(c, s, F.salary);
  markDirty(c, s, F.jobPerformance);
  markDirty(c, s, F.flags);
  return true;
}

/** Leave the current job (quit, fired or retired). */
export function leaveJob(c: Columns, s: number): void {
  c.job[s] = 0;
  c.jobLevel[s] = 0;
  c.jobWeeks[s] = 0;
  c.salary[s] = 0;
  c.flags[s] = (c.flags[s]! & ~Flag.hasJob) >>> 0;
  markDirty(c, s, F.job);
  markDirty(c, s, F.jobLevel);
  markDirty(c, s, F.jobWeeks);
  markDirty(c, s, F.salary);
  markDirty(c, s, F.flags);
}

/**
 * A new rung's duties take getting used to: performance starts this much
 * lower after a promotion, so promotions do not come back to back.
 */
export const PROMOTION_PERFORMANCE_DROP = 20;

/** Up one rung of the ladder: the rung's salary, and performance to prove again. */
export function promote(c: Columns, s: number): void {
  const index = c.job[s]! - 1;
  const level = c.jobLevel[s]! + 1;
  c.jobLevel[s] = level;
  c.salary[s] = salaryFor(index, level);
  const p = c.jobPerformance[s]!;
  c.jobPerformance[s] = p > PROMOTION_PERFORMANCE_DROP ? p - PROMOTION_PERFORMANCE_DROP : 0;
  markDirty(c, s, F.jobLevel);
  markDirty(c, s, F.salary);
  markDirty(c, s, F.jobPerformance);
}

/** Retire: the job ends and the pension (sim/weekly.ts) begins. */
export function retire(c: Columns, s: number): void {
  if (c.job[s] !== 0) leaveJob(c, s);
  c.flags[s] = (c.flags[s]! | Flag.retired) >>> 0;
  markDirty(c, s, F.flags);
}

/** The catalog entry of the player's job, or undefined when they have none. */
export function jobOf(c: Columns, s: number): Job | undefined {
  const j = c.job[s]!;
  return j === 0 ? undefined : JOBS[j - 1];
}
