import { CloseCode } from '../../protocol/close-codes.ts';
import type { RedirectFrame } from '../../protocol/frames.ts';
import type { Placement } from '../fleet/ownership.ts';
import type { ServerMetrics } from '../ops/metrics.ts';
import type { Outbound } from './outbound.ts';
import type { Session } from './session.ts';

/** A placement that is not this process: where the redirect frame sends the client. */
export type AwayPlacement = Exclude<Placement, { readonly kind: 'here' }>;

/** The redirect frame for a placement: `url` for elsewhere, `retryAfterMs` (and no url) for moving. */
export function redirectFrameFor(placement: AwayPlacement): RedirectFrame {
  return placement.kind === 'elsewhere'
    ? { t: 'redirect', url: placement.url }
    : { t: 'redirect', retryAfterMs: placement.retryAfterMs };
}

/**
 * Send the session the redirect frame and close it with 4004 (MOVED), as
 * protocol/PROTOCOL.md's Fleet section fixes it: in answer to hello, or
 * mid-session when the player's shard moves. The close's usual path
 * (gateway close) then unbinds and parks the player here.
 */
export function redirectSession(
  out: Outbound,
  metrics: Pick<ServerMetrics, 'redirects'>,
  session: Session,
  placement: AwayPlacement,
): void {
  metrics.redirects.labels(placement.kind).inc();
  out.send(session, redirectFrameFor(placement));
  out.close(session, CloseCode.MOVED, placement.kind === 'elsewhere' ? 'moved' : 'shard moving');
}
