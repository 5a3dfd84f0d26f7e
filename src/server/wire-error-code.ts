import { ErrorCode } from '../../protocol/error-codes.ts';
import type { GameErrorCode } from '../sim/game-error.ts';

/**
 * The wire code of each game error code: the one place where the game's
 * refusals (sim/game-error.ts) meet the protocol's codes. Today each maps to
 * the wire code of the same name; a game code added without a wire code
 * does not compile.
 */
const WIRE_CODE = {
  INVALID_ARGS: ErrorCode.INVALID_ARGS,
  UNKNOWN_COMMAND: ErrorCode.UNKNOWN_COMMAND,
  RATE_LIMITED: ErrorCode.RATE_LIMITED,
  INSUFFICIENT_FUNDS: ErrorCode.INSUFFICIENT_FUNDS,
  NOT_FOUND: ErrorCode.NOT_FOUND,
  CONFLICT: ErrorCode.CONFLICT,
  INTERNAL: ErrorCode.INTERNAL,
} as const satisfies Record<GameErrorCode, ErrorCode>;

/** The error code sent to the client for a command the game refused. */
export function wireErrorCode(code: GameErrorCode): ErrorCode {
  return WIRE_CODE[code];
}
