import type { HttpRequest, HttpResponse, us_socket_context_t, WebSocket } from 'uWebSockets.js';
import { CloseCode } from '../../protocol/close-codes.ts';
import type { WireValue } from '../../protocol/codec.ts';
import { isCommandName } from '../../protocol/commands.ts';
import { ErrorCode } from '../../protocol/error-codes.ts';
import { commandFrame, helloFrame } from '../../protocol/frames.ts';
import { HELLO_TIMEOUT_MS, PROTOCOL_VERSION } from '../../protocol/version.ts';
import { runCommand } from '../commands/handlers.ts';
import { stateSnapshot } from '../commands/views.ts';
import { SPEED_MINUTES_PER_SECOND } from '../sim/clock.ts';
import { GameError } from '../sim/game-error.ts';
import { CLIENT_FIELDS } from '../world/schema.ts';
import { CapacityError } from '../world/store.ts';
import { AuthError, verifyPlayerToken } from './auth.ts';
import { commandContext } from './command-context.ts';
import type { Outbound } from './outbound.ts';
import type { AwaySummary } from './players.ts';
import { readFrame } from './read-frame.ts';
import type { ServerContext } from './server-context.ts';
import { newSession, type Session, SessionState } from './session.ts';

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

  constructor(ctx: ServerContext, out: Outbound) {
    this.#ctx = ctx;
    this.#out = out;
  }

  upgrade(res: HttpResponse, req: HttpRequest, context: us_socket_context_t): void {
    if (this.#ctx.closing) {
      res.writeStatus('503 Service Unavailable').end('shutting down');
      return;
    }
    const session = newSession(
      this.#ctx.config.rateLimit,
      this.#ctx.config.rateBurst,
      performance.now(),
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
    this.#ctx.sessions.delete(session);
    if (session.playerId && this.#ctx.live.get(session.playerId) === session) {
      this.#ctx.live.delete(session.playerId);
      this.#ctx.liveBySlot[session.slot] = undefined;
      // Nobody is playing this life now: its clock stops until they return.
      const playerId = session.playerId;
      void this.#ctx.engine.submit(() => {
        if (!this.#ctx.live.has(playerId)) this.#ctx.players.park(playerId);
      });
    }
    this.#ctx.metrics.playersConnected.set(this.#ctx.live.size);
  }

  message(ws: Socket, message: ArrayBuffer, isBinary: boolean): void {
    const session = ws.getUserData();
    const now = performance.now();
    if (message.byteLength > this.#ctx.config.maxFrameBytes) {
      this.#ctx.metrics.frameIn('oversized', message.byteLength);
      this.#out.close(session, CloseCode.TOO_LARGE, 'frame too large');
      return;
    }
    const inbound = readFrame(message, isBinary);
    const id = inbound.id;
    const type = inbound.ok ? inbound.type : undefined;
    this.#ctx.metrics.frameIn(
      type === 'hello' || type === 'cmd' ? type : 'other',
      message.byteLength,
    );

    if (session.closing) return;
    if (!session.bucket.take(now)) {
      this.#ctx.metrics.rateLimited.inc();
      if (session.rateStrikes.strike(now)) {
        this.#closeAfterAnswers(session, CloseCode.RATE_LIMIT_ABUSE, 'rate limit abuse');
        return;
      }
      this.#out.error(session, ErrorCode.RATE_LIMITED, 'too many frames; slow down', id);
      return;
    }
    if (!inbound.ok) {
      this.#badFrame(session, inbound.reason, id);
    } else if (inbound.type === 'hello') {
      this.#hello(session, inbound.frame);
    } else if (inbound.type === 'cmd') {
      this.#command(session, inbound.frame, id);
    } else {
      this.#badFrame(
        session,
        `unknown frame type ${JSON.stringify(inbound.type.slice(0, 32))}`,
        id,
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
    void this.#authenticate(session, parsed.data.token);
  }

  async #authenticate(session: Session, token: string): Promise<void> {
    let playerId: string;
    try {
      playerId = await verifyPlayerToken(token, this.#ctx.key, {
        acceptDevTokens: this.#ctx.config.env === 'development',
      });
    } catch (error) {
      if (isClosed(session)) return;
      const message = error instanceof AuthError ? error.message : 'token refused';
      this.#out.error(session, ErrorCode.UNAUTHORIZED, message);
      this.#out.close(session, CloseCode.AUTH_FAILED, 'unauthorized');
      return;
    }
    if (isClosed(session)) return;
    // Load (off the main thread) or find the player, then catch them up and
    // read the snapshot with the engine idle, so it is one consistent tick.
    const engine = this.#ctx.engine;
    let welcome: { slot: number; state: unknown; away: AwaySummary };
    try {
      const slot = await this.#ctx.players.place(playerId);
      welcome = await engine.submit(() => {
        const away = this.#ctx.players.resume(playerId, slot);
        return {
          slot,
          away,
          state: stateSnapshot(
            engine.world.columns,
            slot,
            engine.catalog,
            playerId,
            (npcId) => this.#ctx.chat.conversation(playerId, npcId).turns,
            this.#ctx.cold.get(slot),
          ),
        };
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
      return;
    }
    if (isClosed(session)) return;
    const previous = this.#ctx.live.get(playerId);
    if (previous && previous !== session) {
      previous.replaced = true;
      this.#ctx.live.delete(playerId);
      this.#out.close(previous, CloseCode.REPLACED, 'replaced by a newer session');
    }
    if (session.helloTimer) clearTimeout(session.helloTimer);
    session.helloTimer = undefined;
    session.playerId = playerId;
    session.slot = welcome.slot;
    session.state = SessionState.live;
    session.owed.fill(0);
    session.lastClockHour = -1;
    this.#ctx.live.set(playerId, session);
    this.#ctx.liveBySlot[welcome.slot] = session;
    this.#ctx.metrics.playersConnected.set(this.#ctx.live.size);
    this.#ctx.metrics.playersResident.set(this.#ctx.players.size);
    this.#out.send(session, 'welcome', {
      t: 'welcome',
      v: PROTOCOL_VERSION,
      playerId,
      tickHz: engine.tickHz,
      fields: CLIENT_FIELDS,
      state: welcome.state,
      serverTime: Date.now(),
      speeds: SPEED_MINUTES_PER_SECOND,
      away: {
        minutes: welcome.away.minutes,
        events: welcome.away.events.map((e) => {
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
            this.#out.error(session, error.code, error.message, cmdId, error.retryAfterMs);
            this.#ctx.commandLog.record(name, received, error.code);
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
