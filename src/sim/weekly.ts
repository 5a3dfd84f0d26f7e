import type { Columns } from '../world/columns.ts';
import { Flag, Stage } from '../world/life.ts';
import { FIELD_INDEX as F } from '../world/schema.ts';
import { weeklyActivities } from './activities.ts';
import { addToField } from './effects.ts';
import { weeklyHealth } from './health.ts';
import { weeklySchool } from './school-rules.ts';
import { weeklyWork } from './work-rules.ts';

// Weekly money, in whole currency units.
export const LIVING_COST = 150;
export const PENSION = 250;

/**
 * Monday 00:00: each life system's week (work, school, activities, health),
 * then money and the week's mood. The systems live in their own files; this
 * is only their order.
 */
export function weeklyRules(c: Columns, s: number): void {
  weeklyWork(c, s);
  weeklySchool(c, s);
  weeklyActivities(c, s);
  weeklyHealth(c, s);
  const flags = c.flags[s]!;
  if (c.stage[s]! >= Stage.adult) {
    addToField(c, s, F.money, -LIVING_COST);
    if ((flags & Flag.retired) !== 0) addToField(c, s, F.money, PENSION);
  }
  if (c.money[s]! < 0) addToField(c, s, F.stress, 5);
  // Mood drifts an eighth of the way toward what the week's stress allows.
  const target = 100 - c.stress[s]!;
  addToField(c, s, F.happiness, Math.trunc((target - c.happiness[s]!) / 8));
}
