import { type Catalog, EventKind, SITUATIONS, situationKey } from '../content/catalog.ts';
import { CHANCE_ONE } from '../world/chance.ts';
import type { Columns } from '../world/columns.ts';
import { ageInYears, MAX_INDEXED_AGE } from '../world/life.ts';
import { EVENT_HISTORY_WORDS, FIELD_INDEX } from '../world/schema.ts';
import { conditionsHold } from './conditions.ts';
import { markDirty } from './dirty.ts';
import { applyEffects } from './effects.ts';
import { nextU32 } from './random.ts';

/**
 * Fired events are reported as flat pairs (slot, catalog index) so a worker
 * can hand a whole batch's events back in one typed array.
 */
export type FiredEvents = number[];

/**
 * Reports in FiredEvents are event catalog indices, except codes from this
 * base up: achievement k unlocked is reported as ACHIEVEMENT_REPORT + k.
 * (Catalog indices stay far below: the history bitset holds 512 events.)
 */
export const ACHIEVEMENT_REPORT = 1 << 16;

const F_PENDING = FIELD_INDEX.pendingEvent;
// The largest threshold is "always": no draw is spent on a certain event.
const ALWAYS = 2 ** 32 - 1;

/** The player's age in whole years (world/life.ts ageInYears), capped at the oldest the event index knows. */
export function ageYears(c: Columns, s: number): number {
  const years = ageInYears(c.ageDays[s]!);
  return years > MAX_INDEXED_AGE ? MAX_INDEXED_AGE : years;
}

export function historyHas(c: Columns, s: number, event: number): boolean {
  return (c.eventHistory[s * EVENT_HISTORY_WORDS + (event >>> 5)]! & (1 << (event & 31))) !== 0;
}

/** Remember that event `i` happened to this player (once-only events check it). */
export function recordHistory(c: Columns, s: number, event: number): void {
  c.eventHistory[s * EVENT_HISTORY_WORDS + (event >>> 5)]! |= 1 << (event & 31);
}

/** Whether event `i` may fire for the player now: its conditions hold and, if once-only, it has not happened. */
export function eventConditionsHold(
  c: Columns,
  s: number,
  cat: Catalog,
  i: number,
  age: number,
): boolean {
  // The history bitset is the coldest memory the check touches (64 bytes a
  // player): read it only for a candidate whose other conditions hold.
  return conditionsHold(c, s, cat, i, age) && !(cat.once[i] === 1 && historyHas(c, s, i));
}

/**
 * How much the person's tastes favour an event: 1 for an event that touches
 * none of them, up to 1 + 2 per liked tag, and a quarter for an event with a
 * disliked tag (people still do things they dislike, just less often).
 */
export function interestWeight(tags: number, likes: number, dislikes: number): number {
  if ((tags & dislikes) !== 0) return DISLIKED_WEIGHT;
  let liked = (tags & likes) >>> 0;
  let n = 0;
  while (liked !== 0) {
    liked &= liked - 1;
    n++;
  }
  return 1 + LIKED_TAG_WEIGHT * n;
}
const DISLIKED_WEIGHT = 0.25;
const LIKED_TAG_WEIGHT = 2;

// Candidates of one age that hold at once and their weighted chances, kept
// between the two passes of the selection; one pair of buffers per thread,
// grown to the largest bucket met.
let eligible = new Uint16Array(64);
let eligibleWeight = new Float64Array(64);

/**
 * The hourly event check: at most one event per player per game hour.
 * Scheduled events of today at this hour come first. Otherwise one draw `u`
 * decides WHETHER a random event fires: it fires when `u` falls below the sum
 * of the chances of the candidates whose conditions hold, so each event's
 * own chance sets how often the hour brings something. When `u` is past the
 * sum of every candidate of the age and situation, nothing can fire and the
 * candidates are not even looked at, which is what most hours of most
 * players cost: one draw and one comparison.
 *
 * WHICH event fires is a second draw, weighted by chance times interest
 * weight: two people of the same age see the same amount of life happening,
 * but a music lover's hours lean to music.
 */
export function checkEvents(
  c: Columns,
  s: number,
  cat: Catalog,
  hour: number,
  out: FiredEvents,
): void {
  const age = ageYears(c, s);
  const day = c.dayOfYear[s]!;
  for (let k = cat.byDayStart[day]!, end = cat.byDayStart[day + 1]!; k < end; k++) {
    const i = cat.byDayList[k]!;
    if (cat.hour[i] !== hour || !eventConditionsHold(c, s, cat, i, age)) continue;
    const t = cat.threshold[i]!;
    if (t === ALWAYS || nextU32(c, s) < t) {
      fireEvent(c, s, cat, i, out);
      return;
    }
  }
  const u = nextU32(c, s);
  // The candidates of this age that the player's situation (school, job,
  // partner) allows: the same eligible events as the whole age bucket, in
  // the same order, behind a much tighter total (catalog.ts).
  const bucket = age * SITUATIONS + situationKey(c.flags[s]!);
  if (u >= cat.bySituationTotal[bucket]!) return;
  const start = cat.bySituationStart[bucket]!;
  const end = cat.bySituationStart[bucket + 1]!;
  if (eligible.length < end - start) {
    eligible = new Uint16Array(end - start);
    eligibleWeight = new Float64Array(end - start);
  }
  let n = 0;
  let sum = 0;
  let weighted = 0;
  const likes = c.interests[s]!;
  const dislikes = c.dislikes[s]!;
  for (let k = start; k < end; k++) {
    const i = cat.bySituationList[k]!;
    if (!eventConditionsHold(c, s, cat, i, age)) continue;
    const w = cat.threshold[i]! * interestWeight(cat.tagMask[i]!, likes, dislikes);
    eligible[n] = i;
    eligibleWeight[n++] = w;
    sum += cat.threshold[i]!;
    weighted += w;
  }
  if (u >= sum) return;
  const v = (nextU32(c, s) / CHANCE_ONE) * weighted;
  let slice = 0;
  for (let k = 0; k < n; k++) {
    slice += eligibleWeight[k]!;
    if (v < slice || k === n - 1) {
      fireEvent(c, s, cat, eligible[k]!, out);
      return;
    }
  }
}

/** Fire event `i`: record it, apply a message's effects or park a question as pending. */
export function fireEvent(c: Columns, s: number, cat: Catalog, i: number, out: FiredEvents): void {
  recordHistory(c, s, i);
  out.push(s, i);
  if (cat.kind[i] === EventKind.message) {
    applyEffects(c, s, cat.effects[i]!);
  } else {
    // A question pauses this player's clock until it is answered (sim/advance.ts).
    c.pendingEvent[s] = i + 1;
    markDirty(c, s, F_PENDING);
  }
}
