import { encodeFrame } from '../../protocol/codec.ts';
import type { ErrorCode } from '../../protocol/error-codes.ts';
import { achievementView } from '../commands/achievement-view.ts';
import { eventView } from '../commands/views.ts';
import type { ServerContext } from './server-context.ts';
import { type Session, SessionState } from './session.ts';

/** uWebSockets.js send() result: the message was dropped (backpressure limit passed). */
const DROPPED = 2;
/**
 * Event frames one session may have waiting for the tick's publish. Events
 * fire at most once per game hour, so even a player at top speed through a
 * merged tick queues a few dozen; the bound only guards against a bug, and
 * beyond it the oldest is dropped (and logged).
 */
const OUTBOX_LIMIT = 256;

/** Encoding, sending and closing, with the metrics counted in one place. */
export class Outbound {
  readonly #ctx: ServerContext;

  constructor(ctx: ServerContext) {
    this.#ctx = ctx;
  }

  /** Encode and send one frame now. Returns false when the socket is gone or dropped it. */
  send(session: Session, type: string, frame: unknown): boolean {
    return this.sendEncoded(session, type, encodeFrame(frame));
  }

  sendEncoded(session: Session, type: string, bytes: Uint8Array): boolean {
    const ws = session.ws;
    if (!ws || session.state === SessionState.closed) return false;
    let status = 0;
    ws.cork(() => {
      status = ws.send(bytes, true, false);
    });
    if (status === DROPPED) return false;
    this.#ctx.metrics.frameOut(type, bytes.byteLength);
    return true;
  }

  error(
    session: Session,
    code: ErrorCode,
    message: string,
    id?: number,
    retryAfterMs?: number,
  ): void {
    this.#ctx.metrics.errors.labels(code).inc();
    this.send(session, 'error', {
      t: 'error',
      ...(id === undefined ? {} : { id }),
      code,
      message,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  }

  /** Queue an event frame for this tick's publish (phase 2 sends it with the update). */
  queueEvent(session: Session, event: number): void {
    this.#queue(
      session,
      encodeFrame({ t: 'event', event: eventView(this.#ctx.engine.catalog, event) }),
    );
  }

  /** Queue an achievement frame (achievement k unlocked) for this tick's publish. */
  queueAchievement(session: Session, k: number): void {
    this.#queue(session, encodeFrame({ t: 'achievement', achievement: achievementView(k) }));
  }

  #queue(session: Session, frame: Uint8Array): void {
    if (session.outbox.length >= OUTBOX_LIMIT) {
      session.outbox.shift();
      this.#ctx.logger.warn(
        { playerId: session.playerId },
        'event outbox full; oldest event dropped',
      );
    }
    session.outbox.push(frame);
  }

  close(session: Session, code: number, reason: string): void {
    const ws = session.ws;
    if (!ws || session.state === SessionState.closed) return;
    this.#ctx.metrics.closes.labels(String(code)).inc();
    session.state = SessionState.closed;
    ws.end(code, reason);
  }
}
