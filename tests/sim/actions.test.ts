import { describe, expect, it } from 'vitest';
import { defaultCatalog } from '../../src/content/default-catalog.ts';
import { answer, setSpeed, skipTime } from '../../src/sim/actions.ts';
import { GameError } from '../../src/sim/game-error.ts';
import { snapshot } from '../helpers/columns.ts';
import { lives } from '../helpers/world.ts';

const cat = defaultCatalog();

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof GameError) return error.code;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('actions', () => {
  it('setSpeed takes 0..5 and refuses anything else without a change', () => {
    const c = lives(1, { speed: 1 });
    setSpeed(c, 0, 5);
    expect(c.speed[0]).toBe(5);
    for (const bad of [-1, 6, 2.5, Number.NaN])
      expect(refusal(() => setSpeed(c, 0, bad))).toBe('INVALID_ARGS');
    expect(c.speed[0]).toBe(5);
  });

  it('answer refuses unknown events, events not pending, unknown options and unaffordable ones, changing nothing', () => {
    const c = lives(1, { speed: 1 });
    const wedding = cat.indexById.get('adult.wedding')!;
    c.pendingEvent[0] = wedding + 1;
    c.money[0] = 100;
    const before = snapshot(c, 0);
    expect(refusal(() => answer(c, 0, cat, 'no.such.event', 'big'))).toBe('NOT_FOUND');
    expect(refusal(() => answer(c, 0, cat, 'adult.baby', 'yes'))).toBe('CONFLICT');
    expect(refusal(() => answer(c, 0, cat, 'adult.wedding', 'nope'))).toBe('NOT_FOUND');
    expect(refusal(() => answer(c, 0, cat, 'adult.wedding', 'big'))).toBe('INSUFFICIENT_FUNDS');
    expect(snapshot(c, 0)).toEqual(before);

    answer(c, 0, cat, 'adult.wedding', 'elope');
    expect(c.pendingEvent[0]).toBe(0);
    expect(refusal(() => answer(c, 0, cat, 'adult.wedding', 'elope'))).toBe('CONFLICT');
  });

  it('answering a dilemma step makes the next step pending', () => {
    const c = lives(1, { speed: 1 });
    c.pendingEvent[0] = cat.indexById.get('adult.proposal')! + 1;
    expect(answer(c, 0, cat, 'adult.proposal', 'yes')).toEqual({ next: 'adult.wedding' });
    expect(c.pendingEvent[0]).toBe(cat.indexById.get('adult.wedding')! + 1);
  });

  it("pays an option's costs", () => {
    const c = lives(1, { speed: 1 });
    c.pendingEvent[0] = cat.indexById.get('adult.wedding')! + 1;
    c.money[0] = 1000;
    answer(c, 0, cat, 'adult.wedding', 'small');
    expect(c.money[0]).toBe(200);
  });

  it('skipTime refuses negative or fractional minutes', () => {
    const c = lives(1, { speed: 1 });
    expect(refusal(() => skipTime(c, 0, cat, -5))).toBe('INVALID_ARGS');
    expect(refusal(() => skipTime(c, 0, cat, 1.5))).toBe('INVALID_ARGS');
  });
});
