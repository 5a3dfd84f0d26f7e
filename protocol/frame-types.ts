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
  redirect: 'redirect',
} as const;
export type ServerFrameType = (typeof ServerFrameType)[keyof typeof ServerFrameType];

/** Frames a client sends. */
export const ClientFrameType = {
  hello: 'hello',
  cmd: 'cmd',
} as const;
export type ClientFrameType = (typeof ClientFrameType)[keyof typeof ClientFrameType];
