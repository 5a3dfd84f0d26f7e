import type { DATA_RIGHTS_COMMANDS } from '../../protocol/commands/data-rights.ts';
import { GameError } from '../sim/game-error.ts';
import { exportData } from './export.ts';
import type { HandlerTable } from './handler.ts';

type DataRightsCommand = keyof typeof DATA_RIGHTS_COMMANDS;

const MS_PER_DAY = 86_400_000;

/**
 * A command whose database write went through but whose change to the
 * player did not (they left the server meanwhile): undo the write, then
 * fail as the change did. An error with code `keep` leaves the write alone.
 */
async function undoUnless(
  error: unknown,
  keep: string | undefined,
  undo: () => Promise<unknown>,
): Promise<never> {
  if (!(error instanceof GameError) || error.code !== keep) await undo().catch(() => {});
  throw error;
}

/** The player's data rights: a copy of everything stored about them, and deletion. */
export const DATA_RIGHTS_HANDLERS: HandlerTable<DataRightsCommand> = {
  exportData(ctx, { cursor }) {
    return exportData(ctx, cursor ?? undefined);
  },

  deleteAccount(ctx) {
    if (ctx.cold.deletion) {
      throw new GameError(
        'CONFLICT',
        `a deletion is already pending (purge after ${new Date(ctx.cold.deletion.purgeAfter).toISOString()})`,
      );
    }
    const { records } = ctx.services;
    const requestedAt = ctx.now();
    const purgeAfter = requestedAt + ctx.services.config.deletionGraceDays * MS_PER_DAY;
    // The database first: the purge job works from its deletion requests, so
    // the cold state says "pending" only once the request is safely stored.
    return records.requestDeletion(ctx.playerId, requestedAt, purgeAfter).then(() =>
      ctx
        .apply((_slot, cold) => {
          if (cold.deletion) throw new GameError('CONFLICT', 'a deletion is already pending');
          cold.deletion = { requestedAt, purgeAfter };
          ctx.coldChanged();
          return { requestedAt, purgeAfter };
        })
        .catch((error: unknown) =>
          // The player left the server meanwhile: the refusal must change
          // nothing, so the request goes again (a concurrent deleteAccount
          // that won, CONFLICT, keeps its own).
          undoUnless(error, 'CONFLICT', () => records.cancelDeletion(ctx.playerId)),
        ),
    );
  },

  cancelDeletion(ctx) {
    const pending = ctx.cold.deletion;
    if (!pending) throw new GameError('CONFLICT', 'no deletion is pending');
    const { records } = ctx.services;
    // The request leaves the database first: were the cold state cleared
    // first and the database write to fail, the purge would still come.
    return records.cancelDeletion(ctx.playerId).then(() =>
      ctx
        .apply((_slot, cold) => {
          cold.deletion = null;
          ctx.coldChanged();
          return { cancelled: true as const };
        })
        .catch((error: unknown) =>
          undoUnless(error, undefined, () =>
            records.requestDeletion(ctx.playerId, pending.requestedAt, pending.purgeAfter),
          ),
        ),
    );
  },
};
