import { LRUCache } from 'lru-cache';

export interface Turn {
  readonly from: 'player' | 'npc';
  readonly text: string;
  readonly at: number;
}

export interface Conversation {
  readonly turns: Turn[];
  /** Older turns, folded into a short memory. */
  summary: string;
}

/** Turns kept per player and NPC; older ones fold into the summary. */
export const HISTORY_LIMIT = 50;
// Fold this many at once, so folding happens every ten turns, not every turn.
const FOLD = 10;
const SUMMARY_CHARS = 600;

/**
 * Recent conversations in memory, bounded twice: 50 turns each (older turns
 * fold into a summary of bounded length) and a fixed number of
 * conversations (least recently used dropped; the database keeps them).
 */
export class ConversationMemory {
  readonly #conversations: LRUCache<string, Conversation>;

  constructor(maxConversations = 20_000) {
    this.#conversations = new LRUCache({ max: maxConversations });
  }

  get(playerId: string, npcId: number): Conversation {
    const key = `${playerId}#${npcId}`;
    let c = this.#conversations.get(key);
    if (!c) {
      c = { turns: [], summary: '' };
      this.#conversations.set(key, c);
    }
    return c;
  }

  has(playerId: string, npcId: number): boolean {
    return this.#conversations.has(`${playerId}#${npcId}`);
  }

  append(playerId: string, npcId: number, turn: Turn): void {
    const c = this.get(playerId, npcId);
    c.turns.push({ ...turn, text: turn.text.slice(0, 500) });
    if (c.turns.length > HISTORY_LIMIT) fold(c, c.turns.length - HISTORY_LIMIT + FOLD);
  }

  /** Drop every conversation of one player. */
  forget(playerId: string): void {
    const prefix = `${playerId}#`;
    for (const key of [...this.#conversations.keys()])
      if (key.startsWith(prefix)) this.#conversations.delete(key);
  }

  get size(): number {
    return this.#conversations.size;
  }
}

/** Move the oldest `n` turns into the summary, newest memories last, bounded in length. */
function fold(c: Conversation, n: number): void {
  const old = c.turns.splice(0, n);
  const gist = old
    .filter((t) => t.from === 'player')
    .map((t) => t.text.replace(/\s+/g, ' ').slice(0, 60))
    .join('; ');
  const next = `${c.summary} They talked about: ${gist}.`.trim();
  c.summary = next.length > SUMMARY_CHARS ? `…${next.slice(next.length - SUMMARY_CHARS)}` : next;
}

/** Lower case, no punctuation, single-spaced: prompts equal after this share a cached reply. */
export function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}' ]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
