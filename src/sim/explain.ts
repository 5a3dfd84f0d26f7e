import type { Catalog } from '../content/catalog.ts';
import { CONDITIONS } from '../content/conditions.ts';
import { CHANCE_ONE } from '../world/chance.ts';
import type { Columns } from '../world/columns.ts';
import { Flag, Interest, roleName, Stage } from '../world/life.ts';
import { HOT_FIELDS, NPC_SLOTS } from '../world/schema.ts';
import { ageYears, eventConditionsHold, historyHas, interestWeight } from './events.ts';

/** One condition of a candidate event and whether the player meets it now. */
export interface ConditionCheck {
  readonly condition: string;
  readonly passed: boolean;
}

export interface CandidateExplanation {
  readonly id: string;
  readonly kind: 'message' | 'question' | 'dilemma';
  /** A holiday-style event of today (fires at its hour) rather than a random one. */
  readonly scheduled: boolean;
  readonly eligible: boolean;
  readonly checks: ConditionCheck[];
  /** Chance per game hour, 0..1. */
  readonly chance: number;
  readonly weight: number;
  /** chance x weight: the candidate's share when an event fires this hour. */
  readonly score: number;
}

const names = <T extends Record<string, number>>(table: T, mask: number) =>
  Object.entries(table)
    .filter(([, bit]) => (mask & bit) !== 0)
    .map(([name]) => name);

const range = (min: number, max: number) =>
  `${Number.isFinite(min) ? min : '-inf'}..${Number.isFinite(max) ? max : 'inf'}`;

/**
 * Explain this hour's event selection for one player (the development
 * command explainEvents): every candidate the index offers for their age,
 * plus today's scheduled events, with each condition spelled out. It reads
 * the same tables as the hourly check and draws nothing, so asking changes
 * nothing.
 */
export function explainEvents(c: Columns, s: number, cat: Catalog): CandidateExplanation[] {
  const age = ageYears(c, s);
  const day = c.dayOfYear[s]!;
  const list: { i: number; scheduled: boolean }[] = [];
  for (let k = cat.byDayStart[day]!; k < cat.byDayStart[day + 1]!; k++)
    list.push({ i: cat.byDayList[k]!, scheduled: true });
  for (let k = cat.byAgeStart[age]!; k < cat.byAgeStart[age + 1]!; k++)
    list.push({ i: cat.byAgeList[k]!, scheduled: false });
  const likes = c.interests[s]!;
  const dislikes = c.dislikes[s]!;
  return list.map(({ i, scheduled }) => {
    const checks: ConditionCheck[] = [];
    const check = (condition: string, passed: boolean) => checks.push({ condition, passed });
    check(`age ${cat.minAge[i]}..${cat.maxAge[i]}`, age >= cat.minAge[i]! && age <= cat.maxAge[i]!);
    if (cat.stageMask[i] !== 0xff) {
      const stages = names(
        Object.fromEntries(Object.entries(Stage).map(([k, v]) => [k, 1 << v])),
        cat.stageMask[i]!,
      );
      check(`stage in ${stages.join('|')}`, (cat.stageMask[i]! & (1 << c.stage[s]!)) !== 0);
    }
    const flags = c.flags[s]!;
    for (const f of names(Flag, cat.flagsAll[i]!))
      check(`has ${f}`, (flags & Flag[f as keyof typeof Flag]) !== 0);
    for (const f of names(Flag, cat.flagsNone[i]!))
      check(`not ${f}`, (flags & Flag[f as keyof typeof Flag]) === 0);
    for (const [field, min, max] of [
      [cat.stat1[i]!, cat.stat1Min[i]!, cat.stat1Max[i]!],
      [cat.stat2[i]!, cat.stat2Min[i]!, cat.stat2Max[i]!],
    ] as const) {
      if (field < 0) continue;
      const v = c.byIndex[field]![s]!;
      check(`${HOT_FIELDS[field]!.name} ${range(min, max)} (is ${v})`, v >= min && v <= max);
    }
    if (cat.anyCondition[i] !== 0) {
      const wanted = CONDITIONS.filter((_, k) => (cat.anyCondition[i]! & (1 << k)) !== 0);
      check(
        `has one of ${wanted.map((w) => w.id).join('|')}`,
        (c.conditions[s]! & cat.anyCondition[i]!) !== 0,
      );
    }
    const role = cat.npcRole[i]!;
    if (role !== 0) {
      let found = false;
      for (let k = 0; k < NPC_SLOTS; k++) {
        const n = s * NPC_SLOTS + k;
        const a = c.npcAffinity[n]!;
        if (c.npcRole[n] === role && a >= cat.npcMinAffinity[i]! && a <= cat.npcMaxAffinity[i]!)
          found = true;
      }
      check(
        `knows a ${roleName(role) ?? role} with affinity ${cat.npcMinAffinity[i]}..${cat.npcMaxAffinity[i]}`,
        found,
      );
    }
    if (cat.once[i] === 1) check('has not happened yet (once in a life)', !historyHas(c, s, i));
    if (scheduled) check(`today at ${cat.hour[i]}:00`, true);
    const chance = cat.threshold[i]! / CHANCE_ONE;
    const weight = interestWeight(cat.tagMask[i]!, likes, dislikes);
    // Eligibility is the hourly check's own verdict; the checks above spell
    // it out (tests/commands/core.test.ts keeps the two in agreement).
    const eligible = eventConditionsHold(c, s, cat, i, age);
    return {
      id: cat.defs[i]!.id,
      kind: cat.defs[i]!.kind,
      scheduled,
      eligible,
      checks,
      chance,
      weight,
      score: eligible ? chance * weight : 0,
    };
  });
}

/** Interest names of a bit set. */
export function interestNames(mask: number): string[] {
  return names(Interest, mask);
}
