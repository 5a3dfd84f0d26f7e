import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandName } from '../../protocol/commands.ts';
import { runCommand } from '../../src/commands/handlers.ts';
import { ACTIVITY_INDEX } from '../../src/content/activities.ts';
import { JOB_INDEX, salaryFor } from '../../src/content/jobs.ts';
import { Engine } from '../../src/engine/engine.ts';
import { GameError } from '../../src/sim/game-error.ts';
import { hire } from '../../src/sim/work.ts';
import type { Columns } from '../../src/world/columns.ts';
import { Flag, Focus, School } from '../../src/world/life.ts';
import { snapshot } from '../helpers/columns.ts';
import { testCommandContext } from '../helpers/command-context.ts';

let engine: Engine;
let c: Columns;
let players = 0;

beforeAll(() => {
  engine = new Engine({ capacity: 64, workers: 1, tickHz: 20 });
  c = engine.world.columns;
});
afterAll(async () => {
  await engine.close();
});

/** A fresh player of `ageYears` with no job and no activities, and a context over them. */
function player(ageYears: number) {
  const slot = engine.slotOf(engine.spawn({ seed: 9, player: ++players, ageYears }));
  if (c.job[slot] !== 0) {
    c.job[slot] = 0;
    c.salary[slot] = 0;
    c.flags[slot] = c.flags[slot]! & ~Flag.hasJob;
  }
  c.flags[slot] = c.flags[slot]! & ~Flag.retired;
  c.extracurriculars[slot] = 0;
  return { slot, ctx: testCommandContext(engine, slot) };
}

/** A college graduate in computer science with a 3.0 GPA. */
function graduate(ageYears = 25) {
  const p = player(ageYears);
  c.educationDone[p.slot] = School.college;
  c.major[p.slot] = 1; // computer_science
  c.gpa[p.slot] = 300;
  c.flags[p.slot] = (c.flags[p.slot]! | Flag.graduatedHighSchool | Flag.graduatedCollege) >>> 0;
  return p;
}

type Ctx = ReturnType<typeof player>['ctx'];

function run(ctx: Ctx, name: CommandName, args: unknown = {}): Record<string, unknown> {
  return runCommand(ctx, name, args) as Record<string, unknown>;
}

/** The code a command is refused with; the player's columns and cold state must be untouched. */
function refused(ctx: Ctx, name: CommandName, args: unknown = {}): string {
  const before = snapshot(c, ctx.slot);
  const cold = structuredClone(ctx.cold);
  const changes = ctx.coldChanges;
  try {
    runCommand(ctx, name, args);
  } catch (error) {
    if (!(error instanceof GameError)) throw error;
    expect(snapshot(c, ctx.slot)).toEqual(before);
    expect(ctx.cold).toEqual(cold);
    expect(ctx.coldChanges).toBe(changes);
    return error.code;
  }
  throw new Error(`${name} was not refused`);
}

describe('getJobs', () => {
  it('lists every job with its requirements and why this player cannot take it', () => {
    const { ctx } = player(10);
    const { current, jobs } = run(ctx, 'getJobs') as {
      current: unknown;
      jobs: { id: string; eligible: boolean; reasons: string[] }[];
    };
    expect(current).toBeNull();
    expect(jobs.length).toBe(JOB_INDEX.size);
    for (const j of jobs) {
      expect(j.eligible, j.id).toBe(false);
      expect(j.reasons, j.id).toContain('tooYoung');
    }
  });

  it('marks the jobs a graduate qualifies for, and the one they hold', () => {
    const { ctx, slot } = graduate();
    hire(c, slot, JOB_INDEX.get('teacher')!);
    const { current, jobs } = run(ctx, 'getJobs') as {
      current: { jobId: string; title: string };
      jobs: { id: string; eligible: boolean; reasons: string[]; held: boolean }[];
    };
    expect(current).toMatchObject({ jobId: 'teacher', title: 'Teacher' });
    const byId = new Map(jobs.map((j) => [j.id, j]));
    expect(byId.get('software_engineer')).toMatchObject({ eligible: true, reasons: [] });
    expect(byId.get('doctor')).toMatchObject({ eligible: false });
    expect(byId.get('doctor')!.reasons).toEqual(expect.arrayContaining(['major', 'gpa']));
    expect(byId.get('teacher')).toMatchObject({ held: true, reasons: ['major'] });
  });
});

