import type { Catalog } from '../content/catalog.ts';
import { chanceThreshold } from '../world/chance.ts';
import type { Columns } from '../world/columns.ts';
import { DAYS_PER_WEEK, DAYS_PER_YEAR, Flag, stageForAge } from '../world/life.ts';
import { FIELD_INDEX as F, NPC_SLOTS } from '../world/schema.ts';
import { dailyAchievements } from './achievements.ts';
import { markDirty } from './dirty.ts';
import { addToField } from './effects.ts';
import { ageYears, type FiredEvents, fireEvent } from './events.ts';
import { deathThreshold } from './health.ts';
import { roll } from './random.ts';
import { birthdaySchool } from './school-rules.ts';
import { weeklyRules } from './weekly.ts';

export const DAILY_ENERGY = 10;
export const FAMILIARITY_DECAY = 3;

/**
 * Daily chance of losing a point of health, by age in years: none before 40,
 * then rising linearly to one day in ten at 100. Smokers' chance is doubled.
 */
export const HEALTH_DECLINE = Float64Array.from({ length: 121 }, (_, y) =>
  chanceThreshold(y < 40 ? 0 : Math.min(0.5, (y - 40) / 600)),
);
export const HEALTH_DECLINE_SMOKER = Float64Array.from({ length: 121 }, (_, y) =>
  chanceThreshold(y < 40 ? 0 : Math.min(1, (2 * (y - 40)) / 600)),
);

export function peakEnergyFor(years: number): number {
  if (years < 18) return 60 + 2 * years;
  if (years < 65) return 100;
  return Math.max(40, 100 - (years - 65));
}

/** A birthday: stage, peak energy, school years, and every NPC a year older. */
function birthday(c: Columns, s: number): void {
  const years = ageYears(c, s);
  const stage = stageForAge(years);
  if (c.stage[s] !== stage) {
    c.stage[s] = stage;
    markDirty(c, s, F.stage);
  }
  c.peakEnergy[s] = peakEnergyFor(years);
  markDirty(c, s, F.peakEnergy);
  birthdaySchool(c, s, years);
  const base = s * NPC_SLOTS;
  for (let k = 0; k < NPC_SLOTS; k++) {
    if (c.npcRole[base + k] !== 0 && c.npcAge[base + k]! < 255) c.npcAge[base + k]!++;
  }
}

/** The life ends: the clock stops for good and the death event is reported. */
export function die(c: Columns, s: number, cat: Catalog, out: FiredEvents): void {
  c.alive[s] = 0;
  markDirty(c, s, F.alive);
  fireEvent(c, s, cat, cat.death, out);
}

/** Midnight: the date, age, energy, relationships, health and the end of a life. */
export function dailyRules(c: Columns, s: number, cat: Catalog, out: FiredEvents): void {
  let day = c.dayOfYear[s]! + 1;
  if (day === DAYS_PER_YEAR) {
    day = 0;
    c.year[s]!++;
    markDirty(c, s, F.year);
  }
  c.dayOfYear[s] = day;
  markDirty(c, s, F.dayOfYear);
  const weekday = (c.weekday[s]! + 1) % DAYS_PER_WEEK;
  c.weekday[s] = weekday;
  markDirty(c, s, F.weekday);
  const ageDays = c.ageDays[s]! + 1;
  c.ageDays[s] = ageDays;
  markDirty(c, s, F.ageDays);
  if (ageDays % DAYS_PER_YEAR === 0) birthday(c, s);

  const peak = c.peakEnergy[s]!;
  const e = c.energy[s]!;
  if (e < peak) {
    c.energy[s] = e + DAILY_ENERGY > peak ? peak : e + DAILY_ENERGY;
    markDirty(c, s, F.energy);
  }
  const base = s * NPC_SLOTS;
  for (let k = 0; k < NPC_SLOTS; k++) {
    const fam = c.npcFamiliarity[base + k]!;
    if (fam > 0) c.npcFamiliarity[base + k] = fam > FAMILIARITY_DECAY ? fam - FAMILIARITY_DECAY : 0;
  }

  const years = ageYears(c, s);
  const smoker = (c.flags[s]! & Flag.smoker) !== 0;
  const decline = smoker ? HEALTH_DECLINE_SMOKER[years]! : HEALTH_DECLINE[years]!;
  if (decline > 0 && roll(c, s, decline)) addToField(c, s, F.health, -1);
  const death = deathThreshold(c, s, years);
  if (c.health[s] === 0 || (death > 0 && roll(c, s, death))) {
    die(c, s, cat, out);
    return;
  }
  if (weekday === 0) weeklyRules(c, s);
  dailyAchievements(c, s, years, out);
}
