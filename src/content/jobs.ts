import { z } from 'zod';
import { Interest, type InterestName, School, type SchoolName } from '../world/life.ts';
import { MAJOR_INDEX } from './majors.ts';

/**
 * A job in the catalog. Applying (applyForJob) checks the requirements; the
 * weekly rules pay the salary of the current rung of the ladder, move
 * performance, promote (performance high, enough weeks in the job) or fire
 * (performance low): see sim/work.ts and sim/work-rules.ts.
 */
export interface Job {
  readonly id: string;
  readonly title: string;
  /** Youngest age to be hired; never below MIN_WORKING_AGE. */
  readonly minAge: number;
  /** School level that must be finished (`none`: no diploma needed). */
  readonly education: SchoolName;
  /** A college job may need a particular major (content/majors.ts id). */
  readonly major?: string;
  /** Minimum GPA (0..4) of the last level finished. */
  readonly minGpa: number;
  /** Weekly pay at entry level; each rung up adds `raise` of it. */
  readonly salary: number;
  /** Job titles from entry level up: promotions climb this ladder. */
  readonly ladder: readonly string[];
  readonly partTime: boolean;
  readonly tags: readonly InterestName[];
}

/**
 * Each rung up the ladder adds a quarter of the entry salary: a promotion is
 * a raise worth having, and the top of a four-rung ladder pays 1.75x entry.
 */
export const RAISE_PER_RUNG = 0.25;

/** Nobody younger holds a job (the original game's babysitters started at 13). */
export const MIN_WORKING_AGE = 13;

/**
 * The job catalog. A job's position is stored in the `job` column
 * (index + 1), so append new jobs at the end.
 */
