import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HOT_LAYOUT, MSGPACK_LAYOUT, parseLayout } from '../../src/persistence/hot-layout.ts';
import {
  blockBytes,
  blocksToRows,
  copySlotsToBlocks,
  rawFromRow,
  rowFromRaw,
} from '../../src/persistence/raw-rows.ts';
import { copySlotToRow, encodeHot, ROW_STRIDE } from '../../src/persistence/row-codec.ts';
import { decodeSavedHot, HotLayoutError } from '../../src/persistence/saved-hot.ts';
import type { Column } from '../../src/world/columns.ts';
import {
  COLUMN_LAYOUT,
  ColumnType,
  FIELD_INDEX,
  HOT_FIELDS,
  NPC_FIELDS,
} from '../../src/world/schema.ts';
import { WorldStore } from '../../src/world/store.ts';

const CAPACITY = 64;
const bounds = new Map<string, { min: number; max: number }>([
  ...HOT_FIELDS.map((f) => [f.name, f] as const),
  ...NPC_FIELDS.map((f) => [f.name, f] as const),
  ['eventHistory', { min: 0, max: 4_294_967_295 }],
]);

/** A value for a column of this type within the field's bounds (f64: any finite double in them). */
function columnValue(type: ColumnType, min: number, max: number): fc.Arbitrary<number> {
  if (type === 'f64') return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
  return fc.integer({ min, max });
}

/** Every saved column's values for CAPACITY players, as arbitraries. */
const worldValues = fc.record(
  Object.fromEntries(
    COLUMN_LAYOUT.filter((c) => c.name !== 'dirty').map((c) => {
      const b = bounds.get(c.name)!;
      return [
        c.name,
        fc.array(columnValue(c.type, b.min, b.max), {
          minLength: CAPACITY * c.perPlayer,
          maxLength: CAPACITY * c.perPlayer,
        }),
      ];
    }),
  ),
);

function worldWith(values: Record<string, number[]>): WorldStore {
  const world = new WorldStore({ capacity: CAPACITY, maxCapacity: CAPACITY });
  for (let i = 0; i < CAPACITY; i++) world.allocate();
  const byName = world.columns as unknown as Record<string, Column>;
  for (const [name, column] of Object.entries(values)) byName[name]!.set(column);
  return world;
}

describe('raw hot rows', () => {
  it('round-trip every field of every player, in runs and single slots alike', () => {
    fc.assert(
      fc.property(
        worldValues,
        fc.uniqueArray(fc.integer({ min: 0, max: CAPACITY - 1 }), { minLength: 1 }),
        fc.boolean(),
        (values, picked, sorted) => {
          const world = worldWith(values);
          // Sorted picks make runs of consecutive slots; unsorted ones mostly do not.
          const slots = sorted ? [...picked].sort((a, b) => a - b) : picked;
          const n = slots.length;
          const blocks = new ArrayBuffer(blockBytes(n));
          copySlotsToBlocks(world.columns, slots, n, blocks);
          const raw = blocksToRows(blocks, n);
          const expected = new Float64Array(ROW_STRIDE);
          const got = new Float64Array(ROW_STRIDE);
          for (let i = 0; i < n; i++) {
            const bytes = raw.subarray(i * HOT_LAYOUT.rowBytes, (i + 1) * HOT_LAYOUT.rowBytes);
            copySlotToRow(world.columns, slots[i]!, expected, 0);
            rowFromRaw(bytes, HOT_LAYOUT, got, 0);
            expect(got).toEqual(expected);
            // A purchase's row (rawFromRow) is byte for byte a flush's.
            expect(rawFromRow(expected, 0)).toEqual(bytes);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('keeps every value aligned to its own size', () => {
    for (const c of HOT_LAYOUT.columns)
      expect(c.offset % ColumnType[c.type].BYTES_PER_ELEMENT).toBe(0);
    expect(HOT_LAYOUT.rowBytes % 8).toBe(0);
    expect(parseLayout(HOT_LAYOUT.description)).toEqual(HOT_LAYOUT);
    expect(HOT_LAYOUT.id).not.toBe(MSGPACK_LAYOUT);
  });

  it('reads a MessagePack row written before migration 5', () => {
    const world = new WorldStore({ capacity: 4, maxCapacity: 4 });
    const slot = world.resolve(world.allocate());
    world.columns.money[slot] = 1234.5;
    world.columns.npcAffinity[slot * 8 + 3] = -42;
    world.columns.eventHistory[slot * 16 + 15] = 0xdeadbeef;
    const row = new Float64Array(ROW_STRIDE);
    copySlotToRow(world.columns, slot, row, 0);
    const saved = {
      hot: encodeHot(row, 0),
      hotLayout: MSGPACK_LAYOUT,
      layoutDescription: undefined,
    };
    expect(decodeSavedHot(saved)).toEqual(row);
  });
});

describe('a row of another hot layout', () => {
  // The layout of an older build: `money` was u32, `away` did not exist yet,
  // and a field since removed (`retired`) was still there.
  const older = HOT_LAYOUT.columns
    .filter((c) => c.name !== 'away')
    .map((c) => `${c.name}:${c.name === 'money' ? 'u32' : c.type}:${c.perPlayer}`)
    .concat('retired:u8:1');
  // parseLayout wants the canonical order: widest first, keeping order within a width.
  const description = parseCanonical(older);

  function parseCanonical(columns: string[]): string {
    const width = (part: string) => ColumnType[part.split(':')[1] as ColumnType].BYTES_PER_ELEMENT;
    return columns
      .map((part, i) => ({ part, i }))
      .sort((a, b) => width(b.part) - width(a.part) || a.i - b.i)
      .map(({ part }) => part)
      .join(',');
  }

  it('is read by column name: added fields take their initial value, removed ones are ignored', () => {
    const layout = parseLayout(description);
    expect(layout.id).not.toBe(HOT_LAYOUT.id);
    const bytes = new Uint8Array(layout.rowBytes);
    const view = new DataView(bytes.buffer);
    const at = (name: string) => layout.columns.find((c) => c.name === name)!.offset;
    view.setUint32(at('money'), 77_000, true);
    view.setUint16(at('year'), 2031, true);
    view.setUint8(at('retired'), 9);
    const row = decodeSavedHot({
      hot: bytes,
      hotLayout: layout.id,
      layoutDescription: description,
    });
    expect(row[FIELD_INDEX.money]).toBe(77_000);
    expect(row[FIELD_INDEX.year]).toBe(2031);
    const away = HOT_FIELDS.find((f) => f.name === 'away')!;
    expect(row[FIELD_INDEX.away]).toBe(away.initial);
  });

  it('is a clear error when its layout is unknown or does not match its bytes', () => {
    const layout = parseLayout(description);
    const bytes = new Uint8Array(layout.rowBytes);
    expect(() =>
      decodeSavedHot({ hot: bytes, hotLayout: 12345, layoutDescription: undefined }),
    ).toThrow(HotLayoutError);
    expect(() =>
      decodeSavedHot({ hot: bytes, hotLayout: 12345, layoutDescription: description }),
    ).toThrow(/hashes to/);
    expect(() =>
      decodeSavedHot({
        hot: bytes.subarray(1),
        hotLayout: layout.id,
        layoutDescription: description,
      }),
    ).toThrow(HotLayoutError);
    expect(() => parseLayout('money:f32:1')).toThrow(/not name:type:count/);
  });
});
