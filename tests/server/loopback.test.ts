import { describe, expect, it } from 'vitest';
import { isLoopback } from '../../src/server/loopback.ts';

describe('isLoopback', () => {
  it.each([
    '127.0.0.1',
    '127.200.3.4',
    '::1',
    '0000:0000:0000:0000:0000:0000:0000:0001',
    // IPv4-mapped, as a dual-stack socket reports an IPv4 peer (uWS writes the full form).
    '::ffff:127.0.0.1',
    '0000:0000:0000:0000:0000:ffff:7f00:0001',
  ])('%s is loopback', (address) => {
    expect(isLoopback(address)).toBe(true);
  });

  it.each([
    '192.0.2.2',
    '10.0.0.1',
    '128.0.0.1',
    '::2',
    '::ffff:192.0.2.2',
    '0000:0000:0000:0000:0000:ffff:c000:0202',
    '',
    'localhost',
    '127.0.0.1.evil',
  ])('%j is not', (address) => {
    expect(isLoopback(address)).toBe(false);
  });
});
