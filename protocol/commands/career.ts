import { z } from 'zod';

/**
 * School, jobs and extracurricular activities. Catalog ids are checked by
 * the handlers (NOT_FOUND for an unknown id), so the SDK needs no copy of
 * the catalogs; getJobs and getExtraCurriculars list them.
 */

const catalogId = z.string().min(1).max(64);

const focusName = z.enum(['balanced', 'academics', 'sports', 'social']);

/** Why the player cannot take a job now. */
const jobBlock = z.enum(['tooYoung', 'education', 'major', 'gpa', 'retired']);

/** Why the player cannot take up an activity now. */
const activityBlock = z.enum([
  'tooYoung',
  'tooOld',
  'notInSchool',
  'performance',
  'gpa',
  'full',
  'joined',
]);

const jobHeld = z.object({
  jobId: z.string(),
  title: z.string(),
  level: z.number().int(),
  salary: z.number(),
  performance: z.number().int(),
  weeks: z.number().int(),
  partTime: z.boolean(),
});

const jobEntry = z.object({
  id: z.string(),
  title: z.string(),
  partTime: z.boolean(),
  /** Weekly pay at entry level. */
  salary: z.number(),
  ladder: z.array(z.string()),
  requirements: z.object({
    minAge: z.number().int(),
    education: z.enum(['none', 'elementary', 'highSchool', 'college']),
    major: z.string().optional(),
    minGpa: z.number(),
  }),
  tags: z.array(z.string()),
  /** True when applyForJob would hire the player now. */
  eligible: z.boolean(),
  /** The requirements the player misses (empty when eligible). */
  reasons: z.array(jobBlock),
  held: z.boolean(),
});

const activityEntry = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  minAge: z.number().int(),
  maxAge: z.number().int(),
  requirements: z.object({
    school: z.boolean(),
    minPerformance: z.number().int(),
    minGpa: z.number(),
  }),
  /** What a week of it does to the player's stats. */
  weekly: z.record(z.string(), z.number()),
  tags: z.array(z.string()),
  joined: z.boolean(),
  /** True when applyForExtracurricular would accept the player now. */
  eligible: z.boolean(),
  reasons: z.array(activityBlock),
});

/** The career commands: arguments, results, refusals. */
export const CAREER_COMMANDS = {
  getJobs: {
    summary:
      'The job catalog, each job with its requirements, whether the player may take it now and, if not, why; and the job held.',
    args: z.object({}).strict(),
    result: z.object({ current: jobHeld.nullable(), jobs: z.array(jobEntry) }),
    errors: [],
  },
  applyForJob: {
    summary:
      'Take a job from getJobs at entry level, leaving the job held. NOT_FOUND: no such job. CONFLICT: already in that job, a requirement is missed (age 13+, education, major, GPA; not retired), or the life has ended.',
    args: z.object({ jobId: catalogId }).strict(),
    result: z.object({
      job: jobHeld,
      /** The job left to take this one, if any. */
      left: z.string().optional(),
    }),
    errors: ['INVALID_ARGS', 'NOT_FOUND', 'CONFLICT'],
  },
  quitJob: {
    summary: 'Leave the job held. CONFLICT: no job to leave, or the life has ended.',
    args: z.object({}).strict(),
    result: z.object({ left: z.string() }),
    errors: ['CONFLICT'],
  },
  getExtraCurriculars: {
    summary:
      'The extracurricular activities, each with its requirements and weekly effects, whether the player does it or may take it up and, if not, why.',
    args: z.object({}).strict(),
    result: z.object({
      /** Activities a player keeps up at once. */
      max: z.number().int(),
      joined: z.array(z.string()),
      activities: z.array(activityEntry),
    }),
    errors: [],
  },
  applyForExtracurricular: {
    summary:
      'Take up an activity (2 at most at once). NOT_FOUND: no such activity. CONFLICT: already doing it, already doing 2, a requirement is missed (age, enrolled at school, performance, GPA), or the life has ended.',
    args: z.object({ activityId: catalogId }).strict(),
    result: z.object({ joined: z.array(z.string()) }),
    errors: ['INVALID_ARGS', 'NOT_FOUND', 'CONFLICT'],
  },
  quitExtracurricular: {
    summary:
      'Give up an activity. NOT_FOUND: no such activity. CONFLICT: not doing it, or the life has ended.',
    args: z.object({ activityId: catalogId }).strict(),
    result: z.object({ joined: z.array(z.string()) }),
    errors: ['INVALID_ARGS', 'NOT_FOUND', 'CONFLICT'],
  },
  focusUpdate: {
    summary:
      'What the player puts first at school and at work: balanced (a bit of everything), academics (grades and career: faster, more stress), sports (health and happiness) or social (friends).',
    args: z.object({ focus: focusName }).strict(),
    result: z.object({ focus: focusName }),
    errors: ['INVALID_ARGS'],
  },
} as const;
