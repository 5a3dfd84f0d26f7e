import { ServerFrameType } from './frame-types.ts';
import type { DecodedServerFrame } from './frames.ts';

/**
 * Whether a decoded value is a server frame of a type this SDK knows: a map
 * whose `t` is one of ServerFrameType. Only the tag is checked. A client
 * trusts the server it chose to connect to for the rest of the frame's
 * shape (the server builds every frame from the types in frames.ts), and a
 * frame type it does not know is ignored, as the contract asks of clients.
 */
export function isServerFrame(value: unknown): value is DecodedServerFrame {
  if (typeof value !== 'object' || value === null || !('t' in value)) return false;
  return typeof value.t === 'string' && Object.hasOwn(ServerFrameType, value.t);
}
