import type { HttpRequest, HttpResponse, us_socket_context_t, WebSocket } from 'uWebSockets.js';
import { CloseCode } from '../../protocol/close-codes.ts';
import type { WireValue } from '../../protocol/codec.ts';
import { isCommandName } from '../../protocol/commands.ts';
import { ErrorCode } from '../../protocol/error-codes.ts';
import { commandFrame, helloFrame } from '../../protocol/frames.ts';
import {
  FRAME_LIMITS,
  FrameKind,
  type FrameLimits,
  HELLO_LIMITS,
  scanFrame,
} from '../../protocol/scan-frame.ts';
import { HELLO_MAX_BYTES, HELLO_TIMEOUT_MS, PROTOCOL_VERSION } from '../../protocol/version.ts';
import { runCommand } from '../commands/handlers.ts';
import { stateSnapshot } from '../commands/views.ts';
import { SPEED_MINUTES_PER_SECOND } from '../sim/clock.ts';
import { GameError } from '../sim/game-error.ts';
import { CLIENT_FIELDS } from '../world/schema.ts';
import { CapacityError } from '../world/store.ts';
import { addressKey } from './address-key.ts';
import { AuthError, tokenExpiresAt, verifyPlayerToken } from './auth.ts';
import { commandContext } from './command-context.ts';
import { ConnectionLimits, ConnectionRefusal } from './connection-limits.ts';
import { startExpiryTimer } from './expiry-timer.ts';
import type { Outbound } from './outbound.ts';
import { readFrame } from './read-frame.ts';
import type { ServerContext } from './server-context.ts';
import { newSession, type Session, SessionState } from './session.ts';
import { wireErrorCode } from './wire-error-code.ts';

type Socket = WebSocket<Session>;

/**
 * The WebSocket side of the server: the handshake, inbound frames, and the
 * command table. Everything here runs on the main thread inside
 * uWebSockets.js callbacks or promise continuations, never during a
 * simulate phase's access to the columns (commands go through
 * `engine.submit`).
 */
export class Gateway {
  readonly #ctx: ServerContext;
  readonly #out: Outbound;
  readonly #limits: ConnectionLimits;
  /** Largest frame read before welcome: hello only, and never above the configured limit. */
  readonly #helloMaxBytes: number;

  constructor(ctx: ServerContext, out: Outbound) {
    this.#ctx = ctx;
    this.#out = out;
    this.#limits = new ConnectionLimits(ctx.config.maxConnections, ctx.config.maxConnectionsPerIp);
    this.#helloMaxBytes = Math.min(HELLO_MAX_BYTES, ctx.config.maxFrameBytes);
  }

  upgrade(res: HttpResponse, req: HttpRequest, context: us_socket_context_t): void {
    if (this.#ctx.closing) {
      res.writeStatus('503 Service Unavailable').end('shutting down');
      return;
    }
    // Read now: res and req are valid only during this callback. The limits
    // are applied in open(), which close() always follows, so a connection is
    // counted exactly while it is open.
    const address = addressKey(Buffer.from(res.getRemoteAddressAsText()).toString());
    const session = newSession(
      this.#ctx.config.rateLimit,
      this.#ctx.config.rateBurst,
      performance.now(),
      address,
    );
    res.upgrade<Session>(
      session,
      req.getHeader('sec-websocket-key'),
      req.getHeader('sec-websocket-protocol'),
      req.getHeader('sec-websocket-extensions'),
      context,
    );
  }

