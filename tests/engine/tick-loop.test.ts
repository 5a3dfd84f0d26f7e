import { describe, expect, it } from 'vitest';
import { TickLoop } from '../../src/engine/tick-loop.ts';

/** Hold the thread for `ms`, as an overrunning tick does (a stall, not a sleep). */
function stall(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // spin
  }
}

/** A promise and the function that resolves it: the signal a test waits on. */
function signal(): { done: Promise<void>; fire: () => void } {
  let fire = () => {};
  const done = new Promise<void>((resolve) => {
    fire = resolve;
  });
  return { done, fire };
}

describe('TickLoop', () => {
  it('merges the periods a late tick missed into the next tick instead of queueing them', async () => {
    const quanta: number[] = [];
    const { done, fire } = signal();
    const loop = new TickLoop({
      hz: 100,
      maxMerge: 10,
      run: async (q) => {
        quanta.push(q);
        if (quanta.length === 2) stall(45); // four and a half periods late
        if (quanta.length === 4) fire();
      },
      onError: (error) => {
        throw error;
      },
    });
    loop.start();
    await done;
    await loop.stop();
    expect(quanta[2]).toBeGreaterThanOrEqual(4);
    expect(loop.counters.merged).toBe(quanta.reduce((a, q) => a + q - 1, 0));
    expect(loop.counters.dropped).toBe(0);
    expect(loop.counters.ticks).toBe(4);
  });

  it('drops game time beyond maxMerge periods and counts it', async () => {
    const quanta: number[] = [];
    const { done, fire } = signal();
    const loop = new TickLoop({
      hz: 100,
      maxMerge: 2,
      run: async (q) => {
        quanta.push(q);
        if (quanta.length === 1) stall(60);
        if (quanta.length === 2) fire();
      },
      onError: () => {},
    });
    loop.start();
    await done;
    await loop.stop();
    expect(quanta[1]).toBe(2);
    expect(loop.counters.dropped).toBeGreaterThanOrEqual(3);
  });

  it('keeps ticking after a failed tick and reports the failure', async () => {
    const errors: unknown[] = [];
    let runs = 0;
    const { done, fire } = signal();
    const loop = new TickLoop({
      hz: 200,
      maxMerge: 10,
      run: async () => {
        runs++;
        if (runs === 2) throw new Error('boom');
        if (runs === 4) fire();
      },
      onError: (error) => errors.push(error),
    });
    loop.start();
    await done;
    await loop.stop();
    expect(errors).toHaveLength(1);
    expect(loop.counters.failed).toBe(1);
  });
});
