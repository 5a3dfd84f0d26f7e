import { describe, expect, it } from 'vitest';
import { markAllDirty, markDirty } from '../../src/sim/dirty.ts';
import { CLIENT_FIELDS, DIRTY_WORDS, FIELD_INDEX, HOT_FIELDS } from '../../src/world/schema.ts';
import { WorldStore } from '../../src/world/store.ts';

/** The bits set in slot `s`'s dirty mask, as field indices. */
function dirtyBits(world: WorldStore, s: number): number[] {
  const bits: number[] = [];
  for (let w = 0; w < DIRTY_WORDS; w++) {
    const word = world.columns.dirty[s * DIRTY_WORDS + w]!;
    for (let b = 0; b < 32; b++) if ((word >>> b) & 1) bits.push(w * 32 + b);
  }
  return bits;
}

function freshSlot(): { world: WorldStore; s: number } {
  const world = new WorldStore({ capacity: 2, maxCapacity: 2 });
  world.allocate();
  const s = world.resolve(world.allocate());
  return { world, s };
}

describe('dirty masks', () => {
  const serverFields = HOT_FIELDS.filter((f) => !f.client).map((f) => f.name);

  it('has server-only fields whose index falls inside the mask, so the guard must be by client fields', () => {
    // Were this not so, the test below would pass for any guard.
    expect(serverFields.some((name) => FIELD_INDEX[name] < DIRTY_WORDS * 32)).toBe(true);
  });

  it('ignores a server-only field: nothing of it can reach a client', () => {
    const { world, s } = freshSlot();
    for (const name of serverFields) markDirty(world.columns, s, FIELD_INDEX[name]);
    expect(dirtyBits(world, s)).toEqual([]);
    expect(dirtyBits(world, s - 1)).toEqual([]);
  });

  it("sets exactly a client field's own bit, its wire id", () => {
    const { world, s } = freshSlot();
    markDirty(world.columns, s, FIELD_INDEX.money);
    markDirty(world.columns, s, FIELD_INDEX.schoolYears);
    expect(dirtyBits(world, s)).toEqual([FIELD_INDEX.money, FIELD_INDEX.schoolYears]);
    expect(CLIENT_FIELDS[FIELD_INDEX.schoolYears]).toBe('schoolYears');
    expect(dirtyBits(world, s - 1)).toEqual([]);
  });

  it('marks every client field and nothing past them for a new life', () => {
    const { world, s } = freshSlot();
    markAllDirty(world.columns, s);
    expect(dirtyBits(world, s)).toEqual(CLIENT_FIELDS.map((_, i) => i));
  });
});
