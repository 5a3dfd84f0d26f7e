import { z } from 'zod';
import { type ConditionTable, compileConditions } from './catalog.ts';
import { eventDefSchema } from './event-schema.ts';

/**
 * Achievements as data: milestones of a life, each unlocked once by the
 * daily rules (sim/achievements.ts) when its condition holds, celebrated with
 * an `achievement` frame, and paid in diamonds when the player acknowledges
 * it (acknowledgeAchievement).
 *
 * A condition is an event's `when` without the parts about firing (chance,
 * scheduled day and hour, once): age, stages, flags, up to two stat ranges,
 * an NPC relationship, health conditions. It reads hot columns only, so the
 * workers check it with the same conditionsHold() as events.
 */

/** The `achievements` column is a u32 bitset: bit k is entry k of ACHIEVEMENTS. */
export const MAX_ACHIEVEMENTS = 32;

const conditionSchema = eventDefSchema.shape.when
  .unwrap()
  .omit({ chance: true, day: true, hour: true, once: true })
  .refine((w) => Object.keys(w.stats ?? {}).length <= 2, 'at most two stat conditions')
  .refine((w) => !w.age || w.age[0] <= w.age[1], 'age range is [min, max]');

export const achievementDefSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9_.-]{1,64}$/, 'ids are 1-64 of [a-z0-9_.-]'),
    title: z.string().min(1),
    text: z.string().min(1),
    /** Diamonds granted when the player acknowledges the unlocked achievement. */
    diamonds: z.number().int().min(0),
    when: conditionSchema,
  })
  .strict();
export type AchievementDef = z.infer<typeof achievementDefSchema>;

// Rewards scale with how rare the milestone is: most lives pass the small
// ones (5), many reach the middle ones (10-25), few the rare ones (50-100).
const COMMON = 5;
const NOTABLE = 10;
const HARD = 25;
const RARE = 50;
const LEGENDARY = 100;

/**
 * The achievements. An entry's position is its bit in the `achievements`
 * column (and in cold achievementsAcknowledged), so entries are only ever
 * appended, never reordered or removed. At most MAX_ACHIEVEMENTS.
 */
