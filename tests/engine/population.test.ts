import { describe, expect, it } from 'vitest';
import { spreadClock, standardLife } from '../../src/engine/population.ts';
import { createLife } from '../../src/sim/birth.ts';
import { MICROS_PER_MINUTE } from '../../src/sim/clock.ts';
import { MINUTES_PER_DAY, MINUTES_PER_HOUR } from '../../src/world/life.ts';
import { WorldStore } from '../../src/world/store.ts';
import { snapshot } from '../helpers/columns.ts';

function world(players: number) {
  return new WorldStore({ capacity: players, maxCapacity: players });
}

describe('population start', () => {
  it('spread: clocks over the whole day and carries over the whole minute, the same for a seed', () => {
    const players = 10_000;
    const w = world(players);
    const hours = new Set<number>();
    let carried = 0;
    for (let p = 0; p < players; p++) {
      const s = w.resolve(w.allocate());
      createLife(w.columns, s, standardLife(5, p, undefined, 'spread'));
      hours.add(Math.floor(w.columns.minuteOfDay[s]! / MINUTES_PER_HOUR));
      if (w.columns.carry[s]! > 0) carried++;
      expect(w.columns.carry[s]).toBeLessThan(MICROS_PER_MINUTE);
    }
    expect(hours.size).toBe(24);
    expect(carried).toBeGreaterThan(players * 0.99);
    expect(spreadClock(5, 123)).toEqual(spreadClock(5, 123));
    expect(spreadClock(5, 123)).not.toEqual(spreadClock(6, 123));
  });

  it('the clock start leaves the rest of the life as lockstep makes it', () => {
    const w = world(2);
    createLife(w.columns, 0, standardLife(5, 42, undefined, 'lockstep'));
    createLife(w.columns, 1, standardLife(5, 42, undefined, 'spread'));
    expect(w.columns.minuteOfDay[0]).toBe(8 * MINUTES_PER_HOUR);
    expect(w.columns.carry[0]).toBe(0);
    const skip = ['minuteOfDay', 'carry'];
    expect(snapshot(w.columns, 1, skip)).toEqual(snapshot(w.columns, 0, skip));
  });

  it('refuses a start outside the day or the minute, changing nothing', () => {
    const w = world(1);
    const before = snapshot(w.columns, 0);
    const bad = [
      { minuteOfDay: MINUTES_PER_DAY },
      { minuteOfDay: -1 },
      { minuteOfDay: 1.5 },
      { carry: MICROS_PER_MINUTE },
      { carry: -1 },
    ];
    for (const start of bad) {
      expect(() => createLife(w.columns, 0, { seed: 1, player: 0, ...start })).toThrow(RangeError);
      expect(snapshot(w.columns, 0)).toEqual(before);
    }
  });
});
