import { describe, expect, it } from 'vitest';
import { personFromSlot, tickPeople } from '../../bench/baseline/object-world.ts';
import { compileCatalog } from '../../src/content/catalog.ts';
import { defaultCatalog } from '../../src/content/default-catalog.ts';
import { standardSpeed } from '../../src/engine/population.ts';
import { simulateRange } from '../../src/sim/advance.ts';
import { microsPerQuantum } from '../../src/sim/clock.ts';
import { lives } from '../helpers/world.ts';

/**
 * The bench baseline models the original design (one object per player,
 * every game minute stepped, the whole catalog scanned every hour) running
 * the starter game's rules, frozen in bench/baseline/object-world.ts. The
 * engine has since gained the life systems (school, work, health, mood,
 * achievements...), so the two no longer live the same lives, and the bench
 * ratio is a lower bound: the engine does more per game hour.
 *
 * What must hold for the ratio to compare like with like is the unit:
 * a player-minute is a player-minute. With no events to pause anyone, both
 * designs move every living player's clock exactly alike, tick by tick.
 */
describe('bench baseline', () => {
  it('advances every player clock exactly like the engine', () => {
    const players = 600;
    const c = lives(players, { speed: 1 });
    for (let s = 0; s < players; s++) c.speed[s] = Math.max(standardSpeed(s), s % 7 === 0 ? 5 : 0);
    const people = Array.from({ length: players }, (_, s) => personFromSlot(c, s));
    // Nothing can fire: only the event the rules fire at a death.
    const quiet = compileCatalog([defaultCatalog().defs[defaultCatalog().death]!]);
    const micros = microsPerQuantum(20);
    let engineMinutes = 0;
    let baselineMinutes = 0;
    for (let tick = 0; tick < 2000; tick++) {
      engineMinutes += simulateRange(c, 0, players, 1, micros, quiet, []);
      baselineMinutes += tickPeople(people, 1, micros, quiet, []);
    }
    let compared = 0;
    for (let s = 0; s < players; s++) {
      const p = people[s]!;
      // A death stops a clock; the two designs' health rules differ now.
      if (c.alive[s] === 0 || p.alive === 0) continue;
      compared++;
      expect([p.minuteOfDay, p.dayOfYear, p.year, p.ageDays, p.weekday], `player ${s}`).toEqual([
        c.minuteOfDay[s],
        c.dayOfYear[s],
        c.year[s],
        c.ageDays[s],
        c.weekday[s],
      ]);
    }
    expect(compared).toBeGreaterThan(players * 0.95);
    expect(engineMinutes).toBeGreaterThan(0);
    expect(Math.abs(engineMinutes - baselineMinutes) / engineMinutes).toBeLessThan(0.05);
  });
});
