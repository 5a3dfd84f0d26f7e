import type { Column, Columns } from '../world/columns.ts';
import {
  ColumnType,
  EVENT_HISTORY_WORDS,
  HOT_FIELDS,
  NPC_FIELDS,
  NPC_SLOTS,
} from '../world/schema.ts';
import { HOT_LAYOUT, type HotLayout, type LayoutColumn } from './hot-layout.ts';
import { HISTORY_OFFSET, NPC_OFFSET, ROW_STRIDE } from './row-codec.ts';

/**
 * Players' hot state as raw bytes (hot-layout.ts), in two shapes:
 *
 * - column blocks: what the main thread copies out of the columns for a
 *   save. For a chunk of n players, each layout column's n x perPlayer
 *   values lie together, at n x (the column's offset in a row). A run of
 *   consecutive slots is one typed-array `set` per column (a memcpy), so
 *   copying costs about what touching the memory costs.
 * - rows: what a database row holds, one player's columns after each other.
 *   The persistence worker turns blocks into rows (`blocksToRows`), off the
 *   main thread.
 *
 * Loading turns a row (of this layout or an older one) into the Float64
 * row of ROW_STRIDE numbers that the rest of the server already reads
 * (row-codec.ts copyRowToSlot).
 */

type ColumnConstructor = new (buffer: ArrayBufferLike, offset?: number, length?: number) => Column;
const ctor = (c: LayoutColumn) => ColumnType[c.type] as unknown as ColumnConstructor;
const size = (c: LayoutColumn) => ColumnType[c.type].BYTES_PER_ELEMENT;

// Runs shorter than this many values are copied value by value: a `set`
// from a `subarray` allocates a view, which costs more than a few stores.
const SET_MIN_VALUES = 16;

/** Bytes the column blocks of `n` players take. */
export const blockBytes = (n: number): number => n * HOT_LAYOUT.rowBytes;

/**
 * Copy slots `slots[0..n)` out of the columns as column blocks into `out`
 * (at least blockBytes(n) bytes). Consecutive slots are copied as one run.
 */
export function copySlotsToBlocks(
  columns: Columns,
  slots: ArrayLike<number>,
  n: number,
  out: ArrayBuffer,
): void {
  // The runs once, for every column: [first slot, index in chunk, length].
  const runs: number[] = [];
  for (let i = 0; i < n; ) {
    const first = slots[i]!;
    let j = i + 1;
    while (j < n && slots[j] === first + (j - i)) j++;
    runs.push(first, i, j - i);
    i = j;
  }
  const byName = columns as unknown as Readonly<Record<string, Column>>;
  for (const c of HOT_LAYOUT.columns) {
    const src = byName[c.name]!;
    const dst = new (ctor(c))(out, n * c.offset, n * c.perPlayer);
    const pp = c.perPlayer;
    for (let r = 0; r < runs.length; r += 3) {
      const from = runs[r]! * pp;
      const to = runs[r + 1]! * pp;
      const count = runs[r + 2]! * pp;
      if (count >= SET_MIN_VALUES) {
        dst.set(src.subarray(from, from + count) as ArrayLike<number>, to);
      } else {
        for (let k = 0; k < count; k++) dst[to + k] = src[from + k]!;
      }
    }
  }
}

/** Turn the column blocks of `n` players into n rows of HOT_LAYOUT.rowBytes each. */
export function blocksToRows(blocks: ArrayBuffer, n: number): Uint8Array {
  const rowBytes = HOT_LAYOUT.rowBytes;
  const out = new ArrayBuffer(n * rowBytes);
  for (const c of HOT_LAYOUT.columns) {
    const Ctor = ctor(c);
    const src = new Ctor(blocks, n * c.offset, n * c.perPlayer);
    const dst = new Ctor(out);
    const stride = rowBytes / size(c);
    const base = c.offset / size(c);
    const pp = c.perPlayer;
    if (pp === 1) {
      for (let i = 0; i < n; i++) dst[i * stride + base] = src[i]!;
    } else {
      for (let i = 0; i < n; i++) {
        const at = i * stride + base;
        for (let k = 0; k < pp; k++) dst[at + k] = src[i * pp + k]!;
      }
    }
  }
  return new Uint8Array(out);
}

