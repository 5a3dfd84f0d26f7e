import { describe, expect, it } from 'vitest';
import {
  autoAnswer,
  personFields,
  personFromSlot,
  tickPeople,
} from '../../bench/baseline/object-world.ts';
import { EventKind } from '../../src/content/catalog.ts';
import { defaultCatalog } from '../../src/content/default-catalog.ts';
import { standardSpeed } from '../../src/engine/population.ts';
import { answer } from '../../src/sim/actions.ts';
import { simulateRange } from '../../src/sim/advance.ts';
import { microsPerQuantum } from '../../src/sim/clock.ts';
import { canAfford } from '../../src/sim/effects.ts';
import { NPC_SLOTS } from '../../src/world/schema.ts';
import { lifeWorld } from '../helpers/world.ts';

const cat = defaultCatalog();

describe('bench baseline', () => {
  it('lives the same lives as the engine: same rules, catalog and PRNG, another design', () => {
    const players = 600;
    const world = lifeWorld(players, 1);
    const c = world.columns;
    for (let s = 0; s < players; s++) c.speed[s] = Math.max(standardSpeed(s), s % 7 === 0 ? 5 : 0);
    const people = Array.from({ length: players }, (_, s) => personFromSlot(c, s));
    const micros = microsPerQuantum(20);
    let engineEvents = 0;
    let baselineEvents = 0;
    for (let tick = 0; tick < 2000; tick++) {
      const fired: number[] = [];
      simulateRange(c, 0, players, 1, micros, cat, fired);
      for (let k = 0; k < fired.length; k += 2) {
        const s = fired[k]!;
        engineEvents++;
        if (cat.kind[fired[k + 1]!] === EventKind.message) continue;
        for (let pending = c.pendingEvent[s]! - 1; pending >= 0; pending = c.pendingEvent[s]! - 1) {
          const options = cat.options[pending]!;
          const choice = options.find((o) => canAfford(c, s, o)) ?? options.at(-1)!;
          if (!canAfford(c, s, choice)) break;
          answer(c, s, cat, cat.defs[pending]!.id, choice.id);
        }
      }
      const out: number[] = [];
      tickPeople(people, 1, micros, cat, out);
      for (let k = 0; k < out.length; k += 2) {
        baselineEvents++;
        if (cat.kind[out[k + 1]!] !== EventKind.message) autoAnswer(people[out[k]!]!, cat);
      }
    }
    expect(engineEvents).toBeGreaterThan(200);
    expect(baselineEvents).toBe(engineEvents);
    for (let s = 0; s < players; s++) {
      const engineNpcs = Array.from({ length: NPC_SLOTS }, (_, k) => [
        c.npcRole[s * NPC_SLOTS + k],
        c.npcAffinity[s * NPC_SLOTS + k],
        c.npcFamiliarity[s * NPC_SLOTS + k],
        c.npcAge[s * NPC_SLOTS + k],
      ]);
      const p = people[s]!;
      const fields = Object.fromEntries(Object.entries(personFields(p)));
      const engineFields = Object.fromEntries(
        Object.keys(fields).map((k) => [k, (c as unknown as Record<string, Float64Array>)[k]![s]]),
      );
      expect(fields, `player ${s}`).toEqual(engineFields);
      expect(p.npcs.map((n) => [n.role, n.affinity, n.familiarity, n.age])).toEqual(engineNpcs);
    }
  });
});
