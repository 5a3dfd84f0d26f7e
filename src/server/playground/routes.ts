import type { HttpResponse, TemplatedApp } from 'uWebSockets.js';
import { readFileSync } from 'node:fs';
import type { Logger } from '../../ops/log.ts';
import { mintPlayerToken, PLAYER_ID } from '../auth.ts';
import { json, readJsonBody } from '../http-json.ts';
import { isLoopback } from '../loopback.ts';
import { playgroundBundle } from './bundle.ts';
import { playgroundPage } from './page.ts';

/** Lifetime of a token minted by the playground. */
const DEV_TOKEN_TTL_SECONDS = 24 * 3600;
const MAX_BODY_BYTES = 1024;

/**
 * The page may load its own script and style and talk to this server
 * (fetch and the WebSocket), nothing else: no CDN, no inline code. WebSockets
 * to other hosts (ws:, wss:) are allowed too: in fleet mode the SDK follows
 * a redirect to the process that serves the player, on another host or port
 * (the SDK itself follows nothing but ws:// and wss:// URLs).
 */
const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self' ws: wss:; " +
    "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

function send(
  res: HttpResponse,
  status: string,
  type: string,
  body: string,
  headers: Readonly<Record<string, string>> = { 'Cache-Control': 'no-store' },
): void {
  res.cork(() => {
    res.writeStatus(status).writeHeader('Content-Type', type);
    for (const [name, value] of Object.entries(headers)) res.writeHeader(name, value);
    res.end(body);
  });
}

/**
 * The playground (README "Playground"): `GET /playground` and its script and
 * style, in every environment; `POST /playground/token {playerId}` mints a
 * player token in development only (404 in production), for requests from
 * a loopback address only (403 otherwise). Its tokens carry the development
 * claim (auth.ts DEV_CLAIM), which a production server refuses.
 */
export interface PlaygroundParts {
  /** Mint tokens (a development server); the page asks for a pasted token otherwise. */
  readonly mint: boolean;
  /** HS256 key of the token secret. */
  readonly key: Uint8Array;
  /** The server's wall clock, which minted tokens count their lifetime from. */
  readonly clock: () => number;
  readonly logger: Logger;
}

export function addPlaygroundRoutes(app: TemplatedApp, parts: PlaygroundParts): void {
  const { mint: canMint, key, clock, logger } = parts;
  if (canMint) {
    logger.warn(
      'development mode: POST /playground/token mints a token for any player to anyone on ' +
        'this machine (behind a reverse proxy on it: to anyone); ' +
        'set LIFETICK_ENV=production on a server others can reach',
    );
  }
  let page: string | undefined;
  let css: string | undefined;

  const servePage = (res: HttpResponse) => {
    page ??= playgroundPage({ mint: canMint });
    send(res, '200 OK', 'text/html; charset=utf-8', page, PAGE_HEADERS);
  };
  app.get('/playground', servePage);
  app.get('/playground/', servePage);

  app.get('/playground/app.css', (res) => {
    css ??= readFileSync(new URL('./page.css', import.meta.url), 'utf8');
    send(res, '200 OK', 'text/css; charset=utf-8', css);
  });

  app.get('/playground/app.js', (res) => {
    let aborted = false;
    res.onAborted(() => {
      aborted = true;
    });
    playgroundBundle().then(
      (script) => {
        if (!aborted) send(res, '200 OK', 'text/javascript; charset=utf-8', script);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'playground bundle failed');
        if (!aborted) send(res, '500 Internal Server Error', 'text/plain', 'bundle failed');
      },
    );
  });

  app.post('/playground/token', (res, req) => {
    if (!canMint) {
      json(res, '404 Not Found', { error: 'not found' });
      return;
    }
    // Only from this machine: a development server bound to 0.0.0.0 must not
    // hand any player's account to whoever on the network asks. (A reverse
    // proxy on this host makes every request loopback: never put one in
    // front of a development server.) Read before anything async: uWS
    // answers the address only inside the handler.
    const from = Buffer.from(res.getRemoteAddressAsText()).toString();
    if (!isLoopback(from)) {
      json(res, '403 Forbidden', {
        error: 'tokens are minted only for requests from this machine',
      });
      return;
    }
    // JSON only: a cross-site form cannot send it without a CORS preflight.
    if (!req.getHeader('content-type').startsWith('application/json')) {
      json(res, '415 Unsupported Media Type', { error: 'send application/json' });
      return;
    }
    let aborted = false;
    res.onAborted(() => {
      aborted = true;
    });
    readJsonBody(res, MAX_BODY_BYTES, (body) => {
      const playerId = (body as { playerId?: unknown } | null)?.playerId;
      if (typeof playerId !== 'string' || !PLAYER_ID.test(playerId)) {
        json(res, '400 Bad Request', { error: 'playerId must be 1-64 of [A-Za-z0-9_-]' });
        return;
      }
      mintPlayerToken(playerId, key, DEV_TOKEN_TTL_SECONDS, { dev: true, now: clock }).then(
        (token) => {
          if (!aborted) json(res, '200 OK', { token, playerId, expiresIn: DEV_TOKEN_TTL_SECONDS });
        },
        (error: unknown) => {
          logger.error({ err: error }, 'playground token failed');
          if (!aborted) json(res, '500 Internal Server Error', { error: 'could not mint' });
        },
      );
    });
  });
}
