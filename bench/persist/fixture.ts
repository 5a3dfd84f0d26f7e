import { standardLife } from '../../src/engine/population.ts';
import { HOT_LAYOUT, MSGPACK_LAYOUT } from '../../src/persistence/hot-layout.ts';
import { blockBytes, blocksToRows, copySlotsToBlocks } from '../../src/persistence/raw-rows.ts';
import {
  copySlotToRow,
  encodeCold,
  encodeHot,
  ROW_STRIDE,
} from '../../src/persistence/row-codec.ts';
import { createLife } from '../../src/sim/birth.ts';
import { WorldStore } from '../../src/world/store.ts';
import type { PersistEncodeRow } from '../row.ts';

export interface Fixture {
  readonly ids: string[];
  /** One raw hot row per player (hot-layout.ts), as the persistence worker writes it. */
  readonly hot: Uint8Array[];
  readonly hotLayout: number;
  /** Every player's row (ROW_STRIDE numbers each), for the MessagePack comparison. */
  readonly rows: Float64Array;
  /** The players' columns, for timing the raw copy. */
  readonly world: WorldStore;
  readonly cold: Uint8Array;
}

// Players per chunk when timing the raw copy: the writer's default batch.
export const CODEC_CHUNK = 20_000;

/** Lives spread over every age, as populate() makes them, copied out as the writer does. */
export function buildFixture(players: number, seed: number): Fixture {
  const world = new WorldStore({ capacity: players, maxCapacity: players });
  const rows = new Float64Array(players * ROW_STRIDE);
  const ids: string[] = [];
  const slots: number[] = [];
  for (let player = 0; player < players; player++) {
    const slot = world.resolve(world.allocate());
    createLife(world.columns, slot, standardLife(seed, player));
    copySlotToRow(world.columns, slot, rows, player);
    ids.push(`p${player}`);
    slots.push(slot);
  }
  const blocks = new ArrayBuffer(blockBytes(players));
  copySlotsToBlocks(world.columns, slots, players, blocks);
  const raw = blocksToRows(blocks, players);
  const hot: Uint8Array[] = [];
  const rowBytes = HOT_LAYOUT.rowBytes;
  for (let r = 0; r < players; r++) hot.push(raw.subarray(r * rowBytes, (r + 1) * rowBytes));
  return { ids, hot, hotLayout: HOT_LAYOUT.id, rows, world, cold: encodeCold({}) };
}

/**
 * One core's rate of turning players' state into the bytes a row holds:
 * "raw", the writer's path (the column copy of phase 2 plus the worker's
 * blocksToRows, in chunks of CODEC_CHUNK consecutive slots), or "msgpack",
 * encodeHot of the Float64 row as before migration 5 (the copy into that
 * row not counted).
 */
export function measureEncode(
  fx: Fixture,
  seconds: number,
  codec: 'raw' | 'msgpack',
): PersistEncodeRow {
  const n = fx.ids.length;
  let rows = 0;
  let bytes = 0;
  const slots = Array.from({ length: Math.min(n, CODEC_CHUNK) }, (_, i) => i);
  const started = performance.now();
  do {
    if (codec === 'msgpack') {
      for (let r = 0; r < n; r++) bytes += encodeHot(fx.rows, r).byteLength;
    } else {
      for (let at = 0; at < n; at += CODEC_CHUNK) {
        const k = Math.min(CODEC_CHUNK, n - at);
        for (let i = 0; i < k; i++) slots[i] = at + i;
        const blocks = new ArrayBuffer(blockBytes(k));
        copySlotsToBlocks(fx.world.columns, slots, k, blocks);
        bytes += blocksToRows(blocks, k).byteLength;
      }
    }
    rows += n;
  } while (performance.now() - started < seconds * 1000);
  const elapsed = (performance.now() - started) / 1000;
  return {
    kind: 'encode',
    codec,
    hotLayout: codec === 'raw' ? HOT_LAYOUT.id : MSGPACK_LAYOUT,
    rows,
    seconds: elapsed,
    rowsPerSec: rows / elapsed,
    meanHotBytes: Math.round(bytes / rows),
  };
}
