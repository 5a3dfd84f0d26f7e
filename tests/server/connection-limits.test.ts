import { describe, expect, it } from 'vitest';
import { ConnectionLimits } from '../../src/server/connection-limits.ts';

describe('ConnectionLimits', () => {
  it('admits up to the limit per address, and again once one closes', () => {
    const limits = new ConnectionLimits(10, 2);
    expect(limits.admit('a')).toBeUndefined();
    expect(limits.admit('a')).toBeUndefined();
    expect(limits.admit('a')).toBe('address');
    expect(limits.admit('b')).toBeUndefined();
    expect(limits.open).toBe(3);
    limits.release('a');
    expect(limits.from('a')).toBe(1);
    expect(limits.admit('a')).toBeUndefined();
  });

  it('admits up to the total across addresses', () => {
    const limits = new ConnectionLimits(3, 2);
    for (const key of ['a', 'b', 'c']) expect(limits.admit(key)).toBeUndefined();
    expect(limits.admit('d')).toBe('total');
    expect(limits.open).toBe(3);
    limits.release('b');
    expect(limits.admit('d')).toBeUndefined();
  });

  it('forgets an address with nothing open, and ignores a release it never counted', () => {
    const limits = new ConnectionLimits(3, 1);
    limits.admit('a');
    limits.release('a');
    limits.release('a');
    limits.release('never');
    expect(limits.open).toBe(0);
    expect(limits.from('a')).toBe(0);
  });
});
