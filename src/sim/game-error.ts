import type { ErrorCode } from '../../protocol/error-codes.ts';

/** A command refused by the game's rules; nothing was changed. */
export class GameError extends Error {
  override readonly name = 'GameError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** With RATE_LIMITED: how long until the command may succeed (sent in the error frame). */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}
