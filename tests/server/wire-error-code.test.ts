import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../protocol/error-codes.ts';
import { wireErrorCode } from '../../src/server/wire-error-code.ts';
import { GameErrorCode } from '../../src/sim/game-error.ts';

describe('wireErrorCode', () => {
  it('sends every game error code as the wire code of the same name, as clients already see them', () => {
    const wire = new Set<string>(Object.values(ErrorCode));
    for (const code of Object.values(GameErrorCode)) {
      expect(wire.has(wireErrorCode(code))).toBe(true);
      expect(wireErrorCode(code)).toBe(code);
    }
  });

  it('keeps the transport codes out of the game: no game code maps to one', () => {
    const sent = new Set(Object.values(GameErrorCode).map(wireErrorCode));
    for (const transport of [ErrorCode.BAD_FRAME, ErrorCode.BAD_VERSION, ErrorCode.UNAUTHORIZED]) {
      expect(sent.has(transport)).toBe(false);
    }
  });
});
