import { describe, expect, it } from 'vitest';
import { defaultCatalog } from '../../src/content/default-catalog.ts';
import { answer, skipTime } from '../../src/sim/actions.ts';
import { advance, simulateRange } from '../../src/sim/advance.ts';
import { microsPerQuantum } from '../../src/sim/clock.ts';
import type { FiredEvents } from '../../src/sim/events.ts';
import { snapshot } from '../helpers/columns.ts';
import { lives } from '../helpers/world.ts';

const cat = defaultCatalog();

describe('advance', () => {
  it.each([
    { speed: 1, hz: 20, minutes: 3000 }, // a quarter minute a tick: carries fractions
    { speed: 4, hz: 20, minutes: 5000 }, // 12.5 minutes a tick: crosses hours inside a tick
    { speed: 5, hz: 20, minutes: 30_000 }, // 250 minutes a tick: days and weeks inside a tick
  ])('one call of N minutes equals N minutes of ticks (speed $speed)', ({ speed, hz, minutes }) => {
    const players = 400;
    const ticked = lives(players, { speed });
    const skipped = lives(players, { speed });
    const micros = microsPerQuantum(hz);
    const ticks = Math.round((minutes * hz) / [0, 5, 10, 100, 250, 5000][speed]!);
    const tickEvents: FiredEvents = [];
    for (let t = 0; t < ticks; t++) simulateRange(ticked, 0, players, 1, micros, cat, tickEvents);
    const skipEvents: FiredEvents = [];
    for (let s = 0; s < players; s++) advance(skipped, s, minutes, cat, skipEvents);

    // Ticks stop earning at a pending question exactly where advance stops;
    // only the sub-minute carry of a paused player can differ.
    for (let s = 0; s < players; s++) {
      expect(snapshot(skipped, s, ['carry']), `slot ${s}`).toEqual(snapshot(ticked, s, ['carry']));
    }
    const bySlot = (e: FiredEvents) => {
      const pairs: string[] = [];
      for (let k = 0; k < e.length; k += 2) pairs.push(`${e[k]}:${e[k + 1]}`);
      return pairs.sort();
    };
    expect(bySlot(skipEvents)).toEqual(bySlot(tickEvents));
    expect(skipEvents.length).toBeGreaterThan(0);
  });

  it('pauses the clock at a pending question until it is answered', () => {
    const c = lives(200, { speed: 5 });
    // Find a player whose next month holds a question, and one whose last
    // option ends it (no follow-up question), so answering restarts the clock.
    let slot = -1;
    for (let s = 0; s < 200 && slot < 0; s++) {
      skipTime(c, s, cat, 43_200);
      const pending = c.pendingEvent[s]! - 1;
      if (pending >= 0 && cat.options[pending]!.at(-1)!.next < 0) slot = s;
    }
    expect(slot).toBeGreaterThanOrEqual(0);
    const before = snapshot(c, slot);
    expect(skipTime(c, slot, cat, 600).minutes).toBe(0);
    expect(snapshot(c, slot)).toEqual(before);

    const pending = c.pendingEvent[slot]! - 1;
    const option = cat.options[pending]!.at(-1)!;
    c.money[slot] = 1e6;
    c.energy[slot] = 100;
    c.diamonds[slot] = 1000;
    answer(c, slot, cat, cat.defs[pending]!.id, option.id);
    expect(c.pendingEvent[slot]).toBe(option.next + 1);
    expect(option.next).toBeLessThan(0);
    expect(skipTime(c, slot, cat, 60).minutes).toBe(60);
  });

  it('keeps the clock paused when the answer leads to a follow-up question', () => {
    const c = lives(400, { speed: 5 });
    // A player whose question's last option has a follow-up.
    let slot = -1;
    for (let s = 0; s < 400 && slot < 0; s++) {
      for (let month = 0; month < 24 && c.pendingEvent[s] === 0; month++)
        skipTime(c, s, cat, 43_200);
      const pending = c.pendingEvent[s]! - 1;
      if (pending >= 0 && cat.options[pending]!.at(-1)!.next >= 0) slot = s;
    }
    expect(slot).toBeGreaterThanOrEqual(0);
    const pending = c.pendingEvent[slot]! - 1;
    const option = cat.options[pending]!.at(-1)!;
    c.money[slot] = 1e6;
    c.energy[slot] = 100;
    c.diamonds[slot] = 1000;
    answer(c, slot, cat, cat.defs[pending]!.id, option.id);
    expect(c.pendingEvent[slot]).toBe(option.next + 1);
    expect(skipTime(c, slot, cat, 60).minutes).toBe(0);
  });

  it('stops for good when the life ends', () => {
    const c = lives(1, { speed: 5 });
    c.ageDays[0] = 118 * 365;
    c.health[0] = 1;
    c.pendingEvent[0] = 0;
    let advanced = 0;
    for (let i = 0; i < 200 && c.alive[0] === 1; i++) {
      c.pendingEvent[0] = 0;
      advanced += skipTime(c, 0, cat, 1440 * 30).minutes;
    }
    expect(c.alive[0]).toBe(0);
    const out: FiredEvents = [];
    expect(advance(c, 0, 1440, cat, out)).toBe(0);
    expect(advanced).toBeGreaterThan(0);
  });
});
