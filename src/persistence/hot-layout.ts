import { COLUMN_LAYOUT, ColumnType } from '../world/schema.ts';

/**
 * How a player's hot state is laid out as raw bytes in a saved row: the
 * bytes of each column the writer saves (every hot field, the NPC table,
 * the event history; not the dirty masks, which are per tick), one after
 * another, little-endian, exactly as the columns hold them. Derived from
 * world/schema.ts, so adding a field changes the layout and its id with it.
 *
 * Columns are ordered by element size, widest first, so that every value
 * sits at a multiple of its own size both inside a row and inside a chunk
 * of column blocks (raw-rows.ts): typed-array views can read and write them
 * in place, with no DataView and no byte shuffling.
 *
 * A row records the id of the layout it was written with (players.hot_layout)
 * and every layout a server ever wrote is kept in the `hot_layouts` table by
 * id, so a row written before a schema change is still read, field by field
 * by name, after it. Id 0 is the MessagePack document (row-codec.ts) that
 * rows held before migration 5.
 */
export interface LayoutColumn {
  readonly name: string;
  readonly type: ColumnType;
  /** Values per player. */
  readonly perPlayer: number;
  /** Byte offset of the column's first value inside a row. */
  readonly offset: number;
}

export interface HotLayout {
  /** FNV-1a of `description`; never 0. */
  readonly id: number;
  /** `name:type:perPlayer` per column, comma-separated: what hot_layouts stores. */
  readonly description: string;
  readonly columns: readonly LayoutColumn[];
  /** Bytes of one row, a multiple of 8. */
  readonly rowBytes: number;
}

/** hot_layout of a row whose hot state is the MessagePack document of before migration 5. */
export const MSGPACK_LAYOUT = 0;

// The bytes are the columns' own memory, so they are little-endian only
// where the machine is; every platform Node supports in production is.
// Refuse, rather than write rows another machine would misread.
if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1)
  throw new Error('hot-layout: raw rows need a little-endian machine');

/** FNV-1a, 32-bit: a stable, cheap id for a layout's description. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  // 0 names the MessagePack layout; a description hashing to it takes 1.
  return h === 0 ? 1 : h;
}

/** Lay out columns (name, type, perPlayer) widest first, keeping their order within a width. */
function layoutOf(columns: readonly Omit<LayoutColumn, 'offset'>[]): HotLayout {
  const size = (c: { type: ColumnType }) => ColumnType[c.type].BYTES_PER_ELEMENT;
  const ordered = columns
    .map((c, i) => ({ c, i }))
    .sort((a, b) => size(b.c) - size(a.c) || a.i - b.i)
    .map(({ c }) => c);
  let offset = 0;
  const placed = ordered.map((c) => {
    const column = { name: c.name, type: c.type, perPlayer: c.perPlayer, offset };
    offset += size(c) * c.perPlayer;
    return column;
  });
  // Rows end on 8 bytes so that a run of rows keeps every f64 aligned.
  const rowBytes = Math.ceil(offset / 8) * 8;
  const description = placed.map((c) => `${c.name}:${c.type}:${c.perPlayer}`).join(',');
  return { id: fnv1a(description), description, columns: placed, rowBytes };
}

/**
 * A layout from its stored description (what hot_layouts holds). Throws a
 * clear error on one this code cannot read (an unknown column type).
 */
export function parseLayout(description: string): HotLayout {
  const columns = description.split(',').map((part) => {
    const [name, type, perPlayer] = part.split(':');
    const count = Number(perPlayer);
    if (!name || !type || !(type in ColumnType) || !Number.isInteger(count) || count < 1)
      throw new Error(`hot layout column "${part}" is not name:type:count`);
    return { name, type: type as ColumnType, perPlayer: count };
  });
  const layout = layoutOf(columns);
  if (layout.description !== description)
    throw new Error('hot layout description is not in canonical order');
  return layout;
}

/** The layout this build writes. */
export const HOT_LAYOUT: HotLayout = layoutOf(
  COLUMN_LAYOUT.filter((c) => c.name !== 'dirty').map((c) => ({
    name: c.name,
    type: c.type,
    perPlayer: c.perPlayer,
  })),
);
