import { describe, expect, it } from 'vitest';
import { LifetickError } from '../../protocol/lifetick-error.ts';
import {
  isWebSocketUrl,
  MAX_REDIRECT_HOPS,
  MAX_RETRY_AFTER_MS,
  nextHop,
  tooManyRedirects,
} from '../../protocol/redirects.ts';

const START = 'wss://play.example/ws';

describe('nextHop', () => {
  it('goes to a ws:// or wss:// url at once', () => {
    expect(nextHop({ url: 'ws://10.0.0.2:8001/ws' }, START)).toEqual({
      url: 'ws://10.0.0.2:8001/ws',
      delayMs: 0,
    });
    expect(nextHop({ url: 'wss://b.example/ws' }, START).url).toBe('wss://b.example/ws');
  });

  it('goes back to the start URL after retryAfterMs, capped', () => {
    expect(nextHop({ retryAfterMs: 120 }, START)).toEqual({ url: START, delayMs: 120 });
    expect(nextHop({ retryAfterMs: 10 ** 12 }, START).delayMs).toBe(MAX_RETRY_AFTER_MS);
    expect(nextHop({ retryAfterMs: -5 }, START).delayMs).toBe(0);
    expect(nextHop({}, START)).toEqual({ url: START, delayMs: 0 });
  });

  it.each([
    'http://b.example/ws',
    'https://b.example/ws',
    'javascript:alert(1)',
    'data:text/html,hi',
    '/ws',
    '',
  ])('refuses %j with BAD_REDIRECT', (url) => {
    expect(isWebSocketUrl(url)).toBe(false);
    const error = (() => {
      try {
        nextHop({ url }, START);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(LifetickError);
    expect((error as LifetickError).code).toBe('BAD_REDIRECT');
  });

  it('names the hop limit in its error', () => {
    expect(MAX_REDIRECT_HOPS).toBe(3);
    expect(tooManyRedirects().code).toBe('TOO_MANY_REDIRECTS');
  });
});
