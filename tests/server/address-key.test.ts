import { describe, expect, it } from 'vitest';
import { addressKey } from '../../src/server/address-key.ts';

describe('addressKey', () => {
  it('counts an IPv4 address as itself', () => {
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
  });

  it('counts an IPv6 address by its /64, however it is written', () => {
    const key = '2001:db8:0:1::/64';
    // uWebSockets.js writes every group in full.
    expect(addressKey('2001:0db8:0000:0001:0000:0000:0000:0001')).toBe(key);
    expect(addressKey('2001:db8:0:1:ffff:1234:5678:9abc')).toBe(key);
    expect(addressKey('2001:DB8:0:1::2')).toBe(key);
    expect(addressKey('2001:db8:0:2::1')).not.toBe(key);
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
  });

  it('counts an IPv4-mapped IPv6 address as the IPv4 address', () => {
    expect(addressKey('0000:0000:0000:0000:0000:ffff:7f00:0001')).toBe('127.0.0.1');
    expect(addressKey('::ffff:198.51.100.9')).toBe('198.51.100.9');
  });

  it('counts text it cannot read as given', () => {
    expect(addressKey('1:2:3')).toBe('1:2:3');
    expect(addressKey('1::2::3')).toBe('1::2::3');
    expect(addressKey('zz::1')).toBe('zz::1');
  });
});
