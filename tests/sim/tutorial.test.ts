import { describe, expect, it } from 'vitest';
import { EventKind } from '../../src/content/catalog.ts';
import { defaultCatalog } from '../../src/content/default-catalog.ts';
import { TUTORIAL_EVENTS } from '../../src/content/events/tutorial.ts';
import { answer } from '../../src/sim/actions.ts';
import { advance } from '../../src/sim/advance.ts';
import { canAfford } from '../../src/sim/effects.ts';
import { ACHIEVEMENT_REPORT, type FiredEvents } from '../../src/sim/events.ts';
import { tutorialStep } from '../../src/sim/tutorial.ts';
import type { Columns } from '../../src/world/columns.ts';
import { Flag } from '../../src/world/life.ts';
import { lives } from '../helpers/world.ts';

const cat = defaultCatalog();
const HOUR = 60;

/** New players of seed 5, walked through the tutorial: `lives(1, { ...PLAYER, ageYears })`. */
const PLAYER = { seed: 5, tutorial: true } as const;

/** Answer a pending question with the first option the player can afford; false when none is. */
function answerPending(c: Columns, s: number): boolean {
  const pending = c.pendingEvent[s]! - 1;
  if (pending < 0) return true;
  const option = cat.options[pending]!.find((o) => canAfford(c, s, o));
  if (!option) return false;
  answer(c, s, cat, cat.defs[pending]!.id, option.id);
  return true;
}

const ids = (out: FiredEvents) => {
  const r: string[] = [];
  for (let k = 1; k < out.length; k += 2) {
    if (out[k]! < ACHIEVEMENT_REPORT) r.push(cat.defs[out[k]!]!.id);
  }
  return r;
};

describe('tutorial content', () => {
  it('is 4-6 steps numbered 1..N, with messages and at least one question', () => {
    const steps = TUTORIAL_EVENTS.map((e) => e.tutorialStep);
    expect(steps.length).toBeGreaterThanOrEqual(4);
    expect(steps.length).toBeLessThanOrEqual(6);
    expect(steps).toEqual(steps.map((_, k) => k + 1));
    expect(TUTORIAL_EVENTS.some((e) => e.kind === 'question')).toBe(true);
    expect(TUTORIAL_EVENTS.some((e) => e.kind === 'message')).toBe(true);
    expect(cat.tutorial.map((i) => cat.defs[i]!.id)).toEqual(TUTORIAL_EVENTS.map((e) => e.id));
  });
});

describe('tutorialStep', () => {
  it('walks a newborn through every step in order, one an hour, pausing at the question', () => {
    const c = lives(1, { ...PLAYER, ageYears: 0 });
    const s = 0;
    const out: FiredEvents = [];
    const expected = TUTORIAL_EVENTS.map((e) => e.id);
    for (let k = 0; k < expected.length; k++) {
      expect(c.tutorial[s]).toBe(k);
      expect(c.flags[s]! & Flag.tutorialDone).toBe(0);
      const before = out.length;
      expect(advance(c, s, HOUR, cat, out)).toBe(HOUR);
      // This hour brought exactly the next step and nothing else.
      expect(ids(out.slice(before))).toEqual([expected[k]]);
      const i = cat.tutorial[k]!;
      if (cat.kind[i] !== EventKind.message) {
        // The question pauses the clock until it is answered.
        expect(c.pendingEvent[s]).toBe(i + 1);
        expect(advance(c, s, HOUR, cat, out)).toBe(0);
        answer(c, s, cat, cat.defs[i]!.id, cat.options[i]![0]!.id);
        expect(c.pendingEvent[s]).toBe(0);
      }
    }
    expect(c.tutorial[s]).toBe(expected.length);
    expect(c.flags[s]! & Flag.tutorialDone).not.toBe(0);

    // Done: the event check has its hours back, and no step ever fires again.
    const after = out.length;
    for (let h = 0; h < 24 * 30; h++) {
      advance(c, s, HOUR, cat, out);
      answerPending(c, s);
    }
    const later = ids(out.slice(after));
    expect(later.filter((id) => id.startsWith('tutorial.'))).toEqual([]);
  });

  it('never fires for a grown-up', () => {
    for (const age of [1, 18, 30, 70]) {
      const c = lives(1, { ...PLAYER, ageYears: age, player: () => age });
      const s = 0;
      const out: FiredEvents = [];
      for (let h = 0; h < 48; h++) {
        expect(tutorialStep(c, s, cat, out)).toBe(false);
        advance(c, s, HOUR, cat, out);
        answerPending(c, s);
      }
      expect(
        ids(out).filter((id) => id.startsWith('tutorial.')),
        `age ${age}`,
      ).toEqual([]);
      expect(c.tutorial[s]).toBe(0);
    }
  });

  it('stops for a player past their first year who never finished it', () => {
    const c = lives(1, { ...PLAYER, ageYears: 0 });
    const s = 0;
    const out: FiredEvents = [];
    expect(tutorialStep(c, s, cat, out)).toBe(true);
    c.ageDays[s] = 365;
    expect(tutorialStep(c, s, cat, out)).toBe(false);
    expect(c.tutorial[s]).toBe(1);
  });
});
