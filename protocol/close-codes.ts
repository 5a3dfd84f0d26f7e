/** WebSocket close codes of the wire contract (shared/PROTOCOL.md). */
export const CloseCode = {
  /** The server is shutting down. */
  GOING_AWAY: 1001,
  /** An inbound frame was larger than the limit (16 KiB by default). */
  TOO_LARGE: 1009,
  /** Too many bad frames in a short time. */
  PROTOCOL_ABUSE: 4000,
  /** Authentication failed, or no hello within 5 s. */
  AUTH_FAILED: 4001,
  /** A newer session for the same player took over. */
  REPLACED: 4002,
  /** Kept sending after being rate-limited. */
  RATE_LIMIT_ABUSE: 4003,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];
