import { ACHIEVEMENTS } from '../content/achievements.ts';
import type { Columns } from '../world/columns.ts';
import { FIELD_INDEX } from '../world/schema.ts';
import { conditionsHold } from './conditions.ts';
import { markDirty } from './dirty.ts';
import { ACHIEVEMENT_REPORT, type FiredEvents } from './events.ts';

/**
 * Achievements looked at per player per day. The list is cut into windows of
 * this many and one window is checked each day, in turn: every achievement
 * is looked at every few days (4 for 25-32 achievements), which is soon
 * enough for a milestone and keeps the daily cost to a handful of checks.
 */
export const ACHIEVEMENTS_PER_DAY = 8;
const WINDOW_MASK = (1 << ACHIEVEMENTS_PER_DAY) - 1;
const WINDOWS = Math.max(1, Math.ceil(ACHIEVEMENTS.defs.length / ACHIEVEMENTS_PER_DAY));
const F_ACHIEVEMENTS = FIELD_INDEX.achievements;

/**
 * Unlock the achievements whose conditions now hold, reporting each as
 * (slot, ACHIEVEMENT_REPORT + k). Only today's window of not-yet-unlocked
 * achievements is checked; a player who has them all pays one comparison.
 * An achievement is unlocked (and reported) once in a life.
 */
export function dailyAchievements(c: Columns, s: number, years: number, out: FiredEvents): void {
  const unlocked = c.achievements[s]!;
  if (unlocked === ACHIEVEMENTS.all) return;
  const window = c.ageDays[s]! % WINDOWS;
  let todo =
    (~unlocked & ACHIEVEMENTS.all & (WINDOW_MASK << (window * ACHIEVEMENTS_PER_DAY))) >>> 0;
  let gained = 0;
  while (todo !== 0) {
    const k = 31 - Math.clz32(todo & -todo);
    todo = (todo & (todo - 1)) >>> 0;
    if (!conditionsHold(c, s, ACHIEVEMENTS, k, years)) continue;
    gained |= 1 << k;
    out.push(s, ACHIEVEMENT_REPORT + k);
  }
  if (gained === 0) return;
  c.achievements[s] = (unlocked | gained) >>> 0;
  markDirty(c, s, F_ACHIEVEMENTS);
}
