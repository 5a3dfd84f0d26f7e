/**
 * The `llm` suite's row from what one run measured: the bots' counts, the
 * server's counters before and after the chat (their difference is the
 * run's), the fake model's own counts, the probe's phases and memory
 * samples, and the ratios the report charts.
 */
import { costOf, type ModelPrice } from '../../src/llm/cost.ts';
import type { LlmMemorySample, LlmPhase, LlmRow } from '../row.ts';
import type { LlmSuiteOptions } from '../suites/llm.ts';
import type { FakeOpenAICounters } from './fake-openai.ts';
import type { ChatBotsResult, ProbeVoice, ProbeWindow } from './messages.ts';
import type { Scrape } from './server-metrics.ts';

/** The old game's target spend per player per day. */
export const TARGET_PER_PLAYER_DAY = 0.03;
/** The chat phase stands for one day: its compression is a day over its length. */
export const DAY_SECONDS = 86_400;

const log = (line: string) => process.stderr.write(`llm: ${line}\n`);

/** One phase's figures: the probe's window, late ticks from /stats, CPU from the meters. */
export function phaseOf(
  window: ProbeWindow,
  lateTicks: number,
  cpu: { readonly server: number; readonly bots: number; readonly bench: number },
): LlmPhase {
  return {
    seconds: window.seconds,
    ticks: window.ticks,
    tickP50Ms: window.tickP50Ms,
    tickP99Ms: window.tickP99Ms,
    tickMaxMs: window.tickMaxMs,
    mainThreadP99Ms: window.mainThreadP99Ms,
    loopDelayP99Ms: window.loopDelayP99Ms,
    loopDelayMaxMs: window.loopDelayMaxMs,
    gcMs: window.gcMs,
    gcMaxMs: window.gcMaxMs,
    lateTicks,
    serverCpuPct: cpu.server,
    botsCpuPct: cpu.bots,
    benchCpuPct: cpu.bench,
  };
}

/** What one run of the suite measured and ran with. */
export interface LlmRun {
  readonly options: LlmSuiteOptions;
  readonly rpm: number;
  readonly concurrency: number;
  readonly model: string;
  readonly price: ModelPrice;
  readonly deadlineMs: number;
  readonly noChat: LlmPhase;
  readonly chat: LlmPhase;
  readonly bots: ChatBotsResult;
  /** The server's counters when the chat phase started, and after the last replies. */
  readonly before: Scrape;
  readonly after: Scrape;
  readonly upstream: FakeOpenAICounters;
  readonly memory: readonly LlmMemorySample[];
  /** The voice service after the last replies. */
  readonly voice: ProbeVoice;
  readonly serverLogWarnings: number;
  readonly serverExitCode: number | null;
}

