import { Packr, Unpackr } from 'msgpackr';
import type { Columns } from '../world/columns.ts';
import { EVENT_HISTORY_WORDS, HOT_FIELDS, NPC_FIELDS, NPC_SLOTS } from '../world/schema.ts';

/**
 * A player's hot state as a row of numbers, and as the MessagePack a
 * database row held before migration 5 (rows now hold raw column bytes:
 * hot-layout.ts, raw-rows.ts; this document is still read, and written
 * only by the persist bench's comparison row).
 *
 * The row (one Float64Array stride per player: hot fields, NPC table, event
 * history) is what crosses from the main thread to the persistence worker:
 * copying numbers out of the columns is cheap enough for phase 2, and the
 * encoding happens on the worker. The MessagePack form keys every value by
 * field name, so adding or removing a field in the schema needs no
 * migration: a missing field loads as its initial value, an unknown one is
 * ignored.
 */
/** Where a row's NPC table starts, and its event history. */
export const NPC_OFFSET = HOT_FIELDS.length;
export const HISTORY_OFFSET = NPC_OFFSET + NPC_FIELDS.length * NPC_SLOTS;
export const ROW_STRIDE = HISTORY_OFFSET + EVENT_HISTORY_WORDS;

/** Copy slot `s` into `rows` at row index `r`. */
export function copySlotToRow(c: Columns, s: number, rows: Float64Array, r: number): void {
  const base = r * ROW_STRIDE;
  for (let f = 0; f < HOT_FIELDS.length; f++) rows[base + f] = c.byIndex[f]![s]!;
  for (let n = 0; n < NPC_FIELDS.length; n++) {
    const col = c[NPC_FIELDS[n]!.name];
    for (let k = 0; k < NPC_SLOTS; k++)
      rows[base + NPC_OFFSET + n * NPC_SLOTS + k] = col[s * NPC_SLOTS + k]!;
  }
  for (let w = 0; w < EVENT_HISTORY_WORDS; w++)
    rows[base + HISTORY_OFFSET + w] = c.eventHistory[s * EVENT_HISTORY_WORDS + w]!;
}

/** Write row `r` of `rows` into slot `s`. */
export function copyRowToSlot(rows: Float64Array, r: number, c: Columns, s: number): void {
  const base = r * ROW_STRIDE;
  for (let f = 0; f < HOT_FIELDS.length; f++) c.byIndex[f]![s] = rows[base + f]!;
  for (let n = 0; n < NPC_FIELDS.length; n++) {
    const col = c[NPC_FIELDS[n]!.name];
    for (let k = 0; k < NPC_SLOTS; k++)
      col[s * NPC_SLOTS + k] = rows[base + NPC_OFFSET + n * NPC_SLOTS + k]!;
  }
  for (let w = 0; w < EVENT_HISTORY_WORDS; w++)
    c.eventHistory[s * EVENT_HISTORY_WORDS + w] = rows[base + HISTORY_OFFSET + w]!;
}

// One encoder per thread, reused (records and structures off: plain
// MessagePack any tool can read).
const packr = new Packr({ useRecords: false, variableMapSize: true });
const unpackr = new Unpackr({ useRecords: false, mapsAsObjects: true, int64AsType: 'number' });

interface HotDocument {
  /** Encoding version of this document. */
  v: 1;
  f: Record<string, number>;
  npc: Record<string, number[]>;
  history: number[];
}

export function encodeHot(rows: Float64Array, r: number): Uint8Array {
  const base = r * ROW_STRIDE;
  const doc: HotDocument = { v: 1, f: {}, npc: {}, history: [] };
  for (let f = 0; f < HOT_FIELDS.length; f++) doc.f[HOT_FIELDS[f]!.name] = rows[base + f]!;
  for (let n = 0; n < NPC_FIELDS.length; n++) {
    const start = base + NPC_OFFSET + n * NPC_SLOTS;
    doc.npc[NPC_FIELDS[n]!.name] = Array.from(rows.subarray(start, start + NPC_SLOTS));
  }
  doc.history = Array.from(
    rows.subarray(base + HISTORY_OFFSET, base + HISTORY_OFFSET + EVENT_HISTORY_WORDS),
  );
  return packr.pack(doc);
}

/** Decode into row `r` of `rows`; fields the document lacks get their initial value. */
export function decodeHot(bytes: Uint8Array, rows: Float64Array, r: number): void {
  const doc = unpackr.unpack(bytes) as Partial<HotDocument>;
  const base = r * ROW_STRIDE;
  for (let f = 0; f < HOT_FIELDS.length; f++) {
    const value = doc.f?.[HOT_FIELDS[f]!.name];
    rows[base + f] = typeof value === 'number' ? value : HOT_FIELDS[f]!.initial;
  }
  for (let n = 0; n < NPC_FIELDS.length; n++) {
    const values = doc.npc?.[NPC_FIELDS[n]!.name] ?? [];
    for (let k = 0; k < NPC_SLOTS; k++)
      rows[base + NPC_OFFSET + n * NPC_SLOTS + k] = values[k] ?? NPC_FIELDS[n]!.initial;
  }
  const history = doc.history ?? [];
  for (let w = 0; w < EVENT_HISTORY_WORDS; w++) rows[base + HISTORY_OFFSET + w] = history[w] ?? 0;
}

export function encodeCold(cold: Record<string, unknown>): Uint8Array {
  return packr.pack(cold);
}

export function decodeCold(bytes: Uint8Array): Record<string, unknown> {
  const value = unpackr.unpack(bytes) as unknown;
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}
