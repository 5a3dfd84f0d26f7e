import type { CompiledEffects, CompiledOption } from '../content/catalog.ts';
import type { Columns } from '../world/columns.ts';
import { ageInYears, NpcRole } from '../world/life.ts';
import { FIELD_INDEX, HOT_FIELDS } from '../world/schema.ts';
import { markDirty } from './dirty.ts';
import { addNpc, clampAffinity, clampFamiliarity, findNpc } from './npc.ts';
import { enrol } from './school.ts';
import { hire, leaveJob } from './work.ts';

const FIELD_MIN = Float64Array.from(HOT_FIELDS, (f) => f.min);
const FIELD_MAX = Float64Array.from(HOT_FIELDS, (f) => f.max);
const F_FLAGS = FIELD_INDEX.flags;

/** Add `delta` to a hot field, clamped to the field's bounds, and mark it dirty. */
export function addToField(c: Columns, s: number, field: number, delta: number): void {
  const col = c.byIndex[field]!;
  const v = col[s]! + delta;
  col[s] =
    v < FIELD_MIN[field]! ? FIELD_MIN[field]! : v > FIELD_MAX[field]! ? FIELD_MAX[field]! : v;
  markDirty(c, s, field);
}

/**
 * addToField for the 0..100 stats held in u8 columns (energy, hunger,
 * stress, happiness, health, social, performance), for the hourly rules.
 * Same result; the point is that this function only ever sees Uint8Array
 * columns, so its element access stays monomorphic where addToField's,
 * shared by every column type, is megamorphic: measured at about a third
 * of an hour's rule cost when the hourly rules went through addToField.
 */
export function addToStat(c: Columns, s: number, field: number, delta: number): void {
  const col = c.byIndex[field] as Uint8Array;
  const v = col[s]! + delta;
  col[s] =
    v < FIELD_MIN[field]! ? FIELD_MIN[field]! : v > FIELD_MAX[field]! ? FIELD_MAX[field]! : v;
  markDirty(c, s, field);
}

/** stepToward for a u8 stat (see addToStat). */
export function stepStatToward(c: Columns, s: number, field: number, target: number): void {
  const v = (c.byIndex[field] as Uint8Array)[s]!;
  if (v !== target) addToStat(c, s, field, v < target ? 1 : -1);
}

/** Move a hot field one point toward `target` (no change when it is there). */
export function stepToward(c: Columns, s: number, field: number, target: number): void {
  const v = c.byIndex[field]![s]!;
  if (v !== target) addToField(c, s, field, v < target ? 1 : -1);
}

/** Apply an event's or an option's effects to a player. */
export function applyEffects(c: Columns, s: number, e: CompiledEffects): void {
  const d = e.deltas;
  for (let k = 0; k < d.length; k += 2) addToField(c, s, d[k]!, d[k + 1]!);
  if (e.setFlags !== 0 || e.clearFlags !== 0) {
    c.flags[s] = ((c.flags[s]! | e.setFlags) & ~e.clearFlags) >>> 0;
    markDirty(c, s, F_FLAGS);
  }
  if (e.interests !== 0 || e.dislikes !== 0) {
    // A new liking displaces the old dislike and the other way round.
    c.interests[s] = ((c.interests[s]! | e.interests) & ~e.dislikes) >>> 0;
    c.dislikes[s] = ((c.dislikes[s]! | e.dislikes) & ~e.interests) >>> 0;
  }
  if (e.npcRole !== 0) touchNpc(c, s, e);
  if (e.job === 0) leaveJob(c, s);
  else if (e.job > 0) hire(c, s, e.job - 1);
  if (e.school >= 0) enrol(c, s, e.school);
  if (e.major >= 0) {
    c.major[s] = e.major;
    markDirty(c, s, FIELD_INDEX.major);
  }
  if (e.conditionsAdd !== 0 || e.conditionsCure !== 0) {
    c.conditions[s] = (c.conditions[s]! | e.conditionsAdd) & ~e.conditionsCure;
    markDirty(c, s, FIELD_INDEX.conditions);
  }
}

function touchNpc(c: Columns, s: number, e: CompiledEffects): void {
  let i = findNpc(c, s, e.npcRole);
  if (i < 0) {
    // An effect naming someone the player does not know yet introduces them:
    // a new partner or friend about the player's age, a new child at 0.
    const age = e.npcRole === NpcRole.child ? 0 : ageInYears(c.ageDays[s]!);
    i = addNpc(c, s, e.npcRole, age, 0, 0);
    if (i < 0) return; // table full: the effect on a stranger is dropped
  }
  c.npcAffinity[i] = clampAffinity(c.npcAffinity[i]! + e.npcAffinity);
  c.npcFamiliarity[i] = clampFamiliarity(c.npcFamiliarity[i]! + e.npcFamiliarity);
}

/** Whether the player can pay an option's costs. */
export function canAfford(c: Columns, s: number, o: CompiledOption): boolean {
  // Only what the option costs is checked: a player in debt can still take a free option.
  return (
    (o.cost.energy === 0 || c.energy[s]! >= o.cost.energy) &&
    (o.cost.money === 0 || c.money[s]! >= o.cost.money) &&
    (o.cost.diamonds === 0 || c.diamonds[s]! >= o.cost.diamonds)
  );
}

/** Take an option's costs; the caller has checked `canAfford`. */
export function payCost(c: Columns, s: number, o: CompiledOption): void {
  if (o.cost.energy) addToField(c, s, FIELD_INDEX.energy, -o.cost.energy);
  if (o.cost.money) addToField(c, s, FIELD_INDEX.money, -o.cost.money);
  if (o.cost.diamonds) addToField(c, s, FIELD_INDEX.diamonds, -o.cost.diamonds);
}
