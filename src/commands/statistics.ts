import { JOBS } from '../content/jobs.ts';
import { MAJORS } from '../content/majors.ts';
import type { ColdState } from '../world/cold.ts';
import type { Columns } from '../world/columns.ts';
import { ageInYears, roleName, School } from '../world/life.ts';
import { NPC_SLOTS } from '../world/schema.ts';

const SCHOOL_NAMES = Object.keys(School) as (keyof typeof School)[];

/** Lifetime statistics for getPlayerStatistics: read from the columns and the cold counters. */
export function playerStatistics(c: Columns, s: number, cold: ColdState): Record<string, unknown> {
  const roles: Record<string, number> = {};
  for (let k = 0; k < NPC_SLOTS; k++) {
    const role = roleName(c.npcRole[s * NPC_SLOTS + k]!);
    if (role) roles[role] = (roles[role] ?? 0) + 1;
  }
  let achievements = 0;
  for (let bits = c.achievements[s]!; bits !== 0; bits &= bits - 1) achievements++;
  const job = c.job[s]! > 0 ? JOBS[c.job[s]! - 1] : undefined;
  return {
    ageYears: ageInYears(c.ageDays[s]!),
    ageDays: c.ageDays[s]!,
    alive: c.alive[s] === 1,
    education: {
      enrolled: SCHOOL_NAMES[c.school[s]!],
      highestFinished: SCHOOL_NAMES[c.educationDone[s]!],
      major: c.major[s]! > 0 ? MAJORS[c.major[s]! - 1]!.id : null,
      gpa: c.gpa[s]! / 100,
    },
    career: job
      ? {
          job: job.id,
          title: job.ladder[Math.min(c.jobLevel[s]!, job.ladder.length - 1)],
          level: c.jobLevel[s]!,
          weeks: c.jobWeeks[s]!,
          salary: c.salary[s]!,
          performance: c.jobPerformance[s]!,
        }
      : null,
    relationships: roles,
    money: c.money[s]!,
    diamonds: c.diamonds[s]!,
    achievementsUnlocked: achievements,
    counters: { ...cold.counters },
  };
}
