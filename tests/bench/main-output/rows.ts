/**
 * Fixed results for every suite, returned by stand-ins for the suite
 * functions so `bench/main.ts` prints them: the plain tables and the --json
 * document are compared with what main.ts printed for the same rows before
 * its tables became table-driven (expected/, captured from that main.ts).
 * The rows cover each cell's edge: optional fields present and absent,
 * empty and filled counters, dollars under and over a cent.
 */

import type { MachineInfo } from '../../../bench/machine.ts';
import type {
  BenchRow,
  CodecRow,
  LlmPhase,
  LlmRow,
  LoadRow,
  PersistRow,
} from '../../../bench/row.ts';
import type { ProductionRow } from '../../../bench/suites/production.ts';

/** What a suite function gives back. */
export interface SuiteResult<R> {
  readonly rows: readonly R[];
  readonly ratios: Readonly<Record<string, number>>;
}

export const MACHINE: MachineInfo = {
  cpu: 'Test CPU 3000',
  cores: 4,
  memoryGiB: 16,
  node: 'v20.0.0',
  platform: 'linux-x64',
  loadAvg1: 0.5,
};

const lifetick: BenchRow = {
  engine: 'lifetick',
  workers: 2,
  players: 100_000,
  playerMinutesPerSec: 123_456_789,
  tickP50Ms: 1.234,
  tickP99Ms: 12.3456,
  ticks: 200,
  bytesPerPlayer: 96,
  rssMB: 512,
  lateTicks: 0,
};

export const SIM: SuiteResult<BenchRow> = {
  rows: [
    lifetick,
    {
      engine: 'baseline',
      workers: 1,
      players: 100_000,
      playerMinutesPerSec: 4_500_000,
      tickP50Ms: 20.5,
      tickP99Ms: 31.999,
      ticks: 12,
      bytesPerPlayer: 0,
    },
  ],
  ratios: { lifetickOverBaseline: 27.4348, lifetickRssMB: 512 },
};

export const SCALING: SuiteResult<BenchRow> = {
  rows: [
    { ...lifetick, workers: 1, players: 10_000, rssMB: undefined, lateTicks: undefined },
    { ...lifetick, workers: 2, players: 10_000 },
    { ...lifetick, workers: 1, players: 1_000_000, playerMinutesPerSec: 987_654_321 },
  ],
  ratios: { 'speedup@1000000': 1.87, playerMinutesPerSec: 987_654_321.4 },
};

export const REALTIME: SuiteResult<BenchRow> = {
  rows: [{ ...lifetick, players: 1_000_000, lateTicks: 3, rssMB: 1890 }],
  ratios: { tickP99OverBudget: 0.61, lateTicks: 3 },
};

export const CODEC: SuiteResult<CodecRow> = {
  rows: [
    {
      frame: 'update',
      msgpackDecoder: 'client',
      msgpackEncodeOpsPerSec: 399_400,
      jsonEncodeOpsPerSec: 239_499,
      msgpackDecodeOpsPerSec: 610_000,
      jsonDecodeOpsPerSec: 521_501,
      msgpackBytes: 39,
      jsonBytes: 82,
      encodeOpsRatio: 1.6677,
      decodeOpsRatio: 1.1697,
      bytesRatio: 0.4756,
    },
    {
      frame: 'welcome',
      msgpackDecoder: 'decodeFrame',
      msgpackEncodeOpsPerSec: 74_000,
      jsonEncodeOpsPerSec: 76_000,
      msgpackDecodeOpsPerSec: 29_000,
      jsonDecodeOpsPerSec: 58_000,
      msgpackBytes: 1012,
      jsonBytes: 1336,
      encodeOpsRatio: 0.9737,
      decodeOpsRatio: 0.5,
      bytesRatio: 0.7575,
    },
  ],
  ratios: { 'msgpackOverJsonEncodeOps@update': 1.6677, 'msgpackOverJsonBytes@welcome': 0.7575 },
};

