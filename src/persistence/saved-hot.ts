import { HOT_LAYOUT, type HotLayout, MSGPACK_LAYOUT, parseLayout } from './hot-layout.ts';
import { rowFromRaw } from './raw-rows.ts';
import { decodeHot, ROW_STRIDE } from './row-codec.ts';

/** A stored hot state: its bytes, the layout id it was written in, and that layout's stored description. */
export interface SavedHot {
  readonly hot: Uint8Array;
  readonly hotLayout: number;
  readonly layoutDescription: string | undefined;
}

/** A hot state this build cannot read: its layout is unknown, or its bytes do not fit it. */
export class HotLayoutError extends Error {
  override readonly name = 'HotLayoutError';
}

// Older layouts met while loading, parsed once each (a server meets a handful at most).
const parsed = new Map<number, HotLayout>([[HOT_LAYOUT.id, HOT_LAYOUT]]);

/**
 * A stored hot state as a Float64 row of ROW_STRIDE numbers, whichever way
 * it was written: raw bytes of this build's layout, raw bytes of an older
 * layout (read by column name, hot-layout.ts), or the MessagePack document
 * of before migration 5. Throws HotLayoutError, naming the layout, on one
 * that cannot be read, rather than load a player with made-up state.
 */
export function decodeSavedHot(saved: SavedHot): Float64Array {
  const row = new Float64Array(ROW_STRIDE);
  if (saved.hotLayout === MSGPACK_LAYOUT) {
    decodeHot(saved.hot, row, 0);
    return row;
  }
  let layout = parsed.get(saved.hotLayout);
  if (!layout) {
    if (saved.layoutDescription === undefined)
      throw new HotLayoutError(
        `hot layout ${saved.hotLayout} is not in hot_layouts: this row cannot be read`,
      );
    try {
      layout = parseLayout(saved.layoutDescription);
    } catch (error) {
      throw new HotLayoutError(`hot layout ${saved.hotLayout}: ${(error as Error).message}`);
    }
    if (layout.id !== saved.hotLayout)
      throw new HotLayoutError(
        `hot layout ${saved.hotLayout}'s stored description hashes to ${layout.id}`,
      );
    parsed.set(layout.id, layout);
  }
  try {
    rowFromRaw(saved.hot, layout, row, 0);
  } catch (error) {
    throw new HotLayoutError((error as Error).message);
  }
  return row;
}
