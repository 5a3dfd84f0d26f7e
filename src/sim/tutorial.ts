import type { Catalog } from '../content/catalog.ts';
import type { Columns } from '../world/columns.ts';
import { DAYS_PER_YEAR, Flag } from '../world/life.ts';
import { FIELD_INDEX } from '../world/schema.ts';
import { markDirty } from './dirty.ts';
import { type FiredEvents, fireEvent } from './events.ts';

const F_TUTORIAL = FIELD_INDEX.tutorial;
const F_FLAGS = FIELD_INDEX.flags;

/**
 * A new player's next tutorial step, when one is due this hour; true when it
 * fired (it then takes the hour's event slot, so no other event fires).
 *
 * A life in its first year that has not finished the tutorial gets one step
 * per game hour, in order (the `tutorial` column counts the steps fired). A
 * step fires like any event: a message is applied and reported, a question
 * becomes pending and pauses the clock until answered. After the last step
 * Flag.tutorialDone is set. Everyone else pays one flag check (lives started
 * grown up, past their first year, are checked by age and never get one).
 */
export function tutorialStep(c: Columns, s: number, cat: Catalog, out: FiredEvents): boolean {
  const flags = c.flags[s]!;
  if ((flags & Flag.tutorialDone) !== 0) return false;
  if (c.ageDays[s]! >= DAYS_PER_YEAR) return false;
  const step = c.tutorial[s]!;
  const steps = cat.tutorial.length;
  if (step >= steps) return false;
  c.tutorial[s] = step + 1;
  markDirty(c, s, F_TUTORIAL);
  if (step + 1 === steps) {
    // Set before firing: a last step that is a question must not fire again.
    c.flags[s] = (flags | Flag.tutorialDone) >>> 0;
    markDirty(c, s, F_FLAGS);
  }
  fireEvent(c, s, cat, cat.tutorial[step]!, out);
  return true;
}
