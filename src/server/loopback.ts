import { BlockList, isIP } from 'node:net';

// 127.0.0.0/8 and ::1. node's BlockList also matches IPv4-mapped IPv6
// addresses (::ffff:127.0.0.1, as a dual-stack socket reports an IPv4 peer)
// against the IPv4 rule, in any spelling, uWebSockets.js's full form included.
const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/**
 * Whether `address` (an IP address as text) is this machine's loopback.
 * Anything that is not a well-formed address is not.
 *
 * A reverse proxy on the same host makes every request look like loopback:
 * behind one, this says nothing about where a request came from.
 */
export function isLoopback(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return LOOPBACK.check(address, family === 6 ? 'ipv6' : 'ipv4');
}
