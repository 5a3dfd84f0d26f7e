import type { CAREER_COMMANDS } from '../../protocol/commands/career.ts';
import { ACTIVITIES, ACTIVITY_INDEX, MAX_ACTIVITIES } from '../content/activities.ts';
import { JOB_INDEX, JOBS, jobTitle } from '../content/jobs.ts';
import {
  ActivityBlock,
  type ActivityBlockName,
  activityBlockers,
  activityCount,
  doesActivity,
  joinActivity,
  quitActivity,
} from '../sim/activities.ts';
import { markDirty } from '../sim/dirty.ts';
import { GameError } from '../sim/game-error.ts';
import { hire, JobBlock, type JobBlockName, jobBlockers, leaveJob } from '../sim/work.ts';
import { count } from '../world/cold.ts';
import type { Columns } from '../world/columns.ts';
import { Focus, type FocusName } from '../world/life.ts';
import { FIELD_INDEX } from '../world/schema.ts';
import type { HandlerTable } from './handler.ts';

/**
 * School, jobs and extracurricular activities. Each handler checks
 * everything first and changes nothing when it refuses; the state changes
 * themselves are the rules' (sim/work.ts, sim/activities.ts), shared with
 * events and the weekly rules.
 */

const JOB_BLOCKS = Object.entries(JobBlock) as [JobBlockName, number][];
const ACTIVITY_BLOCKS = Object.entries(ActivityBlock) as [ActivityBlockName, number][];
const FOCUS_NAMES = Object.keys(Focus) as FocusName[];

/** The names of the bits set in `bits`, from a table of (name, bit). */
function namesOf<N extends string>(table: readonly [N, number][], bits: number): N[] {
  return table.filter(([, bit]) => (bits & bit) !== 0).map(([name]) => name);
}

function mustBeAlive(c: Columns, s: number): void {
  if (c.alive[s] !== 1) throw new GameError('CONFLICT', 'this life has ended');
}

/** The job held, as commands report it. */
function jobHeld(c: Columns, s: number) {
  const index = c.job[s]! - 1;
  const job = JOBS[index]!;
  return {
    jobId: job.id,
    title: jobTitle(index, c.jobLevel[s]!),
    level: c.jobLevel[s]!,
    salary: c.salary[s]!,
    performance: c.jobPerformance[s]!,
    weeks: c.jobWeeks[s]!,
    partTime: job.partTime,
  };
}

function joinedIds(c: Columns, s: number): string[] {
  return ACTIVITIES.filter((_, k) => doesActivity(c, s, k)).map((a) => a.id);
}

function activityIndex(activityId: string): number {
  const k = ACTIVITY_INDEX.get(activityId);
  if (k === undefined)
    throw new GameError('NOT_FOUND', `no activity ${JSON.stringify(activityId)}`);
  return k;
}

