import type { Turn } from './conversation.ts';

/** A player's line to one of their NPCs, with what the reply needs to know. */
export interface ChatRequest {
  readonly playerId: string;
  readonly npcId: number;
  readonly role: number;
  readonly affinity: number;
  readonly familiarity: number;
  readonly npcAge: number;
  /** The player's happiness, 0..100. */
  readonly playerMood: number;
  readonly text: string;
}

/**
 * Gives NPCs their voice. `ask` never blocks: the reply is delivered later,
 * off the caller's stack (and never inside a tick).
 */
export interface ChatService {
  ask(request: ChatRequest): void;
  /** The conversation so far with one NPC: recent turns (at most 50) and the memory of older ones. */
  conversation(
    playerId: string,
    npcId: number,
  ): { readonly turns: readonly Turn[]; readonly summary: string };
  /** Load turns kept in the database into memory (a player loaded after a restart). */
  remember(playerId: string, npcId: number, turns: readonly Turn[]): void;
  /** Drop every conversation of a player from memory (their account was purged). */
  forget?(playerId: string): void;
  close(): void;
}
