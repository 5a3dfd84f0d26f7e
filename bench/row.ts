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
  /** The slowest tick measured. */
  readonly tickMaxMs?: number;
  readonly ticks: number;
  /** How the players' clocks started: spread over the day, or all in lockstep (the worst case). */
  readonly start?: 'spread' | 'lockstep';
  /** Bytes of hot state per player (lifetick: shared columns; baseline: not measured, 0). */
  readonly bytesPerPlayer: number;
  /** Process resident set size at the end of the run, where measured. */
  readonly rssMB?: number;
  /**
   * Paced runs: tick periods merged into a later tick or dropped. Back-to-back
   * runs: ticks that took longer than the 50 ms period.
   */
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

/**
 * The `persist` suite's rows, told apart by `kind`. Rates are rows a second;
 * times are milliseconds unless named seconds.
 */
export type PersistRow = PersistEncodeRow | PersistBatchRow | PersistFlushRow;

/**
 * Turning players' hot state into the bytes a row holds, on one core:
 * "raw", the writer's path (raw-rows.ts: column copy, then rows on the
 * persistence worker), or "msgpack", encodeHot as rows held before migration 5.
 */
export interface PersistEncodeRow {
  readonly kind: 'encode';
  readonly codec: 'raw' | 'msgpack';
  /** The hot_layout id rows of this codec carry (0: MessagePack). */
  readonly hotLayout: number;
  /** Rows encoded in the measurement: whole passes over every player's row. */
  readonly rows: number;
  readonly seconds: number;
  readonly rowsPerSec: number;
  /** Mean size of one hot blob, bytes. */
  readonly meanHotBytes: number;
}

/**
 * The repository's saveBatch called back to back, one transaction per call,
 * from one thread (as the persistence worker calls it). Records are built
 * before each call and hot blobs are encoded up front, so this is the
 * database side alone; every row counted was really written (checked
 * against saveBatch's own count).
 */
export interface PersistBatchRow {
  readonly kind: 'batch';
  readonly backend: 'sqlite' | 'mysql';
  /** "upsert": a newer version over the player's stored row (the steady state); "insert": the player's first save. */
  readonly op: 'upsert' | 'insert';
  readonly batchSize: number;
  readonly rows: number;
  /** Time inside saveBatch, summed over the measured batches. */
  readonly seconds: number;
  readonly rowsPerSec: number;
  /**
   * Derived, not measured: encoding then writing one after another on one
   * thread, as the worker does, 1 / (1 / rowsPerSec + 1 / encode rowsPerSec).
   */
  readonly withEncodeRowsPerSec: number;
  /** One saveBatch call (one transaction). */
  readonly batchP50Ms: number;
  readonly batchMaxMs: number;
  /** Rows in the players table when the measurement started. */
  readonly tableRows: number;
}

/**
 * Saving every player of a populated engine through the real path: a
 * WriteBehindWriter snapshotting in phase 2 and a PlayerStore whose
 * persistence worker encodes and writes.
 */
