import type { Engine } from '../engine/engine.ts';
import type { Logger } from '../ops/log.ts';
import type { ServerMetrics } from '../ops/metrics.ts';
import type { WriteBehindWriter } from '../persistence/writer.ts';
import { ACHIEVEMENT_REPORT } from '../sim/events.ts';
import { holdReward } from '../world/cold.ts';
import type { ColdStates } from './cold-states.ts';
import type { Outbound } from './outbound.ts';
import type { UpdatePublisher } from './publisher.ts';
import type { SessionRegistry } from './session-registry.ts';

/** What the engine's listeners reach. */
export interface EngineListenerParts {
  readonly sessions: Pick<SessionRegistry, 'atSlot'>;
  readonly out: Outbound;
  readonly publisher: UpdatePublisher;
  readonly cold: ColdStates;
  readonly writer: Pick<WriteBehindWriter, 'noteChange'>;
  readonly metrics: Pick<ServerMetrics, 'tick' | 'lateTicks'>;
  readonly logger: Logger;
}

/**
 * Register the server's listeners on the engine: events and achievements
 * to the players' outboxes (and rewards held for claimEvent), phase 2 to
 * the publisher, tick figures to the metrics, failed ticks to the log.
 */
export function listenToEngine(engine: Engine, parts: EngineListenerParts): void {
  const { sessions, out, publisher, cold, writer, metrics, logger } = parts;
  engine.onEvent((slot, event) => {
    if (event >= ACHIEVEMENT_REPORT) {
      const live = sessions.atSlot(slot);
      if (live) out.queueAchievement(live, event - ACHIEVEMENT_REPORT);
      return;
    }
    // A message event with a reward fired: the reward waits in the cold
    // state for claimEvent.
    if (engine.catalog.claimable[event] === 1 && cold.has(slot)) {
      holdReward(cold.get(slot), engine.catalog.defs[event]!.id);
      cold.changed(slot);
      writer.noteChange(slot);
    }
    const session = sessions.atSlot(slot);
    if (session) out.queueEvent(session, event);
  });
  engine.onPublish((columns, _highWater, tick) => publisher.publish(columns, tick));
  let late = 0;
  engine.onTick((report) => {
    metrics.tick(report);
    const counters = engine.loopCounters;
    const nowLate = counters.merged + counters.dropped;
    if (nowLate > late) metrics.lateTicks.inc(nowLate - late);
    late = nowLate;
  });
  engine.onTickError((error) => logger.error({ err: error }, 'tick failed'));
}
