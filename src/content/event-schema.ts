import { z } from 'zod';
import {
  Flag,
  type FlagName,
  Interest,
  type InterestName,
  NpcRole,
  type NpcRoleName,
  School,
  type SchoolName,
  Stage,
  type StageName,
} from '../world/life.ts';
import { CONDITIONS } from './conditions.ts';
import { JOBS } from './jobs.ts';
import { MAJORS } from './majors.ts';

/**
 * The shape of an event as content authors write it. The catalog is checked
 * against this at start-up, so a typo in content stops the server with a
 * message naming the event instead of misbehaving at run time.
 */

/** Fields an effect or a condition may name. */
export const STAT_FIELDS = [
  'energy',
  'peakEnergy',
  'happiness',
  'health',
  'stress',
  'hunger',
  'social',
  'jobPerformance',
  'schoolPerformance',
  'money',
  'diamonds',
  'jobLevel',
  'gpa',
] as const;
export type StatField = (typeof STAT_FIELDS)[number];

const keysOf = <T extends Record<string, unknown>>(o: T) =>
  Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];

const flagName = z.enum(keysOf(Flag)) as z.ZodType<FlagName>;
const stageName = z.enum(keysOf(Stage)) as z.ZodType<StageName>;
const roleName = z.enum(keysOf(NpcRole)) as z.ZodType<NpcRoleName>;
const interestName = z.enum(keysOf(Interest)) as z.ZodType<InterestName>;
const statField = z.enum(STAT_FIELDS);
const schoolName = z.enum(keysOf(School)) as z.ZodType<SchoolName>;
const jobId = z.enum(JOBS.map((j) => j.id) as [string, ...string[]]);
const majorId = z.enum(MAJORS.map((m) => m.id) as [string, ...string[]]);
const conditionId = z.enum(CONDITIONS.map((c) => c.id) as [string, ...string[]]);
const id = z.string().regex(/^[a-z0-9_.-]{1,64}$/, 'ids are 1-64 of [a-z0-9_.-]');

const effectsSchema = z
  .object({
    stats: z.partialRecord(statField, z.number().int()).optional(),
    setFlags: z.array(flagName).optional(),
    clearFlags: z.array(flagName).optional(),
    npc: z
      .object({
        role: roleName,
        affinity: z.number().int().min(-200).max(200).optional(),
        familiarity: z.number().int().min(-100).max(100).optional(),
      })
      .strict()
      .optional(),
    /** Interests the person comes to like (and stops disliking). */
    interests: z.array(interestName).optional(),
    /** Interests the person comes to dislike (and stops liking). */
    dislikes: z.array(interestName).optional(),
    /** Take this job (entry level), or `none` to lose the current one. */
    job: z.union([jobId, z.literal('none')]).optional(),
    /** Enrol at this level (`none`: leave school). */
    school: schoolName.optional(),
    major: majorId.optional(),
    conditions: z
      .object({
        add: z.array(conditionId).optional(),
        cure: z.array(conditionId).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type Effects = z.infer<typeof effectsSchema>;

const costSchema = z
  .object({
    energy: z.number().int().positive().optional(),
    money: z.number().int().positive().optional(),
    diamonds: z.number().int().positive().optional(),
  })
  .strict();
export type Cost = z.infer<typeof costSchema>;

const optionSchema = z
  .object({
    id,
    label: z.string().min(1),
    cost: costSchema.optional(),
    effects: effectsSchema.optional(),
    /** The next step of a dilemma: that event becomes pending when this option is chosen. */
    next: id.optional(),
  })
  .strict();
export type EventOption = z.infer<typeof optionSchema>;

const statRange = z
  .object({ min: z.number().int().optional(), max: z.number().int().optional() })
  .strict();

const whenSchema = z
  .object({
    /** Inclusive age range in years. */
    age: z.tuple([z.number().int().min(0), z.number().int().min(0)]).optional(),
    stages: z.array(stageName).min(1).optional(),
    all: z.array(flagName).optional(),
    none: z.array(flagName).optional(),
    stats: z.partialRecord(statField, statRange).optional(),
    /** Requires an NPC of this role, optionally with affinity in a range. */
    npc: z
      .object({
        role: roleName,
        minAffinity: z.number().int().min(-100).max(100).optional(),
        maxAffinity: z.number().int().min(-100).max(100).optional(),
      })
      .strict()
      .optional(),
    /** Requires at least one of these health conditions. */
    anyCondition: z.array(conditionId).min(1).optional(),
    /** A scheduled event fires on this day of the year at `hour` (holidays). */
    day: z.number().int().min(0).max(364).optional(),
    hour: z.number().int().min(0).max(23).optional(),
    /** Probability per game hour while the conditions hold. */
    chance: z.number().min(0).max(1),
    /** Fires at most once in a life. */
    once: z.boolean().optional(),
  })
  .strict();
export type EventWhen = z.infer<typeof whenSchema>;

export const eventDefSchema = z
  .object({
    id,
    kind: z.enum(['message', 'question', 'dilemma']),
    title: z.string().min(1),
    text: z.string().min(1),
    tags: z.array(interestName).optional(),
    /** Absent: the event never fires by itself (a dilemma step, or fired by a rule). */
    when: whenSchema.optional(),
    effects: effectsSchema.optional(),
    options: z.array(optionSchema).optional(),
    /** A message with a reward the player collects with claimEvent. */
    reward: z
      .object({
        money: z.number().int().positive().optional(),
        diamonds: z.number().int().positive().optional(),
        energy: z.number().int().positive().optional(),
      })
      .strict()
      .optional(),
    /** Step of the tutorial sequence for new players (1, 2, ...): fired by the rules in order. */
    tutorialStep: z.number().int().min(1).max(255).optional(),
  })
  .strict()
  .superRefine((e, ctx) => {
    const asks = e.kind !== 'message';
    if (asks && !(e.options && e.options.length > 0)) {
      ctx.addIssue({ code: 'custom', message: `${e.kind} events need options` });
    }
    if (!asks && e.options)
      ctx.addIssue({ code: 'custom', message: 'message events take no options' });
    if (e.when && (e.when.day === undefined) !== (e.when.hour === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'a scheduled event needs both day and hour' });
    }
    if (e.when?.age && e.when.age[0] > e.when.age[1]) {
      ctx.addIssue({ code: 'custom', message: 'age range is [min, max]' });
    }
    if (e.reward && e.kind !== 'message') {
      ctx.addIssue({ code: 'custom', message: 'only message events carry a claimable reward' });
    }
    if (e.tutorialStep !== undefined && e.when) {
      ctx.addIssue({ code: 'custom', message: 'tutorial steps are fired by the rules: no when' });
    }
    if (e.when?.stats && Object.keys(e.when.stats).length > 2) {
      ctx.addIssue({ code: 'custom', message: 'at most two stat conditions per event' });
    }
  });
export type EventDef = z.infer<typeof eventDefSchema>;
