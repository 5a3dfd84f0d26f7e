import type { CommandContext } from '../commands/context.ts';
import { GameError } from '../sim/game-error.ts';
import type { Outbound } from './outbound.ts';
import type { ServerContext } from './server-context.ts';
import type { Session } from './session.ts';

/**
 * The context a command handler runs with, for the player of `session`.
 * Build it with the engine idle (inside `engine.submit`): it reads the
 * player's cold state from their slot.
 */
export function commandContext(
  server: ServerContext,
  out: Outbound,
  session: Session,
): CommandContext {
  const { slot, playerId } = session;
  return {
    engine: server.engine,
    slot,
    playerId,
    chat: server.chat,
    cold: server.cold.get(slot),
    services: server.services,
    sendEvent: (event) => out.queueEvent(session, event),
    coldChanged: () => {
      server.cold.changed(slot);
      server.writer.noteChange(slot);
    },
    now: server.clock,
    apply: (fn) =>
      server.engine.submit(() => {
        // After an await the player may have been evicted and the slot
        // given to someone else: only the same player in the same slot may
        // be changed.
        if (server.players.slotOf(playerId) !== slot)
          throw new GameError('NOT_FOUND', 'the player is no longer on this server');
        return fn(slot, server.cold.get(slot));
      }),
    savePurchase: (purchase, pending) => server.purchases.save(slot, playerId, purchase, pending),
    queuePurchase: (work) => server.purchases.queue(playerId, work),
  };
}