/** The handlers of protocol/commands/career.ts. */
export const CAREER_HANDLERS: HandlerTable<keyof typeof CAREER_COMMANDS> = {
  getJobs(ctx) {
    const c = ctx.engine.world.columns;
    const s = ctx.slot;
    return {
      current: c.job[s] === 0 ? null : jobHeld(c, s),
      jobs: JOBS.map((job, k) => {
        const blocked = jobBlockers(c, s, k);
        return {
          id: job.id,
          title: job.title,
          partTime: job.partTime,
          salary: job.salary,
          ladder: [...job.ladder],
          requirements: {
            minAge: job.minAge,
            education: job.education,
            ...(job.major === undefined ? {} : { major: job.major }),
            minGpa: job.minGpa,
          },
          tags: [...job.tags],
          eligible: blocked === 0,
          reasons: namesOf(JOB_BLOCKS, blocked),
          held: c.job[s] === k + 1,
        };
      }),
    };
  },

  applyForJob(ctx, { jobId }) {
    const c = ctx.engine.world.columns;
    const s = ctx.slot;
    const index = JOB_INDEX.get(jobId);
    if (index === undefined) throw new GameError('NOT_FOUND', `no job ${JSON.stringify(jobId)}`);
    mustBeAlive(c, s);
    if (c.job[s] === index + 1) throw new GameError('CONFLICT', `already working as ${jobId}`);
    const blocked = jobBlockers(c, s, index);
    if (blocked !== 0) {
      throw new GameError(
        'CONFLICT',
        `requirements not met for ${jobId}: ${namesOf(JOB_BLOCKS, blocked).join(', ')}`,
      );
    }
    const previous = c.job[s]!;
    const left = previous === 0 ? undefined : JOBS[previous - 1]!.id;
    if (previous !== 0) leaveJob(c, s);
    // jobBlockers has checked the age, so hire cannot refuse.
    hire(c, s, index);
    count(ctx.cold, 'jobApplications');
    ctx.coldChanged();
    return { job: jobHeld(c, s), ...(left === undefined ? {} : { left }) };
  },

  quitJob(ctx) {
    const c = ctx.engine.world.columns;
    const s = ctx.slot;
    mustBeAlive(c, s);
    if (c.job[s] === 0) throw new GameError('CONFLICT', 'no job to quit');
    const left = JOBS[c.job[s]! - 1]!.id;
    leaveJob(c, s);
    count(ctx.cold, 'jobsQuit');
    ctx.coldChanged();
    return { left };
  },

  getExtraCurriculars(ctx) {
    const c = ctx.engine.world.columns;
    const s = ctx.slot;
    const full = activityCount(c, s) >= MAX_ACTIVITIES;
    return {
      max: MAX_ACTIVITIES,
      joined: joinedIds(c, s),
      activities: ACTIVITIES.map((a, k) => {
        const joined = doesActivity(c, s, k);
        const reasons: (ActivityBlockName | 'full' | 'joined')[] = namesOf(
          ACTIVITY_BLOCKS,
          activityBlockers(c, s, k),
        );
        if (joined) reasons.push('joined');
        else if (full) reasons.push('full');
        return {
          id: a.id,
          name: a.name,
          description: a.description,
          minAge: a.minAge,
          maxAge: a.maxAge,
          requirements: {
            school: a.requires.school ?? false,
            minPerformance: a.requires.minPerformance ?? 0,
            minGpa: a.requires.minGpa ?? 0,
          },
          weekly: { ...a.weekly } as Record<string, number>,
          tags: [...a.tags],
          joined,
          eligible: reasons.length === 0,
          reasons,
        };
      }),
    };
  },

  applyForExtracurricular(ctx, { activityId }) {
    const c = ctx.engine.world.columns;
    const s = ctx.slot;
    const k = activityIndex(activityId);
    mustBeAlive(c, s);
    if (doesActivity(c, s, k)) throw new GameError('CONFLICT', `already doing ${activityId}`);
    if (activityCount(c, s) >= MAX_ACTIVITIES) {
      throw new GameError('CONFLICT', `already doing ${MAX_ACTIVITIES} activities: quit one first`);
    }
    const blocked = activityBlockers(c, s, k);
    if (blocked !== 0) {
      throw new GameError(
        'CONFLICT',
        `requirements not met for ${activityId}: ${namesOf(ACTIVITY_BLOCKS, blocked).join(', ')}`,
      );
    }
    joinActivity(c, s, k);
    count(ctx.cold, 'extracurricularsJoined');
    ctx.coldChanged();
    return { joined: joinedIds(c, s) };
  },

  quitExtracurricular(ctx, { activityId }) {
    const c = ctx.engine.world.columns;
    const s = ctx.slot;
    const k = activityIndex(activityId);
    mustBeAlive(c, s);
    if (!doesActivity(c, s, k)) throw new GameError('CONFLICT', `not doing ${activityId}`);
    quitActivity(c, s, k);
    count(ctx.cold, 'extracurricularsQuit');
    ctx.coldChanged();
    return { joined: joinedIds(c, s) };
  },

  focusUpdate(ctx, { focus }) {
    const c = ctx.engine.world.columns;
    const value = Focus[focus];
    if (c.focus[ctx.slot] !== value) {
      c.focus[ctx.slot] = value;
      markDirty(c, ctx.slot, FIELD_INDEX.focus);
    }
    return { focus: FOCUS_NAMES[value]! };
  },
};