export interface PersistFlushRow {
  readonly kind: 'flush';
  /**
   * "mysql-fenced": MySQL with fleet mode's fence on every write (each
   * transaction first checks and bumps its shards' lease rows), beside the
   * unfenced "mysql" run for the cost of the fence.
   */
  readonly backend: 'sqlite' | 'mysql' | 'mysql-fenced';
  /**
   * "cycle": the writer's periodic flush, one chunk a tick in phase 2;
   * "steady": passes back to back with every player changing, measured
   * after a warm-up; "flushAll": the shutdown path, ticks stopped.
   */
  readonly op: 'cycle' | 'steady' | 'flushAll';
  /** Steady only: the oldest unsaved change (writer.status()), sampled once a second. */
  readonly oldestUnsavedP50Ms?: number;
  readonly oldestUnsavedMaxMs?: number;
  /** Ticks during the flush: "20Hz" (engine.start()), "free" (back to back) or "stopped". */
  readonly ticking: '20Hz' | 'free' | 'stopped';
  /** "paused": every speed 0, the state stands still; "mix": the standard speed mix, players keep changing. */
  readonly speeds: 'paused' | 'mix';
  /** False for the players' first save (inserts), true for upserts over their stored rows. */
  readonly rowsExisted: boolean;
  readonly players: number;
  readonly engineWorkers: number;
  readonly writerBatchSize: number;
  /**
   * From the flush starting (writer.start(), or the flushAll() call) to the
   * save that completed the last of the players marked dirty at its start.
   */
  readonly seconds: number;
  readonly rowsWritten: number;
  readonly rowsPerSec: number;
  /** Saves (transactions) the flush took. */
  readonly chunks: number;
  /** Cycle only: main-thread time of each snapshot chunk (writer.stall). */
  readonly stallP50Ms?: number;
  readonly stallP99Ms?: number;
  readonly stallMaxMs?: number;
  /** Cycle only: main-thread GC pause time that fell inside those chunks, summed (perf_hooks "gc" entries). */
  readonly stallGcMs?: number;
  /**
   * Cycle only: the writer's whole phase-2 hook on the main thread, per
   * tick during the flush (the dirty-mask scan of every tracked player, plus
   * the chunk on ticks that take one): its p99 and max.
   */
  readonly writerPhase2P99Ms?: number;
  readonly writerPhase2MaxMs?: number;
  /** Cycle only: the same hook's p50 in the no-flush ticks before it: the scan alone, paid every tick. */
  readonly writerPhase2NoFlushP50Ms?: number;
  /** flushAll only: its synchronous part (scan, snapshot of every dirty player, posting every chunk), the main thread blocked throughout. */
  readonly syncMs?: number;
  /** The worker's time summed over the chunks (SaveOutcome): encoding, then saveBatch. */
  readonly workerEncodeMs: number;
  readonly workerWriteMs: number;
  /** Cycle only: engine ticks during the flush and their p99 (phase 2 includes the snapshot). */
  readonly ticks?: number;
  readonly tickP99Ms?: number;
  /** Cycle only: tick p99 over 2.5 s of the same ticks and speeds with no flush running, just before it. */
  readonly tickP99NoFlushMs?: number;
  /** writer.status().unflushed once the flush ended: 0 when paused; players changed since their snapshot when not. */
  readonly unflushedAfter: number;
}

/** Ticks and the server's main thread over one phase of the `llm` suite. */
export interface LlmPhase {
  readonly seconds: number;
  readonly ticks: number;
  /** Tick durations (simulate + apply + publish), from a probe in the server (bench/llm/probe.ts). */
  readonly tickP50Ms: number;
  readonly tickP99Ms: number;
  readonly tickMaxMs: number;
  /** The main thread's share of a tick (apply + publish). */
  readonly mainThreadP99Ms: number;
  /** The server's main-thread event-loop delay: what chat work does to when a tick can start. */
  readonly loopDelayP99Ms: number;
  readonly loopDelayMaxMs: number;
  /** The server's main-thread garbage-collection pauses: summed, and the longest. */
  readonly gcMs: number;
  readonly gcMaxMs: number;
  /** Tick periods merged into a later tick or dropped (from /stats). */
  readonly lateTicks: number;
  /** CPU in percent of one core: the server; the bot process; the bench (with the fake model). */
  readonly serverCpuPct: number;
  readonly botsCpuPct: number;
  readonly benchCpuPct: number;
}

/** The server's memory at one moment of the chat phase (and after it). */
export interface LlmMemorySample {
  /** Seconds since the chat phase started. */
  readonly atSeconds: number;
  readonly rssMB: number;
  readonly heapUsedMB: number;
  readonly heapTotalMB: number;
  readonly externalMB: number;
  /** Heap used after a full collection (the live set): at the start, and after the last replies. */
  readonly liveHeapMB?: number;
  /** Conversations the voice service holds in memory. */
  readonly conversations: number;
}

/**
 * The `llm` suite: NPC chat through the governed voice service (real
 * `openai` client, a local fake model with fixed latency) by `players` bots
 * over a chat phase that stands for one day (bench/llm/schedule.ts), after a
 * phase with the same players connected and no chat. Dollars use the
 * model's price in src/llm/cost.ts.
 */
