import { z } from 'zod';
import { Interest, type InterestName } from '../world/life.ts';
import { FIELD_INDEX } from '../world/schema.ts';

/**
 * Extracurricular activities: clubs, teams and pastimes a person joins
 * (applyForExtracurricular) and keeps up week after week. Each has an age
 * range and requirements, a week's effects on the person's stats, and the
 * interests it speaks to: someone who keeps at an activity comes to like
 * what it is about (sim/activities.ts).
 *
 * Bit k of the `extracurriculars` column is entry k, so append new
 * activities at the end (16 at most: the column is a u16).
 */

/** Stats an activity's week may move. */
export const ACTIVITY_STATS = [
  'happiness',
  'health',
  'social',
  'stress',
  'schoolPerformance',
  'money',
] as const;
export type ActivityStat = (typeof ACTIVITY_STATS)[number];

/** Activities a person can keep up at once. */
export const MAX_ACTIVITIES = 2;

const interestName = z.enum(Object.keys(Interest) as [InterestName, ...InterestName[]]);

const activitySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9_]{1,32}$/),
    name: z.string().min(1),
    description: z.string().min(1),
    /** Inclusive age range in years. */
    minAge: z.number().int().min(0).max(120),
    maxAge: z.number().int().min(0).max(120),
    requires: z
      .object({
        /** Only for people enrolled at a school (elementary, high school or college). */
        school: z.boolean().optional(),
        /** Minimum school performance (0..100) now. */
        minPerformance: z.number().int().min(0).max(100).optional(),
        /** Minimum GPA (0..4) of the last school level finished. */
        minGpa: z.number().min(0).max(4).optional(),
      })
      .strict(),
    /** What a week of it does, per stat (small: it adds up over a school year). */
    weekly: z.partialRecord(z.enum(ACTIVITY_STATS), z.number().int().min(-50).max(50)),
    tags: z.array(interestName).min(1),
  })
  .strict()
  .refine((a) => a.minAge <= a.maxAge, 'age range is [minAge, maxAge]');

/** An extracurricular activity as the catalog declares it. */
export type ExtracurricularActivity = z.infer<typeof activitySchema>;

const ACTIVITY_DATA: readonly ExtracurricularActivity[] = [
  {
    id: 'soccer',
    name: 'Soccer',
    description: 'Practice twice a week and a match on Saturdays.',
    minAge: 6,
    maxAge: 45,
    requires: {},
    weekly: { health: 2, happiness: 1, social: 1, stress: -1 },
    tags: ['sports', 'social'],
  },
  {
    id: 'band',
    name: 'School Band',
    description: 'Rehearsals after class and a concert every term.',
    minAge: 10,
    maxAge: 25,
    requires: { school: true },
    weekly: { happiness: 2, stress: -1, schoolPerformance: 1 },
    tags: ['music'],
  },
  {
    id: 'chess_club',
    name: 'Chess Club',
    description: 'Openings, endgames and the odd tournament.',
    minAge: 7,
    maxAge: 25,
    requires: { school: true },
    weekly: { schoolPerformance: 2, social: 1 },
    tags: ['games', 'books'],
  },
  {
    id: 'drama',
    name: 'Drama Club',
    description: 'Rehearse and stage a play every term.',
    minAge: 10,
    maxAge: 25,
    requires: { school: true },
    weekly: { social: 2, happiness: 1, stress: 1 },
    tags: ['art', 'social'],
  },
  {
    id: 'debate',
    name: 'Debate Team',
    description: 'Research, argue, win (sometimes). Needs decent grades.',
    minAge: 13,
    maxAge: 25,
    requires: { school: true, minPerformance: 50 },
    weekly: { schoolPerformance: 2, social: 1, stress: 1 },
    tags: ['books', 'social'],
  },
  {
    id: 'coding_club',
    name: 'Coding Club',
    description: 'Build games and apps with friends after class.',
    minAge: 10,
    maxAge: 25,
    requires: { school: true },
    weekly: { schoolPerformance: 1, happiness: 1 },
    tags: ['tech', 'games'],
  },
  {
    id: 'art_club',
    name: 'Art Club',
    description: 'Paint, draw and sculpt: a quiet, calming hour.',
    minAge: 6,
    maxAge: 25,
    requires: { school: true },
    weekly: { happiness: 2, stress: -2 },
    tags: ['art'],
  },
  {
    id: 'volunteering',
    name: 'Volunteering',
    description: 'Help at the shelter and the community garden.',
    minAge: 12,
    maxAge: 110,
    requires: {},
    weekly: { happiness: 2, social: 1, stress: -1 },
    tags: ['social', 'nature'],
  },
  {
    id: 'swimming',
    name: 'Swimming',
    description: 'Laps at the public pool, three mornings a week.',
    minAge: 6,
    maxAge: 110,
    requires: {},
    weekly: { health: 3, stress: -1 },
    tags: ['sports'],
  },
  {
    id: 'student_council',
    name: 'Student Council',
    description: 'Represent your class. Only for students in good standing.',
    minAge: 14,
    maxAge: 25,
    requires: { school: true, minPerformance: 60 },
    weekly: { social: 2, stress: 2, schoolPerformance: 1 },
    tags: ['social', 'money'],
  },
];