const loadRow: LoadRow = {
  clients: 5000,
  seconds: 60,
  workers: 2,
  tickHz: 20,
  rampSeconds: 12.345,
  connectAttempted: 5000,
  connectSucceeded: 4998,
  connectFailed: 2,
  welcomeP50Ms: 3.21,
  welcomeP99Ms: 45.67,
  welcomeMaxMs: 123.45,
  commandsSent: 30_000,
  commandsAcked: 29_990,
  commandErrors: 8,
  commandsUnanswered: 2,
  rttP50Ms: 1.234,
  rttP95Ms: 5.678,
  rttP99Ms: 9.876,
  rttMaxMs: 54.321,
  updatesPerSec: 100_000.25,
  updatesPerSecPerClient: 20.005,
  bytesPerUpdate: 61.44,
  maxUpdatesPerPlayerTick: 1,
  updatesOutOfOrder: 0,
  eventsReceived: 321,
  unexpectedCloses: 2,
  serverCpuPct: 143.21,
  serverCpuMaxPct: 180.05,
  serverRssMB: 700,
  serverRssMaxMB: 712,
  botsCpuPct: 88.8,
  botsLoopDelayP99Ms: 12.345,
  serverTickP99Ms: 7.891,
  serverLateTicks: 1,
  serverUpdatesSkipped: 0,
  serverRateLimited: 5,
  serverLogWarnings: 0,
  shutdownSeconds: 0.456,
  serverExitCode: 0,
  closeCodes: { '1006': 2 },
  errorCodes: { rate_limited: 5, dead: 3 },
  connectFailures: {},
};

export const LOAD: SuiteResult<LoadRow> = {
  rows: [
    loadRow,
    { ...loadRow, clients: 20, closeCodes: {}, errorCodes: {}, serverExitCode: null },
  ],
  ratios: { welcomeP99Ms: 45.67, commandsAckedOverSent: 0.99967 },
};

export const PERSIST: SuiteResult<PersistRow> = {
  rows: [
    {
      kind: 'encode',
      codec: 'raw',
      hotLayout: 1,
      rows: 200_000,
      seconds: 1.5,
      rowsPerSec: 133_333.3,
      meanHotBytes: 71,
    },
    {
      kind: 'batch',
      backend: 'sqlite',
      op: 'upsert',
      batchSize: 500,
      rows: 60_000,
      seconds: 1.2,
      rowsPerSec: 50_123.4,
      withEncodeRowsPerSec: 36_400.1,
      batchP50Ms: 9.876,
      batchMaxMs: 20.01,
      tableRows: 100_000,
    },
    {
      kind: 'batch',
      backend: 'mysql',
      op: 'insert',
      batchSize: 5000,
      rows: 40_000,
      seconds: 2,
      rowsPerSec: 20_000,
      withEncodeRowsPerSec: 17_400,
      batchP50Ms: 250,
      batchMaxMs: 310.555,
      tableRows: 0,
    },
    {
      kind: 'flush',
      backend: 'sqlite',
      op: 'cycle',
      ticking: '20Hz',
      speeds: 'mix',
      rowsExisted: true,
      players: 100_000,
      engineWorkers: 2,
      writerBatchSize: 2000,
      seconds: 3.456,
      rowsWritten: 100_000,
      rowsPerSec: 28_935.2,
      chunks: 50,
      stallP50Ms: 0.5,
      stallP99Ms: 1.234,
      stallMaxMs: 2.5,
      stallGcMs: 0,
      writerPhase2P99Ms: 1.5,
      writerPhase2MaxMs: 2.75,
      writerPhase2NoFlushP50Ms: 0.125,
      workerEncodeMs: 812.6,
      workerWriteMs: 2100.4,
      ticks: 69,
      tickP99Ms: 8.5,
      tickP99NoFlushMs: 6.25,
      unflushedAfter: 1234,
    },
    {
      kind: 'flush',
      backend: 'sqlite',
      op: 'flushAll',
      ticking: 'stopped',
      speeds: 'paused',
      rowsExisted: false,
      players: 100_000,
      engineWorkers: 2,
      writerBatchSize: 2000,
      seconds: 2.5,
      rowsWritten: 100_000,
      rowsPerSec: 40_000,
      chunks: 50,
      syncMs: 45.678,
      workerEncodeMs: 800.4,
      workerWriteMs: 1500.5,
      unflushedAfter: 0,
    },
  ],
  ratios: { sqliteUpsertRowsPerSec: 50_123.4, stallP99Ms: 1.234, sqliteOverTarget: 1.0025 },
};