export const ACHIEVEMENT_DEFS: readonly AchievementDef[] = [
  // -- growing up ----------------------------------------------------------------
  {
    id: 'first_birthday',
    title: 'One year old',
    text: 'You made it through your first year. Cake everywhere.',
    diamonds: COMMON,
    when: { age: [1, 120] },
  },
  {
    id: 'school_days',
    title: 'School days',
    text: 'Your first day of school: a new backpack and a lot of new faces.',
    diamonds: COMMON,
    when: { all: ['inSchool'] },
  },
  {
    id: 'grown_up',
    title: 'All grown up',
    text: 'You turned 18. The world treats you as an adult now.',
    diamonds: COMMON,
    when: { age: [18, 120] },
  },
  {
    id: 'high_school_graduate',
    title: 'Diploma in hand',
    text: 'You graduated from high school.',
    diamonds: NOTABLE,
    when: { all: ['graduatedHighSchool'] },
  },
  {
    id: 'college_graduate',
    title: 'Cap and gown',
    text: 'You earned a college degree.',
    diamonds: HARD,
    when: { all: ['graduatedCollege'] },
  },
  {
    id: 'honor_roll',
    title: 'Honor roll',
    text: 'You finished school with a GPA of 3.5 or better.',
    diamonds: HARD,
    // gpa is in hundredths (350 = 3.5) of the last level finished.
    when: { stats: { gpa: { min: 350 } } },
  },
  {
    id: 'top_of_the_class',
    title: 'Top of the class',
    text: 'Your teachers rate your school work 95 out of 100 or better.',
    diamonds: NOTABLE,
    when: { all: ['inSchool'], stats: { schoolPerformance: { min: 95 } } },
  },
  // -- work ------------------------------------------------------------------------
  {
    id: 'first_job',
    title: 'First paycheck',
    text: 'You got your first job.',
    diamonds: COMMON,
    when: { all: ['hasJob'] },
  },
  {
    id: 'promoted',
    title: 'Moving up',
    text: 'You were promoted for the first time.',
    diamonds: NOTABLE,
    when: { all: ['hasJob'], stats: { jobLevel: { min: 1 } } },
  },
  {
    id: 'corner_office',
    title: 'Corner office',
    text: 'You climbed to the fourth rung of a career ladder.',
    diamonds: RARE,
    // jobLevel counts from 0 (entry): 3 is the top of the longest ladders.
    when: { all: ['hasJob'], stats: { jobLevel: { min: 3 } } },
  },
  {
    id: 'employee_of_the_month',
    title: 'Employee of the month',
    text: 'Your boss rates your work 95 out of 100 or better.',
    diamonds: NOTABLE,
    when: { all: ['hasJob'], stats: { jobPerformance: { min: 95 } } },
  },
  {
    id: 'retired',
    title: 'Gone fishing',
    text: 'You retired. Every day is a Saturday now.',
    diamonds: NOTABLE,
    when: { all: ['retired'] },
  },
  // -- money -----------------------------------------------------------------------
  {
    id: 'savings_10k',
    title: 'Nest egg',
    text: 'You have 10,000 in the bank.',
    diamonds: NOTABLE,
    when: { stats: { money: { min: 10_000 } } },
  },
  {
    id: 'savings_100k',
    title: 'Comfortable',
    text: 'You have 100,000 in the bank.',
    diamonds: HARD,
    when: { stats: { money: { min: 100_000 } } },
  },
  {
    id: 'millionaire',
    title: 'Millionaire',
    text: 'You have a million in the bank.',
    diamonds: LEGENDARY,
    when: { stats: { money: { min: 1_000_000 } } },
  },
  {
    id: 'car_owner',
    title: 'On the road',
    text: 'You own a car.',
    diamonds: COMMON,
    when: { all: ['ownsCar'] },
  },
  {
    id: 'homeowner',
    title: 'Home sweet home',
    text: 'You own a home.',
    diamonds: HARD,
    when: { all: ['ownsHome'] },
  },
  // -- love and family -------------------------------------------------------------
  {
    id: 'in_love',
    title: 'Someone special',
    text: 'You are in a relationship.',
    diamonds: COMMON,
    when: { all: ['hasPartner'] },
  },
  {
    id: 'engaged',
    title: 'Put a ring on it',
    text: 'You got engaged.',
    diamonds: NOTABLE,
    when: { all: ['engaged'] },
  },
  {
    id: 'married',
    title: 'Just married',
    text: 'You got married.',
    diamonds: NOTABLE,
    when: { all: ['married'] },
  },
  {
    id: 'parent',
    title: 'A new generation',
    text: 'You became a parent.',
    diamonds: HARD,
    when: { all: ['hasChild'] },
  },
  {
    id: 'pet_owner',
    title: 'Best friend on four legs',
    text: 'You have a pet.',
    diamonds: COMMON,
    when: { all: ['hasPet'] },
  },
  {
    id: 'best_friends',
    title: 'Best friends forever',
    text: 'A friend who likes you 80 out of 100 or more.',
    diamonds: NOTABLE,
    when: { npc: { role: 'friend', minAffinity: 80 } },
  },
  // -- body and mind ---------------------------------------------------------------
  {
    id: 'fitness_habit',
    title: 'Working out',
    text: 'You made exercise a habit.',
    diamonds: COMMON,
    when: { all: ['exercises'] },
  },
  {
    id: 'work_life_balance',
    title: 'Work-life balance',
    text: 'A job, happiness 90 or more and stress at 5 or less, all at once.',
    diamonds: HARD,
    when: { all: ['hasJob'], stats: { happiness: { min: 90 }, stress: { max: 5 } } },
  },
  {
    id: 'fit_at_sixty',
    title: 'Fit as a fiddle',
    text: 'Perfect health at 60 or older.',
    diamonds: RARE,
    when: { age: [60, 120], stats: { health: { min: 100 } } },
  },
  // -- a long life -----------------------------------------------------------------
  {
    id: 'half_century',
    title: 'Half a century',
    text: 'You turned 50.',
    diamonds: NOTABLE,
    when: { age: [50, 120] },
  },
  {
    id: 'octogenarian',
    title: 'Eighty candles',
    text: 'You turned 80.',
    diamonds: HARD,
    when: { age: [80, 120] },
  },
  {
    id: 'centenarian',
    title: 'Centenarian',
    text: 'You turned 100. The mayor sent a card.',
    diamonds: LEGENDARY,
    when: { age: [100, 120] },
  },
];

/** The achievement catalog, validated and compiled once per thread. */
export interface AchievementCatalog extends ConditionTable {
  readonly defs: readonly AchievementDef[];
  readonly indexById: ReadonlyMap<string, number>;
  /** Bits of every achievement there is: unlocked === all means nothing is left to check. */
  readonly all: number;
}

/**
 * Validate and compile achievements. Throws naming the first bad entry: an
 * unknown field, a duplicate id, or more than fit in the bitset.
 */
export function compileAchievements(input: readonly unknown[]): AchievementCatalog {
  if (input.length > MAX_ACHIEVEMENTS) {
    throw new Error(
      `${input.length} achievements; the achievements column holds ${MAX_ACHIEVEMENTS}`,
    );
  }
  const defs: AchievementDef[] = [];
  const indexById = new Map<string, number>();
  for (const [k, raw] of input.entries()) {
    const parsed = achievementDefSchema.safeParse(raw);
    if (!parsed.success) {
      const label = (raw as { id?: unknown } | null)?.id ?? `#${k}`;
      throw new Error(
        `achievement ${String(label)}: ${parsed.error.issues.map((x) => `${x.path.join('.')} ${x.message}`).join('; ')}`,
      );
    }
    if (indexById.has(parsed.data.id))
      throw new Error(`achievement ${parsed.data.id}: duplicate id`);
    indexById.set(parsed.data.id, k);
    defs.push(parsed.data);
  }
  // 1 << 32 is 1 in JavaScript (shift counts are mod 32): a full set is spelled out.
  const all = defs.length === MAX_ACHIEVEMENTS ? 0xffff_ffff : (1 << defs.length) - 1;
  return { defs, indexById, all: all >>> 0, ...compileConditions(defs.map((d) => d.when)) };
}

/** The compiled achievements the rules and the commands use. */
export const ACHIEVEMENTS: AchievementCatalog = compileAchievements(ACHIEVEMENT_DEFS);