  open(ws: Socket): void {
    const session = ws.getUserData();
    session.ws = ws;
    const refused = this.#limits.admit(session.address);
    if (refused) {
      // Accepted and closed at once, with a code every WebSocket client can
      // read (a refused upgrade reaches a browser only as 1006).
      this.#out.close(
        session,
        CloseCode.TRY_AGAIN_LATER,
        refused === ConnectionRefusal.total
          ? 'server is at its connection limit'
          : 'too many connections from your address',
      );
      return;
    }
    session.admitted = true;
    this.#ctx.sessions.add(session);
    session.helloTimer = setTimeout(() => {
      if (
        session.state === SessionState.greeting ||
        session.state === SessionState.authenticating
      ) {
        this.#out.close(session, CloseCode.AUTH_FAILED, 'no hello in time');
      }
    }, HELLO_TIMEOUT_MS);
  }

  close(ws: Socket): void {
    const session = ws.getUserData();
    session.state = SessionState.closed;
    session.ws = undefined;
    if (session.helloTimer) clearTimeout(session.helloTimer);
    session.expiry?.cancel();
    if (session.admitted) this.#limits.release(session.address);
    session.admitted = false;
    this.#ctx.sessions.delete(session);
    if (session.playerId && this.#ctx.live.get(session.playerId) === session) {
      this.#ctx.live.delete(session.playerId);
      this.#ctx.liveBySlot[session.slot] = undefined;
      // Nobody is playing this life now: its clock stops until they return.
      const playerId = session.playerId;
      this.#ctx.engine
        .submit(() => {
          if (!this.#ctx.live.has(playerId)) this.#ctx.players.park(playerId);
        })
        .catch((error: unknown) =>
          // The engine is closing; the player is saved with everyone else.
          this.#ctx.logger.warn({ err: error, playerId }, 'could not park a player'),
        );
    }
    this.#ctx.metrics.playersConnected.set(this.#ctx.live.size);
  }

  /**
   * One inbound message. The work it may cost is bounded before anything
   * decodes it: the byte cap (small before welcome, when only hello is
   * read), then the rate-limit token, then a linear scan that refuses
   * anything but plain MessagePack within the value and depth limits; only
   * then is it decoded.
   */
  message(ws: Socket, message: ArrayBuffer, isBinary: boolean): void {
    const session = ws.getUserData();
    const now = performance.now();
    const welcomed = session.state === SessionState.live;
    if (message.byteLength > (welcomed ? this.#ctx.config.maxFrameBytes : this.#helloMaxBytes)) {
      this.#ctx.metrics.frameIn('oversized', message.byteLength);
      this.#out.close(
        session,
        CloseCode.TOO_LARGE,
        welcomed ? 'frame too large' : 'frame too large before welcome',
      );
      return;
    }
    const allowed = session.bucket.take(now);
    const bytes = new Uint8Array(message);
    const limits: FrameLimits = welcomed ? FRAME_LIMITS : HELLO_LIMITS;
    // Allocation-free and linear in the length: even a refused frame gets
    // its type counted and its id read for the answer.
    const scan = isBinary ? scanFrame(bytes, limits) : undefined;
    const type = scan?.ok ? scan.type : FrameKind.other;
    const id = scan?.id;
    this.#ctx.metrics.frameIn(type, message.byteLength);

    if (session.closing) return;
    if (!allowed) {
      this.#ctx.metrics.rateLimited.inc();
      if (session.rateStrikes.strike(now)) {
        this.#closeAfterAnswers(session, CloseCode.RATE_LIMIT_ABUSE, 'rate limit abuse');
        return;
      }
      this.#out.error(session, ErrorCode.RATE_LIMITED, 'too many frames; slow down', id);
      return;
    }
    if (!welcomed && scan?.type === FrameKind.cmd) {
      this.#out.error(session, ErrorCode.UNAUTHORIZED, 'say hello and wait for welcome first', id);
      return;
    }
    if (!scan) {
      this.#badFrame(session, 'text frames are not accepted; send binary MessagePack', undefined);
      return;
    }
    if (!scan.ok) {
      this.#badFrame(session, scan.reason, id);
      return;
    }
    if (!welcomed && scan.type !== FrameKind.hello) {
      this.#badFrame(session, 'before welcome only hello is read', id);
      return;
    }
    const inbound = readFrame(bytes, true, limits);
    if (!inbound.ok) {
      this.#badFrame(session, inbound.reason, inbound.id);
    } else if (inbound.type === 'hello') {
      this.#hello(session, inbound.frame);
    } else if (inbound.type === 'cmd') {
      this.#command(session, inbound.frame, inbound.id);
    } else {
      this.#badFrame(
        session,
        `unknown frame type ${JSON.stringify(inbound.type.slice(0, 32))}`,
        inbound.id,
      );
    }
  }

  #badFrame(session: Session, message: string, id: number | undefined): void {
    if (session.badFrameStrikes.strike(performance.now())) {
      this.#closeAfterAnswers(session, CloseCode.PROTOCOL_ABUSE, 'too many bad frames');
      return;
    }
    this.#out.error(session, ErrorCode.BAD_FRAME, message, id);
  }

  /**
   * Close an abusive connection, but only after the commands it already
   * had accepted are answered: they were (or will be) applied, so their acks
   * must not be lost. The engine runs submitted work in order, so by the
   * time this no-op runs every earlier command has run and its answer has
   * been queued ahead of the close. Frames that arrive meanwhile are ignored.
   */
  #closeAfterAnswers(session: Session, code: number, reason: string): void {
    session.closing = true;
    void this.#ctx.engine
      .submit(() => undefined)
      .then(
        () => this.#out.close(session, code, reason),
        () => this.#out.close(session, code, reason),
      );
  }

  #hello(session: Session, raw: WireValue): void {
    if (session.state !== SessionState.greeting) {
      this.#out.error(session, ErrorCode.CONFLICT, 'hello was already received');
      return;
    }
    const parsed = helloFrame.safeParse(raw);
    if (parsed.success && parsed.data.v !== PROTOCOL_VERSION) {
      this.#out.error(session, ErrorCode.BAD_VERSION, `protocol version ${PROTOCOL_VERSION} only`);
      this.#out.close(session, CloseCode.AUTH_FAILED, 'bad version');
      return;
    }
    if (!parsed.success) {
      this.#out.error(session, ErrorCode.UNAUTHORIZED, 'hello needs v and a token');
      this.#out.close(session, CloseCode.AUTH_FAILED, 'bad hello');
      return;
    }
    session.state = SessionState.authenticating;
    this.#authenticate(session, parsed.data.token).catch((error: unknown) => {
      // Every expected failure is answered inside; this is a bug. Close the
      // connection rather than leave it waiting for a welcome.
      this.#ctx.logger.error({ err: error, playerId: session.playerId }, 'hello failed');
      if (isClosed(session)) return;
      this.#out.error(session, ErrorCode.INTERNAL, 'could not start the session; try again');
      this.#out.close(session, CloseCode.AUTH_FAILED, 'internal error');
    });
  }

  async #authenticate(session: Session, token: string): Promise<void> {
    let playerId: string;
    let expiresAt: number;
    try {
      playerId = await verifyPlayerToken(token, this.#ctx.key, {
        acceptDevTokens: this.#ctx.config.env === 'development',
      });
      expiresAt = tokenExpiresAt(token);
    } catch (error) {
      if (isClosed(session)) return;
      const message = error instanceof AuthError ? error.message : 'token refused';
      this.#out.error(session, ErrorCode.UNAUTHORIZED, message);
      this.#out.close(session, CloseCode.AUTH_FAILED, 'unauthorized');
      return;
    }
    if (isClosed(session)) return;
    // Load (off the main thread) or find the player; then, with the engine
    // idle, catch them up, read the snapshot (one consistent tick) and make
    // the session live, all in one step. A socket that closed while the
    // player loaded never resumes them: they stay parked (clock stopped,
    // evictable) as if they had left. And once the session is live, its
    // close parks them through close(); there is no moment in between.
    try {
      const slot = await this.#ctx.players.place(playerId);
      await this.#ctx.engine.submit(() => {
        if (!isClosed(session)) this.#welcome(session, playerId, slot, expiresAt);
      });
    } catch (error) {
      if (isClosed(session)) return;
      const full = error instanceof CapacityError;
      if (full) this.#ctx.logger.warn({ playerId }, 'server full: player refused');
      else this.#ctx.logger.error({ err: error, playerId }, 'could not place player');
      this.#out.error(
        session,
        ErrorCode.INTERNAL,
        full ? 'server is full; try again later' : 'could not load the player; try again',
      );
      this.#out.close(session, CloseCode.AUTH_FAILED, 'player unavailable');
    }
  }

  /**
   * Resume the player, make the session theirs and send welcome. Runs with
   * the engine idle; welcome goes out before this tick's publish could send
   * the session an update.
   */
  #welcome(session: Session, playerId: string, slot: number, expiresAt: number): void {
    const engine = this.#ctx.engine;
    const away = this.#ctx.players.resume(playerId, slot);
    const state = stateSnapshot(
      engine.world.columns,
      slot,
      engine.catalog,
      playerId,
      (npcId) => this.#ctx.chat.conversation(playerId, npcId).turns,
      this.#ctx.cold.get(slot),
    );
    const previous = this.#ctx.live.get(playerId);
    if (previous && previous !== session) {
      previous.replaced = true;
      this.#ctx.live.delete(playerId);
      this.#out.close(previous, CloseCode.REPLACED, 'replaced by a newer session');
    }
    if (session.helloTimer) clearTimeout(session.helloTimer);
    session.helloTimer = undefined;
    // The token proved who this is until its exp, not forever.
    session.expiry = startExpiryTimer(expiresAt, Date.now, () => {
      this.#out.error(
        session,
        ErrorCode.UNAUTHORIZED,
        'token expired; connect again with a new one',
      );
      this.#out.close(session, CloseCode.AUTH_FAILED, 'token expired');
    });
    session.playerId = playerId;
    session.slot = slot;
    session.state = SessionState.live;
    session.owed.fill(0);
    session.lastClockHour = -1;
    this.#ctx.live.set(playerId, session);
    this.#ctx.liveBySlot[slot] = session;
    this.#ctx.metrics.playersConnected.set(this.#ctx.live.size);
    this.#ctx.metrics.playersResident.set(this.#ctx.players.size);
    this.#out.send(session, 'welcome', {
      t: 'welcome',
      v: PROTOCOL_VERSION,
      playerId,
      tickHz: engine.tickHz,
      fields: CLIENT_FIELDS,
      state,
      serverTime: Date.now(),
      speeds: SPEED_MINUTES_PER_SECOND,
      away: {
        minutes: away.minutes,
        events: away.events.map((e) => {
          const def = engine.catalog.defs[e]!;
          return { id: def.id, kind: def.kind, title: def.title };
        }),
      },
    });
  }

  #command(session: Session, raw: WireValue, id: number | undefined): void {
    const received = performance.now();
    if (session.state !== SessionState.live) {
      this.#out.error(session, ErrorCode.UNAUTHORIZED, 'say hello and wait for welcome first', id);
      return;
    }
    const parsed = commandFrame.safeParse(raw);
    if (!parsed.success) {
      this.#badFrame(session, 'a cmd frame needs an unsigned integer id, a name and args', id);
      return;
    }
    const { name, args } = parsed.data;
    if (!isCommandName(name)) {
      this.#out.error(
        session,
        ErrorCode.UNKNOWN_COMMAND,
        `no command ${JSON.stringify(name.slice(0, 64))}`,
        parsed.data.id,
      );
      this.#ctx.commandLog.record('(unknown)', received, ErrorCode.UNKNOWN_COMMAND);
      return;
    }
    const cmdId = parsed.data.id;
    this.#ctx.engine
      .submit(() => {
        // The session may have been replaced while this command waited for
        // the simulate phase; the slot is still the player's, so it applies.
        return runCommand(commandContext(this.#ctx, this.#out, session), name, args);
      })
      .then(
        (result) => {
          this.#out.send(
            session,
            'ack',
            result === undefined ? { t: 'ack', id: cmdId } : { t: 'ack', id: cmdId, result },
          );
          this.#ctx.commandLog.record(name, received);
        },
        (error: unknown) => {
          if (error instanceof GameError) {
            const code = wireErrorCode(error.code);
            this.#out.error(session, code, error.message, cmdId, error.retryAfterMs);
            this.#ctx.commandLog.record(name, received, code);
            return;
          }
          this.#ctx.logger.error(
            { err: error, command: name, playerId: session.playerId },
            'command failed',
          );
          this.#out.error(session, ErrorCode.INTERNAL, 'internal error', cmdId);
          this.#ctx.commandLog.record(name, received, ErrorCode.INTERNAL);
        },
      );
  }
}

/** Read through a function: the state can change while a promise is pending. */
function isClosed(session: Session): boolean {
  return session.state === SessionState.closed;
}
