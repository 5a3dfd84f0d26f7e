import { HELLO_MAX_BYTES, MAX_FRAME_BYTES } from './version.ts';

/**
 * The one place close codes are written down: the server closes with these,
 * the SDK decides from them whether to reconnect, the playground says what
 * they mean, and CONTRACT.md lists them. No other file holds a close code
 * as a number.
 */

/** WebSocket close codes the server sends (protocol/PROTOCOL.md). */
export const CloseCode = {
  /** The server is shutting down. */
  GOING_AWAY: 1001,
  /** An inbound frame was larger than the limit (16 KiB by default; 2 KiB before welcome). */
  TOO_LARGE: 1009,
  /**
   * The server has as many connections as it takes, in all or from the
   * client's address (the standard "Try Again Later"); reconnect later.
   */
  TRY_AGAIN_LATER: 1013,
  /** Too many bad frames in a short time. */
  PROTOCOL_ABUSE: 4000,
  /** Authentication failed, no hello within 5 s, or the session's token expired. */
  AUTH_FAILED: 4001,
  /** A newer session for the same player took over. */
  REPLACED: 4002,
  /** Kept sending after being rate-limited. */
  RATE_LIMIT_ABUSE: 4003,
  /** Fleet mode: another process serves the player; a `redirect` frame came first. */
  MOVED: 4004,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** Standard codes (RFC 6455) a client sees that the server never sends. */
export const ClientCloseCode = {
  /** The client closed on purpose (the SDK's `close()`). */
  NORMAL: 1000,
  /** The connection dropped without a close frame; a WebSocket reports it, nobody sends it. */
  ABNORMAL: 1006,
} as const;
export type ClientCloseCode = (typeof ClientCloseCode)[keyof typeof ClientCloseCode];

/** What each code the server sends means, as CONTRACT.md's table says it. */
export const CLOSE_MEANING: Readonly<Record<CloseCode, string>> = {
  [CloseCode.GOING_AWAY]: 'server shutting down',
  [CloseCode.TOO_LARGE]: `frame too large (over ${MAX_FRAME_BYTES} bytes by default; over ${HELLO_MAX_BYTES} before welcome)`,
  [CloseCode.TRY_AGAIN_LATER]:
    'try again later: the server is at its connection limit, in all or for your address',
  [CloseCode.PROTOCOL_ABUSE]: 'protocol abuse (many bad frames in a short time)',
  [CloseCode.AUTH_FAILED]: 'auth failed, no hello in time, or the token expired during the session',
  [CloseCode.REPLACED]: 'replaced by a newer session for the same player',
  [CloseCode.RATE_LIMIT_ABUSE]: 'rate-limit abuse',
  [CloseCode.MOVED]:
    'moved: another process serves the player (follow the redirect frame sent before)',
};

/**
 * Codes after which reconnecting would not help: the client closed on
 * purpose, its token was refused (or ran out), or a newer session of the
 * same player took over (reconnecting would take it back, and so on).
 */
const FINAL: ReadonlySet<number> = new Set([
  ClientCloseCode.NORMAL,
  CloseCode.AUTH_FAILED,
  CloseCode.REPLACED,
]);

/** Whether a client should stay disconnected after `code` (see FINAL above). */
export function isFinalClose(code: number): boolean {
  return FINAL.has(code);
}

/** A close code in words, for people: any code, known or not. */
export function closeMeaning(code: number): string {
  if (code === ClientCloseCode.NORMAL) return 'closed by the client';
  if (code === ClientCloseCode.ABNORMAL) return 'connection lost';
  const byNumber: Readonly<Partial<Record<number, string>>> = CLOSE_MEANING;
  return (Object.hasOwn(byNumber, code) && byNumber[code]) || `closed with code ${code}`;
}
