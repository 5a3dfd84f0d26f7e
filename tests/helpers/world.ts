import { spreadAge } from '../../src/engine/population.ts';
import { createLife } from '../../src/sim/birth.ts';
import { WorldStore } from '../../src/world/store.ts';

/** A main-thread world of `players` lives (spread over every age), for rule tests without a pool. */
export function lifeWorld(players: number, speed: number, seed = 11): WorldStore {
  const world = new WorldStore({ capacity: players, maxCapacity: players });
  for (let p = 0; p < players; p++) {
    const slot = world.resolve(world.allocate());
    createLife(world.columns, slot, { seed, player: p, ageYears: spreadAge(p), speed });
  }
  return world;
}
