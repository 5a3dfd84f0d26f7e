/**
 * The `llm` suite's tables: a row is one whole run, printed as its setup,
 * the two phases side by side, talks and replies, upstream calls, cost,
 * memory over the chat phase, and notes that say how to read the figures.
 */
import type { LlmMemorySample, LlmPhase, LlmRow } from '../row.ts';
import {
  type Column,
  column,
  counts,
  f0,
  f1,
  f2,
  int,
  orDash,
  type TableSpec,
  table,
  text,
  theRow,
} from './table.ts';

/** Dollars: six places under a cent, where per-player figures live. */
const usd = (n: number) => `$${n < 0.01 ? n.toFixed(6) : n.toFixed(4)}`;

export const LLM_SETUP_COLUMNS: readonly Column<LlmRow>[] = [
  column('players', (r) => int(r.players)),
  column('connected', (r) => int(r.connected)),
  column('caps', (r) => r.caps),
  column('rpm', (r) => int(r.rpm)),
  column('at once', (r) => int(r.concurrency)),
  column('model', (r) => r.model),
  column('latency ms', (r) => int(r.latencyMs)),
  column('deadline ms', (r) => int(r.deadlineMs)),
  column('day compressed', (r) => `${f0(r.compression)}x`),
];

/** A phase with its name: the items of the phase table. */
type NamedPhase = readonly [name: string, phase: LlmPhase];

export const LLM_PHASE_COLUMNS: readonly Column<NamedPhase>[] = [
  column('phase', ([name]) => name),
  column('s', ([, p]) => f1(p.seconds)),
  column('ticks', ([, p]) => int(p.ticks)),
  column('tick p50 ms', ([, p]) => f2(p.tickP50Ms)),
  column('tick p99 ms', ([, p]) => f2(p.tickP99Ms)),
  column('tick max ms', ([, p]) => f2(p.tickMaxMs)),
  column('main p99 ms', ([, p]) => f2(p.mainThreadP99Ms)),
  column('loop p99 ms', ([, p]) => f2(p.loopDelayP99Ms)),
  column('loop max ms', ([, p]) => f2(p.loopDelayMaxMs)),
  column('GC ms', ([, p]) => f1(p.gcMs)),
  column('GC max ms', ([, p]) => f2(p.gcMaxMs)),
  column('late', ([, p]) => int(p.lateTicks)),
  column('server CPU %', ([, p]) => f1(p.serverCpuPct)),
  column('bots CPU %', ([, p]) => f1(p.botsCpuPct)),
  column('bench+model CPU %', ([, p]) => f1(p.benchCpuPct)),
];

export const LLM_TALK_COLUMNS: readonly Column<LlmRow>[] = [
  column('talks sent', (r) => int(r.talksSent)),
  column('steady', (r) => int(r.talksSentSteady)),
  column('bursty', (r) => int(r.talksSentBursty)),
  column('accepted', (r) => int(r.talksAccepted)),
  column('refused', (r) => int(Object.values(r.talkErrors).reduce((a, b) => a + b, 0))),
  column('no answer', (r) => int(r.talksUnanswered)),
  column('held back', (r) => int(r.heldBackForEnergy)),
  column('lines/player/day', (r) => f1(r.linesPerPlayerDay)),
  column('replies', (r) => int(r.replies)),
  column('missing', (r) => int(r.repliesMissing)),
  column('model p50 ms', (r) => f1(r.modelReplyP50Ms)),
  column('model p99 ms', (r) => f1(r.modelReplyP99Ms)),
  column('template p50 ms', (r) => f1(r.templateReplyP50Ms)),
  column('template p99 ms', (r) => f1(r.templateReplyP99Ms)),
  column('template max ms', (r) => f1(r.templateReplyMaxMs)),
];

export const LLM_UPSTREAM_COLUMNS: readonly Column<LlmRow>[] = [
  column('upstream calls', (r) => int(r.upstreamCalls)),
  column('abandoned', (r) => int(r.upstreamAbandoned)),
  column('max in flight', (r) => int(r.upstreamMaxInFlight)),
  column('calls ok', (r) => int(r.callsOk)),
  column('failed', (r) => int(r.callsFailed)),
  column('attempts', (r) => int(r.attempts)),
  column('cache hits', (r) => int(r.cacheHits)),
  column('cache hit %', (r) => f2(r.cacheHitRatio * 100)),
  column('prompt tokens', (r) => int(r.promptTokens)),
  column('completion tokens', (r) => int(r.completionTokens)),
  column('per call in/out', (r) => `${f1(r.meanPromptTokens)}/${f1(r.meanCompletionTokens)}`),
];

export const LLM_COST_COLUMNS: readonly Column<LlmRow>[] = [
  column('cost', (r) => usd(r.costDollars)),
  column('per player/day', (r) => usd(r.costPerPlayerDayDollars)),
  column('server gauge per chatting player', (r) => usd(r.serverCostPerChattingPlayerDollars)),
  column('naive cost', (r) => usd(r.naiveCostDollars)),
  column('naive per player/day', (r) => usd(r.naiveCostPerPlayerDayDollars)),
  column('target per player/day', (r) => usd(r.targetPerPlayerDayDollars)),
];

export const LLM_MEMORY_COLUMNS: readonly Column<LlmMemorySample>[] = [
  column('memory at s', (m) => f1(m.atSeconds)),
  column('RSS MB', (m) => int(m.rssMB)),
  column('heap used MB', (m) => int(m.heapUsedMB)),
  column('live heap MB', (m) => orDash(int)(m.liveHeapMB)),
  column('heap total MB', (m) => int(m.heapTotalMB)),
  column('external MB', (m) => int(m.externalMB)),
  column('conversations', (m) => int(m.conversations)),
];

/** How to read the figures, and the counters by reason. */
function notes(r: LlmRow): string[] {
  return [
    `day: the ${f1(r.chat.seconds)} s chat phase is one day of each player's chat (bench/llm/schedule.ts), ` +
      `${f0(r.compression)}x compressed; per player/day = cost / connected players`,
    `naive: every accepted talk one model call at this run's mean tokens per call, ${r.model} price (src/llm/cost.ts)`,
    r.caps === 'day'
      ? 'caps day: the server default RPM and concurrency times the compression; bucket, budgets, deadline as shipped'
      : "caps server: the server's own RPM and concurrency: everyone chatting at once, a peak rather than a day",
    `fallbacks (server): ${counts(r.fallbacks)}`,
    `replies by source (bots; none = model or cache): ${counts(r.repliesBySource)}`,
    `refused talks: ${counts(r.talkErrors)}`,
    `history: longest ${r.maxTurns} turns, summary ${r.maxSummaryChars} chars; voice queue max ${r.queuedMax}, in flight max ${r.inFlightMax}`,
    `server: ${r.serverLogWarnings} log lines at warn+, exit ${r.serverExitCode}`,
  ];
}

export const LLM_TABLES: TableSpec<LlmRow> = {
  per: 'row',
  sections: [
    table(LLM_SETUP_COLUMNS, theRow),
    table(LLM_PHASE_COLUMNS, (r): NamedPhase[] => [
      ['no chat', r.noChat],
      ['chat', r.chat],
    ]),
    table(LLM_TALK_COLUMNS, theRow),
    table(LLM_UPSTREAM_COLUMNS, theRow),
    table(LLM_COST_COLUMNS, theRow),
    table(LLM_MEMORY_COLUMNS, (r) => r.memory),
    text(notes),
  ],
};
