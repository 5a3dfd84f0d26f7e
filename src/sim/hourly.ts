import type { Columns } from '../world/columns.ts';
import { Activity, Flag, Stage } from '../world/life.ts';
import { FIELD_INDEX as F } from '../world/schema.ts';
import { markDirty } from './dirty.ts';
import { addToField, addToStat } from './effects.ts';
import { updateMood } from './mood.ts';
import { below } from './random.ts';
import { schoolHour } from './school-rules.ts';
import { workHour } from './work-rules.ts';

/** Where a person is this hour, by life stage, weekday (0 = Monday) and hour of day. */
export function activityFor(stage: number, flags: number, weekday: number, hour: number): Activity {
  switch (stage) {
    case Stage.baby:
      if (hour >= 19 || hour < 7 || hour === 13) return Activity.sleep;
      break;
    case Stage.child:
      if (hour >= 21 || hour < 7) return Activity.sleep;
      break;
    case Stage.senior:
      if (hour >= 22 || hour < 6) return Activity.sleep;
      break;
    default:
      if (hour >= 23 || hour < 7) return Activity.sleep;
  }
  if (weekday < 5) {
    if ((flags & Flag.inSchool) !== 0 && hour >= 8 && hour < 15) return Activity.school;
    if ((flags & Flag.inCollege) !== 0 && hour >= 9 && hour < 14) return Activity.school;
    if ((flags & Flag.hasJob) !== 0 && hour >= 9 && hour < 17) return Activity.work;
  }
  return Activity.free;
}

// Meals at 7:00, 12:00 and 18:00; an adult's meal costs this much money.
export const MEAL_COST = 5;
export const MEAL_HUNGER = 35;
// Hunger at or above this hurts mood, and now and then health.
export const STARVING = 80;
// Rest lowers stress to this everyday level and no further: life is never
// entirely stress-free, so content about stress can still happen.
export const RESTED_STRESS = 15;

/**
 * How happy free time can make a person: 55 to 85 with their social life,
 * less when stressed. Events, dates and achievements lift happiness above
 * it; idle hours alone do not.
 */
export function contentFor(social: number, stress: number): number {
  return 55 + (social * 3) / 10 - (stress >> 2);
}

/** The hour's schedule: what the person does and how it moves energy, hunger, stress and mood. */
export function hourlyRules(c: Columns, s: number, hour: number): void {
  const stage = c.stage[s]!;
  const act = activityFor(stage, c.flags[s]!, c.weekday[s]!, hour);
  if (c.activity[s] !== act) {
    c.activity[s] = act;
    markDirty(c, s, F.activity);
  }
  switch (act) {
    case Activity.sleep: {
      const peak = c.peakEnergy[s]!;
      const e = c.energy[s]!;
      if (e < peak) {
        c.energy[s] = e + 6 > peak ? peak : e + 6;
        markDirty(c, s, F.energy);
      }
      addToStat(c, s, F.hunger, 1);
      if (c.stress[s]! > RESTED_STRESS) addToStat(c, s, F.stress, -1);
      break;
    }
    case Activity.school:
      addToStat(c, s, F.energy, -3);
      addToStat(c, s, F.hunger, 3);
      addToStat(c, s, F.stress, 1);
      schoolHour(c, s);
      break;
    case Activity.work:
      addToStat(c, s, F.energy, -4);
      addToStat(c, s, F.hunger, 3);
      addToStat(c, s, F.stress, 2);
      workHour(c, s);
      break;
    default:
      addToStat(c, s, F.energy, -2);
      addToStat(c, s, F.hunger, 2);
      if (c.stress[s]! > RESTED_STRESS) addToStat(c, s, F.stress, -1);
      if (c.energy[s]! <= 30 || c.hunger[s]! >= 60) addToStat(c, s, F.happiness, -1);
      else if (c.happiness[s]! < contentFor(c.social[s]!, c.stress[s]!))
        addToStat(c, s, F.happiness, 1);
  }
  if ((hour === 7 || hour === 12 || hour === 18) && act !== Activity.sleep) {
    addToStat(c, s, F.hunger, -MEAL_HUNGER);
    if (stage >= Stage.adult) addToField(c, s, F.money, -MEAL_COST);
  }
  if (c.hunger[s]! >= STARVING) {
    addToStat(c, s, F.happiness, -1);
    if (below(c, s, 10) === 0) addToStat(c, s, F.health, -1);
  }
  drawEnergyReserve(c, s);
  updateMood(c, s);
}

/** Bought energy beyond a full bar waits in the reserve and flows back in as energy is spent. */
export function drawEnergyReserve(c: Columns, s: number): void {
  const reserve = c.energyReserve[s]!;
  if (reserve === 0) return;
  const room = c.peakEnergy[s]! - c.energy[s]!;
  if (room <= 0) return;
  const take = room < reserve ? room : reserve;
  c.energy[s] = c.energy[s]! + take;
  c.energyReserve[s] = reserve - take;
  markDirty(c, s, F.energy);
  markDirty(c, s, F.energyReserve);
}
