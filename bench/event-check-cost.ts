import { type Catalog, compileCatalog } from '../src/content/catalog.ts';
import { defaultCatalog } from '../src/content/default-catalog.ts';
import { standardLife } from '../src/engine/population.ts';
import { answer } from '../src/sim/actions.ts';
import { simulateRange } from '../src/sim/advance.ts';
import { createLife } from '../src/sim/birth.ts';
import { microsPerQuantum } from '../src/sim/clock.ts';
import { canAfford } from '../src/sim/effects.ts';
import type { Columns } from '../src/world/columns.ts';
import { WorldStore } from '../src/world/store.ts';

/** What the hourly event check costs, measured side by side in one run. */
export interface EventCheckCost {
  readonly players: number;
  readonly ticks: number;
  /** Hourly checks (one per player-hour) per second on one core, with the whole catalog. */
  readonly checksPerSec: number;
  /** Candidate evaluations are not counted one by one; events fired per second instead. */
  readonly eventsPerSec: number;
  /** Tick time with the whole catalog and with no random or scheduled events, ms per tick. */
  readonly msPerTickFull: number;
  readonly msPerTickWithout: number;
  /** Share of the simulate time the event check takes: 1 - without / full. */
  readonly share: number;
}

/** The same catalog with nothing that the hourly check could fire: the rules alone. */
function rulesOnlyCatalog(): Catalog {
  return compileCatalog(
    defaultCatalog().defs.map((d) => {
      const { when: _when, ...rest } = d;
      return rest;
    }),
  );
}

function world(players: number, seed: number): WorldStore {
  const w = new WorldStore({ capacity: players, maxCapacity: players });
  for (let p = 0; p < players; p++)
    createLife(w.columns, w.resolve(w.allocate()), standardLife(seed, p, undefined, 'spread'));
  return w;
}

function hourCount(c: Columns, players: number): number {
  let hours = 0;
  for (let s = 0; s < players; s++)
    hours += c.ageDays[s]! * 24 + Math.floor(c.minuteOfDay[s]! / 60);
  return hours;
}

function run(c: Columns, players: number, cat: Catalog, ticks: number) {
  const micros = microsPerQuantum(20);
  const fired: number[] = [];
  let events = 0;
  let ms = 0;
  for (let t = 0; t < ticks; t++) {
    fired.length = 0;
    const t0 = performance.now();
    simulateRange(c, 0, players, 1, micros, cat, fired);
    ms += performance.now() - t0;
    events += fired.length / 2;
    // Answer like a bot (outside the timing), so questions do not pause lives.
    for (let k = 0; k < fired.length; k += 2) {
      const s = fired[k]!;
      for (let p = c.pendingEvent[s]! - 1; p >= 0; p = c.pendingEvent[s]! - 1) {
        const option = cat.options[p]!.find((o) => canAfford(c, s, o));
        if (!option) break;
        answer(c, s, cat, cat.defs[p]!.id, option.id);
      }
    }
  }
  return { ms, events };
}

// Ticks per block of the alternation: long enough to time, short enough
// that both sides see the same machine.
const BLOCK = 20;

/**
 * Run the standard population for `ticks` ticks twice on one core from the
 * same start: with the whole catalog, and with a catalog whose events can
 * never fire by themselves. The difference is what the hourly check costs
 * (and what the events it fires do to the lives, which is part of its
 * price). Warm-up ticks run first on both so the JIT has seen both shapes.
 */
export function eventCheckCost(players: number, seed: number, ticks: number): EventCheckCost {
  const full = defaultCatalog();
  const none = rulesOnlyCatalog();
  const a = world(players, seed);
  const b = world(players, seed);
  run(a.columns, players, full, 20);
  run(b.columns, players, none, 20);
  const hoursBefore = hourCount(a.columns, players);
  // Alternating blocks, so a slow spell of the machine (or a collection)
  // falls on both sides alike.
  const withEvents = { ms: 0, events: 0 };
  const without = { ms: 0, events: 0 };
  for (let done = 0; done < ticks; done += BLOCK) {
    const n = Math.min(BLOCK, ticks - done);
    const x = run(a.columns, players, full, n);
    withEvents.ms += x.ms;
    withEvents.events += x.events;
    without.ms += run(b.columns, players, none, n).ms;
  }
  const hours = hourCount(a.columns, players) - hoursBefore;
  return {
    players,
    ticks,
    checksPerSec: hours / (withEvents.ms / 1000),
    eventsPerSec: withEvents.events / (withEvents.ms / 1000),
    msPerTickFull: withEvents.ms / ticks,
    msPerTickWithout: without.ms / ticks,
    share: Math.max(0, 1 - without.ms / withEvents.ms),
  };
}
