import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CatalogError,
  compileCatalog,
  SITUATIONS,
  situationKey,
} from '../../src/content/catalog.ts';
import { CONDITIONS } from '../../src/content/conditions.ts';
import { defaultCatalog } from '../../src/content/default-catalog.ts';
import { STARTER_EVENTS } from '../../src/content/events.ts';
import { eventConditionsHold } from '../../src/sim/events.ts';
import { allocateBuffers, viewColumns } from '../../src/world/columns.ts';
import { Flag, MAX_INDEXED_AGE, NpcRole, Stage, stageForAge } from '../../src/world/life.ts';
import { NPC_SLOTS } from '../../src/world/schema.ts';

const cat = defaultCatalog();

describe('starter catalog', () => {
  it('has at least 30 events over every life stage, of all three kinds', () => {
    expect(STARTER_EVENTS.length).toBeGreaterThanOrEqual(30);
    const kinds = new Set(STARTER_EVENTS.map((e) => e.kind));
    expect([...kinds].sort()).toEqual(['dilemma', 'message', 'question']);
    for (const stage of Object.values(Stage)) {
      const age = { 0: 1, 1: 8, 2: 15, 3: 30, 4: 75 }[stage];
      const candidates = cat.byAgeStart[age + 1]! - cat.byAgeStart[age]!;
      expect(candidates, `stage ${stage}`).toBeGreaterThanOrEqual(5);
    }
  });
});

describe('event index', () => {
  // A one-slot world to hold the random player states being checked.
  const c = viewColumns(allocateBuffers(1, 1), 1);
  const flagBits = Object.values(Flag);

  /** Brute force: every event, its own `when` read straight from the definition. */
  function bruteForce(age: number): number[] {
    const out: number[] = [];
    cat.defs.forEach((d, i) => {
      const w = d.when;
      if (!w || w.chance === 0 || w.day !== undefined) return;
      if (w.npc) {
        const known = Array.from({ length: NPC_SLOTS }, (_, k) => k).some(
          (k) =>
            c.npcRole[k] === NpcRole[w.npc!.role] &&
            c.npcAffinity[k]! >= (w.npc!.minAffinity ?? -100) &&
            c.npcAffinity[k]! <= (w.npc!.maxAffinity ?? 100),
        );
        if (!known) return;
      }
      if (w.anyCondition) {
        const wanted = w.anyCondition.map((id) => 1 << CONDITIONS.findIndex((x) => x.id === id));
        if (!wanted.some((bit) => (c.conditions[0]! & bit) !== 0)) return;
      }
      if (age < (w.age?.[0] ?? 0) || age > Math.min(w.age?.[1] ?? MAX_INDEXED_AGE, MAX_INDEXED_AGE))
        return;
      if (w.stages && !w.stages.some((s) => Stage[s] === c.stage[0])) return;
      if ((w.all ?? []).some((f) => (c.flags[0]! & Flag[f]) === 0)) return;
      if ((w.none ?? []).some((f) => (c.flags[0]! & Flag[f]) !== 0)) return;
      for (const [field, range] of Object.entries(w.stats ?? {})) {
        const v = (c as unknown as Record<string, Float64Array>)[field]![0]!;
        if (v < (range?.min ?? -Infinity) || v > (range?.max ?? Infinity)) return;
      }
      if (w.once && (c.eventHistory[i >>> 5]! & (1 << (i & 31))) !== 0) return;
      out.push(i);
    });
    return out;
  }

  it('yields exactly the events a brute-force scan of the catalog finds, for any player state', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 110 }),
        fc.subarray(flagBits),
        fc.record({
          schoolPerformance: fc.nat(100),
          jobPerformance: fc.nat(100),
          stress: fc.nat(100),
          health: fc.nat(100),
          money: fc.integer({ min: -500, max: 5000 }),
        }),
        fc.array(fc.nat(cat.defs.length - 1), { maxLength: 12 }),
        fc.array(fc.record({ role: fc.nat(9), affinity: fc.integer({ min: -100, max: 100 }) }), {
          minLength: NPC_SLOTS,
          maxLength: NPC_SLOTS,
        }),
        fc.nat(255),
        (age, flags, stats, history, npcs, conditions) => {
          npcs.forEach((npc, k) => {
            c.npcRole[k] = npc.role;
            c.npcAffinity[k] = npc.affinity;
          });
          c.conditions[0] = conditions;
          c.ageDays[0] = age * 365;
          c.stage[0] = stageForAge(age);
          c.flags[0] = flags.reduce((m, f) => m | f, 0) >>> 0;
          for (const [k, v] of Object.entries(stats))
            (c as unknown as Record<string, Float64Array>)[k]![0] = v;
          c.eventHistory.fill(0);
          for (const i of history) c.eventHistory[i >>> 5]! |= 1 << (i & 31);
          const indexed: number[] = [];
          const bucket = Math.min(age, MAX_INDEXED_AGE);
          for (let k = cat.byAgeStart[bucket]!; k < cat.byAgeStart[bucket + 1]!; k++) {
            const i = cat.byAgeList[k]!;
            if (eventConditionsHold(c, 0, cat, i, bucket)) indexed.push(i);
          }
          expect(indexed).toEqual(bruteForce(bucket));
          // The hot path's index by age and situation finds the very same
          // candidates, in the same order.
          const key = bucket * SITUATIONS + situationKey(c.flags[0]!);
          const bySituation: number[] = [];
          for (let k = cat.bySituationStart[key]!; k < cat.bySituationStart[key + 1]!; k++) {
            const i = cat.bySituationList[k]!;
            if (eventConditionsHold(c, 0, cat, i, bucket)) bySituation.push(i);
          }
          expect(bySituation).toEqual(indexed);
        },
      ),
      { numRuns: 3000, seed: 7 },
    );
  });

  it('puts every scheduled event under its day and nowhere else', () => {
    for (let day = 0; day < 365; day++) {
      const listed = [...cat.byDayList.subarray(cat.byDayStart[day], cat.byDayStart[day + 1])];
      const expected = cat.defs.flatMap((d, i) => (d.when?.day === day ? [i] : []));
      expect(listed).toEqual(expected);
    }
  });
});

describe('catalog validation', () => {
  const death = { id: 'life.death', kind: 'message', title: 'End', text: 'End.' };
  it('names the event and the problem', () => {
    expect(() =>
      compileCatalog([
        death,
        { id: 'x', kind: 'message', title: 'T', text: 'T', when: { chance: 2 } },
      ]),
    ).toThrow(/event x: when.chance/);
    expect(() =>
      compileCatalog([death, { id: 'q', kind: 'question', title: 'T', text: 'T' }]),
    ).toThrow(/need options/);
    expect(() =>
      compileCatalog([
        death,
        {
          id: 'q',
          kind: 'question',
          title: 'T',
          text: 'T',
          options: [{ id: 'a', label: 'A', next: 'nope' }],
        },
      ]),
    ).toThrow(/next step nope does not exist/);
    expect(() => compileCatalog([death, death])).toThrow(/duplicate id/);
    expect(() => compileCatalog([{ ...death, id: 'other' }])).toThrow(CatalogError);
  });

  it('refuses chances that cannot share one draw', () => {
    const heavy = (id: string) => ({
      id,
      kind: 'message',
      title: 'T',
      text: 'T',
      when: { age: [10, 20], chance: 0.6 },
    });
    expect(() => compileCatalog([death, heavy('a'), heavy('b')])).toThrow(
      /age 10 add up to a chance over 1/,
    );
  });
});
