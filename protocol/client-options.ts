import type { AchievementView, ChatMessage, GameEvent, WelcomeFrame } from './frames.ts';
import type { Redirect } from './redirects.ts';

/** The SDK's options and the types of its socket and events (client.ts uses them). */

/** The part of the WebSocket API the client uses (browsers' WebSocket and `ws` both have it). */
export interface WebSocketLike {
  binaryType: string;
  readonly readyState: number;
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}
export type WebSocketConstructor = new (url: string) => WebSocketLike;

export interface ReconnectOptions {
  /** First delay before reconnecting (default 250 ms); doubles each failed try. */
  readonly initialDelayMs?: number;
  /** Longest delay between tries (default 10 s). */
  readonly maxDelayMs?: number;
  /** Give up after this many tries in a row (default: never). */
  readonly maxAttempts?: number;
}

export interface ClientOptions {
  /** WebSocket implementation; defaults to the global one (browsers, Node 22+). */
  readonly WebSocket?: WebSocketConstructor;
  /** Reconnect automatically after a dropped connection (default true). */
  readonly reconnect?: boolean | ReconnectOptions;
  /** Reject a command not answered within this time (default 10 s). */
  readonly commandTimeoutMs?: number;
  /**
   * Told of every redirect the client follows (fleet mode), before it goes:
   * the frame's url or retryAfterMs and the hop (1..3). The game need not
   * listen; the playground logs them.
   */
  readonly onRedirect?: (redirect: Redirect, hop: number) => void;
}

/** A token, or a function giving a fresh one for each (re)connection. */
export type TokenSource = string | (() => string | Promise<string>);

/** The events a LifetickClient emits, and each listener's arguments. */
export interface ClientListeners {
  welcome: (welcome: WelcomeFrame) => void;
  update: (changed: Readonly<Record<string, number>>, tick: number) => void;
  event: (event: GameEvent) => void;
  chat: (npcId: number, message: ChatMessage) => void;
  /** An achievement unlocked; acknowledgeAchievement collects its reward. */
  achievement: (achievement: AchievementView) => void;
  disconnect: (code: number, reason: string) => void;
  reconnect: (attempt: number) => void;
}
export type ClientEvent = keyof ClientListeners;
