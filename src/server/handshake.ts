import { CloseCode } from '../../protocol/close-codes.ts';
import type { WireValue } from '../../protocol/codec.ts';
import { ErrorCode } from '../../protocol/error-codes.ts';
import { helloFrame } from '../../protocol/frames.ts';
import { PROTOCOL_VERSION } from '../../protocol/version.ts';
import { stateSnapshot } from '../commands/views.ts';
import type { Engine } from '../engine/engine.ts';
import type { Ownership } from '../fleet/ownership.ts';
import type { ChatService } from '../llm/chat-service.ts';
import type { Logger } from '../ops/log.ts';
import type { ServerMetrics } from '../ops/metrics.ts';
import { SPEED_MINUTES_PER_SECOND } from '../sim/clock.ts';
import { CLIENT_FIELDS } from '../world/schema.ts';
import { CapacityError } from '../world/store.ts';
import { AuthError, tokenExpiresAt, verifyPlayerToken } from './auth.ts';
import type { ColdStates } from './cold-states.ts';
import { startExpiryTimer } from './expiry-timer.ts';
import type { Outbound } from './outbound.ts';
import type { PlayerDirectory } from './players.ts';
import { redirectSession } from './redirect.ts';
import { isClosed, type Session, SessionState } from './session.ts';
import type { SessionRegistry } from './session-registry.ts';

/** What the handshake uses. */
export interface HandshakeParts {
  /** HS256 key of the token secret. */
  readonly key: Uint8Array;
  /** Take tokens minted by development tools (a development server). */
  readonly acceptDevTokens: boolean;
  /** The server's wall clock: token expiry and `welcome.serverTime`. */
  readonly clock: () => number;
  readonly engine: Engine;
  readonly players: Pick<PlayerDirectory, 'place' | 'resume' | 'size' | 'drop'>;
  readonly chat: Pick<ChatService, 'conversation'>;
  readonly cold: Pick<ColdStates, 'get'>;
  readonly sessions: Pick<SessionRegistry, 'bind' | 'liveCount'>;
  readonly out: Outbound;
  readonly metrics: Pick<ServerMetrics, 'playersConnected' | 'playersResident' | 'redirects'>;
  readonly logger: Logger;
  /** Which process serves which player (fleet mode); one process serves all otherwise. */
  readonly ownership: Ownership;
}

/**
 * From `hello` to `welcome`: the version and token are checked, the player
 * is loaded (or found, or born) and caught up, and the session becomes the
 * player's live one, replacing any older one.
 */
export class Handshake {
  readonly #p: HandshakeParts;

  constructor(parts: HandshakeParts) {
    this.#p = parts;
  }

