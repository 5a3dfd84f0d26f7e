import { createHash } from 'node:crypto';
import type { Columns } from '../../src/world/columns.ts';
import { COLUMN_LAYOUT, HOT_FIELDS, NPC_FIELDS, NPC_SLOTS } from '../../src/world/schema.ts';

/** SHA-256 over every shared column, the dirty masks excepted (publishing clears them). */
export function hashColumns(c: Columns): string {
  const hash = createHash('sha256');
  for (const layout of COLUMN_LAYOUT) {
    if (layout.name === 'dirty') continue;
    const col = (
      c as unknown as Record<
        string,
        { buffer: ArrayBufferLike; byteOffset: number; byteLength: number }
      >
    )[layout.name]!;
    hash.update(new Uint8Array(col.buffer, col.byteOffset, col.byteLength));
  }
  return hash.digest('hex');
}

/** A player's hot fields and NPC table as a plain object, for readable diffs. */
export function snapshot(
  c: Columns,
  s: number,
  skip: readonly string[] = [],
): Record<string, number> {
  const out: Record<string, number> = {};
  HOT_FIELDS.forEach((f, i) => {
    if (!skip.includes(f.name)) out[f.name] = c.byIndex[i]![s]!;
  });
  for (const f of NPC_FIELDS) {
    for (let k = 0; k < NPC_SLOTS; k++) out[`${f.name}[${k}]`] = c[f.name][s * NPC_SLOTS + k]!;
  }
  return out;
}
