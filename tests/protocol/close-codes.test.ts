import { describe, expect, it } from 'vitest';
import {
  CLOSE_MEANING,
  ClientCloseCode,
  CloseCode,
  closeMeaning,
  isFinalClose,
} from '../../protocol/close-codes.ts';

describe('close codes', () => {
  it('stops reconnecting only after a close on purpose, a refused token or a replacement', () => {
    const final = [...Object.values(CloseCode), ...Object.values(ClientCloseCode)].filter(
      isFinalClose,
    );
    expect(final.sort()).toEqual([1000, 4001, 4002]);
  });

  it('has words for every code the server sends, and for any other code', () => {
    for (const code of Object.values(CloseCode)) {
      expect(CLOSE_MEANING[code].length).toBeGreaterThan(5);
      expect(closeMeaning(code)).toBe(CLOSE_MEANING[code]);
    }
    expect(closeMeaning(ClientCloseCode.NORMAL)).toBe('closed by the client');
    expect(closeMeaning(ClientCloseCode.ABNORMAL)).toBe('connection lost');
    expect(closeMeaning(4999)).toBe('closed with code 4999');
  });
});