/** The suite's one row and its ratios; logs where the fake model and the server disagree. */
export function llmResult(run: LlmRun): { rows: LlmRow[]; ratios: Record<string, number> } {
  const { options, rpm, concurrency, model, price, noChat, chat, bots } = run;
  const { before, after, upstream, memory, voice } = run;
  const delta = (name: string, label?: string, value?: string) =>
    after.sum(name, label, value) - before.sum(name, label, value);
  const fallbacksAfter = after.byLabel('lifetick_llm_fallbacks_total', 'reason');
  const fallbacksBefore = before.byLabel('lifetick_llm_fallbacks_total', 'reason');
  const fallbacks: Record<string, number> = {};
  for (const [reason, n] of Object.entries(fallbacksAfter)) {
    const d = n - (fallbacksBefore[reason] ?? 0);
    if (d > 0) fallbacks[reason] = d;
  }
  const callsOk = delta('lifetick_llm_calls_total', 'outcome', 'ok');
  const promptTokens = delta('lifetick_llm_tokens_total', 'kind', 'prompt');
  const completionTokens = delta('lifetick_llm_tokens_total', 'kind', 'completion');
  const meanPromptTokens = callsOk === 0 ? 0 : promptTokens / callsOk;
  const meanCompletionTokens = callsOk === 0 ? 0 : completionTokens / callsOk;
  const costDollars = delta('lifetick_llm_cost_dollars_total');
  const connected = bots.connectSucceeded;
  const naiveCostDollars = bots.talksAcked * costOf(price, meanPromptTokens, meanCompletionTokens);
  const cacheHits = delta('lifetick_llm_cache_hits_total');
  const row: LlmRow = {
    players: options.players,
    connected,
    caps: options.caps,
    rpm,
    concurrency,
    model,
    latencyMs: options.latencyMs,
    deadlineMs: run.deadlineMs,
    compression: DAY_SECONDS / bots.chatSeconds,
    noChat,
    chat,
    talksSent: bots.talksSent,
    talksSentSteady: bots.talksSentSteady,
    talksSentBursty: bots.talksSentBursty,
    talksAccepted: bots.talksAcked,
    talkErrors: bots.talkErrors,
    talksUnanswered: bots.talksUnanswered,
    heldBackForEnergy: bots.heldBackForEnergy,
    linesPerPlayerDay: bots.talksAcked / Math.max(1, connected),
    replies: bots.replies,
    repliesMissing: bots.repliesMissing,
    repliesBySource: bots.repliesBySource,
    modelReplyP50Ms: bots.modelReply.p50Ms,
    modelReplyP99Ms: bots.modelReply.p99Ms,
    templateReplyP50Ms: bots.templateReply.p50Ms,
    templateReplyP99Ms: bots.templateReply.p99Ms,
    templateReplyMaxMs: bots.templateReply.maxMs,
    upstreamCalls: upstream.calls,
    upstreamAbandoned: upstream.abandoned,
    upstreamMaxInFlight: upstream.maxInFlight,
    callsOk,
    callsFailed: delta('lifetick_llm_calls_total', 'outcome', 'failed'),
    attempts: delta('lifetick_llm_attempts_total'),
    cacheHits,
    cacheHitRatio: cacheHits / Math.max(1, bots.talksAcked),
    fallbacks,
    promptTokens,
    completionTokens,
    meanPromptTokens,
    meanCompletionTokens,
    costDollars,
    costPerPlayerDayDollars: costDollars / Math.max(1, connected),
    serverCostPerChattingPlayerDollars: after.sum('lifetick_llm_cost_per_player_today_dollars'),
    naiveCostDollars,
    naiveCostPerPlayerDayDollars: naiveCostDollars / Math.max(1, connected),
    targetPerPlayerDayDollars: TARGET_PER_PLAYER_DAY,
    memory,
    maxTurns: voice.maxTurns,
    maxSummaryChars: voice.maxSummaryChars,
    queuedMax: voice.queuedMax,
    inFlightMax: voice.inFlightMax,
    serverLogWarnings: run.serverLogWarnings,
    serverExitCode: run.serverExitCode,
  };
  // The fake model's own count must match what the server paid for.
  if (upstream.calls !== callsOk || upstream.promptTokens !== promptTokens) {
    log(
      `mismatch: the fake model answered ${upstream.calls} calls (${upstream.promptTokens} prompt tokens), ` +
        `the server counted ${callsOk} ok (${promptTokens})`,
    );
  }
  if (upstream.rejected > 0) log(`the fake model rejected ${upstream.rejected} requests`);
  return {
    rows: [row],
    ratios: {
      governedOverNaiveCost: costDollars / Math.max(1e-12, naiveCostDollars),
      costPerPlayerDayOverTarget: row.costPerPlayerDayDollars / TARGET_PER_PLAYER_DAY,
      naivePerPlayerDayOverTarget: row.naiveCostPerPlayerDayDollars / TARGET_PER_PLAYER_DAY,
      chatTickP99OverNoChat: chat.tickP99Ms / Math.max(1e-3, noChat.tickP99Ms),
      rssEndOverStart: (memory.at(-1)?.rssMB ?? 0) / Math.max(1, memory[0]?.rssMB ?? 1),
    },
  };
}
