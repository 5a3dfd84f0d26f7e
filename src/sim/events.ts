import { type Catalog, EventKind } from '../content/catalog.ts';
import type { Columns } from '../world/columns.ts';
import { MAX_INDEXED_AGE } from '../world/life.ts';
import { EVENT_HISTORY_WORDS, FIELD_INDEX } from '../world/schema.ts';
import { markDirty } from './dirty.ts';
import { applyEffects } from './effects.ts';
import { nextU32 } from './random.ts';

/**
 * Fired events are reported as flat pairs (slot, catalog index) so a worker
 * can hand a whole batch's events back in one typed array.
 */
export type FiredEvents = number[];

const F_PENDING = FIELD_INDEX.pendingEvent;
// The largest threshold is "always": no draw is spent on a certain event.
const ALWAYS = 2 ** 32 - 1;

export function ageYears(c: Columns, s: number): number {
  const years = Math.floor(c.ageDays[s]! / 365);
  return years > MAX_INDEXED_AGE ? MAX_INDEXED_AGE : years;
}

export function historyHas(c: Columns, s: number, event: number): boolean {
  return (c.eventHistory[s * EVENT_HISTORY_WORDS + (event >>> 5)]! & (1 << (event & 31))) !== 0;
}

/** Remember that event `i` happened to this player (once-only events check it). */
export function recordHistory(c: Columns, s: number, event: number): void {
  c.eventHistory[s * EVENT_HISTORY_WORDS + (event >>> 5)]! |= 1 << (event & 31);
}

/** Whether event `i`'s conditions hold for the player now (age, stage, flags, once, stats). */
export function eventConditionsHold(
  c: Columns,
  s: number,
  cat: Catalog,
  i: number,
  age: number,
): boolean {
  if (age < cat.minAge[i]! || age > cat.maxAge[i]!) return false;
  if ((cat.stageMask[i]! & (1 << c.stage[s]!)) === 0) return false;
  const flags = c.flags[s]!;
  const all = cat.flagsAll[i]!;
  if ((flags & all) >>> 0 !== all || (flags & cat.flagsNone[i]!) !== 0) return false;
  if (cat.once[i] === 1 && historyHas(c, s, i)) return false;
  const f1 = cat.stat1[i]!;
  if (f1 >= 0) {
    const v = c.byIndex[f1]![s]!;
    if (v < cat.stat1Min[i]! || v > cat.stat1Max[i]!) return false;
    const f2 = cat.stat2[i]!;
    if (f2 >= 0) {
      const w = c.byIndex[f2]![s]!;
      if (w < cat.stat2Min[i]! || w > cat.stat2Max[i]!) return false;
    }
  }
  return true;
}

/**
 * The hourly event check: at most one event per player per game hour.
 * Scheduled events of today at this hour come first. Otherwise one draw `u`
 * picks among the random candidates of the player's age: each candidate whose
 * conditions hold owns a slice of [0, 2^32) as wide as its chance, and the
 * slice `u` falls in fires. When `u` is past the sum of every candidate's
 * chance, nothing can fire and the candidates are not even looked at, which
 * is what most hours of most players cost: one draw and one comparison.
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
  if (u >= cat.byAgeTotal[age]!) return;
  let slice = 0;
  for (let k = cat.byAgeStart[age]!, end = cat.byAgeStart[age + 1]!; k < end; k++) {
    const i = cat.byAgeList[k]!;
    if (!eventConditionsHold(c, s, cat, i, age)) continue;
    slice += cat.threshold[i]!;
    if (u < slice) {
      fireEvent(c, s, cat, i, out);
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
