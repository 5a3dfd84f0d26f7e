import type { CommandContext, CommandServices } from '../commands/context.ts';
import type { Engine } from '../engine/engine.ts';
import type { ChatService } from '../llm/chat-service.ts';
import type { WriteBehindWriter } from '../persistence/writer.ts';
import { GameError } from '../sim/game-error.ts';
import type { ColdStates } from './cold-states.ts';
import type { Outbound } from './outbound.ts';
import type { PlayerDirectory } from './players.ts';
import type { PurchaseSaver } from './purchase-saver.ts';
import type { Session } from './session.ts';

/** What a command context is made of, beyond the session and the outbound. */
export interface CommandContextParts {
  readonly engine: Engine;
  readonly chat: ChatService;
  readonly cold: ColdStates;
  readonly services: CommandServices;
  readonly writer: Pick<WriteBehindWriter, 'noteChange'>;
  readonly players: Pick<PlayerDirectory, 'slotOf'>;
  readonly purchases: Pick<PurchaseSaver, 'save' | 'queue'>;
  /** The server's wall clock (a test clock in tests). */
  readonly clock: () => number;
}

/**
 * The context a command handler runs with, for the player of `session`.
 * Build it with the engine idle (inside `engine.submit`): it reads the
 * player's cold state from their slot.
 */
export function commandContext(
  parts: CommandContextParts,
  out: Outbound,
  session: Session,
): CommandContext {
  const { engine, cold, writer, players, purchases } = parts;
  const { slot, playerId } = session;
  return {
    engine,
    slot,
    playerId,
    chat: parts.chat,
    cold: cold.get(slot),
    services: parts.services,
    sendEvent: (event) => out.queueEvent(session, event),
    coldChanged: () => {
      cold.changed(slot);
      writer.noteChange(slot);
    },
    now: parts.clock,
    apply: (fn) =>
      engine.submit(() => {
        // After an await the player may have been evicted and the slot
        // given to someone else: only the same player in the same slot may
        // be changed.
        if (players.slotOf(playerId) !== slot)
          throw new GameError('NOT_FOUND', 'the player is no longer on this server');
        return fn(slot, cold.get(slot));
      }),
    savePurchase: (purchase, pending) => purchases.save(slot, playerId, purchase, pending),
    queuePurchase: (work) => purchases.queue(playerId, work),
  };
}
