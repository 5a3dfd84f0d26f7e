import type { Columns } from '../world/columns.ts';
import { Flag, Stage } from '../world/life.ts';
import { FIELD_INDEX as F } from '../world/schema.ts';
import { markDirty } from './dirty.ts';
import { addToField } from './effects.ts';
import { below } from './random.ts';

// Weekly money, in whole currency units.
export const LIVING_COST = 150;
export const PENSION = 250;
export const ENTRY_SALARY = 400;
export const COLLEGE_BONUS = 300;
// Below this job performance, each week risks the sack (one chance in four).
export const FIRING_LINE = 15;

/** Start a job record for a player whose `hasJob` flag was just set by an event. */
function hireEntryLevel(c: Columns, s: number): void {
  c.job[s] = 1;
  c.salary[s] = ENTRY_SALARY + ((c.flags[s]! & Flag.graduatedCollege) !== 0 ? COLLEGE_BONUS : 0);
  markDirty(c, s, F.job);
  markDirty(c, s, F.salary);
}

function clearJob(c: Columns, s: number): void {
  c.job[s] = 0;
  c.salary[s] = 0;
  markDirty(c, s, F.job);
  markDirty(c, s, F.salary);
}

/** Monday 00:00: pay and bills, job performance, and the week's mood. */
export function weeklyRules(c: Columns, s: number): void {
  let flags = c.flags[s]!;
  if ((flags & Flag.hasJob) !== 0) {
    if (c.job[s] === 0) hireEntryLevel(c, s);
    addToField(c, s, F.money, c.salary[s]!);
    addToField(c, s, F.jobPerformance, c.stress[s]! > 70 ? -3 : 1);
    if (c.jobPerformance[s]! < FIRING_LINE && below(c, s, 4) === 0) {
      flags = (flags & ~Flag.hasJob) >>> 0;
      c.flags[s] = flags;
      markDirty(c, s, F.flags);
    }
  }
  if ((flags & Flag.hasJob) === 0 && c.job[s] !== 0) clearJob(c, s);
  if (c.stage[s]! >= Stage.adult) {
    addToField(c, s, F.money, -LIVING_COST);
    if ((flags & Flag.retired) !== 0) addToField(c, s, F.money, PENSION);
  }
  if (c.money[s]! < 0) addToField(c, s, F.stress, 5);
  // Mood drifts an eighth of the way toward what the week's stress allows.
  const target = 100 - c.stress[s]!;
  addToField(c, s, F.happiness, Math.trunc((target - c.happiness[s]!) / 8));
}
