import type { Catalog } from '../content/catalog.ts';
import type { Columns } from '../world/columns.ts';
import { MINUTES_PER_DAY, MINUTES_PER_HOUR } from '../world/life.ts';
import { FIELD_INDEX } from '../world/schema.ts';
import { MICROS_PER_MINUTE } from './clock.ts';
import { dailyRules } from './daily.ts';
import { markDirty } from './dirty.ts';
import { checkEvents, type FiredEvents } from './events.ts';
import { hourlyRules } from './hourly.ts';
import { tutorialStep } from './tutorial.ts';

const F_MINUTE = FIELD_INDEX.minuteOfDay;

/** The clock of a living player with no question waiting runs. */
function running(c: Columns, s: number): boolean {
  return c.pendingEvent[s] === 0 && c.alive[s] === 1;
}

/**
 * Move one player's clock forward by up to `minutes` game minutes and return
 * how many passed. Minutes inside an hour only move the clock; the rules run
 * on the boundaries they cross (midnight: daily and weekly rules; every hour:
 * the schedule and the event check), so the cost is per boundary, not per
 * minute. The clock stops early when a question becomes pending or the life
 * ends: a question pauses the player until it is answered.
 *
 * Ticks, paid time skips and the catch-up of a returning player all go
 * through here, which is why one call of N minutes equals N minutes of ticks.
 */
export function advance(
  c: Columns,
  s: number,
  minutes: number,
  cat: Catalog,
  out: FiredEvents,
): number {
  let left = minutes;
  while (left > 0 && running(c, s)) {
    const m = c.minuteOfDay[s]!;
    const toHour = MINUTES_PER_HOUR - (m % MINUTES_PER_HOUR);
    if (left < toHour) {
      c.minuteOfDay[s] = m + left;
      markDirty(c, s, F_MINUTE);
      left = 0;
      break;
    }
    left -= toHour;
    let next = m + toHour;
    if (next === MINUTES_PER_DAY) next = 0;
    c.minuteOfDay[s] = next;
    markDirty(c, s, F_MINUTE);
    if (next === 0) {
      dailyRules(c, s, cat, out);
      if (!running(c, s)) break;
    }
    const hour = next / MINUTES_PER_HOUR;
    hourlyRules(c, s, hour);
    // A new player's tutorial step takes the hour's event slot.
    if (!tutorialStep(c, s, cat, out)) checkEvents(c, s, cat, hour, out);
  }
  return minutes - left;
}

/**
 * One tick for one player: earn `quanta` tick quanta of game time at the
 * player's speed, carry the fraction of a minute, advance the whole minutes.
 * A paused, away, waiting or ended life earns nothing.
 */
export function stepPlayer(
  c: Columns,
  s: number,
  quanta: number,
  microsPerQuantum: Float64Array,
  cat: Catalog,
  out: FiredEvents,
): number {
  const speed = c.speed[s]!;
  if (speed === 0 || c.away[s] !== 0 || c.pendingEvent[s] !== 0 || c.alive[s] === 0) return 0;
  const carry = c.carry[s]! + quanta * microsPerQuantum[speed]!;
  if (carry < MICROS_PER_MINUTE) {
    c.carry[s] = carry;
    return 0;
  }
  const whole = Math.floor(carry / MICROS_PER_MINUTE);
  c.carry[s] = carry - whole * MICROS_PER_MINUTE;
  return advance(c, s, whole, cat, out);
}

/** One tick for the slots [start, end): the body of a simulate task. Returns player-minutes simulated. */
export function simulateRange(
  c: Columns,
  start: number,
  end: number,
  quanta: number,
  microsPerQuantum: Float64Array,
  cat: Catalog,
  out: FiredEvents,
): number {
  let minutes = 0;
  for (let s = start; s < end; s++) minutes += stepPlayer(c, s, quanta, microsPerQuantum, cat, out);
  return minutes;
}