export const JOBS: readonly Job[] = [
  // -- part-time, for teens and students -------------------------------------------
  {
    id: 'babysitter',
    title: 'Babysitter',
    minAge: 13,
    education: 'none',
    minGpa: 0,
    salary: 60,
    ladder: ['Babysitter'],
    partTime: true,
    tags: ['social'],
  },
  {
    id: 'cashier',
    title: 'Cashier',
    minAge: 15,
    education: 'none',
    minGpa: 0,
    salary: 120,
    ladder: ['Cashier', 'Shift Lead'],
    partTime: true,
    tags: ['money'],
  },
  {
    id: 'lifeguard',
    title: 'Lifeguard',
    minAge: 15,
    education: 'none',
    minGpa: 0,
    salary: 130,
    ladder: ['Lifeguard', 'Head Lifeguard'],
    partTime: true,
    tags: ['sports'],
  },
  {
    id: 'barista',
    title: 'Barista',
    minAge: 16,
    education: 'none',
    minGpa: 0,
    salary: 140,
    ladder: ['Barista', 'Shift Supervisor'],
    partTime: true,
    tags: ['food', 'social'],
  },
  // -- full-time, no degree -----------------------------------------------------------
  {
    id: 'warehouse_worker',
    title: 'Warehouse Worker',
    minAge: 18,
    education: 'none',
    minGpa: 0,
    salary: 420,
    ladder: ['Warehouse Worker', 'Forklift Operator', 'Warehouse Supervisor'],
    partTime: false,
    tags: ['sports'],
  },
  {
    id: 'cook',
    title: 'Line Cook',
    minAge: 18,
    education: 'none',
    minGpa: 0,
    salary: 430,
    ladder: ['Line Cook', 'Sous Chef', 'Head Chef'],
    partTime: false,
    tags: ['food'],
  },
  {
    id: 'retail_associate',
    title: 'Retail Associate',
    minAge: 18,
    education: 'highSchool',
    minGpa: 0,
    salary: 450,
    ladder: ['Retail Associate', 'Assistant Manager', 'Store Manager'],
    partTime: false,
    tags: ['social', 'money'],
  },
  {
    id: 'electrician',
    title: 'Apprentice Electrician',
    minAge: 18,
    education: 'highSchool',
    minGpa: 2.0,
    salary: 520,
    ladder: ['Apprentice Electrician', 'Electrician', 'Master Electrician'],
    partTime: false,
    tags: ['tech'],
  },
  {
    id: 'police_officer',
    title: 'Police Officer',
    minAge: 21,
    education: 'highSchool',
    minGpa: 2.0,
    salary: 600,
    ladder: ['Officer', 'Sergeant', 'Lieutenant', 'Captain'],
    partTime: false,
    tags: ['sports', 'social'],
  },
  {
    id: 'musician',
    title: 'Session Musician',
    minAge: 18,
    education: 'none',
    minGpa: 0,
    salary: 380,
    ladder: ['Session Musician', 'Touring Musician', 'Headliner'],
    partTime: false,
    tags: ['music', 'art'],
  },
  // -- full-time, college ---------------------------------------------------------------
  {
    id: 'software_engineer',
    title: 'Software Engineer',
    minAge: 21,
    education: 'college',
    major: 'computer_science',
    minGpa: 2.5,
    salary: 1400,
    ladder: ['Junior Engineer', 'Software Engineer', 'Senior Engineer', 'Staff Engineer'],
    partTime: false,
    tags: ['tech'],
  },
  {
    id: 'accountant',
    title: 'Accountant',
    minAge: 21,
    education: 'college',
    major: 'business',
    minGpa: 2.5,
    salary: 1100,
    ladder: ['Junior Accountant', 'Accountant', 'Senior Accountant', 'Partner'],
    partTime: false,
    tags: ['money'],
  },
  {
    id: 'doctor',
    title: 'Doctor',
    minAge: 24,
    education: 'college',
    major: 'medicine',
    minGpa: 3.3,
    salary: 2000,
    ladder: ['Resident', 'Doctor', 'Specialist', 'Chief of Medicine'],
    partTime: false,
    tags: ['books', 'social'],
  },
  {
    id: 'lawyer',
    title: 'Lawyer',
    minAge: 24,
    education: 'college',
    major: 'law',
    minGpa: 3.0,
    salary: 1800,
    ladder: ['Associate', 'Senior Associate', 'Partner'],
    partTime: false,
    tags: ['books', 'money'],
  },
  {
    id: 'civil_engineer',
    title: 'Civil Engineer',
    minAge: 21,
    education: 'college',
    major: 'engineering',
    minGpa: 2.7,
    salary: 1300,
    ladder: ['Junior Engineer', 'Engineer', 'Lead Engineer'],
    partTime: false,
    tags: ['tech'],
  },
  {
    id: 'teacher',
    title: 'Teacher',
    minAge: 21,
    education: 'college',
    major: 'education',
    minGpa: 2.5,
    salary: 850,
    ladder: ['Teacher', 'Senior Teacher', 'Head of Department', 'Principal'],
    partTime: false,
    tags: ['books', 'social'],
  },
  {
    id: 'graphic_designer',
    title: 'Graphic Designer',
    minAge: 21,
    education: 'college',
    major: 'fine_arts',
    minGpa: 2.0,
    salary: 800,
    ladder: ['Junior Designer', 'Designer', 'Art Director'],
    partTime: false,
    tags: ['art', 'tech'],
  },
  {
    id: 'marketing_manager',
    title: 'Marketing Coordinator',
    minAge: 21,
    education: 'college',
    minGpa: 2.3,
    salary: 950,
    ladder: ['Marketing Coordinator', 'Marketing Manager', 'Marketing Director'],
    partTime: false,
    tags: ['social', 'money'],
  },
  {
    id: 'biologist',
    title: 'Lab Technician',
    minAge: 21,
    education: 'college',
    major: 'biology',
    minGpa: 2.8,
    salary: 900,
    ladder: ['Lab Technician', 'Research Scientist', 'Principal Investigator'],
    partTime: false,
    tags: ['nature', 'books'],
  },
  {
    id: 'coach',
    title: 'Assistant Coach',
    minAge: 21,
    education: 'college',
    major: 'sports_science',
    minGpa: 2.0,
    salary: 750,
    ladder: ['Assistant Coach', 'Coach', 'Head Coach'],
    partTime: false,
    tags: ['sports'],
  },
  {
    id: 'chef',
    title: 'Chef de Partie',
    minAge: 21,
    education: 'college',
    major: 'culinary_arts',
    minGpa: 2.0,
    salary: 800,
    ladder: ['Chef de Partie', 'Sous Chef', 'Executive Chef'],
    partTime: false,
    tags: ['food', 'art'],
  },
  // -- added with the career system -----------------------------------------------------
  {
    id: 'dog_walker',
    title: 'Dog Walker',
    minAge: 13,
    education: 'none',
    minGpa: 0,
    salary: 50,
    ladder: ['Dog Walker'],
    partTime: true,
    tags: ['nature', 'sports'],
  },
  {
    id: 'tutor',
    title: 'Tutor',
    minAge: 15,
    education: 'elementary',
    minGpa: 3.0,
    salary: 110,
    ladder: ['Tutor', 'Senior Tutor'],
    partTime: true,
    tags: ['books'],
  },
  {
    id: 'park_ranger',
    title: 'Park Ranger',
    minAge: 19,
    education: 'highSchool',
    minGpa: 2.0,
    salary: 540,
    ladder: ['Seasonal Ranger', 'Park Ranger', 'Chief Ranger'],
    partTime: false,
    tags: ['nature', 'sports'],
  },
  {
    id: 'nurse',
    title: 'Nurse',
    minAge: 21,
    education: 'college',
    major: 'medicine',
    minGpa: 2.5,
    salary: 1000,
    ladder: ['Staff Nurse', 'Charge Nurse', 'Nurse Manager'],
    partTime: false,
    tags: ['social', 'books'],
  },
  {
    id: 'journalist',
    title: 'Junior Reporter',
    minAge: 21,
    education: 'college',
    minGpa: 2.5,
    salary: 820,
    ladder: ['Junior Reporter', 'Reporter', 'Senior Correspondent', 'Editor'],
    partTime: false,
    tags: ['books', 'travel'],
  },
];

const jobSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9_]{1,32}$/),
    title: z.string().min(1),
    minAge: z.number().int().min(MIN_WORKING_AGE).max(120),
    education: z.enum(Object.keys(School) as [SchoolName, ...SchoolName[]]),
    major: z
      .string()
      .refine((m) => MAJOR_INDEX.has(m), 'unknown major')
      .optional(),
    minGpa: z.number().min(0).max(4),
    salary: z.number().int().positive(),
    // The `jobLevel` column holds rungs 0..15.
    ladder: z.array(z.string().min(1)).min(1).max(16),
    partTime: z.boolean(),
    tags: z.array(z.enum(Object.keys(Interest) as [InterestName, ...InterestName[]])),
  })
  .strict();

// The catalog is checked once at load: a bad job stops start-up, naming it.
for (const [k, job] of JOBS.entries()) {
  const parsed = jobSchema.safeParse(job);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`);
    throw new Error(`job ${job.id ?? `#${k}`}: ${issues.join('; ')}`);
  }
}
if (new Set(JOBS.map((j) => j.id)).size !== JOBS.length) throw new Error('job ids must be unique');

/** Catalog index of each job, by id. */
export const JOB_INDEX: ReadonlyMap<string, number> = new Map(JOBS.map((j, i) => [j.id, i]));

/**
 * The catalog as typed arrays, entry k per job, for the hot path (eligibility
 * and the weekly and hourly work rules read numbers, never objects).
 */
export const JOB_TABLE = {
  minAge: Uint8Array.from(JOBS, (j) => j.minAge),
  education: Uint8Array.from(JOBS, (j) => School[j.education]),
  /** Major index + 1 the job needs, 0 for any. */
  major: Uint8Array.from(JOBS, (j) => (j.major === undefined ? 0 : MAJOR_INDEX.get(j.major)! + 1)),
  /** In hundredths, as the `gpa` column stores it. */
  minGpa: Uint16Array.from(JOBS, (j) => Math.round(j.minGpa * 100)),
  rungs: Uint8Array.from(JOBS, (j) => j.ladder.length),
  partTime: Uint8Array.from(JOBS, (j) => (j.partTime ? 1 : 0)),
  tags: Uint32Array.from(JOBS, (j) => j.tags.reduce((m, t) => m | Interest[t], 0)),
};

/** Weekly pay of job `index` at rung `level` of its ladder. */
export function salaryFor(index: number, level: number): number {
  const job = JOBS[index]!;
  return Math.round(job.salary * (1 + RAISE_PER_RUNG * level));
}

/** The title of job `index` at rung `level` (the top rung's past the ladder's end). */
export function jobTitle(index: number, level: number): string {
  const ladder = JOBS[index]!.ladder;
  return ladder[Math.min(level, ladder.length - 1)]!;
}
