import { z } from 'zod';
import { stateSnapshot } from '../frames.ts';

/** The player's data rights: a copy of everything stored about them, and deletion. */
export const DATA_RIGHTS_COMMANDS = {
  exportData: {
    summary:
      'Everything stored about the player, in pages that each fit easily in a frame. Without a cursor it starts an export: the first page has the state snapshot and the cold state (its purchase ledger apart, in `ledger`) and the first ledger entries, chat lines and purchases; while `next` is not null, call again with `cursor: next` for more of each (concatenate them). One export may start an hour (RATE_LIMITED with `retryAfterMs` before that); its cursors work for that hour. CONFLICT: the cursor belongs to an export that is over.',
    args: z
      .object({
        /** `next` from the previous page; absent (or null) to start an export. */
        cursor: z
          .string()
          .max(64)
          .regex(/^\d{1,15}(\.(\d{1,15}|x)){3}$/, 'cursor is the `next` of an export page')
          .nullish(),
      })
      .strict(),
    result: z.object({
      playerId: z.string(),
      /** When this export began: the same on each of its pages. */
      exportedAt: z.number(),
      /** First page only. */
      state: stateSnapshot.optional(),
      /** First page only: the cold state, without its `ledger`. */
      cold: z.record(z.string(), z.unknown()).optional(),
      /** The purchase ledger (the cold state's), oldest first: this page's share. */
      ledger: z.array(z.record(z.string(), z.unknown())),
      /** Chat lines with every NPC, oldest first: this page's share. */
      chat: z.array(
        z.object({
          npcId: z.number().int(),
          from: z.enum(['player', 'npc']),
          text: z.string(),
          at: z.number(),
        }),
      ),
      /** The purchases log, oldest first: this page's share. */
      purchases: z.array(
        z.object({
          purchaseId: z.string(),
          item: z.string(),
          amount: z.number(),
          currency: z.string(),
          at: z.number(),
        }),
      ),
      /** The cursor of the next page; null on the last. */
      next: z.string().nullable(),
    }),
    errors: ['INVALID_ARGS', 'CONFLICT'],
  },
  deleteAccount: {
    summary:
      'Ask for the account to be deleted. Everything about the player is deleted for good after a grace period (30 days by default); until then cancelDeletion keeps it. CONFLICT: a deletion is already pending.',
    args: z.object({}).strict(),
    result: z.object({ requestedAt: z.number(), purgeAfter: z.number() }),
    errors: ['CONFLICT'],
  },
  cancelDeletion: {
    summary: 'Cancel a pending account deletion. CONFLICT: none is pending.',
    args: z.object({}).strict(),
    result: z.object({ cancelled: z.literal(true) }),
    errors: ['CONFLICT'],
  },
} as const;
