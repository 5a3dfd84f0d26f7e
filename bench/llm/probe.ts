/**
 * Loaded into the server under test by the `llm` bench, before the server's
 * own entry (bench/llm/server-entry.ts); never by the server itself.
 *
 * The server's /stats keeps tick percentiles since start, so a phase's own
 * p99 cannot be read from it. The probe wraps three prototype methods of
 * the running server's own modules (same module instances: tsx resolves the
 * same files) and answers the bench over the child's IPC channel:
 *
 * - TickStats.record: the engine's tick durations go into a second
 *   histogram that the bench reads and resets per phase (the writer's own
 *   TickStats, which records no "simulate", is left out);
 * - NpcVoice.ask: keeps a reference to the voice service, to read its queue,
 *   calls in flight and how many conversations it holds in memory;
 * - ConversationMemory.append: the longest history and summary any
 *   conversation reached, to show the caps (50 turns, 600 characters) hold.
 *
 * Plus the main thread's event-loop delay and garbage-collection pauses per
 * phase, and, when asked (outside the measured windows), the heap left after
 * a full collection: the live set, which is what the history caps bound. Each wrapper adds a
 * comparison and a histogram record: nothing measurable next to a tick.
 * The bench process gone (IPC closed), the probe ends the server with
 * SIGTERM, so it never outlives a crashed bench.
 */
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import type * as hdr from 'hdr-histogram-js';
import { TickStats } from '../../src/engine/tick-stats.ts';
import { latencyHistogram } from '../../src/kit/latency-histogram.ts';
import { ConversationMemory } from '../../src/llm/conversation.ts';
import { NpcVoice } from '../../src/llm/npc-voice.ts';
import type { ProbeReply, ProbeRequest, ProbeWindow } from './messages.ts';

const HIGHEST_MICROS = 60_000_000;
const LOOP_RESOLUTION_MS = 10;

function histogram(): hdr.Histogram {
  return latencyHistogram(HIGHEST_MICROS);
}

const ticks = { total: histogram(), simulate: histogram(), main: histogram() };
let engineStats: TickStats | undefined;
let pendingSimulate = 0;
let pendingApply = 0;
let windowStart = performance.now();
const loopDelay = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
loopDelay.enable();

// A full collection on request, without a command-line flag (workers inherit those).
v8.setFlagsFromString('--expose-gc');
const collect = vm.runInNewContext('gc') as () => void;

const gc = { count: 0, ms: 0, maxMs: 0 };
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    gc.count++;
    gc.ms += entry.duration;
    if (entry.duration > gc.maxMs) gc.maxMs = entry.duration;
  }
}).observe({ entryTypes: ['gc'] });

const record = (h: hdr.Histogram, ms: number) =>
  h.recordValue(Math.max(1, Math.min(HIGHEST_MICROS, Math.round(ms * 1000))));

const originalRecord = TickStats.prototype.record;
TickStats.prototype.record = function (this: TickStats, phase, ms) {
  originalRecord.call(this, phase, ms);
  // The engine records simulate, apply, publish, total, in that order, per tick.
  if (phase === 'simulate') engineStats ??= this;
  if (this !== engineStats) return;
  if (phase === 'simulate') pendingSimulate = ms;
  else if (phase === 'apply') pendingApply = ms;
  else if (phase === 'publish') record(ticks.main, pendingApply + ms);
  else if (phase === 'total') {
    record(ticks.total, ms);
    record(ticks.simulate, pendingSimulate);
  }
};

let voice: NpcVoice | undefined;
let queuedMax = 0;
let inFlightMax = 0;
const originalAsk = NpcVoice.prototype.ask;
NpcVoice.prototype.ask = function (this: NpcVoice, request) {
  voice ??= this;
  originalAsk.call(this, request);
  if (this.queued > queuedMax) queuedMax = this.queued;
  if (this.inFlight > inFlightMax) inFlightMax = this.inFlight;
};

let maxTurns = 0;
let maxSummaryChars = 0;
const originalAppend = ConversationMemory.prototype.append;
ConversationMemory.prototype.append = function (this: ConversationMemory, playerId, npcId, turn) {
  originalAppend.call(this, playerId, npcId, turn);
  const c = this.get(playerId, npcId);
  if (c.turns.length > maxTurns) maxTurns = c.turns.length;
  if (c.summary.length > maxSummaryChars) maxSummaryChars = c.summary.length;
};

function summary(h: hdr.Histogram) {
  return {
    p50Ms: h.totalCount === 0 ? 0 : h.getValueAtPercentile(50) / 1000,
    p99Ms: h.totalCount === 0 ? 0 : h.getValueAtPercentile(99) / 1000,
    maxMs: h.totalCount === 0 ? 0 : h.maxValue / 1000,
  };
}

/** The phase since the last reset; resets when asked to. */
function window(reset: boolean): ProbeWindow {
  const now = performance.now();
  const total = summary(ticks.total);
  const result: ProbeWindow = {
    seconds: (now - windowStart) / 1000,
    ticks: ticks.total.totalCount,
    tickP50Ms: total.p50Ms,
    tickP99Ms: total.p99Ms,
    tickMaxMs: total.maxMs,
    simulateP99Ms: summary(ticks.simulate).p99Ms,
    mainThreadP99Ms: summary(ticks.main).p99Ms,
    // The histogram holds the time between its timer's turns: the resolution plus the delay.
    loopDelayP99Ms: Math.max(0, loopDelay.percentile(99) / 1e6 - LOOP_RESOLUTION_MS),
    loopDelayMaxMs: Math.max(0, loopDelay.max / 1e6 - LOOP_RESOLUTION_MS),
    gcCount: gc.count,
    gcMs: gc.ms,
    gcMaxMs: gc.maxMs,
  };
  if (reset) {
    for (const h of Object.values(ticks)) h.reset();
    loopDelay.reset();
    gc.count = 0;
    gc.ms = 0;
    gc.maxMs = 0;
    windowStart = now;
  }
  return result;
}

function voiceState(full: boolean) {
  let liveHeapMB: number | undefined;
  if (full) {
    collect();
    liveHeapMB = Math.round(process.memoryUsage().heapUsed / 2 ** 20);
  }
  const memory = process.memoryUsage();
  return {
    rssMB: Math.round(memory.rss / 2 ** 20),
    heapUsedMB: Math.round(memory.heapUsed / 2 ** 20),
    heapTotalMB: Math.round(memory.heapTotal / 2 ** 20),
    externalMB: Math.round(memory.external / 2 ** 20),
    queued: voice?.queued ?? 0,
    inFlight: voice?.inFlight ?? 0,
    queuedMax,
    inFlightMax,
    conversations: voice?.memory.size ?? 0,
    maxTurns,
    maxSummaryChars,
    ...(liveHeapMB === undefined ? {} : { liveHeapMB }),
  };
}

if (process.send) {
  process.on('message', (message: ProbeRequest) => {
    if (message?.type !== 'probe') return;
    const reply: ProbeReply = {
      type: 'probe',
      seq: message.seq,
      window: window(message.reset),
      voice: voiceState(message.gc),
    };
    process.send?.(reply);
  });
  process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}
