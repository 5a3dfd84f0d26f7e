import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/ops/log.ts';
import type { PlayerStore } from '../../src/persistence/player-store.ts';
import { WriteBehindWriter } from '../../src/persistence/writer.ts';
import { markDirty } from '../../src/sim/dirty.ts';
import { FIELD_INDEX } from '../../src/world/schema.ts';
import { WorldStore } from '../../src/world/store.ts';

/**
 * The writer reads wall-clock time only through its `clock` option: a test
 * that moves the clock sees exactly that time in the unsaved age and in the
 * rows' updatedAt. Its source is a plain world (the writer needs no engine);
 * the store is a recorder, the writer's own edge.
 */
describe('the write-behind writer on a driven clock', () => {
  function setup() {
    const world = new WorldStore({ capacity: 4, maxCapacity: 4 });
    const slots = [world.resolve(world.allocate()), world.resolve(world.allocate())];
    const clock = { now: 1_000_000 };
    const saved: { ids: string[]; updatedAt: number[] }[] = [];
    const store = {
      async save(ids: readonly string[], _versions: Float64Array, updatedAt: Float64Array) {
        saved.push({ ids: [...ids], updatedAt: [...updatedAt] });
        return { written: ids.length, encodeMs: 0, writeMs: 0 };
      },
    } as unknown as PlayerStore;
    const writer = new WriteBehindWriter({
      source: world,
      store,
      logger: createLogger('silent'),
      flushMs: 60_000,
      clock: () => clock.now,
    });
    writer.track(slots[0]!, 'ann', 0);
    writer.track(slots[1]!, 'bo', 0);
    return { world, slots, clock, saved, writer };
  }

  it('ages the oldest unsaved change by the clock, for changes noted and changes in the masks', async () => {
    const { world, slots, clock, saved, writer } = setup();
    writer.noteChange(slots[0]!);
    clock.now += 30_000;
    // A change in the dirty masks is noted when phase 2 reads them.
    markDirty(world.columns, slots[1]!, FIELD_INDEX.money);
    writer.phase2();
    clock.now += 30_000;
    expect(writer.status()).toMatchObject({ unflushed: 2, oldestUnsavedMs: 60_000 });
    // A later change does not make an unsaved player younger.
    writer.noteChange(slots[0]!);
    expect(writer.status().oldestUnsavedMs).toBe(60_000);

    await writer.flushAll();
    expect(saved).toEqual([{ ids: ['ann', 'bo'], updatedAt: [1_060_000, 1_060_000] }]);
    expect(writer.status()).toMatchObject({ unflushed: 0, oldestUnsavedMs: 0 });
  });

  it('counts a claimed save that failed from its first change, by the clock', () => {
    const { slots, clock, writer } = setup();
    writer.noteChange(slots[0]!);
    clock.now += 5_000;
    const claim = writer.claimSave(slots[0]!, false);
    clock.now += 5_000;
    expect(writer.status().oldestUnsavedMs).toBe(10_000);
    claim.settle(false);
    clock.now += 5_000;
    expect(writer.status()).toMatchObject({ unflushed: 1, oldestUnsavedMs: 15_000 });
    expect(writer.isClean(slots[0]!)).toBe(false);
  });
});
