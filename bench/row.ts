/**
 * One line of a bench result. The field names and their meaning are the
 * stable output format: add fields, never rename or repurpose one, so runs
 * from different days and machines stay comparable.
 */
export interface BenchRow {
  /** "lifetick" or "baseline". */
  readonly engine: 'lifetick' | 'baseline';
  readonly workers: number;
  readonly players: number;
  /** Game minutes advanced per real second, summed over all players. */
  readonly playerMinutesPerSec: number;
  readonly tickP50Ms: number;
  readonly tickP99Ms: number;
  readonly ticks: number;
  /** Bytes of hot state per player (lifetick: shared columns; baseline: not measured, 0). */
  readonly bytesPerPlayer: number;
  /** Process resident set size at the end of the run, where measured. */
  readonly rssMB?: number;
  /** Tick periods merged into a later tick or dropped (real-time runs only). */
  readonly lateTicks?: number;
}

/**
 * One line of the `codec` suite: one representative frame, encoded and
 * decoded by the wire codec (MessagePack) and by JSON in the same run.
 * `*OpsPerSec` are operations a second on one core; the ratios are
 * msgpack over JSON (above 1: msgpack is faster or, for bytes, larger).
 */
export interface CodecRow {
  /** The frame: "update", "event", "cmd" or "welcome". */
  readonly frame: string;
  /**
   * The MessagePack decoder measured: "decodeFrame" (protocol/codec.ts, the
   * server's inbound decoder) or "client" (a msgpackr Unpackr configured as
   * protocol/client.ts, for frames decodeFrame refuses by design: `update.d`
   * has integer keys, and decodeFrame accepts string keys only).
   */
  readonly msgpackDecoder: 'decodeFrame' | 'client';
  readonly msgpackEncodeOpsPerSec: number;
  readonly jsonEncodeOpsPerSec: number;
  readonly msgpackDecodeOpsPerSec: number;
  readonly jsonDecodeOpsPerSec: number;
  /** Encoded size in bytes (JSON: UTF-8 bytes of JSON.stringify). */
  readonly msgpackBytes: number;
  readonly jsonBytes: number;
  /** msgpackEncodeOpsPerSec / jsonEncodeOpsPerSec. */
  readonly encodeOpsRatio: number;
  /** msgpackDecodeOpsPerSec / jsonDecodeOpsPerSec. */
  readonly decodeOpsRatio: number;
  /** msgpackBytes / jsonBytes. */
  readonly bytesRatio: number;
}

/**
 * The `load` suite's one row: a real server process on 127.0.0.1 and one bot
 * process holding `clients` WebSocket connections, measured over `seconds`
 * after the ramp-up. Times are milliseconds; CPU is percent of one core
 * (above 100 when the server's worker threads run in parallel).
 */
export interface LoadRow {
  readonly clients: number;
  /** Length of the measurement window, after every connection was settled. */
  readonly seconds: number;
  /** Server settings as its listening log line reports them. */
  readonly workers: number;
  readonly tickHz: number;
  /** Seconds from the first connection attempt to the last one settled. */
  readonly rampSeconds: number;
  readonly connectAttempted: number;
  /** Connections that received `welcome`. */
  readonly connectSucceeded: number;
  readonly connectFailed: number;
  /** From opening the socket to receiving `welcome` (TCP, upgrade, hello, JWT check, snapshot). */
  readonly welcomeP50Ms: number;
  readonly welcomeP99Ms: number;
  readonly welcomeMaxMs: number;
  /** Commands sent inside the window, and their outcome. */
  readonly commandsSent: number;
  readonly commandsAcked: number;
  /** Commands answered with an error frame (codes in `errorCodes`). */
  readonly commandErrors: number;
  /** Window commands still without ack or error 2 s after the window closed. */
  readonly commandsUnanswered: number;
  /** Round trip, command sent to its ack or error received, measured in the bot process. */
  readonly rttP50Ms: number;
  readonly rttP95Ms: number;
  readonly rttP99Ms: number;
  readonly rttMaxMs: number;
  /** Update frames received in the window, per second, all clients together. */
  readonly updatesPerSec: number;
  readonly updatesPerSecPerClient: number;
  /** Mean size of an update frame on the wire (payload bytes). */
  readonly bytesPerUpdate: number;
  /** The most update frames one player received for one tick number; the contract says 1. */
  readonly maxUpdatesPerPlayerTick: number;
  /** Update frames whose tick was lower than the previous one the same client saw. */
  readonly updatesOutOfOrder: number;
  readonly eventsReceived: number;
  /** Connections closed by anything but the bench itself, over the whole run (codes in `closeCodes`). */
  readonly unexpectedCloses: number;
  /** Server process CPU over the window: mean and the highest 1 s sample. */
  readonly serverCpuPct: number;
  readonly serverCpuMaxPct: number;
  /** Server resident set size (VmRSS): at the end of the window, and the highest 1 s sample from its start to then. */
  readonly serverRssMB: number;
  readonly serverRssMaxMB: number;
  /** Bot process CPU over the window (a saturated bot process inflates RTT). */
  readonly botsCpuPct: number;
  /** The bot process's event-loop delay p99 over the window (high: RTT includes bot-side waiting). */
  readonly botsLoopDelayP99Ms: number;
  /** The server's own tick p99 and late ticks (/stats, since its start). */
  readonly serverTickP99Ms: number;
  readonly serverLateTicks: number;
  /** lifetick_updates_skipped_total and lifetick_rate_limited_total from /metrics. */
  readonly serverUpdatesSkipped: number;
  readonly serverRateLimited: number;
  /** Server log lines at warn level or above during the run. */
  readonly serverLogWarnings: number;
  /** Seconds from SIGTERM to the server's exit, and its exit code. */
  readonly shutdownSeconds: number;
  readonly serverExitCode: number | null;
  /** Close codes seen by bots (unexpected ones), error frame codes, connect failure reasons. */
  readonly closeCodes: Readonly<Record<string, number>>;
  readonly errorCodes: Readonly<Record<string, number>>;
  readonly connectFailures: Readonly<Record<string, number>>;
}

export interface BenchResult<Row = BenchRow> {
  readonly suite: string;
  readonly machine: import('./machine.ts').MachineInfo;
  /** BenchRow for sim, scaling and realtime; CodecRow for codec; LoadRow for load. */
  readonly rows: readonly Row[];
  /** Ratios measured side by side in this run, named after what they compare. */
  readonly ratios: Readonly<Record<string, number>>;
}