export interface LlmRow {
  readonly players: number;
  readonly connected: number;
  /** "day": the server's process-wide caps scaled by the compression; "server": its own. */
  readonly caps: 'day' | 'server';
  readonly rpm: number;
  readonly concurrency: number;
  readonly model: string;
  readonly latencyMs: number;
  readonly deadlineMs: number;
  /** One day over the chat phase's length: 86400 / chat seconds. */
  readonly compression: number;
  readonly noChat: LlmPhase;
  readonly chat: LlmPhase;
  /** talk commands sent by the bots, in all and per group. */
  readonly talksSent: number;
  readonly talksSentSteady: number;
  readonly talksSentBursty: number;
  /** Acked by the server (queued for a reply); refused, by error code; no answer at all. */
  readonly talksAccepted: number;
  readonly talkErrors: Readonly<Record<string, number>>;
  readonly talksUnanswered: number;
  /** Lines a bot held back because its energy was below the talk price. */
  readonly heldBackForEnergy: number;
  /** Accepted talks per connected player: the day's lines. */
  readonly linesPerPlayerDay: number;
  /** chat frames received; accepted talks with none when the bots stopped waiting. */
  readonly replies: number;
  readonly repliesMissing: number;
  /** By the chat frame's fallback reason; "none": the model or its cache. */
  readonly repliesBySource: Readonly<Record<string, number>>;
  /** From the talk to its reply, model or cache replies and template replies (ms). */
  readonly modelReplyP50Ms: number;
  readonly modelReplyP99Ms: number;
  readonly templateReplyP50Ms: number;
  readonly templateReplyP99Ms: number;
  readonly templateReplyMaxMs: number;
  /** Completions the fake model answered; requests abandoned before the answer; most at once. */
  readonly upstreamCalls: number;
  readonly upstreamAbandoned: number;
  readonly upstreamMaxInFlight: number;
  /** The server's own counts (/metrics): calls by outcome, HTTP attempts, cache hits, fallbacks by reason. */
  readonly callsOk: number;
  readonly callsFailed: number;
  readonly attempts: number;
  readonly cacheHits: number;
  /** Cache hits over accepted talks (every talk looks in the cache first). */
  readonly cacheHitRatio: number;
  readonly fallbacks: Readonly<Record<string, number>>;
  readonly promptTokens: number;
  readonly completionTokens: number;
  /** Per upstream call. */
  readonly meanPromptTokens: number;
  readonly meanCompletionTokens: number;
  /** The server's spend (lifetick_llm_cost_dollars_total) over the run. */
  readonly costDollars: number;
  /** costDollars over connected players: the chat phase is the day. */
  readonly costPerPlayerDayDollars: number;
  /** The server's gauge: spend today over the players who spent today. */
  readonly serverCostPerChattingPlayerDollars: number;
  /** One model call per accepted talk, at this run's mean tokens per call. */
  readonly naiveCostDollars: number;
  readonly naiveCostPerPlayerDayDollars: number;
  /** The old game's target, dollars per player per day. */
  readonly targetPerPlayerDayDollars: number;
  /** Server memory at the chat phase's start, at intervals, at its end and after the last replies. */
  readonly memory: readonly LlmMemorySample[];
  /** The longest history and summary any conversation reached (caps: 50 turns, 601 characters). */
  readonly maxTurns: number;
  readonly maxSummaryChars: number;
  /** The voice service's queue and calls in flight, highest seen. */
  readonly queuedMax: number;
  readonly inFlightMax: number;
  readonly serverLogWarnings: number;
  readonly serverExitCode: number | null;
}

export interface BenchResult<Row = BenchRow> {
  readonly suite: string;
  readonly machine: import('./machine.ts').MachineInfo;
  /** BenchRow for sim, scaling and realtime; CodecRow for codec; LoadRow for load; PersistRow for persist; LlmRow for llm. */
  readonly rows: readonly Row[];
  /** Ratios measured side by side in this run, named after what they compare. */
  readonly ratios: Readonly<Record<string, number>>;
}
