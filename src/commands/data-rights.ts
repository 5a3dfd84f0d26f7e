import type { DATA_RIGHTS_COMMANDS } from '../../protocol/commands/data-rights.ts';
import type { CommandResult } from '../../protocol/commands.ts';
import { GameError } from '../sim/game-error.ts';
import type { CommandContext } from './context.ts';
import type { HandlerTable } from './handler.ts';
import { stateSnapshot } from './views.ts';

type DataRightsCommand = keyof typeof DATA_RIGHTS_COMMANDS;
type Result<N extends DataRightsCommand> = CommandResult<N>;

const MS_PER_DAY = 86_400_000;

/** exportData after its (no) checks: the database first, then the live state in one idle moment. */
async function exportAll(ctx: CommandContext): Promise<Result<'exportData'>> {
  const { records } = ctx.services;
  const playerId = ctx.playerId;
  const [chat, purchases] = await Promise.all([
    records.chatHistory(playerId),
    records.purchases(playerId),
  ]);
  return ctx.apply((slot, cold) => ({
    playerId,
    exportedAt: ctx.now(),
    state: stateSnapshot(
      ctx.engine.world.columns,
      slot,
      ctx.engine.catalog,
      playerId,
      (npcId) => ctx.chat.conversation(playerId, npcId).turns,
      cold,
    ),
    cold: structuredClone(cold),
    chat: chat.map((l) => ({ npcId: l.npcId, from: l.from, text: l.text, at: l.at })),
    purchases: purchases.map((p) => ({
      purchaseId: p.purchaseId,
      item: p.item,
      amount: p.amount,
      currency: p.currency,
      at: p.at,
    })),
  }));
}

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
  exportData(ctx) {
    return exportAll(ctx);
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
