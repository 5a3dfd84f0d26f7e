import type { Placement } from '../fleet/ownership.ts';
import { shardOf } from '../kit/shard-of.ts';
import type { ServerMetrics } from '../ops/metrics.ts';
import type { Outbound } from './outbound.ts';
import { redirectSession } from './redirect.ts';
import type { SessionRegistry } from './session-registry.ts';

/** What redirecting a shard's players uses. */
export interface ShardRedirectParts {
  readonly sessions: Pick<SessionRegistry, 'liveSessions'>;
  readonly out: Outbound;
  readonly metrics: Pick<ServerMetrics, 'redirects'>;
}

/**
 * Send every connected player of `shards` the redirect frame and close 4004
 * (their shard moved away from this process): each to where
 * `placementOf` now places them. A player it still places `here` is left
 * connected. Only the sockets: dropping the players from this process is the
 * fleet wiring's part. Returns how many were redirected.
 */
export function redirectShards(
  parts: ShardRedirectParts,
  shards: Iterable<number>,
  placementOf: (playerId: string) => Placement,
): number {
  const moving = new Set(shards);
  if (moving.size === 0) return 0;
  // Collected first: closing a session unbinds it from the map being walked.
  const affected = [...parts.sessions.liveSessions()].filter((s) =>
    moving.has(shardOf(s.playerId)),
  );
  let redirected = 0;
  for (const session of affected) {
    const placement = placementOf(session.playerId);
    if (placement.kind === 'here') continue;
    redirectSession(parts.out, parts.metrics, session, placement);
    redirected++;
  }
  return redirected;
}
