import type { ServerMetrics } from '../ops/metrics.ts';
import type { Columns } from '../world/columns.ts';
import { DIRTY_WORDS, FIELD_INDEX } from '../world/schema.ts';
import type { Outbound } from './outbound.ts';
import type { Session } from './session.ts';
import type { SessionRegistry } from './session-registry.ts';

/**
 * Above this many bytes waiting in a socket's send buffer, update frames are
 * held back: their changes stay owed and go out merged in the first update
 * after the client catches up. Updates are deltas of the latest state, so
 * skipping one loses nothing, and a stalled client costs a few mask words,
 * not a growing queue.
 */
export const UPDATE_BACKPRESSURE_BYTES = 64 * 1024;

const MINUTE_BIT = 1 << FIELD_INDEX.minuteOfDay;
const MINUTE_WORD = FIELD_INDEX.minuteOfDay >>> 5;

/**
 * Phase 2 publisher: at most one update frame per connected player per tick,
 * holding only the fields that changed, plus the event frames that fired.
 *
 * The clock does not ride on every tick. `minuteOfDay` alone triggers an
 * update only when the game hour changed since the clock was last sent; in
 * between, a client runs its clock forward at the speed it knows. When any
 * other field changes, the current minute rides along.
 */
export class UpdatePublisher {
  readonly #sessions: Pick<SessionRegistry, 'liveSessions'>;
  readonly #out: Outbound;
  readonly #metrics: Pick<ServerMetrics, 'updatesSkipped'>;

  constructor(
    sessions: Pick<SessionRegistry, 'liveSessions'>,
    out: Outbound,
    metrics: Pick<ServerMetrics, 'updatesSkipped'>,
  ) {
    this.#sessions = sessions;
    this.#out = out;
    this.#metrics = metrics;
  }

  /** Phase 2 of tick `tick`: the engine's publish callback. */
  publish(c: Columns, tick: number): void {
    const out = this.#out;
    for (const session of this.#sessions.liveSessions()) {
      const ws = session.ws;
      if (!ws) continue;
      const s = session.slot;
      let any = 0;
      let onlyClock = true;
      for (let w = 0; w < DIRTY_WORDS; w++) {
        const bits = (c.dirty[s * DIRTY_WORDS + w]! | session.owed[w]!) >>> 0;
        session.owed[w] = bits;
        any |= bits;
        if (bits !== 0 && (w !== MINUTE_WORD || bits !== MINUTE_BIT)) onlyClock = false;
      }
      if (any === 0 && session.outbox.length === 0) continue;
      ws.cork(() => {
        for (const frame of session.outbox) out.sendEncoded(session, frame);
        session.outbox.length = 0;
        if (any === 0) return;
        const hour = c.ageDays[s]! * 24 + Math.floor(c.minuteOfDay[s]! / 60);
        if (onlyClock && hour === session.lastClockHour) return; // keep it owed
        if (ws.getBufferedAmount() > UPDATE_BACKPRESSURE_BYTES) {
          this.#metrics.updatesSkipped.inc();
          return;
        }
        if (out.send(session, { t: 'update', tick, d: delta(c, s, session) })) {
          session.owed.fill(0);
          session.lastClockHour = hour;
        }
      });
    }
  }
}

/** The owed fields' current values, keyed by integer field id. */
function delta(c: Columns, s: number, session: Session): Map<number, number> {
  const d = new Map<number, number>();
  for (let w = 0; w < DIRTY_WORDS; w++) {
    let bits = session.owed[w]!;
    while (bits !== 0) {
      const bit = 31 - Math.clz32(bits & -bits);
      bits &= bits - 1;
      const id = w * 32 + bit;
      d.set(id, c.byIndex[id]![s]!);
    }
  }
  return d;
}
