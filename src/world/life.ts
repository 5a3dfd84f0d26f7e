/**
 * The vocabulary of a life as it is stored in the columns: life stages,
 * condition flags, hourly activities and NPC roles. Rules and content both
 * speak it, so it lives beside the schema.
 */

/** Life stage, stored in the `stage` column. */
export const Stage = {
  baby: 0,
  child: 1,
  teen: 2,
  adult: 3,
  senior: 4,
} as const;
export type Stage = (typeof Stage)[keyof typeof Stage];
export type StageName = keyof typeof Stage;

/** First age (in years) of each stage after `baby`. */
export const STAGE_FROM_AGE = { child: 5, teen: 13, adult: 18, senior: 65 } as const;

export function stageForAge(years: number): Stage {
  if (years >= STAGE_FROM_AGE.senior) return Stage.senior;
  if (years >= STAGE_FROM_AGE.adult) return Stage.adult;
  if (years >= STAGE_FROM_AGE.teen) return Stage.teen;
  if (years >= STAGE_FROM_AGE.child) return Stage.child;
  return Stage.baby;
}

/** Condition bits in the `flags` column. */
export const Flag = {
  inSchool: 1 << 0,
  hasJob: 1 << 1,
  hasPartner: 1 << 2,
  smoker: 1 << 3,
  drinker: 1 << 4,
  exercises: 1 << 5,
  hasChild: 1 << 6,
  inCollege: 1 << 7,
  graduatedHighSchool: 1 << 8,
  graduatedCollege: 1 << 9,
  married: 1 << 10,
  hasPet: 1 << 11,
  retired: 1 << 12,
  ill: 1 << 13,
  /** Trying for a child with the partner (pregnancy events look for it). */
  tryingForChild: 1 << 14,
  engaged: 1 << 15,
  divorced: 1 << 16,
  ownsCar: 1 << 17,
  ownsHome: 1 << 18,
  /** The player chose a name and look (characterSetup). */
  characterSet: 1 << 19,
  /** Finished the tutorial sequence. */
  tutorialDone: 1 << 20,
} as const;
export type FlagName = keyof typeof Flag;

/** What a person is doing this hour, stored in the `activity` column. */
export const Activity = {
  sleep: 0,
  school: 1,
  work: 2,
  free: 3,
} as const;
export type Activity = (typeof Activity)[keyof typeof Activity];

/** Who an NPC is to the player, stored in the `npcRole` table (0 = empty). */
export const NpcRole = {
  mother: 1,
  father: 2,
  sibling: 3,
  friend: 4,
  partner: 5,
  child: 6,
  coworker: 7,
  pet: 8,
  /** A former partner or spouse, after a break-up or divorce. */
  ex: 9,
} as const;
export type NpcRoleName = keyof typeof NpcRole;

const ROLE_BY_ID = Object.fromEntries(
  Object.entries(NpcRole).map(([name, id]) => [id, name]),
) as Record<number, NpcRoleName>;

/** The name of an NpcRole id (as stored in the npcRole table), or undefined for 0 or an unknown id. */
export function roleName(id: number): NpcRoleName | undefined {
  return ROLE_BY_ID[id];
}

/** Interest tags (bits of the `interests` column) that events are tagged with. */
export const Interest = {
  sports: 1 << 0,
  music: 1 << 1,
  books: 1 << 2,
  games: 1 << 3,
  nature: 1 << 4,
  tech: 1 << 5,
  art: 1 << 6,
  food: 1 << 7,
  travel: 1 << 8,
  social: 1 << 9,
  money: 1 << 10,
  romance: 1 << 11,
} as const;
export type InterestName = keyof typeof Interest;

/** Where the person is enrolled (`school` column) or the highest level finished (`educationDone`). */
export const School = {
  none: 0,
  elementary: 1,
  highSchool: 2,
  college: 3,
} as const;
export type School = (typeof School)[keyof typeof School];
export type SchoolName = keyof typeof School;

/** What a student puts first (`focus` column): it shifts what school hours grow. */
export const Focus = {
  balanced: 0,
  academics: 1,
  sports: 2,
  social: 3,
} as const;
export type FocusName = keyof typeof Focus;

/** The person's mood (`mood` column), read from their stats every hour (sim/mood.ts). */
export const Mood = {
  content: 0,
  happy: 1,
  sad: 2,
  stressed: 3,
  tired: 4,
  hungry: 5,
  sick: 6,
  lonely: 7,
} as const;
export type MoodName = keyof typeof Mood;

/** Habits that can be quit and resumed: their flag, and their bit in the `quitting` column. */
export const Habit = {
  smoking: { flag: Flag.smoker, bit: 1 << 0 },
  drinking: { flag: Flag.drinker, bit: 1 << 1 },
  exercise: { flag: Flag.exercises, bit: 1 << 2 },
} as const;
export type HabitName = keyof typeof Habit;

export const DAYS_PER_YEAR = 365;

/** Whole years lived in `ageDays` days: a birthday every DAYS_PER_YEAR days. */
export function ageInYears(ageDays: number): number {
  return Math.floor(ageDays / DAYS_PER_YEAR);
}
export const DAYS_PER_WEEK = 7;
export const MINUTES_PER_HOUR = 60;
export const MINUTES_PER_DAY = 1440;
/** Oldest age the event index distinguishes; older players share its bucket. */
export const MAX_INDEXED_AGE = 120;
