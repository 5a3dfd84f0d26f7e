import type { DecodedServerFrame } from './frames.ts';

/**
 * The tag (`t`) of every frame, as plain data: the SDK reads it in a
 * browser, where the zod schemas of frames.ts are not loaded (building them
 * probes for `eval`, which the playground's content security policy
 * reports). frames.ts checks at compile time that its unions have exactly
 * these tags.
 */

/** Frames the server sends. */
export const ServerFrameType = {
  welcome: 'welcome',
  ack: 'ack',
  error: 'error',
  update: 'update',
  event: 'event',
  chat: 'chat',
  achievement: 'achievement',
} as const;
export type ServerFrameType = (typeof ServerFrameType)[keyof typeof ServerFrameType];

/** Frames a client sends. */
export const ClientFrameType = {
  hello: 'hello',
  cmd: 'cmd',
} as const;
export type ClientFrameType = (typeof ClientFrameType)[keyof typeof ClientFrameType];

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
