import { describe, expect, it } from 'vitest';
import { weeklyHealth } from '../../src/sim/health.ts';
import { Flag, Habit } from '../../src/world/life.ts';
import { c, expectRefused, player, run, useLoveEngine } from '../helpers/love-players.ts';

useLoveEngine();

describe('quitHabit and stopQuitHabit', () => {
  it('smoking: start quitting, give up quitting; the habit stays until a week it sticks', () => {
    const { ctx, s } = player({ flags: Flag.smoker });
    expect(run(ctx, 'quitHabit', { habit: 'smoking' })).toEqual({
      habit: 'smoking',
      active: true,
      quitting: true,
    });
    expectRefused(ctx, s, 'quitHabit', { habit: 'smoking' }, 'CONFLICT');
    expect(run(ctx, 'stopQuitHabit', { habit: 'smoking' })).toEqual({
      habit: 'smoking',
      active: true,
      quitting: false,
    });
    expectRefused(ctx, s, 'stopQuitHabit', { habit: 'smoking' }, 'CONFLICT');

    // Keep at it, week after week, until it sticks.
    for (let week = 0; week < 1000 && (c.flags[s]! & Flag.smoker) !== 0; week++) {
      if ((c.quitting[s]! & Habit.smoking.bit) === 0) run(ctx, 'quitHabit', { habit: 'smoking' });
      weeklyHealth(c, s);
    }
    expect(c.flags[s]! & Flag.smoker).toBe(0);
    expect(c.quitting[s]).toBe(0);
    expectRefused(ctx, s, 'quitHabit', { habit: 'smoking' }, 'CONFLICT');
  });

  it('drinking works the same; no habit, nothing to quit', () => {
    const { ctx, s } = player({ flags: Flag.drinker });
    expectRefused(ctx, s, 'quitHabit', { habit: 'smoking' }, 'CONFLICT');
    expectRefused(ctx, s, 'stopQuitHabit', { habit: 'drinking' }, 'CONFLICT');
    expect(run(ctx, 'quitHabit', { habit: 'drinking' }).quitting).toBe(true);
    expect(c.quitting[s]).toBe(Habit.drinking.bit);
    expectRefused(ctx, s, 'quitHabit', { habit: 'vaping' }, 'INVALID_ARGS');
  });

  it('exercise stops at once and starts again', () => {
    const { ctx, s } = player({ flags: Flag.exercises });
    expectRefused(ctx, s, 'stopQuitHabit', { habit: 'exercise' }, 'CONFLICT');
    expect(run(ctx, 'quitHabit', { habit: 'exercise' })).toEqual({
      habit: 'exercise',
      active: false,
      quitting: false,
    });
    expect(c.flags[s]! & Flag.exercises).toBe(0);
    expectRefused(ctx, s, 'quitHabit', { habit: 'exercise' }, 'CONFLICT');
    expect(run(ctx, 'stopQuitHabit', { habit: 'exercise' }).active).toBe(true);
    expect(c.flags[s]! & Flag.exercises).toBe(Flag.exercises);
  });
});