type Read = (view: DataView, at: number) => number;
const READ: Record<ColumnType, Read> = {
  u8: (v, at) => v.getUint8(at),
  i8: (v, at) => v.getInt8(at),
  u16: (v, at) => v.getUint16(at, true),
  i16: (v, at) => v.getInt16(at, true),
  u32: (v, at) => v.getUint32(at, true),
  i32: (v, at) => v.getInt32(at, true),
  f64: (v, at) => v.getFloat64(at, true),
};
type Write = (view: DataView, at: number, value: number) => void;
const WRITE: Record<ColumnType, Write> = {
  u8: (v, at, x) => v.setUint8(at, x),
  i8: (v, at, x) => v.setInt8(at, x),
  u16: (v, at, x) => v.setUint16(at, x, true),
  i16: (v, at, x) => v.setInt16(at, x, true),
  u32: (v, at, x) => v.setUint32(at, x, true),
  i32: (v, at, x) => v.setInt32(at, x, true),
  f64: (v, at, x) => v.setFloat64(at, x, true),
};

/** Where each column's values go in a Float64 row, with the value a missing one takes. */
const ROW_PLACES: readonly { name: string; at: number; count: number; initial: number }[] = [
  ...HOT_FIELDS.map((f, i) => ({ name: f.name, at: i, count: 1, initial: f.initial })),
  ...NPC_FIELDS.map((f, n) => ({
    name: f.name,
    at: NPC_OFFSET + n * NPC_SLOTS,
    count: NPC_SLOTS,
    initial: f.initial,
  })),
  { name: 'eventHistory', at: HISTORY_OFFSET, count: EVENT_HISTORY_WORDS, initial: 0 },
];

/**
 * Read a raw row written with `layout` into row `r` of `rows` (ROW_STRIDE
 * numbers each). Columns are matched by name: one the layout lacks (added
 * since) takes its initial value, one it has that this build lacks
 * (removed since) is ignored, and a column that changed type is read as
 * the type it was written with. Throws when the bytes are not one row of
 * the layout.
 */
export function rowFromRaw(
  bytes: Uint8Array,
  layout: HotLayout,
  rows: Float64Array,
  r: number,
): void {
  if (bytes.byteLength !== layout.rowBytes)
    throw new Error(
      `hot row is ${bytes.byteLength} bytes; layout ${layout.id} rows are ${layout.rowBytes}`,
    );
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const stored = new Map(layout.columns.map((c) => [c.name, c]));
  const base = r * ROW_STRIDE;
  for (const place of ROW_PLACES) {
    const c = stored.get(place.name);
    const have = c ? Math.min(c.perPlayer, place.count) : 0;
    for (let k = 0; k < place.count; k++) {
      rows[base + place.at + k] =
        k < have ? READ[c!.type](view, c!.offset + k * size(c!)) : place.initial;
    }
  }
}

/** One player's Float64 row (ROW_STRIDE numbers at row `r`) as a raw row of HOT_LAYOUT. */
export function rawFromRow(rows: Float64Array, r: number): Uint8Array {
  const bytes = new Uint8Array(HOT_LAYOUT.rowBytes);
  const view = new DataView(bytes.buffer);
  const base = r * ROW_STRIDE;
  const places = new Map(ROW_PLACES.map((p) => [p.name, p]));
  for (const c of HOT_LAYOUT.columns) {
    const place = places.get(c.name)!;
    for (let k = 0; k < c.perPlayer; k++)
      WRITE[c.type](view, c.offset + k * size(c), rows[base + place.at + k]!);
  }
  return bytes;
}

/** One column's values (by name) in the column blocks of `n` players: for tests and benches. */
export function blockColumn(blocks: ArrayBuffer, n: number, name: string): Column {
  const c = HOT_LAYOUT.columns.find((column) => column.name === name);
  if (!c) throw new Error(`no column ${name} in the hot layout`);
  return new (ctor(c))(blocks, n * c.offset, n * c.perPlayer);
}
