import { z } from 'zod';
import { stateSnapshot } from '../frames.ts';

/** The player's data rights: a copy of everything stored about them, and deletion. */
export const DATA_RIGHTS_COMMANDS = {
  exportData: {
    summary:
      'Everything stored about the player, as one document: the state snapshot, the whole cold state, every chat line and every purchase.',
    args: z.object({}).strict(),
    result: z.object({
      playerId: z.string(),
      exportedAt: z.number(),
      state: stateSnapshot,
      cold: z.record(z.string(), z.unknown()),
      chat: z.array(
        z.object({
          npcId: z.number().int(),
          from: z.enum(['player', 'npc']),
          text: z.string(),
          at: z.number(),
        }),
      ),
      purchases: z.array(
        z.object({
          purchaseId: z.string(),
          item: z.string(),
          amount: z.number(),
          currency: z.string(),
          at: z.number(),
        }),
      ),
    }),
    errors: [],
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
