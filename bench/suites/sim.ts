import { EventKind } from '../../src/content/catalog.ts';
import { defaultCatalog } from '../../src/content/default-catalog.ts';
import { standardLife } from '../../src/engine/population.ts';
import { TickStats } from '../../src/engine/tick-stats.ts';
import { createLife } from '../../src/sim/birth.ts';
import { microsPerQuantum } from '../../src/sim/clock.ts';
import { WorldStore } from '../../src/world/store.ts';
import { autoAnswer, type Person, personFromSlot, tickPeople } from '../baseline/object-world.ts';
import { eventCheckCost } from '../event-check-cost.ts';
import { freeRunEngine } from '../measure.ts';
import type { BenchRow } from '../row.ts';

export interface SimSuiteOptions {
  readonly players: number;
  readonly seconds: number;
  readonly seed: number;
}

/** The same players the engine's populate() creates, as baseline objects. */
function baselinePeople(players: number, seed: number): Person[] {
  const world = new WorldStore({ capacity: players, maxCapacity: players });
  const people: Person[] = [];
  for (let player = 0; player < players; player++) {
    const slot = world.resolve(world.allocate());
    createLife(world.columns, slot, standardLife(seed, player));
    people.push(personFromSlot(world.columns, slot));
  }
  return people;
}

function runBaseline(options: SimSuiteOptions, warmupTicks: number): BenchRow {
  const cat = defaultCatalog();
  const people = baselinePeople(options.players, options.seed);
  const micros = microsPerQuantum(20);
  const stats = new TickStats();
  const out: number[] = [];
  const tick = () => {
    out.length = 0;
    const minutes = tickPeople(people, 1, micros, cat, out);
    for (let k = 0; k < out.length; k += 2) {
      if (cat.kind[out[k + 1]!] !== EventKind.message) autoAnswer(people[out[k]!]!, cat);
    }
    return minutes;
  };
  for (let t = 0; t < warmupTicks; t++) tick();
  let minutes = 0;
  let ticks = 0;
  const started = performance.now();
  while (performance.now() - started < options.seconds * 1000) {
    const t0 = performance.now();
    minutes += tick();
    stats.record('total', performance.now() - t0);
    ticks++;
  }
  const elapsed = (performance.now() - started) / 1000;
  const total = stats.summary('total');
  return {
    engine: 'baseline',
    workers: 1,
    players: options.players,
    playerMinutesPerSec: minutes / elapsed,
    tickP50Ms: total.p50Ms,
    tickP99Ms: total.p99Ms,
    ticks,
    bytesPerPlayer: 0,
  };
}

/**
 * Suite `sim`: game minutes simulated per second by lifetick's engine on one
 * worker against the object-per-player, minute-by-minute baseline, and what
 * the hourly event check costs (bench/event-check-cost.ts). Same
 * players (same seed, ages spread over a life), same standard speed mix, same
 * rules and catalog, headless players answering questions on both sides.
 */
export async function simSuite(options: SimSuiteOptions) {
  const warmupTicks = 40;
  // First, while the heap is small: the baseline's million objects would
  // otherwise be collected in the middle of these timings. 200 ticks at
  // 20 Hz is 10 s of game play at the standard speed mix.
  const events = eventCheckCost(options.players, options.seed, 200);
  const lifetick = await freeRunEngine({ ...options, workers: 1, warmupTicks });
  const baseline = runBaseline(options, warmupTicks);
  return {
    rows: [lifetick, baseline],
    ratios: {
      lifetickOneWorkerOverBaseline: lifetick.playerMinutesPerSec / baseline.playerMinutesPerSec,
      eventChecksPerSecOneCore: events.checksPerSec,
      eventsFiredPerSecOneCore: events.eventsPerSec,
      eventCheckShareOfSimulate: events.share,
    },
  };
}
