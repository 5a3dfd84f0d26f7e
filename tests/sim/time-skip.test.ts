import { describe, expect, it } from 'vitest';
import { compileCatalog } from '../../src/content/catalog.ts';
import { STARTER_EVENTS } from '../../src/content/events.ts';
import { JOBS } from '../../src/content/jobs.ts';
import { TIME_SKIPS } from '../../src/content/time-skips.ts';
import {
  lifeSnapshot,
  runTimeSkip,
  SKIP_EVENTS_LISTED,
  skipRefusal,
} from '../../src/sim/time-skip.ts';
import { DAYS_PER_YEAR } from '../../src/world/life.ts';
import { lives } from '../helpers/world.ts';

const death = STARTER_EVENTS.find((e) => e.id === 'life.death')!;
const message = (chance: number) => ({
  id: 'test.gift',
  kind: 'message',
  title: 'A gift',
  text: 'Someone left you a gift.',
  when: { chance },
  reward: { money: 5 },
});
const question = {
  id: 'test.question',
  kind: 'question',
  title: 'A question',
  text: 'Well?',
  when: { chance: 1 },
  options: [{ id: 'yes', label: 'Yes' }],
};

/** A 30-year-old life, with `diamonds` to pay for the skip already paid. */
function life(diamonds: number) {
  const c = lives(1, { speed: 1 });
  c.ageDays[0] = 30 * DAYS_PER_YEAR;
  c.pendingEvent[0] = 0;
  c.diamonds[0] = diamonds;
  return c;
}

describe('skipRefusal', () => {
  it('refuses while a question waits', () => {
    const c = life(0);
    expect(skipRefusal(c, 0)).toBeUndefined();
    c.pendingEvent[0] = 1;
    expect(skipRefusal(c, 0)).toBe('a question is waiting: answer it before skipping time');
  });
});

describe('lifeSnapshot', () => {
  it('names the job by its id, and the age in whole years', () => {
    const c = life(0);
    c.ageDays[0] = 41 * DAYS_PER_YEAR - 1;
    c.job[0] = 1;
    expect(lifeSnapshot(c, 0)).toMatchObject({ ageYears: 40, job: JOBS[0]!.id, alive: true });
    c.job[0] = 0;
    c.alive[0] = 0;
    expect(lifeSnapshot(c, 0)).toMatchObject({ job: null, alive: false });
  });
});

describe('runTimeSkip', () => {
  it('runs the whole skip at its full price, listing the first events and counting all', () => {
    // A message with a reward every game hour: a week brings far more than are listed.
    const cat = compileCatalog([death, message(1)]);
    const skip = TIME_SKIPS['1w'];
    const c = life(10);
    const before = lifeSnapshot(c, 0);
    const run = runTimeSkip(c, 0, cat, skip);
    expect(run).toMatchObject({
      price: skip.diamonds,
      refunded: 0,
      minutesPassed: skip.minutes,
      stoppedBy: null,
      question: -1,
      before,
    });
    expect(run.eventCount).toBeGreaterThan(SKIP_EVENTS_LISTED);
    expect(run.events).toHaveLength(SKIP_EVENTS_LISTED);
    expect(run.events[0]).toEqual({ id: 'test.gift', title: 'A gift', kind: 'message' });
    // Every reward waits to be claimed, listed or not.
    expect(run.rewards).toEqual(Array(run.eventCount).fill('test.gift'));
    expect(run.after).toEqual(lifeSnapshot(c, 0));
    expect(run.after.ageDays).toBe(before.ageDays + 7);
    expect(c.diamonds[0]).toBe(10);
  });

  it('stops at a question and gives back the price of the part that did not run', () => {
    const cat = compileCatalog([death, question]);
    const skip = TIME_SKIPS['1d'];
    const c = life(100);
    const run = runTimeSkip(c, 0, cat, skip);
    const asked = cat.indexById.get('test.question')!;
    expect(run.question).toBe(asked);
    expect(c.pendingEvent[0]).toBe(asked + 1);
    expect(run.stoppedBy).toEqual({ id: 'test.question', title: 'A question', kind: 'question' });
    expect(run.minutesPassed).toBeLessThan(skip.minutes);
    // Rounded up: a started hour of a day's skip costs a whole diamond.
    const price = Math.ceil((skip.diamonds * run.minutesPassed) / skip.minutes);
    expect(price).toBeLessThan(skip.diamonds);
    expect(run).toMatchObject({ price, refunded: skip.diamonds - price, rewards: [] });
    expect(c.diamonds[0]).toBe(100 + skip.diamonds - price);
  });
});
