import type { CloseCode } from '../../protocol/close-codes.ts';
import { type EncodedServerFrame, encodeServerFrame } from '../../protocol/codec.ts';
import type { ErrorCode } from '../../protocol/error-codes.ts';
import type { ServerFrame } from '../../protocol/frames.ts';
import { achievementView } from '../commands/achievement-view.ts';
import { eventView } from '../commands/views.ts';
import type { Catalog } from '../content/catalog.ts';
import type { Logger } from '../ops/log.ts';
import type { ServerMetrics } from '../ops/metrics.ts';
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

/** The figures Outbound counts. */
export type OutboundMetrics = Pick<ServerMetrics, 'frameOut' | 'errors' | 'closes'>;

/** Encoding, sending and closing, with the metrics counted in one place. */
export class Outbound {
  readonly #metrics: OutboundMetrics;
  readonly #catalog: Catalog;
  readonly #logger: Logger;

  constructor(metrics: OutboundMetrics, catalog: Catalog, logger: Logger) {
    this.#metrics = metrics;
    this.#catalog = catalog;
    this.#logger = logger;
  }

  /** Encode and send one frame now. Returns false when the socket is gone or dropped it. */
  send(session: Session, frame: ServerFrame): boolean {
    return this.sendEncoded(session, encodeServerFrame(frame));
  }

  /** Send a frame encoded earlier (the event outbox). */
  sendEncoded(session: Session, frame: EncodedServerFrame): boolean {
    const ws = session.ws;
    if (!ws || session.state === SessionState.closed) return false;
    let status = 0;
    ws.cork(() => {
      status = ws.send(frame.bytes, true, false);
    });
    if (status === DROPPED) return false;
    this.#metrics.frameOut(frame.t, frame.bytes.byteLength);
    return true;
  }

  error(
    session: Session,
    code: ErrorCode,
    message: string,
    id?: number,
    retryAfterMs?: number,
  ): void {
    this.#metrics.errors.labels(code).inc();
    this.send(session, {
      t: 'error',
      ...(id === undefined ? {} : { id }),
      code,
      message,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  }

  /** Queue an event frame for this tick's publish (phase 2 sends it with the update). */
  queueEvent(session: Session, event: number): void {
    this.#queue(session, encodeServerFrame({ t: 'event', event: eventView(this.#catalog, event) }));
  }

  /** Queue an achievement frame (achievement k unlocked) for this tick's publish. */
  queueAchievement(session: Session, k: number): void {
    this.#queue(session, encodeServerFrame({ t: 'achievement', achievement: achievementView(k) }));
  }

  #queue(session: Session, frame: EncodedServerFrame): void {
    if (session.outbox.length >= OUTBOX_LIMIT) {
      session.outbox.shift();
      this.#logger.warn({ playerId: session.playerId }, 'event outbox full; oldest event dropped');
    }
    session.outbox.push(frame);
  }

  close(session: Session, code: CloseCode, reason: string): void {
    const ws = session.ws;
    if (!ws || session.state === SessionState.closed) return;
    this.#metrics.closes.labels(String(code)).inc();
    session.state = SessionState.closed;
    ws.end(code, reason);
  }
}
