/** WebSocket close codes of the wire contract (shared/PROTOCOL.md). */
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
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];