describe('applyForJob', () => {
  it('hires at entry level, counting the application', () => {
    const { ctx, slot } = graduate();
    const result = run(ctx, 'applyForJob', { jobId: 'software_engineer' });
    const k = JOB_INDEX.get('software_engineer')!;
    expect(result).toEqual({
      job: {
        jobId: 'software_engineer',
        title: 'Junior Engineer',
        level: 0,
        salary: salaryFor(k, 0),
        performance: 50,
        weeks: 0,
        partTime: false,
      },
    });
    expect(c.job[slot]).toBe(k + 1);
    expect(c.flags[slot]! & Flag.hasJob).toBe(Flag.hasJob);
    expect(ctx.cold.counters.jobApplications).toBe(1);
    expect(ctx.coldChanges).toBe(1);
  });

  it('leaves the job held first: a full-time job ends the part-time one', () => {
    const { ctx, slot } = player(18);
    c.educationDone[slot] = School.highSchool;
    run(ctx, 'applyForJob', { jobId: 'cashier' });
    const result = run(ctx, 'applyForJob', { jobId: 'warehouse_worker' });
    expect(result).toMatchObject({ left: 'cashier', job: { jobId: 'warehouse_worker' } });
    expect(c.job[slot]).toBe(JOB_INDEX.get('warehouse_worker')! + 1);
    expect(ctx.cold.counters.jobApplications).toBe(2);
  });

  it('refuses, changing nothing: unknown job, under 13, requirements missed, the same job, a life ended, bad args', () => {
    const child = player(12).ctx;
    expect(refused(child, 'applyForJob', { jobId: 'astronaut' })).toBe('NOT_FOUND');
    expect(refused(child, 'applyForJob', { jobId: 'babysitter' })).toBe('CONFLICT');

    const teen = player(16);
    expect(refused(teen.ctx, 'applyForJob', { jobId: 'doctor' })).toBe('CONFLICT');
    run(teen.ctx, 'applyForJob', { jobId: 'barista' });
    expect(refused(teen.ctx, 'applyForJob', { jobId: 'barista' })).toBe('CONFLICT');
    expect(refused(teen.ctx, 'applyForJob', {})).toBe('INVALID_ARGS');
    expect(refused(teen.ctx, 'applyForJob', { jobId: 'barista', extra: 1 })).toBe('INVALID_ARGS');

    const retiree = graduate(66);
    c.flags[retiree.slot] = (c.flags[retiree.slot]! | Flag.retired) >>> 0;
    expect(refused(retiree.ctx, 'applyForJob', { jobId: 'software_engineer' })).toBe('CONFLICT');

    const gone = graduate();
    c.alive[gone.slot] = 0;
    expect(refused(gone.ctx, 'applyForJob', { jobId: 'software_engineer' })).toBe('CONFLICT');
  });
});

describe('quitJob', () => {
  it('leaves the job and counts it; refuses without one', () => {
    const { ctx, slot } = graduate();
    expect(refused(ctx, 'quitJob')).toBe('CONFLICT');
    run(ctx, 'applyForJob', { jobId: 'software_engineer' });
    expect(run(ctx, 'quitJob')).toEqual({ left: 'software_engineer' });
    expect(c.job[slot]).toBe(0);
    expect(c.salary[slot]).toBe(0);
    expect(c.flags[slot]! & Flag.hasJob).toBe(0);
    expect(ctx.cold.counters.jobsQuit).toBe(1);
    expect(refused(ctx, 'quitJob')).toBe('CONFLICT');
  });
});

describe('extracurriculars', () => {
  it('lists the activities, joined and eligible, with reasons', () => {
    const { ctx, slot } = player(15);
    c.schoolPerformance[slot] = 55;
    const list = run(ctx, 'getExtraCurriculars') as {
      max: number;
      joined: string[];
      activities: { id: string; eligible: boolean; reasons: string[]; joined: boolean }[];
    };
    expect(list.max).toBe(2);
    expect(list.joined).toEqual([]);
    const byId = new Map(list.activities.map((a) => [a.id, a]));
    expect(byId.get('debate')).toMatchObject({ eligible: true, reasons: [] });
    expect(byId.get('student_council')).toMatchObject({
      eligible: false,
      reasons: ['performance'],
    });
  });

  it('joins up to two, quits, and refuses the rest changing nothing', () => {
    const { ctx, slot } = player(15);
    c.schoolPerformance[slot] = 55;
    expect(run(ctx, 'applyForExtracurricular', { activityId: 'soccer' })).toEqual({
      joined: ['soccer'],
    });
    expect(refused(ctx, 'applyForExtracurricular', { activityId: 'soccer' })).toBe('CONFLICT');
    expect(refused(ctx, 'applyForExtracurricular', { activityId: 'student_council' })).toBe(
      'CONFLICT',
    );
    expect(refused(ctx, 'applyForExtracurricular', { activityId: 'quidditch' })).toBe('NOT_FOUND');
    run(ctx, 'applyForExtracurricular', { activityId: 'band' });
    expect(c.extracurriculars[slot]).toBe(
      (1 << ACTIVITY_INDEX.get('soccer')!) | (1 << ACTIVITY_INDEX.get('band')!),
    );
    // A third is one too many.
    expect(refused(ctx, 'applyForExtracurricular', { activityId: 'debate' })).toBe('CONFLICT');

    expect(run(ctx, 'quitExtracurricular', { activityId: 'soccer' })).toEqual({
      joined: ['band'],
    });
    expect(refused(ctx, 'quitExtracurricular', { activityId: 'soccer' })).toBe('CONFLICT');
    expect(refused(ctx, 'quitExtracurricular', { activityId: 'quidditch' })).toBe('NOT_FOUND');
    expect(refused(ctx, 'quitExtracurricular', {})).toBe('INVALID_ARGS');
    expect(ctx.cold.counters).toMatchObject({ extracurricularsJoined: 2, extracurricularsQuit: 1 });

    const grownUp = player(40);
    expect(refused(grownUp.ctx, 'applyForExtracurricular', { activityId: 'band' })).toBe(
      'CONFLICT',
    );
  });
});

describe('focusUpdate', () => {
  it('sets the focus and refuses an unknown one', () => {
    const { ctx, slot } = player(12);
    expect(run(ctx, 'focusUpdate', { focus: 'academics' })).toEqual({ focus: 'academics' });
    expect(c.focus[slot]).toBe(Focus.academics);
    expect(run(ctx, 'focusUpdate', { focus: 'academics' })).toEqual({ focus: 'academics' });
    expect(refused(ctx, 'focusUpdate', { focus: 'partying' })).toBe('INVALID_ARGS');
    expect(refused(ctx, 'focusUpdate', {})).toBe('INVALID_ARGS');
    expect(c.focus[slot]).toBe(Focus.academics);
  });
});
