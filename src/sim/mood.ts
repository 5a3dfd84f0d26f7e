import type { Columns } from '../world/columns.ts';
import { Flag, Mood } from '../world/life.ts';
import { FIELD_INDEX as F } from '../world/schema.ts';
import { markDirty } from './dirty.ts';

// The thresholds of each mood, on the 0..100 stats. The first that applies,
// in the order of `moodOf`, wins: a body's needs before a mind's.
/** Health below this makes a person feel sick (a third of full health gone and more). */
export const SICK_BELOW = 30;
/** Hunger at this or above: the same level at which the hourly rules start to hurt (STARVING). */
export const HUNGRY_FROM = 80;
/** Energy below this: too tired for anything but rest. */
export const TIRED_BELOW = 15;
/** Stress at this or above. */
export const STRESSED_FROM = 70;
/** Social below this: a fifth of a full social life. */
export const LONELY_BELOW = 20;
/** Happiness below this is sad, at this or above HAPPY_FROM happy, content between. */
export const SAD_BELOW = 30;
export const HAPPY_FROM = 75;

/** The mood the person's stats make now (world/life.ts Mood). */
export function moodOf(c: Columns, s: number): number {
  if ((c.flags[s]! & Flag.ill) !== 0 || c.conditions[s]! !== 0 || c.health[s]! < SICK_BELOW)
    return Mood.sick;
  if (c.hunger[s]! >= HUNGRY_FROM) return Mood.hungry;
  if (c.energy[s]! < TIRED_BELOW) return Mood.tired;
  if (c.stress[s]! >= STRESSED_FROM) return Mood.stressed;
  if (c.social[s]! < LONELY_BELOW) return Mood.lonely;
  const happiness = c.happiness[s]!;
  if (happiness < SAD_BELOW) return Mood.sad;
  if (happiness >= HAPPY_FROM) return Mood.happy;
  return Mood.content;
}

/** Read the person's mood from their stats; write it (and mark it dirty) only when it changed. */
export function updateMood(c: Columns, s: number): void {
  const mood = moodOf(c, s);
  if (c.mood[s] === mood) return;
  c.mood[s] = mood;
  markDirty(c, s, F.mood);
}
