import type { LifeOptions } from '../sim/birth.ts';
import { MICROS_PER_MINUTE } from '../sim/clock.ts';
import { seedFor } from '../sim/random.ts';
import { MINUTES_PER_DAY } from '../world/life.ts';
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

/**
 * How a population's clocks start. `spread`: each life at its own seeded
 * minute of the day with its own carried fraction of a minute, as real
 * players are (they joined at different times), so hour boundaries fall on
 * different ticks. `lockstep`: every life at 08:00 with nothing carried, so
 * every player of a speed crosses each minute and hour on the same tick:
 * the worst case for the tick's tail, kept to measure it.
 */
export const PopulationStart = { spread: 'spread', lockstep: 'lockstep' } as const;
export type PopulationStart = keyof typeof PopulationStart;

// Salt that keeps the clock draws apart from the life's own PRNG seed
// (seedFor(seed, player)): the clock must not correlate with the life.
const CLOCK_SALT = 0x5eed_c10c;

/** Player n's seeded start of the clock in a spread population. */
export function spreadClock(seed: number, player: number): { minuteOfDay: number; carry: number } {
  const h = seedFor((seed ^ CLOCK_SALT) >>> 0, player);
  // One 32-bit hash, two nearly independent picks: the remainder by 1440
  // for the minute, the top 20 bits (0..1048575, folded into a minute's
  // millionths) for the carry.
  return { minuteOfDay: h % MINUTES_PER_DAY, carry: (h >>> 12) % MICROS_PER_MINUTE };
}

export interface PopulationOptions {
  readonly players: number;
  readonly seed: number;
  /** A fixed speed for everyone; the standard mix when absent. */
  readonly speed?: number;
  /**
   * Lockstep when absent: tests pin lives that start at 08:00 (the
   * determinism hash among them). Benches, tune and headless runs pass
   * `spread`, and `lockstep` only as the named worst case.
   */
  readonly start?: PopulationStart;
}

/**
 * Player n of the standard population: an age from the spread, a speed from
 * the standard mix (or `speed` for everyone). Benches that build players
 * outside an engine use this so they get the very players populate() makes.
 */
export function standardLife(
  seed: number,
  player: number,
  speed?: number,
  start: PopulationStart = 'lockstep',
): LifeOptions {
  return {
    seed,
    player,
    ageYears: spreadAge(player),
    speed: speed ?? standardSpeed(player),
    ...(start === 'spread' ? spreadClock(seed, player) : {}),
  };
}

/** Fill an engine with headless players; call between ticks. */
export function populate(engine: Engine, options: PopulationOptions): PlayerHandle[] {
  engine.world.grow(
    Math.min(engine.world.maxCapacity, Math.max(engine.world.capacity, options.players)),
  );
  const handles: PlayerHandle[] = [];
  for (let player = 0; player < options.players; player++) {
    handles.push(engine.spawn(standardLife(options.seed, player, options.speed, options.start)));
  }
  return handles;
}
