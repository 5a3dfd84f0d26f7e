import type { WebSocket } from 'uWebSockets.js';
import type { EncodedServerFrame } from '../../protocol/codec.ts';
import { StrikeCounter, TokenBucket } from '../kit/token-bucket.ts';
import { DIRTY_WORDS } from '../world/schema.ts';
import type { ExpiryTimer } from './expiry-timer.ts';

export const SessionState = {
  /** Connected, waiting for hello. */
  greeting: 0,
  /** Hello received, token being checked. */
  authenticating: 1,
  live: 2,
  closed: 3,
} as const;
export type SessionState = (typeof SessionState)[keyof typeof SessionState];

/** Per-connection state, kept as the uWebSockets.js user data of the socket. */
export interface Session {
  readonly id: number;
  state: SessionState;
  playerId: string;
  slot: number;
  ws: WebSocket<Session> | undefined;
  /** Set when a newer session for the same player took over. */
  replaced: boolean;
  /** Closing for abuse: its frames are ignored until the close goes out. */
  closing: boolean;
  readonly bucket: TokenBucket;
  readonly rateStrikes: StrikeCounter;
  readonly badFrameStrikes: StrikeCounter;
  helloTimer: NodeJS.Timeout | undefined;
  /** Closes the session when its token expires (set at welcome). */
  expiry: ExpiryTimer | undefined;
  /** The key its remote address is counted under (address-key.ts). */
  readonly address: string;
  /** Counted against the connection limits (from open until close). */
  admitted: boolean;
  /**
   * Changed fields not yet sent (the client was backpressured, or only the
   * clock moved within the hour): merged into the next update frame.
   */
  readonly owed: Uint32Array;
  /** Game hour (ageDays * 24 + hour) of the clock last sent. */
  lastClockHour: number;
  /** Event and achievement frames waiting for this tick's publish (bounded: outbound.ts). */
  readonly outbox: EncodedServerFrame[];
}

// Rate-limited frames beyond this many in 10 s close the connection (4003);
// so do bad frames beyond this many (4000).
const RATE_STRIKES = 50;
const BAD_FRAME_STRIKES = 20;
const STRIKE_WINDOW_MS = 10_000;

let nextId = 1;

export function newSession(rate: number, burst: number, now: number, address: string): Session {
  return {
    id: nextId++,
    state: SessionState.greeting,
    playerId: '',
    slot: -1,
    ws: undefined,
    replaced: false,
    closing: false,
    bucket: new TokenBucket(rate, burst, now),
    rateStrikes: new StrikeCounter(RATE_STRIKES, STRIKE_WINDOW_MS),
    badFrameStrikes: new StrikeCounter(BAD_FRAME_STRIKES, STRIKE_WINDOW_MS),
    helloTimer: undefined,
    expiry: undefined,
    address,
    admitted: false,
    owed: new Uint32Array(DIRTY_WORDS),
    lastClockHour: -1,
    outbox: [],
  };
}

/** Read through a function: the state can change while a promise is pending. */
export function isClosed(session: Session): boolean {
  return session.state === SessionState.closed;
}
