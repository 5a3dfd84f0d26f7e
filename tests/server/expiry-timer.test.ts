import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startExpiryTimer } from '../../src/server/expiry-timer.ts';

const DAY = 86_400_000;

describe('startExpiryTimer', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fires when the clock reaches the expiry, even 40 days away (past what one timer holds)', () => {
    const fired = vi.fn();
    startExpiryTimer(Date.now() + 40 * DAY, () => Date.now(), fired);
    vi.advanceTimersByTime(2 ** 31 - 1);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(40 * DAY - (2 ** 31 - 1) - 1);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fired).toHaveBeenCalledTimes(1);
  });

  it('fires at once for a time already past, and never once cancelled', () => {
    const past = vi.fn();
    startExpiryTimer(Date.now() - 1, () => Date.now(), past);
    expect(past).toHaveBeenCalledTimes(1);
    const cancelled = vi.fn();
    const timer = startExpiryTimer(Date.now() + 1000, () => Date.now(), cancelled);
    timer.cancel();
    vi.advanceTimersByTime(5000);
    expect(cancelled).not.toHaveBeenCalled();
  });
});
