/**
 * Why the game refused a command. The values are the same strings as the
 * wire's error codes, but this list is the game's own: the server maps each
 * to a wire code at the edge (server/wire-error-code.ts), so the rules never
 * depend on the protocol.
 */
export const GameErrorCode = {
  /** The arguments name something that does not fit (a bad receipt, a wrong product). */
  INVALID_ARGS: 'INVALID_ARGS',
  /** The command table has no such command (or it is off here). */
  UNKNOWN_COMMAND: 'UNKNOWN_COMMAND',
  /** Too soon: `retryAfterMs` says when it may succeed. */
  RATE_LIMITED: 'RATE_LIMITED',
  INSUFFICIENT_FUNDS: 'INSUFFICIENT_FUNDS',
  NOT_FOUND: 'NOT_FOUND',
  /** The player's state does not allow it now. */
  CONFLICT: 'CONFLICT',
  /** Something the player cannot fix failed (a store that could not be reached). */
  INTERNAL: 'INTERNAL',
} as const;
export type GameErrorCode = (typeof GameErrorCode)[keyof typeof GameErrorCode];

/** A command refused by the game's rules; nothing was changed. */
export class GameError extends Error {
  override readonly name = 'GameError';
  constructor(
    readonly code: GameErrorCode,
    message: string,
    /** With RATE_LIMITED: how long until the command may succeed (sent in the error frame). */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}
