import type { Columns } from '../world/columns.ts';
import { DIRTY_WORDS } from '../world/schema.ts';

/**
 * Mark a client field of slot `s` as changed since the last publish. `field`
 * is the field's index in HOT_FIELDS, which for client fields is also its
 * wire id; server-only fields have no bit and are ignored.
 */
export function markDirty(c: Columns, s: number, field: number): void {
  if (field >= DIRTY_WORDS * 32) return;
  c.dirty[s * DIRTY_WORDS + (field >>> 5)]! |= 1 << (field & 31);
}
