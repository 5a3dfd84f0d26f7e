import { afterEach, describe, expect, it } from 'vitest';
import { Engine, TickError } from '../../src/engine/engine.ts';
import { populate } from '../../src/engine/population.ts';
import { setSpeed } from '../../src/sim/actions.ts';
import { GameError } from '../../src/sim/game-error.ts';

const engines: Engine[] = [];
function engine(options: Partial<ConstructorParameters<typeof Engine>[0]> = {}): Engine {
  const e = new Engine({ capacity: 1024, workers: 2, tickHz: 20, ...options });
  engines.push(e);
  return e;
}
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()));
});

/** Resolves once the engine has completed `n` more ticks (a signal, not a sleep). */
function ticksFrom(e: Engine, n: number): Promise<void> {
  const target = e.loopCounters.ticks + n;
  return new Promise((resolve) => {
    e.onPublish((_c, _h, _tick) => {
      if (e.loopCounters.ticks >= target) resolve();
    });
  });
}

describe('Engine', () => {
  it('advances players on the pool and reports events', async () => {
    const e = engine();
    const handles = populate(e, { players: 5000, seed: 3, speed: 5 });
    let events = 0;
    e.onEvent(() => events++);
    const before = e.world.columns.ageDays[e.slotOf(handles[0]!)]!;
    let minutes = 0;
    for (let t = 0; t < 60; t++) minutes += (await e.tick()).minutes;
    expect(minutes).toBeGreaterThan(5000 * 250 * 10);
    expect(events).toBeGreaterThan(0);
    expect(e.world.columns.ageDays[e.slotOf(handles[0]!)]!).toBeGreaterThan(before);
    expect(e.stats.summary('total').count).toBe(60);
  });

  it('runs a command submitted during phase 1 right after it, before the state is published', async () => {
    const e = engine();
    const [h] = populate(e, { players: 50_000, seed: 3, speed: 1 });
    const order: string[] = [];
    e.onPublish(() => order.push('publish'));
    const tick = e.tick();
    expect(e.simulating).toBe(true);
    const command = e.submit(() => {
      expect(e.simulating).toBe(false);
      order.push('command');
      setSpeed(e.world.columns, e.slotOf(h!), 0);
      return 'done';
    });
    await expect(command).resolves.toBe('done');
    await tick;
    expect(order).toEqual(['command', 'publish']);
    // Between ticks a command runs at once.
    let ran = false;
    await e.submit(() => {
      ran = true;
    });
    expect(ran).toBe(true);
  });

  it('bounds the command queue and says so', async () => {
    const e = engine({ maxQueuedCommands: 2 });
    populate(e, { players: 20_000, seed: 3 });
    const tick = e.tick();
    const results = await Promise.allSettled([1, 2, 3].map((n) => e.submit(() => n)));
    await tick;
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    const reason = (results[2] as PromiseRejectedResult).reason;
    expect(reason).toBeInstanceOf(GameError);
    expect((reason as GameError).code).toBe('RATE_LIMITED');
  });

  const failing = new URL('../fixtures/failing-simulate.ts', import.meta.url);

  it('a worker that throws fails the tick loudly; the other batches and queued commands still land', async () => {
    const e = engine({ workerFile: failing, batchSize: 1000 });
    populate(e, { players: 4000, seed: 3, speed: 5 });
    const outcomes: string[] = [];
    for (const quanta of [1, 3, 1, 3, 1]) {
      const tick = e.tick(quanta);
      const command = e.submit(() => 'applied');
      try {
        await tick;
        outcomes.push('ok');
      } catch (error) {
        expect(error).toBeInstanceOf(TickError);
        expect((error as Error).message).toMatch(/injected failure/);
        outcomes.push('failed');
      }
      await expect(command).resolves.toBe('applied');
    }
    expect(outcomes).toEqual(['ok', 'failed', 'ok', 'failed', 'ok']);
  });

  it('a worker thread that dies is replaced: that tick fails, the next one runs', async () => {
    const e = engine({ workerFile: failing, workers: 1 });
    const [h] = populate(e, { players: 2000, seed: 3, speed: 5 });
    await e.tick();
    await expect(e.tick(7)).rejects.toBeInstanceOf(TickError);
    const before =
      e.world.columns.ageDays[e.slotOf(h!)]! * 1440 + e.world.columns.minuteOfDay[e.slotOf(h!)]!;
    await expect(e.tick()).resolves.toMatchObject({ minutes: expect.any(Number) });
    const after =
      e.world.columns.ageDays[e.slotOf(h!)]! * 1440 + e.world.columns.minuteOfDay[e.slotOf(h!)]!;
    expect(after).toBeGreaterThan(before);
  });

  it('grows capacity while the real-time loop runs; new players are simulated at once', async () => {
    const e = engine({ capacity: 1000, maxCapacity: 100_000, tickHz: 50 });
    populate(e, { players: 1000, seed: 3, speed: 5 });
    e.start();
    await ticksFrom(e, 3);
    const added = await e.submit(() => {
      e.world.grow(20_000);
      return Array.from({ length: 10_000 }, (_, i) =>
        e.spawn({ seed: 3, player: 1000 + i, speed: 5 }),
      );
    });
    expect(e.world.capacity).toBe(20_000);
    const last = added.at(-1)!;
    const start = e.world.columns.minuteOfDay[e.slotOf(last)]!;
    await ticksFrom(e, 3);
    await e.stop();
    expect(e.world.columns.minuteOfDay[e.slotOf(last)]).not.toBe(start);
    expect(e.loopCounters.failed).toBe(0);
  });
});
