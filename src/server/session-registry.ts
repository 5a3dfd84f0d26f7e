import type { Session } from './session.ts';

/**
 * The server's connections: every open one, and each connected player's
 * live session, by player id and by slot. The gateway adds and binds them;
 * the publisher, the chat replies, the purge and the HTTP figures read them.
 * Its size is bounded by the connection limits (connection-limits.ts): a
 * connection past them is closed before it is added.
 */
export class SessionRegistry {
  readonly #open = new Set<Session>();
  readonly #live = new Map<string, Session>();
  /** For the engine's event listeners, which name a slot (engine-wiring.ts); undefined where nobody is connected. */
  readonly #bySlot: (Session | undefined)[] = [];

  /** Open connections, live or not. */
  get openCount(): number {
    return this.#open.size;
  }

  /** Connected players. */
  get liveCount(): number {
    return this.#live.size;
  }

  /** A connection was admitted. */
  add(session: Session): void {
    this.#open.add(session);
  }

  /** A connection closed. */
  remove(session: Session): void {
    this.#open.delete(session);
  }

  /** Every open connection, copied: closing them while iterating is safe. */
  openSessions(): Session[] {
    return [...this.#open];
  }

  /** Each connected player's live session. */
  liveSessions(): IterableIterator<Session> {
    return this.#live.values();
  }

  liveOf(playerId: string): Session | undefined {
    return this.#live.get(playerId);
  }

  atSlot(slot: number): Session | undefined {
    return this.#bySlot[slot];
  }

  isLive(playerId: string): boolean {
    return this.#live.has(playerId);
  }

  /**
   * Make `session` its player's live session (its playerId and slot are
   * set). Returns the session it takes over from, no longer live, for the
   * caller to close; undefined when there was none.
   */
  bind(session: Session): Session | undefined {
    const previous = this.#live.get(session.playerId);
    if (previous === session) return undefined;
    if (previous) this.unbind(previous);
    this.#live.set(session.playerId, session);
    this.#bySlot[session.slot] = session;
    return previous;
  }

  /** The session is no longer its player's live one. False when it was not live. */
  unbind(session: Session): boolean {
    if (this.#live.get(session.playerId) !== session) return false;
    this.#live.delete(session.playerId);
    if (this.#bySlot[session.slot] === session) this.#bySlot[session.slot] = undefined;
    return true;
  }
}
