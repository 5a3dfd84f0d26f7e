import { spreadAge } from '../../src/engine/population.ts';
import { createLife } from '../../src/sim/birth.ts';
import type { Columns } from '../../src/world/columns.ts';
import { WorldStore } from '../../src/world/store.ts';

/** What `lives` builds; every option has the default a rule test most often wants. */
export interface LivesOptions {
  /** World seed (default 11): with the player number it fixes everything random about a life. */
  readonly seed?: number;
  /** Every life's age in years (default: spread over every age, slot by slot, as a headless population is). */
  readonly ageYears?: number;
  /** Speed level (default: a new life's, 1). */
  readonly speed?: number;
  /** Walk a newborn through the tutorial (default: no). */
  readonly tutorial?: boolean;
  /** The player number of slot k (default k): which lives of the seed the slots hold. */
  readonly player?: (k: number) => number;
  /** Runs on each life once it is created: a test's common starting point (no job, no history...). */
  readonly prepare?: (c: Columns, s: number) => void;
}

/**
 * A main-thread world of `n` lives in slots 0..n-1, for rule tests without a
 * pool; returns its columns.
 */
export function lives(n: number, options: LivesOptions = {}): Columns {
  const { seed = 11, ageYears, speed, tutorial, player = (k: number) => k, prepare } = options;
  const world = new WorldStore({ capacity: n, maxCapacity: n });
  for (let k = 0; k < n; k++) {
    const s = world.resolve(world.allocate());
    createLife(world.columns, s, {
      seed,
      player: player(k),
      ageYears: ageYears ?? spreadAge(k),
      speed,
      tutorial,
    });
    prepare?.(world.columns, s);
  }
  return world.columns;
}
