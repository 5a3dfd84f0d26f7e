import { flagBits, type Item, itemStats } from '../content/items.ts';
import type { Columns } from '../world/columns.ts';
import { ageInYears, Flag, NpcRole } from '../world/life.ts';
import { FIELD_INDEX as F, NPC_SLOTS } from '../world/schema.ts';
import { markDirty } from './dirty.ts';
import { addToField } from './effects.ts';
import { addNpc } from './npc.ts';

/**
 * What a shop item (content/items.ts) does to the life that buys it, and
 * when a life may not buy it. The same rules for every item: items are
 * data, and nothing here special-cases one. Paying for it is the
 * purchase's (commands/purchase.ts), not the item's.
 */

// A bought pet arrives young and already fond of its owner (affinity 60 of
// 100), but they have only just met (familiarity 30 of 100, which decays 3
// a day without attention, like any relationship's).
export const PET_AFFINITY = 60;
export const PET_FAMILIARITY = 30;
/** A bought pet's age in years: it arrives young. */
const PET_AGE = 0;

function hasFreeNpcSlot(c: Columns, s: number): boolean {
  for (let k = 0; k < NPC_SLOTS; k++) if (c.npcRole[s * NPC_SLOTS + k] === 0) return true;
  return false;
}

/** Why this life cannot have the item now (money aside), or undefined when it can. */
export function itemRefusal(c: Columns, s: number, item: Item): string | undefined {
  if (ageInYears(c.ageDays[s]!) < item.minAge)
    return `${item.name} is for ages ${item.minAge} and up`;
  if (item.onceFlag && (c.flags[s]! & Flag[item.onceFlag]) !== 0)
    return `you already have a ${item.name.toLowerCase()}`;
  if (item.pet && !hasFreeNpcSlot(c, s)) return 'there is no room in your life for a pet';
  return undefined;
}

/**
 * Make the item's effects happen to the life: its stats (each clamped to
 * its field's bounds), its flags, and a pet for a pet. The caller has
 * checked itemRefusal.
 */
export function applyItem(c: Columns, s: number, item: Item): void {
  for (const [field, delta] of itemStats(item)) addToField(c, s, F[field], delta);
  const flags = flagBits(item.setFlags);
  if (flags !== 0) {
    c.flags[s] = (c.flags[s]! | flags) >>> 0;
    markDirty(c, s, F.flags);
  }
  if (item.pet) addNpc(c, s, NpcRole.pet, PET_AGE, PET_AFFINITY, PET_FAMILIARITY);
}
