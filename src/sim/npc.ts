import type { Columns } from '../world/columns.ts';
import { NpcRole } from '../world/life.ts';
import { NPC_SLOTS } from '../world/schema.ts';

/** Table index (slot * NPC_SLOTS + k) of the first NPC of `role`, or -1. */
export function findNpc(c: Columns, s: number, role: number): number {
  const base = s * NPC_SLOTS;
  for (let k = 0; k < NPC_SLOTS; k++) if (c.npcRole[base + k] === role) return base + k;
  return -1;
}

/** Put an NPC in the first empty entry; -1 when the player's table is full. */
export function addNpc(
  c: Columns,
  s: number,
  role: number,
  ageYears: number,
  affinity: number,
  familiarity: number,
): number {
  const base = s * NPC_SLOTS;
  for (let k = 0; k < NPC_SLOTS; k++) {
    const i = base + k;
    if (c.npcRole[i] !== 0) continue;
    c.npcRole[i] = role;
    c.npcAge[i] = Math.max(0, Math.min(255, ageYears));
    c.npcAffinity[i] = clampAffinity(affinity);
    c.npcFamiliarity[i] = clampFamiliarity(familiarity);
    return i;
  }
  return -1;
}

/** Empty table entry `i`: the NPC is gone from the player's life. */
export function removeNpc(c: Columns, i: number): void {
  c.npcRole[i] = 0;
  c.npcAffinity[i] = 0;
  c.npcFamiliarity[i] = 0;
  c.npcAge[i] = 0;
}

/**
 * The entry a new NPC would take: the first empty one, else the former
 * partner the player knows least (exes fade; a new person displaces the
 * most faded of them). -1 when the table is full of people who stay.
 */
export function entryForNewNpc(c: Columns, s: number): number {
  const base = s * NPC_SLOTS;
  let ex = -1;
  for (let k = 0; k < NPC_SLOTS; k++) {
    const i = base + k;
    const role = c.npcRole[i]!;
    if (role === 0) return i;
    if (role === NpcRole.ex && (ex < 0 || c.npcFamiliarity[i]! < c.npcFamiliarity[ex]!)) ex = i;
  }
  return ex;
}

/** Like `addNpc`, but a faded ex gives up their entry when the table is full (see entryForNewNpc). */
export function addNpcMakingRoom(
  c: Columns,
  s: number,
  role: number,
  ageYears: number,
  affinity: number,
  familiarity: number,
): number {
  const i = entryForNewNpc(c, s);
  if (i < 0) return -1;
  removeNpc(c, i);
  return addNpc(c, s, role, ageYears, affinity, familiarity);
}

/** A partner or spouse becomes a former one: role `ex`, and the affinity drops by `drop`. */
export function turnToEx(c: Columns, i: number, drop: number): void {
  c.npcRole[i] = NpcRole.ex;
  c.npcAffinity[i] = clampAffinity(c.npcAffinity[i]! - drop);
}

export function clampAffinity(v: number): number {
  return v < -100 ? -100 : v > 100 ? 100 : v;
}

export function clampFamiliarity(v: number): number {
  return v < 0 ? 0 : v > 100 ? 100 : v;
}
