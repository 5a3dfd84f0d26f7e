import { isFinalClose } from './close-codes.ts';
import type { RedirectFrame } from './frames.ts';
import { LifetickError } from './lifetick-error.ts';

/**
 * Following fleet redirects (protocol/PROTOCOL.md, Fleet): where a `redirect`
 * frame sends the client, checked before the client goes there.
 */

/**
 * Redirects followed in a row before giving up: a player's shard has one
 * owner, so one hop is the rule; three leave room for an owner that changed
 * while the client was on its way, and stop a loop between two processes
 * that each think the other owns the player.
 */
export const MAX_REDIRECT_HOPS = 3;

/**
 * Longest wait a `retryAfterMs` may ask for: a takeover lasts about a lease
 * (6 s by default), and a server that asks for more is not followed blindly
 * (a huge value would also overflow setTimeout's 2^31 ms).
 */
export const MAX_RETRY_AFTER_MS = 30_000;

/**
 * Times a client starts over from its first URL when the process a redirect
 * named does not answer, and the first wait (doubled each time: 250, 500,
 * 1000, 2000, 4000 ms, about 7.75 s in all). An owner that was just killed is
 * still named by the others until its lease runs out (LIFETICK_LEASE_TTL_MS,
 * 6 s by default); by then a survivor has taken the shard, so the waits
 * together must outlast one default lease.
 */
export const MAX_DEAD_END_RETRIES = 5;
export const DEAD_END_FIRST_WAIT_MS = 250;

/** The redirect frame's fields, as the decoded frame holds them. */
export type Redirect = Readonly<Pick<RedirectFrame, 'url' | 'retryAfterMs'>>;

/** Where to go next, and after how long. */
export interface Hop {
  readonly url: string;
  readonly delayMs: number;
}

/**
 * The next connection a redirect asks for: its `url` now, or the URL the
 * client started from after `retryAfterMs`. Throws a LifetickError
 * (BAD_REDIRECT) for a url that is not ws:// or wss://: a hostile or broken
 * server must not send the client to javascript:, http: or elsewhere.
 */
export function nextHop(redirect: Redirect, startUrl: string): Hop {
  if (redirect.url !== undefined) {
    if (!isWebSocketUrl(redirect.url))
      throw new LifetickError(
        'BAD_REDIRECT',
        `refused a redirect to ${JSON.stringify(redirect.url.slice(0, 200))}: only ws:// and wss:// URLs are followed`,
      );
    return { url: redirect.url, delayMs: 0 };
  }
  const wait = redirect.retryAfterMs;
  const delayMs =
    typeof wait === 'number' && Number.isFinite(wait)
      ? Math.min(Math.max(0, wait), MAX_RETRY_AFTER_MS)
      : 0;
  return { url: startUrl, delayMs };
}

/** Whether `url` parses as an absolute ws:// or wss:// URL. */
export function isWebSocketUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'ws:' || parsed.protocol === 'wss:';
  } catch {
    return false;
  }
}

/** The error after MAX_REDIRECT_HOPS redirects in a row. */
export function tooManyRedirects(): LifetickError {
  return new LifetickError(
    'TOO_MANY_REDIRECTS',
    `redirected more than ${MAX_REDIRECT_HOPS} times in a row; giving up`,
  );
}

/**
 * Whether a failed connection is one a redirect's target can cause by being
 * gone (refused, reset, closed before welcome with a close code that is not
 * final), rather than an answer that would be the same anywhere (a refused
 * token or version).
 */
export function isDeadEnd(error: unknown): boolean {
  if (!(error instanceof LifetickError) || error.code !== 'DISCONNECTED') return false;
  return error.closeCode === undefined || !isFinalClose(error.closeCode);
}
