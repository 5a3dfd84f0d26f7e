import type { Columns } from '../world/columns.ts';
import { CLIENT_FIELDS, DIRTY_WORDS } from '../world/schema.ts';

// Client fields come first in HOT_FIELDS (schema.ts checks it), so every
// index from here on is a server-only field.
const CLIENT_FIELD_COUNT = CLIENT_FIELDS.length;

/**
 * Mark a client field of slot `s` as changed since the last publish. `field`
 * is the field's index in HOT_FIELDS, which for client fields is also its
 * wire id; server-only fields have no bit and are ignored (the mask has
 * spare bits past the client fields, which must stay clear: a set one would
 * be published as a field id clients do not know).
 */
export function markDirty(c: Columns, s: number, field: number): void {
  if (field >= CLIENT_FIELD_COUNT) return;
  c.dirty[s * DIRTY_WORDS + (field >>> 5)]! |= 1 << (field & 31);
}

/** Mark every client field of slot `s` changed (a new or freshly loaded life). */
export function markAllDirty(c: Columns, s: number): void {
  for (let f = 0; f < CLIENT_FIELDS.length; f++) markDirty(c, s, f);
}
