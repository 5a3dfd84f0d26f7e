import type { Catalog } from '../content/catalog.ts';
import type { Columns } from '../world/columns.ts';
import { MINUTES_PER_DAY, MINUTES_PER_HOUR } from '../world/life.ts';
import { DIRTY_WORDS, FIELD_INDEX } from '../world/schema.ts';
import { MICROS_PER_MINUTE } from './clock.ts';
import { dailyRules } from './daily.ts';
import { markDirty } from './dirty.ts';
import { checkEvents, type FiredEvents } from './events.ts';
import { hourlyRules } from './hourly.ts';
import { tutorialStep } from './tutorial.ts';

const F_MINUTE = FIELD_INDEX.minuteOfDay;
// The clock's dirty bit, for the loop that marks it without a call (markDirty's arithmetic).
const MINUTE_WORD = F_MINUTE >>> 5;
const MINUTE_BIT = 1 << (F_MINUTE & 31);

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

// Players that reach an hour boundary this tick, and their whole minutes,
// collected by the first pass of simulateRange; grown to the largest range met.
let crossing = new Int32Array(1024);
let crossingMinutes = new Int32Array(1024);

// Players whose hour columns are touched ahead of their rules at a time:
// 256 players x ~20 columns x 64-byte lines is about 330 KB, inside a
// core's L2, so the lines are still there when the rules read them.
const TOUCH_CHUNK = 256;
// Where the touches' sum goes, so the compiler cannot drop the reads.
let touched = 0;

/**
 * Read the columns an hour's rules read, for crossing[b..e), in one tight
 * loop of independent loads. The hour's rules read ~20 columns, one cache
 * line each, in chains of dependent branches that leave the memory system
 * idle between misses; here the misses overlap, and the rules then find
 * the lines in cache. Reads only: nothing the rules see changes.
 */
function touchHourColumns(c: Columns, b: number, e: number): void {
  let sum = touched;
  for (let k = b; k < e; k++) {
    const s = crossing[k]!;
    sum +=
      c.stage[s]! +
      c.flags[s]! +
      c.weekday[s]! +
      c.activity[s]! +
      c.peakEnergy[s]! +
      c.energy[s]! +
      c.hunger[s]! +
      c.stress[s]! +
      c.happiness[s]! +
      c.social[s]! +
      c.energyReserve[s]! +
      c.conditions[s]! +
      c.health[s]! +
      c.mood[s]! +
      c.ageDays[s]! +
      c.dayOfYear[s]! +
      c.rng[s]! +
      c.dirty[s * DIRTY_WORDS]! +
      c.money[s]!;
  }
  touched = sum % 1024;
}

/**
 * One tick for the slots [start, end): the body of a simulate task. Returns
 * player-minutes simulated.
 *
 * Two passes. The first walks every slot and does what most player-ticks
 * need and nothing else: earn the tick's time, keep the fraction of a minute
 * in the carry and, when the clock stays inside its hour, move it. That loop
 * touches five narrow columns and stays small enough to compile tight. A
 * player that reaches an hour boundary is only noted; the second pass runs
 * advance() for those, in slot order, where the rules are. Players never
 * read each other's state, so the result is the same as stepPlayer for each
 * slot in turn, bit for bit, events reported in the same order.
 */
export function simulateRange(
  c: Columns,
  start: number,
  end: number,
  quanta: number,
  microsPerQuantum: Float64Array,
  cat: Catalog,
  out: FiredEvents,
): number {
  if (crossing.length < end - start) {
    crossing = new Int32Array(end - start);
    crossingMinutes = new Int32Array(end - start);
  }
  const speedCol = c.speed;
  const awayCol = c.away;
  const pendingCol = c.pendingEvent;
  const aliveCol = c.alive;
  const carryCol = c.carry;
  const minuteCol = c.minuteOfDay;
  const dirty = c.dirty;
  let minutes = 0;
  let n = 0;
  for (let s = start; s < end; s++) {
    const speed = speedCol[s]!;
    if (speed === 0 || awayCol[s] !== 0 || pendingCol[s] !== 0 || aliveCol[s] === 0) continue;
    const carry = carryCol[s]! + quanta * microsPerQuantum[speed]!;
    if (carry < MICROS_PER_MINUTE) {
      carryCol[s] = carry;
      continue;
    }
    const whole = Math.floor(carry / MICROS_PER_MINUTE);
    carryCol[s] = carry - whole * MICROS_PER_MINUTE;
    const m = minuteCol[s]!;
    if (whole < MINUTES_PER_HOUR - (m % MINUTES_PER_HOUR)) {
      // Inside the hour: the clock alone moves (advance's first branch).
      minuteCol[s] = m + whole;
      dirty[s * DIRTY_WORDS + MINUTE_WORD]! |= MINUTE_BIT;
      minutes += whole;
    } else {
      crossing[n] = s;
      crossingMinutes[n++] = whole;
    }
  }
  for (let b = 0; b < n; b += TOUCH_CHUNK) {
    const e = b + TOUCH_CHUNK < n ? b + TOUCH_CHUNK : n;
    touchHourColumns(c, b, e);
    for (let k = b; k < e; k++) minutes += advance(c, crossing[k]!, crossingMinutes[k]!, cat, out);
  }
  return minutes;
}