function checked(list: readonly unknown[]): readonly ExtracurricularActivity[] {
  const out = list.map((raw, k) => {
    const parsed = activitySchema.safeParse(raw);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`);
      throw new Error(`activity #${k}: ${issues.join('; ')}`);
    }
    return parsed.data;
  });
  // One bit per activity in the u16 `extracurriculars` column.
  if (out.length > 16) throw new Error(`${out.length} activities: the column holds 16`);
  if (new Set(out.map((a) => a.id)).size !== out.length)
    throw new Error('activity ids must be unique');
  return out;
}

/** The activity catalog, validated at load: a bad entry stops start-up naming it. */
export const ACTIVITIES: readonly ExtracurricularActivity[] = checked(ACTIVITY_DATA);

/** Catalog index (and bit) of each activity, by id. */
export const ACTIVITY_INDEX: ReadonlyMap<string, number> = new Map(
  ACTIVITIES.map((a, k) => [a.id, k]),
);

/**
 * The catalog as typed arrays, entry k per activity, for the weekly rule:
 * numbers, never objects, in the hot path.
 */
export const ACTIVITY_TABLE = (() => {
  const n = ACTIVITIES.length;
  const deltaStart = new Uint8Array(n + 1);
  const fields: number[] = [];
  const deltas: number[] = [];
  for (const [k, a] of ACTIVITIES.entries()) {
    deltaStart[k] = fields.length;
    for (const stat of ACTIVITY_STATS) {
      const d = a.weekly[stat];
      if (d) {
        fields.push(FIELD_INDEX[stat]);
        deltas.push(d);
      }
    }
  }
  deltaStart[n] = fields.length;
  return {
    minAge: Uint8Array.from(ACTIVITIES, (a) => a.minAge),
    maxAge: Uint8Array.from(ACTIVITIES, (a) => a.maxAge),
    needsSchool: Uint8Array.from(ACTIVITIES, (a) => (a.requires.school ? 1 : 0)),
    minPerformance: Uint8Array.from(ACTIVITIES, (a) => a.requires.minPerformance ?? 0),
    /** In hundredths, as the `gpa` column stores it. */
    minGpa: Uint16Array.from(ACTIVITIES, (a) => Math.round((a.requires.minGpa ?? 0) * 100)),
    tags: Uint32Array.from(ACTIVITIES, (a) => a.tags.reduce((m, t) => m | Interest[t], 0)),
    /** Activity k's weekly deltas are (deltaField[j], delta[j]) for j in [deltaStart[k], deltaStart[k+1]). */
    deltaStart,
    deltaField: Uint8Array.from(fields),
    delta: Int16Array.from(deltas),
  };
})();
