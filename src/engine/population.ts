import type { LifeOptions } from '../sim/birth.ts';
import type { PlayerHandle } from '../world/store.ts';
import type { Engine } from './engine.ts';

/**
 * The standard speed mix of benches and headless runs: 60% level 1, 25%
 * level 2, 10% level 3, 4% level 4, 1% level 5. Assigned by player number
 * (not drawn), so every run and every engine gets the same players at the
 * same speeds.
 */
export function standardSpeed(player: number): number {
  const p = player % 100;
  if (p < 60) return 1;
  if (p < 85) return 2;
  if (p < 95) return 3;
  if (p < 99) return 4;
  return 5;
}

/**
 * Age of player n in a spread population: ages 0..89 in a fixed shuffle
 * (the multiplier 37 is coprime with 90), so every life stage is present in
 * any run of consecutive players.
 */
export function spreadAge(player: number): number {
  return (player * 37) % 90;
}

export interface PopulationOptions {
  readonly players: number;
  readonly seed: number;
  /** A fixed speed for everyone; the standard mix when absent. */
  readonly speed?: number;
}

/**
 * Player n of the standard population: an age from the spread, a speed from
 * the standard mix (or `speed` for everyone). Benches that build players
 * outside an engine use this so they get the very players populate() makes.
 */
export function standardLife(seed: number, player: number, speed?: number): LifeOptions {
  return { seed, player, ageYears: spreadAge(player), speed: speed ?? standardSpeed(player) };
}

/** Fill an engine with headless players; call between ticks. */
export function populate(engine: Engine, options: PopulationOptions): PlayerHandle[] {
  engine.world.grow(
    Math.min(engine.world.maxCapacity, Math.max(engine.world.capacity, options.players)),
  );
  const handles: PlayerHandle[] = [];
  for (let player = 0; player < options.players; player++) {
    handles.push(engine.spawn(standardLife(options.seed, player, options.speed)));
  }
  return handles;
}
