/**
 * The baseline's side of bench `sim`, as an entry of its own: bench/suites/
 * sim.ts bundles it (src/kit/worker-bundle.ts) and imports the bundle, so
 * the baseline runs as one native module exactly like the engine's simulate
 * worker does. Run through tsx's require hook instead, every imported
 * constant its rules read would be a getter call: a handicap of the loader,
 * not of the design.
 */
import { EventKind } from '../../src/content/catalog.ts';
import { defaultCatalog } from '../../src/content/default-catalog.ts';
import { type PopulationStart, standardLife } from '../../src/engine/population.ts';
import { createLife } from '../../src/sim/birth.ts';
import { microsPerQuantum } from '../../src/sim/clock.ts';
import { ACHIEVEMENT_REPORT } from '../../src/sim/events.ts';
import { WorldStore } from '../../src/world/store.ts';
import { autoAnswer, type Person, personFromSlot, tickPeople } from './object-world.ts';

export interface BaselineWorldOptions {
  readonly players: number;
  readonly seed: number;
  readonly start: PopulationStart;
}

/** A baseline world to tick: one tick returns the player-minutes it simulated. */
export interface BaselineWorld {
  tick(): number;
}

// The tick rate both sides are measured at (bench/measure.ts: the engine's 20 Hz).
const TICK_HZ = 20;

/** The players the engine's populate() makes, as baseline objects. */
function people(options: BaselineWorldOptions): Person[] {
  const world = new WorldStore({ capacity: options.players, maxCapacity: options.players });
  const out: Person[] = [];
  for (let player = 0; player < options.players; player++) {
    const slot = world.resolve(world.allocate());
    createLife(world.columns, slot, standardLife(options.seed, player, undefined, options.start));
    out.push(personFromSlot(world.columns, slot));
  }
  return out;
}

/** The standard population as Person objects, ticked back to back with headless players answering. */
export function baselineWorld(options: BaselineWorldOptions): BaselineWorld {
  const cat = defaultCatalog();
  const all = people(options);
  const micros = microsPerQuantum(TICK_HZ);
  const out: number[] = [];
  return {
    tick() {
      out.length = 0;
      const minutes = tickPeople(all, 1, micros, cat, out);
      for (let k = 0; k < out.length; k += 2) {
        const report = out[k + 1]!;
        if (report < ACHIEVEMENT_REPORT && cat.kind[report] !== EventKind.message)
          autoAnswer(all[out[k]!]!, cat);
      }
      return minutes;
    },
  };
}