const phase = (scale: number): LlmPhase => ({
  seconds: 5 * scale,
  ticks: 100 * scale,
  tickP50Ms: 1.111 * scale,
  tickP99Ms: 2.222 * scale,
  tickMaxMs: 3.333 * scale,
  mainThreadP99Ms: 0.444 * scale,
  loopDelayP99Ms: 10.555 * scale,
  loopDelayMaxMs: 20.666 * scale,
  gcMs: 30.77 * scale,
  gcMaxMs: 4.888 * scale,
  lateTicks: scale - 1,
  serverCpuPct: 25.55 * scale,
  botsCpuPct: 10.05 * scale,
  benchCpuPct: 5.45 * scale,
});

const llmRow: LlmRow = {
  players: 1000,
  connected: 999,
  caps: 'day',
  rpm: 864_000,
  concurrency: 16_000,
  model: 'gpt-4o-mini',
  latencyMs: 800,
  deadlineMs: 8000,
  compression: 1440,
  noChat: phase(1),
  chat: phase(2),
  talksSent: 5000,
  talksSentSteady: 3000,
  talksSentBursty: 2000,
  talksAccepted: 4900,
  talkErrors: { rate_limited: 60, low_energy: 40 },
  talksUnanswered: 0,
  heldBackForEnergy: 12,
  linesPerPlayerDay: 4.905,
  replies: 4899,
  repliesMissing: 1,
  repliesBySource: { none: 4000, budget: 899 },
  modelReplyP50Ms: 812.34,
  modelReplyP99Ms: 1203.45,
  templateReplyP50Ms: 1.23,
  templateReplyP99Ms: 4.56,
  templateReplyMaxMs: 7.89,
  upstreamCalls: 3500,
  upstreamAbandoned: 3,
  upstreamMaxInFlight: 120,
  callsOk: 3497,
  callsFailed: 3,
  attempts: 3503,
  cacheHits: 500,
  cacheHitRatio: 0.10204,
  fallbacks: { budget: 899 },
  promptTokens: 1_234_567,
  completionTokens: 123_456,
  meanPromptTokens: 352.73,
  meanCompletionTokens: 35.27,
  costDollars: 0.259_3,
  costPerPlayerDayDollars: 0.000_259_6,
  serverCostPerChattingPlayerDollars: 0.000_31,
  naiveCostDollars: 0.362_5,
  naiveCostPerPlayerDayDollars: 0.000_362_9,
  targetPerPlayerDayDollars: 0.03,
  memory: [
    {
      atSeconds: 0,
      rssMB: 300,
      heapUsedMB: 120,
      heapTotalMB: 160,
      externalMB: 12,
      liveHeapMB: 95,
      conversations: 0,
    },
    {
      atSeconds: 2.55,
      rssMB: 320,
      heapUsedMB: 140,
      heapTotalMB: 170,
      externalMB: 13,
      conversations: 800,
    },
  ],
  maxTurns: 14,
  maxSummaryChars: 420,
  queuedMax: 35,
  inFlightMax: 16,
  serverLogWarnings: 2,
  serverExitCode: 0,
};

export const LLM: SuiteResult<LlmRow> = {
  rows: [
    llmRow,
    {
      ...llmRow,
      caps: 'server',
      talkErrors: {},
      fallbacks: {},
      repliesBySource: {},
      costDollars: 0.012_34,
      memory: [],
      serverExitCode: null,
    },
  ],
  ratios: { costPerPlayerDayDollars: 0.000_259_6, chatOverNoChatTickP99: 2 },
};

export const PRODUCTION: SuiteResult<ProductionRow> = {
  rows: [
    {
      ...LOAD.rows[0]!,
      residents: 1_000_000,
      tickP50Ms: 21.5,
      tickMaxMs: 88.25,
      lateTicksInWindow: 3,
      oldestUnsavedMaxMs: 4_250,
    },
  ],
  ratios: {},
};

/** Each suite's fixed result, by the name `bench <suite>` takes. */
export const RESULTS = {
  sim: SIM,
  scaling: SCALING,
  realtime: REALTIME,
  codec: CODEC,
  load: LOAD,
  persist: PERSIST,
  llm: LLM,
  production: PRODUCTION,
} as const;
