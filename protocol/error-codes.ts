/**
 * Error codes of the wire contract (protocol/PROTOCOL.md). The engine raises
 * the game-rule ones; the server adds the transport ones.
 */
export const ErrorCode = {
  BAD_FRAME: 'BAD_FRAME',
  BAD_VERSION: 'BAD_VERSION',
  UNAUTHORIZED: 'UNAUTHORIZED',
  UNKNOWN_COMMAND: 'UNKNOWN_COMMAND',
  INVALID_ARGS: 'INVALID_ARGS',
  RATE_LIMITED: 'RATE_LIMITED',
  INSUFFICIENT_FUNDS: 'INSUFFICIENT_FUNDS',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  INTERNAL: 'INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
