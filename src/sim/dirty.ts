import type { Columns } from '../world/columns.ts';
import { CLIENT_FIELDS, DIRTY_WORDS } from '../world/schema.ts';

/**
 * Mark a client field of slot `s` as changed since the last publish. `field`
 * is the field's index in HOT_FIELDS, which for client fields is also its
 * wire id; server-only fields have no bit and are ignored.
 */
export function markDirty(c: Columns, s: number, field: number): void {
  if (field >= DIRTY_WORDS * 32) return;
  c.dirty[s * DIRTY_WORDS + (field >>> 5)]! |= 1 << (field & 31);
}

/** Mark every client field of slot `s` changed (a new or freshly loaded life). */
export function markAllDirty(c: Columns, s: number): void {
  for (let f = 0; f < CLIENT_FIELDS.length; f++) markDirty(c, s, f);
}
