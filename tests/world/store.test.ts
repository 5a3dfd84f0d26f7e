import { describe, expect, it } from 'vitest';
import { BYTES_PER_PLAYER, HOT_FIELDS } from '../../src/world/schema.ts';
import { CapacityError, type PlayerHandle, WorldStore } from '../../src/world/store.ts';

describe('WorldStore', () => {
  it('reuses a freed slot under a new generation, so the stale handle resolves to nothing', () => {
    const world = new WorldStore({ capacity: 4, maxCapacity: 4 });
    const a = world.allocate();
    const slot = world.resolve(a);
    world.columns.money[slot] = 123;
    expect(world.free(a)).toBe(true);
    expect(world.columns.money[slot]).toBe(0);
    const b = world.allocate();
    expect(world.resolve(b)).toBe(slot);
    expect(b).not.toBe(a);
    expect(world.resolve(a)).toBe(-1);
    expect(world.free(a)).toBe(false);
    expect(world.count).toBe(1);
  });

  it('rejects handles that were never issued', () => {
    const world = new WorldStore({ capacity: 4, maxCapacity: 4 });
    world.allocate();
    expect(world.resolve(3 as PlayerHandle)).toBe(-1);
    expect(world.resolve(-1 as PlayerHandle)).toBe(-1);
    expect(world.resolve(0.5 as PlayerHandle)).toBe(-1);
  });

  it('grows in place, keeping every value and handle, up to maxCapacity', () => {
    const world = new WorldStore({ capacity: 2, maxCapacity: 8 });
    const handles = [world.allocate(), world.allocate()];
    world.columns.money[world.resolve(handles[1]!)] = 77;
    const buffer = world.buffers.money;
    handles.push(world.allocate()); // full at 2: doubles to 4
    expect(world.capacity).toBe(4);
    expect(world.buffers.money).toBe(buffer);
    expect(world.columns.money[world.resolve(handles[1]!)]).toBe(77);
    expect(world.columns.year[3]).toBe(HOT_FIELDS.find((f) => f.name === 'year')!.initial);
    for (let i = 0; i < 5; i++) world.allocate();
    expect(world.capacity).toBe(8);
    expect(() => world.allocate()).toThrow(CapacityError);
    expect(() => world.grow(9)).toThrow(CapacityError);
  });

  it('validates its options', () => {
    expect(() => new WorldStore({ capacity: 0, maxCapacity: 4 })).toThrow(RangeError);
    expect(() => new WorldStore({ capacity: 8, maxCapacity: 4 })).toThrow(RangeError);
  });

  it('keeps hot state well under 1 KiB a player, NPC tables and history included', () => {
    expect(BYTES_PER_PLAYER).toBeLessThanOrEqual(1024);
    const world = new WorldStore({ capacity: 1000, maxCapacity: 1000 });
    expect(world.committedBytes).toBe(1000 * BYTES_PER_PLAYER);
  });
});
