import type { ConditionTable } from '../content/catalog.ts';
import type { Columns } from '../world/columns.ts';
import { NPC_SLOTS } from '../world/schema.ts';

/**
 * Whether rule `i` of a condition table holds for the player now: age,
 * stage, flags, up to two stat ranges, an NPC relationship and health
 * conditions. Events and achievements share it. The cheap checks come
 * first, so most refusals cost a comparison or two.
 */
export function conditionsHold(
  c: Columns,
  s: number,
  t: ConditionTable,
  i: number,
  age: number,
): boolean {
  if (age < t.minAge[i]! || age > t.maxAge[i]!) return false;
  if ((t.stageMask[i]! & (1 << c.stage[s]!)) === 0) return false;
  const flags = c.flags[s]!;
  const all = t.flagsAll[i]!;
  if ((flags & all) >>> 0 !== all || (flags & t.flagsNone[i]!) !== 0) return false;
  const f1 = t.stat1[i]!;
  if (f1 >= 0) {
    const v = c.byIndex[f1]![s]!;
    if (v < t.stat1Min[i]! || v > t.stat1Max[i]!) return false;
    const f2 = t.stat2[i]!;
    if (f2 >= 0) {
      const w = c.byIndex[f2]![s]!;
      if (w < t.stat2Min[i]! || w > t.stat2Max[i]!) return false;
    }
  }
  const anyCondition = t.anyCondition[i]!;
  if (anyCondition !== 0 && (c.conditions[s]! & anyCondition) === 0) return false;
  const role = t.npcRole[i]!;
  if (role !== 0 && !hasNpcWithin(c, s, role, t.npcMinAffinity[i]!, t.npcMaxAffinity[i]!))
    return false;
  return true;
}

function hasNpcWithin(c: Columns, s: number, role: number, min: number, max: number): boolean {
  const base = s * NPC_SLOTS;
  for (let k = 0; k < NPC_SLOTS; k++) {
    if (c.npcRole[base + k] !== role) continue;
    const a = c.npcAffinity[base + k]!;
    if (a >= min && a <= max) return true;
  }
  return false;
}
