import type { HttpRequest, HttpResponse, us_socket_context_t, WebSocket } from 'uWebSockets.js';
import { CloseCode } from '../../protocol/close-codes.ts';
import type { WireValue } from '../../protocol/codec.ts';
import { ErrorCode } from '../../protocol/error-codes.ts';
import { ClientFrameType } from '../../protocol/frame-types.ts';
import { commandFrame } from '../../protocol/frames.ts';
import {
  FRAME_LIMITS,
  FrameKind,
  type FrameLimits,
  HELLO_LIMITS,
  scanFrame,
} from '../../protocol/scan-frame.ts';
import { HELLO_MAX_BYTES, HELLO_TIMEOUT_MS } from '../../protocol/version.ts';
import type { Config } from '../config.ts';
import type { Engine } from '../engine/engine.ts';
import type { Logger } from '../ops/log.ts';
import type { ServerMetrics } from '../ops/metrics.ts';
import { addressKey } from './address-key.ts';
import type { CommandRunner } from './command-runner.ts';
import { ConnectionLimits, ConnectionRefusal } from './connection-limits.ts';
import type { Handshake } from './handshake.ts';
import type { ServerLifecycle } from './lifecycle.ts';
import type { Outbound } from './outbound.ts';
import type { PlayerDirectory } from './players.ts';
import { readFrame } from './read-frame.ts';
import { newSession, type Session, SessionState } from './session.ts';
import type { SessionRegistry } from './session-registry.ts';

/** The settings the gateway applies to every connection. */
export type GatewayLimits = Pick<
  Config,
  'maxConnections' | 'maxConnectionsPerIp' | 'maxFrameBytes' | 'rateLimit' | 'rateBurst'
>;

/** What the gateway uses. */
export interface GatewayParts {
  readonly limits: GatewayLimits;
  readonly lifecycle: Pick<ServerLifecycle, 'accepting'>;
  readonly sessions: Pick<SessionRegistry, 'add' | 'remove' | 'unbind' | 'isLive' | 'liveCount'>;
  readonly engine: Pick<Engine, 'submit'>;
  readonly players: Pick<PlayerDirectory, 'park'>;
  readonly out: Outbound;
  readonly handshake: Handshake;
  readonly commands: CommandRunner;
  readonly metrics: Pick<ServerMetrics, 'frameIn' | 'rateLimited' | 'playersConnected'>;
  readonly logger: Logger;
}

type Socket = WebSocket<Session>;

/**
 * The WebSocket side of the server: connections, their limits, and inbound
 * frames, handed to the handshake (hello) or the command runner (cmd).
 * Everything here runs on the main thread inside uWebSockets.js callbacks
 * or promise continuations, never during a simulate phase's access to the
 * columns (commands go through `engine.submit`).
 *
 * Rate limits and strikes count on performance.now(), not the server's
 * wall clock: they measure short spans, which a monotonic clock gets right
 * even when the wall clock is set back.
 */
export class Gateway {
  readonly #p: GatewayParts;
  readonly #out: Outbound;
  readonly #limits: ConnectionLimits;
  /** Largest frame read before welcome: hello only, and never above the configured limit. */
  readonly #helloMaxBytes: number;

  constructor(parts: GatewayParts) {
    this.#p = parts;
    this.#out = parts.out;
    this.#limits = new ConnectionLimits(
      parts.limits.maxConnections,
      parts.limits.maxConnectionsPerIp,
    );
    this.#helloMaxBytes = Math.min(HELLO_MAX_BYTES, parts.limits.maxFrameBytes);
  }

  upgrade(res: HttpResponse, req: HttpRequest, context: us_socket_context_t): void {
    if (!this.#p.lifecycle.accepting) {
      res.writeStatus('503 Service Unavailable').end('shutting down');
      return;
    }
    // Read now: res and req are valid only during this callback. The limits
    // are applied in open(), which close() always follows, so a connection is
    // counted exactly while it is open.
    const address = addressKey(Buffer.from(res.getRemoteAddressAsText()).toString());
    const session = newSession(
      this.#p.limits.rateLimit,
      this.#p.limits.rateBurst,
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
    this.#p.sessions.add(session);
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
    const { sessions, engine, players, logger } = this.#p;
    sessions.remove(session);
    if (session.playerId && sessions.unbind(session)) {
      // Nobody is playing this life now: its clock stops until they return.
      const playerId = session.playerId;
      engine
        .submit(() => {
          if (!sessions.isLive(playerId)) players.park(playerId);
        })
        .catch((error: unknown) =>
          // The engine is closing; the player is saved with everyone else.
          logger.warn({ err: error, playerId }, 'could not park a player'),
        );
    }
    this.#p.metrics.playersConnected.set(sessions.liveCount);
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
    const metrics = this.#p.metrics;
    if (message.byteLength > (welcomed ? this.#p.limits.maxFrameBytes : this.#helloMaxBytes)) {
      metrics.frameIn('oversized', message.byteLength);
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
    metrics.frameIn(type, message.byteLength);

    if (session.closing) return;
    if (!allowed) {
      metrics.rateLimited.inc();
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
    } else if (inbound.type === ClientFrameType.hello) {
      this.#p.handshake.hello(session, inbound.frame);
    } else if (inbound.type === ClientFrameType.cmd) {
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
   * had accepted have run: they were (or will be) applied, so their acks
   * should not be lost. The engine runs submitted work in order, so by the
   * time this no-op runs every earlier command has run, and the answer of
   * each one that settles in the engine has been sent ahead of the close.
   * A purchase answers only once its save commits (server/purchase-saver.ts),
   * which can be after the close: its ack is then lost, not its effect, and
   * a retry with the same purchase id gets the first result. Frames that
   * arrive meanwhile are ignored.
   */
  #closeAfterAnswers(session: Session, code: CloseCode, reason: string): void {
    session.closing = true;
    void this.#p.engine
      .submit(() => undefined)
      .then(
        () => this.#out.close(session, code, reason),
        () => this.#out.close(session, code, reason),
      );
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
    this.#p.commands.run(session, parsed.data, received);
  }
}