  /** A hello frame (not yet checked) from a session in `greeting` or later. */
  hello(session: Session, raw: WireValue): void {
    const { out, logger } = this.#p;
    if (session.state !== SessionState.greeting) {
      out.error(session, ErrorCode.CONFLICT, 'hello was already received');
      return;
    }
    const parsed = helloFrame.safeParse(raw);
    if (parsed.success && parsed.data.v !== PROTOCOL_VERSION) {
      out.error(session, ErrorCode.BAD_VERSION, `protocol version ${PROTOCOL_VERSION} only`);
      out.close(session, CloseCode.AUTH_FAILED, 'bad version');
      return;
    }
    if (!parsed.success) {
      out.error(session, ErrorCode.UNAUTHORIZED, 'hello needs v and a token');
      out.close(session, CloseCode.AUTH_FAILED, 'bad hello');
      return;
    }
    session.state = SessionState.authenticating;
    this.#authenticate(session, parsed.data.token).catch((error: unknown) => {
      // Every expected failure is answered inside; this is a bug. Close the
      // connection rather than leave it waiting for a welcome.
      logger.error({ err: error, playerId: session.playerId }, 'hello failed');
      if (isClosed(session)) return;
      out.error(session, ErrorCode.INTERNAL, 'could not start the session; try again');
      out.close(session, CloseCode.AUTH_FAILED, 'internal error');
    });
  }

  async #authenticate(session: Session, token: string): Promise<void> {
    const { out, logger, engine, players } = this.#p;
    let playerId: string;
    let expiresAt: number;
    try {
      playerId = await verifyPlayerToken(token, this.#p.key, {
        acceptDevTokens: this.#p.acceptDevTokens,
        now: this.#p.clock,
      });
      expiresAt = tokenExpiresAt(token);
    } catch (error) {
      if (isClosed(session)) return;
      const message = error instanceof AuthError ? error.message : 'token refused';
      out.error(session, ErrorCode.UNAUTHORIZED, message);
      out.close(session, CloseCode.AUTH_FAILED, 'unauthorized');
      return;
    }
    if (isClosed(session)) return;
    // Fleet mode: a player another process serves (or whose shard is
    // changing owner) is sent on before anything is loaded here.
    const placement = this.#p.ownership.placementOf(playerId);
    if (placement.kind !== 'here') {
      redirectSession(out, this.#p.metrics, session, placement);
      return;
    }
    // Load (off the main thread) or find the player; then, with the engine
    // idle, catch them up, read the snapshot (one consistent tick) and make
    // the session live, all in one step. A socket that closed while the
    // player loaded never resumes them: they stay parked (clock stopped,
    // evictable) as if they had left. And once the session is live, its
    // close parks them through the gateway's close; there is no moment in
    // between.
    try {
      const slot = await players.place(playerId);
      await engine.submit(() => {
        if (isClosed(session)) return;
        // Asked again: the shard may have been lost, handed off or taken
        // over while the player loaded. A lease taken again meanwhile (a new
        // epoch) may have let another process write the player in between,
        // so what was loaded is not trusted either.
        const now = this.#p.ownership.placementOf(playerId);
        if (now.kind !== 'here' || now.epoch !== placement.epoch) {
          redirectSession(
            out,
            this.#p.metrics,
            session,
            now.kind === 'here' ? { kind: 'moving', shard: now.shard, retryAfterMs: 0 } : now,
          );
          if (now.kind === 'here') void players.drop(playerId);
          return;
        }
        this.#welcome(session, playerId, slot, expiresAt);
      });
    } catch (error) {
      if (isClosed(session)) return;
      const full = error instanceof CapacityError;
      if (full) logger.warn({ playerId }, 'server full: player refused');
      else logger.error({ err: error, playerId }, 'could not place player');
      out.error(
        session,
        ErrorCode.INTERNAL,
        full ? 'server is full; try again later' : 'could not load the player; try again',
      );
      out.close(session, CloseCode.AUTH_FAILED, 'player unavailable');
    }
  }

  /**
   * Resume the player, make the session theirs and send welcome. Runs with
   * the engine idle; welcome goes out before this tick's publish could send
   * the session an update.
   */
  #welcome(session: Session, playerId: string, slot: number, expiresAt: number): void {
    const { engine, players, sessions, out, metrics, clock } = this.#p;
    const away = players.resume(playerId, slot);
    const state = stateSnapshot(
      engine.world.columns,
      slot,
      engine.catalog,
      playerId,
      (npcId) => this.#p.chat.conversation(playerId, npcId).turns,
      this.#p.cold.get(slot),
    );
    if (session.helloTimer) clearTimeout(session.helloTimer);
    session.helloTimer = undefined;
    // The token proved who this is until its exp, not forever.
    session.expiry = startExpiryTimer(expiresAt, clock, () => {
      out.error(session, ErrorCode.UNAUTHORIZED, 'token expired; connect again with a new one');
      out.close(session, CloseCode.AUTH_FAILED, 'token expired');
    });
    session.playerId = playerId;
    session.slot = slot;
    session.state = SessionState.live;
    session.owed.fill(0);
    session.lastClockHour = -1;
    const previous = sessions.bind(session);
    if (previous) {
      previous.replaced = true;
      out.close(previous, CloseCode.REPLACED, 'replaced by a newer session');
    }
    metrics.playersConnected.set(sessions.liveCount);
    metrics.playersResident.set(players.size);
    // The frame's arrays are copies: its type (from the zod schema) is mutable.
    out.send(session, {
      t: 'welcome',
      v: PROTOCOL_VERSION,
      playerId,
      tickHz: engine.tickHz,
      fields: [...CLIENT_FIELDS],
      state,
      serverTime: clock(),
      speeds: [...SPEED_MINUTES_PER_SECOND],
      away: {
        minutes: away.minutes,
        events: away.events.map((e) => {
          const def = engine.catalog.defs[e]!;
          return { id: def.id, kind: def.kind, title: def.title };
        }),
      },
    });
  }
}
