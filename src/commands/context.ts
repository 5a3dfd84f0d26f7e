import type { Engine } from '../engine/engine.ts';
import type { ChatService } from '../llm/chat-service.ts';

/**
 * What a command handler gets: the engine (idle: handlers run between
 * simulate phases), the player's slot, and ways to reach the player.
 */
export interface CommandContext {
  readonly engine: Engine;
  readonly slot: number;
  readonly playerId: string;
  readonly chat: ChatService;
  /** Queue an event frame for this player (sent with this tick's publish). */
  sendEvent(event: number): void;
}
