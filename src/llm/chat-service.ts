import type { ChatMessage } from '../../protocol/frames.ts';
import { templateReply } from './template-replies.ts';

/** A player's line to one of their NPCs, with what the reply needs to know. */
export interface ChatRequest {
  readonly playerId: string;
  readonly npcId: number;
  readonly role: number;
  readonly affinity: number;
  readonly text: string;
}

/** Where NPC replies go: the server sends them as `chat` frames. */
export type ChatDelivery = (playerId: string, npcId: number, message: ChatMessage) => void;

/**
 * Gives NPCs their voice. `ask` never blocks: the reply is delivered later,
 * off the caller's stack (and never inside a tick).
 */
export interface ChatService {
  ask(request: ChatRequest): void;
  close(): void;
}

/** The offline provider: template replies, delivered on the next turn of the event loop. */
export class TemplateChatService implements ChatService {
  #pending = new Set<NodeJS.Immediate>();

  constructor(private readonly deliver: ChatDelivery) {}

  ask(request: ChatRequest): void {
    const handle = setImmediate(() => {
      this.#pending.delete(handle);
      const text = templateReply(request.role, request.affinity, request.text);
      this.deliver(request.playerId, request.npcId, { from: 'npc', text, at: Date.now() });
    });
    this.#pending.add(handle);
  }

  close(): void {
    for (const handle of this.#pending) clearImmediate(handle);
    this.#pending.clear();
  }
}
