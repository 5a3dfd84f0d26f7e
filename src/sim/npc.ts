import type { Columns } from '../world/columns.ts';
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

export function clampAffinity(v: number): number {
  return v < -100 ? -100 : v > 100 ? 100 : v;
}

export function clampFamiliarity(v: number): number {
  return v < 0 ? 0 : v > 100 ? 100 : v;
}
