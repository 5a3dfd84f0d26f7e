/**
 * What the bench process and the bot process (bench/load/bots.ts) say to each
 * other over the child's IPC channel. Types only.
 */

/** Passed to the bot process as JSON in the LIFETICK_BOTS environment variable. */
export interface BotsConfig {
  /** Server port on 127.0.0.1. */
  readonly port: number;
  readonly clients: number;
  /** Measurement window, after every connection is settled. */
  readonly seconds: number;
  /** HS256 secret the server was started with; bots mint their own tokens. */
  readonly secret: string;
  /** Connections opened at once while ramping up; the next batch waits for this one to settle. */
  readonly batch: number;
  /** Milliseconds between one bot's commands. */
  readonly intervalMs: number;
}

/** Everything a bot process measured. Times are milliseconds. */
export interface BotsResult {
  readonly rampSeconds: number;
  readonly windowSeconds: number;
  readonly connectAttempted: number;
  readonly connectSucceeded: number;
  readonly connectFailed: number;
  readonly welcomeP50Ms: number;
  readonly welcomeP99Ms: number;
  readonly welcomeMaxMs: number;
  readonly commandsSent: number;
  readonly commandsAcked: number;
  readonly commandErrors: number;
  readonly commandsUnanswered: number;
  readonly rttP50Ms: number;
  readonly rttP95Ms: number;
  readonly rttP99Ms: number;
  readonly rttMaxMs: number;
  readonly updates: number;
  readonly updateBytes: number;
  readonly maxUpdatesPerPlayerTick: number;
  readonly updatesOutOfOrder: number;
  readonly eventsReceived: number;
  readonly unexpectedCloses: number;
  /** Live connections when the window closed. */
  readonly liveAtEnd: number;
  readonly loopDelayP99Ms: number;
  readonly closeCodes: Record<string, number>;
  readonly errorCodes: Record<string, number>;
  readonly connectFailures: Record<string, number>;
}

export type BotsMessage =
  | {
      readonly type: 'progress';
      readonly attempted: number;
      readonly connected: number;
      readonly failed: number;
    }
  /** The ramp is over; the measurement window starts now. */
  | { readonly type: 'window'; readonly connected: number }
  /** The window just closed (commands stop; replies are still awaited briefly). */
  | { readonly type: 'windowEnd' }
  | { readonly type: 'result'; readonly result: BotsResult };

/** From the bench process: close every connection and exit. */
export type BenchMessage = { readonly type: 'stop' };
