import {
  COLUMN_LAYOUT,
  ColumnType,
  HOT_FIELDS,
  type HotColumns,
  type NpcColumns,
} from './schema.ts';

/** A typed array of any column type. */
export type Column =
  | Uint8Array
  | Int8Array
  | Uint16Array
  | Int16Array
  | Uint32Array
  | Int32Array
  | Float64Array;

type ColumnConstructor = new (buffer: SharedArrayBuffer, offset: number, length: number) => Column;

/** The shared buffers behind the columns, one per column, keyed by column name. */
export type ColumnBuffers = Readonly<Record<string, SharedArrayBuffer>>;

/**
 * Views over the shared columns for `capacity` players. The rules are free
 * functions over this shape; the main thread and every worker build their own
 * over the same buffers.
 */
export type Columns = HotColumns &
  NpcColumns & {
    readonly eventHistory: Uint32Array;
    readonly dirty: Uint32Array;
    /** Hot field columns by field index, for data-driven effects. */
    readonly byIndex: readonly Column[];
    readonly capacity: number;
  };

/**
 * Allocate growable shared buffers for every column. Only `capacity` players'
 * worth of memory is committed now; `maxCapacity` is reserved address space.
 */
export function allocateBuffers(capacity: number, maxCapacity: number): ColumnBuffers {
  const buffers: Record<string, SharedArrayBuffer> = {};
  for (const c of COLUMN_LAYOUT) {
    const bytes = ColumnType[c.type].BYTES_PER_ELEMENT * c.perPlayer;
    buffers[c.name] = new SharedArrayBuffer(bytes * capacity, {
      maxByteLength: bytes * maxCapacity,
    });
  }
  return buffers;
}

/** Grow every buffer in place to hold `capacity` players (new bytes are zero). */
export function growBuffers(buffers: ColumnBuffers, capacity: number): void {
  for (const c of COLUMN_LAYOUT) {
    const bytes = ColumnType[c.type].BYTES_PER_ELEMENT * c.perPlayer;
    const buffer = buffers[c.name]!;
    if (buffer.byteLength < bytes * capacity) buffer.grow(bytes * capacity);
  }
}

/**
 * Fixed-length views over the buffers for `capacity` players. Fixed-length
 * views (rather than length-tracking ones) keep the hot loops on V8's fast
 * typed-array path; a holder rebuilds its views when the capacity it is told
 * about grows.
 */
export function viewColumns(buffers: ColumnBuffers, capacity: number): Columns {
  const views: Record<string, Column> = {};
  for (const c of COLUMN_LAYOUT) {
    const buffer = buffers[c.name];
    if (!buffer) throw new Error(`columns: no buffer for column ${c.name}`);
    const View = ColumnType[c.type] as unknown as ColumnConstructor;
    views[c.name] = new View(buffer, 0, capacity * c.perPlayer);
  }
  const byIndex = HOT_FIELDS.map((f) => views[f.name]!);
  return { ...views, byIndex, capacity } as unknown as Columns;
}
