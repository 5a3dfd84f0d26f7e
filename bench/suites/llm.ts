import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { configSchema } from '../../src/config.ts';
import { costOf, DEFAULT_PRICES, priceOf } from '../../src/llm/cost.ts';
import {
  BotsChannel,
  CpuMeter,
  exited,
  nodeCommand,
  running,
  stopChild,
  watchServer,
  withTimeout,
} from '../child-process.ts';
import { FakeOpenAI } from '../llm/fake-openai.ts';
import type {
  ChatBenchMessage,
  ChatBotsConfig,
  ChatBotsMessage,
  ChatBotsResult,
  ProbeReply,
  ProbeRequest,
} from '../llm/messages.ts';
import type { LlmMemorySample, LlmPhase, LlmRow } from '../row.ts';

export interface LlmSuiteOptions {
  readonly players: number;
  /** The chat phase: one day of chat (bench/llm/schedule.ts). */
  readonly seconds: number;
  /** The phase before it: the same players connected, no chat. */
  readonly quietSeconds: number;
  /** The fake model's answer time. */
  readonly latencyMs: number;
  /** "day": the process-wide caps scaled by the compression; "server": the server's own. */
  readonly caps: 'day' | 'server';
  readonly seed: number;
  /** Connections opened at once while ramping up. */
  readonly batch: number;
}

/** The old game's target spend per player per day. */
export const TARGET_PER_PLAYER_DAY = 0.03;

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SERVER_ENTRY = path.join(ROOT, 'bench/llm/server-entry.ts');
const BOTS_ENTRY = path.join(ROOT, 'bench/llm/chat-bots.ts');
const SERVER_START_TIMEOUT_MS = 60_000;
const SERVER_STOP_TIMEOUT_MS = 15_000;
const BOTS_STOP_TIMEOUT_MS = 15_000;
const PROBE_TIMEOUT_MS = 10_000;
/** After the ramp: speeds set, first events answered, before the no-chat phase is measured. */
const SETTLE_MS = 3_000;
/** Memory samples in the chat phase, besides its start and end. */
const MEMORY_SAMPLES = 5;
const FD_HEADROOM = 512;
const DAY_SECONDS = 86_400;

const log = (line: string) => process.stderr.write(`llm: ${line}\n`);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// -- the server --------------------------------------------------------------------------------

/** Asks the probe inside the server (bench/llm/probe.ts) over IPC. */
class Probe {
  #seq = 0;
  readonly #pending = new Map<number, (reply: ProbeReply) => void>();

  constructor(private readonly server: ChildProcess) {
    server.on('message', (message: ProbeReply) => {
      if (message?.type !== 'probe') return;
      this.#pending.get(message.seq)?.(message);
      this.#pending.delete(message.seq);
    });
  }

  ask(reset: boolean, gc = false): Promise<ProbeReply> {
    const seq = ++this.#seq;
    const reply = new Promise<ProbeReply>((resolve, reject) => {
      if (!this.server.connected) {
        reject(new Error('the server is gone (its IPC channel is closed)'));
        return;
      }
      this.#pending.set(seq, resolve);
      this.server.send({ type: 'probe', seq, reset, gc } satisfies ProbeRequest, (error) => {
        if (error) reject(error);
      });
    });
    return withTimeout(reply, PROBE_TIMEOUT_MS, 'the probe in the server did not answer').finally(
      () => this.#pending.delete(seq),
    );
  }
}

/** Prometheus text: samples by name, labels kept as text. */
function parseMetrics(text: string): Map<string, { labels: string; value: number }[]> {
  const samples = new Map<string, { labels: string; value: number }[]>();
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})? (\S+)$/.exec(line);
    if (!m) continue;
    const list = samples.get(m[1]!) ?? [];
    list.push({ labels: m[2] ?? '', value: Number(m[3]) });
    samples.set(m[1]!, list);
  }
  return samples;
}

class Scrape {
  constructor(readonly samples: Map<string, { labels: string; value: number }[]>) {}

  sum(name: string, label?: string, value?: string): number {
    let total = 0;
    for (const s of this.samples.get(name) ?? []) {
      if (label === undefined || s.labels.includes(`${label}="${value}"`)) total += s.value;
    }
    return total;
  }

  byLabel(name: string, label: string): Record<string, number> {
    const out: Record<string, number> = {};
    for (const s of this.samples.get(name) ?? []) {
      const v = new RegExp(`${label}="([^"]*)"`).exec(s.labels)?.[1];
      if (v !== undefined && s.value !== 0) out[v] = (out[v] ?? 0) + s.value;
    }
    return out;
  }
}

async function scrape(base: string): Promise<{ metrics: Scrape; lateTicks: number }> {
  const text = await (await fetch(`${base}/metrics`, { signal: AbortSignal.timeout(5000) })).text();
  const stats = (await (
    await fetch(`${base}/stats`, { signal: AbortSignal.timeout(5000) })
  ).json()) as { ticks?: { merged?: number; dropped?: number } };
  return {
    metrics: new Scrape(parseMetrics(text)),
    lateTicks: (stats.ticks?.merged ?? 0) + (stats.ticks?.dropped ?? 0),
  };
}

// -- the bots ----------------------------------------------------------------------------------

// -- the suite ---------------------------------------------------------------------------------

/**
 * Suite `llm`: NPC chat through the governed voice service with the real
 * `openai` client against a local fake model (bench/llm/fake-openai.ts), the
 * server as a child process on 127.0.0.1 (temp data dir, random secret) with
 * a probe preloaded (bench/llm/probe.ts), `players` chat bots in another
 * child. After the ramp: a phase with no chat, then the chat day
 * (bench/llm/schedule.ts), then the last replies. Both children are killed
 * on any error; the data dir is removed.
 */
export async function llmSuite(options: LlmSuiteOptions) {
  const defaults = configSchema.parse({});
  const compression = DAY_SECONDS / options.seconds;
  const rpm = options.caps === 'day' ? Math.ceil(defaults.llmRpm * compression) : defaults.llmRpm;
  const concurrency =
    options.caps === 'day'
      ? Math.ceil(defaults.llmConcurrency * compression)
      : defaults.llmConcurrency;
  const model = defaults.llmModel;
  const price = priceOf(DEFAULT_PRICES, model, DEFAULT_PRICES['gpt-4o-mini']!);
  const fds = options.players + FD_HEADROOM;

  const fake = new FakeOpenAI(options.latencyMs);
  const baseURL = await fake.start();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'lifetick-llm-'));
  const secret = randomBytes(24).toString('base64url');
  let server: ChildProcess | undefined;
  let bots: ChildProcess | undefined;
  const killAll = () => {
    if (bots && running(bots)) bots.kill('SIGKILL');
    if (server && running(server)) server.kill('SIGKILL');
  };
  const interrupted = (signal: NodeJS.Signals) => {
    log(`${signal}: stopping`);
    if (bots && running(bots)) bots.kill('SIGKILL');
    else if (server && running(server)) server.kill('SIGTERM');
  };
  process.once('exit', killAll);
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    // The server: no LIFETICK_* or OPENAI_* from our environment leaks in.
    const env: NodeJS.ProcessEnv = Object.fromEntries(
      Object.entries(process.env).filter(
        ([k]) => !k.startsWith('LIFETICK_') && !k.startsWith('OPENAI_'),
      ),
    );
    Object.assign(env, {
      LIFETICK_PORT: '0',
      LIFETICK_HOST: '127.0.0.1',
      LIFETICK_SECRET: secret,
      LIFETICK_DATA_DIR: dataDir,
      LIFETICK_LOG_LEVEL: 'info',
      LIFETICK_CAPACITY: String(options.players),
      // Every bot connects from 127.0.0.1: the per-address limit must hold them all.
      LIFETICK_MAX_CONNECTIONS_PER_IP: String(fds),
      LIFETICK_MAX_CONNECTIONS: String(fds),
      // Bots are not new players to teach: the tutorial's question would pause them.
      LIFETICK_TUTORIAL: 'off',
      LIFETICK_LLM: 'openai',
      OPENAI_API_KEY: 'test',
      OPENAI_BASE_URL: baseURL,
      LIFETICK_LLM_MODEL: model,
      LIFETICK_LLM_RPM: String(rpm),
      LIFETICK_LLM_CONCURRENCY: String(concurrency),
    });
    const serverCmd = nodeCommand(SERVER_ENTRY, fds);
    server = spawn(serverCmd.command, serverCmd.args, {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const watch = watchServer(server);
    // A send on a closed channel reports here; the waits below fail on their own.
    server.on('error', (error) => log(`server process: ${error.message}`));
    // The server gone before we stop it fails whatever the suite is waiting for.
    let stopping = false;
    const serverGone = new Promise<never>((_, reject) => {
      server!.once('exit', (code, signal) => {
        if (!stopping) reject(new Error(`the server exited (${signal ?? code}) during the run`));
      });
    });
    serverGone.catch(() => undefined);
    const alive = <T>(promise: Promise<T>) => Promise.race([promise, serverGone]);
    const info = await withTimeout(
      watch.ready,
      SERVER_START_TIMEOUT_MS,
      `server did not log "listening on" in ${SERVER_START_TIMEOUT_MS / 1000} s`,
    );
    const serverPid = server.pid!;
    const base = `http://127.0.0.1:${info.port}`;
    const probe = new Probe(server);
    log(
      `server pid ${serverPid} on 127.0.0.1:${info.port}, ${info.workers} workers, ${info.tickHz} Hz; ` +
        `model ${baseURL} (${options.latencyMs} ms); caps ${options.caps}: ${rpm} rpm, ${concurrency} at once`,
    );

    const config: ChatBotsConfig = {
      port: info.port,
      players: options.players,
      secret,
      batch: options.batch,
      seed: options.seed,
    };
    const botsCmd = nodeCommand(BOTS_ENTRY, fds);
    bots = spawn(botsCmd.command, botsCmd.args, {
      cwd: ROOT,
      env: { ...process.env, LIFETICK_CHAT_BOTS: JSON.stringify(config) },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    bots.on('error', (error) => log(`chat bot process: ${error.message}`));
    bots.stdout!.pipe(process.stderr);
    bots.stderr!.pipe(process.stderr);
    const botsPid = bots.pid!;
    const channel = new BotsChannel<ChatBotsMessage>(bots, (message) => {
      if (message.type === 'progress')
        log(`ramp: ${message.attempted} attempted, ${message.connected} connected`);
    });
    const tell = (message: ChatBenchMessage) => {
      if (bots?.connected) bots.send(message, () => undefined);
    };

    const rampLimit = (Math.ceil(options.players / options.batch) * 20 + 30) * 1000;
    const ready = await alive(channel.next('ready', rampLimit));
    log(`${ready.connected} connected; settling ${SETTLE_MS / 1000} s`);
    await alive(sleep(SETTLE_MS));

    // -- no chat ---------------------------------------------------------------------------
    const meters = () => ({
      server: new CpuMeter(serverPid),
      bots: new CpuMeter(botsPid),
      bench: new CpuMeter(process.pid),
    });
    await probe.ask(true);
    let cpu = meters();
    const late0 = (await scrape(base)).lateTicks;
    log(`no-chat phase: ${options.quietSeconds} s`);
    await alive(sleep(options.quietSeconds * 1000));
    const quiet = await probe.ask(true);
    const quietCpu = { server: cpu.server.lap(), bots: cpu.bots.lap(), bench: cpu.bench.lap() };
    const before = await scrape(base);
    const noChat: LlmPhase = {
      seconds: quiet.window.seconds,
      ticks: quiet.window.ticks,
      tickP50Ms: quiet.window.tickP50Ms,
      tickP99Ms: quiet.window.tickP99Ms,
      tickMaxMs: quiet.window.tickMaxMs,
      mainThreadP99Ms: quiet.window.mainThreadP99Ms,
      loopDelayP99Ms: quiet.window.loopDelayP99Ms,
      loopDelayMaxMs: quiet.window.loopDelayMaxMs,
      gcMs: quiet.window.gcMs,
      gcMaxMs: quiet.window.gcMaxMs,
      lateTicks: before.lateTicks - late0,
      serverCpuPct: quietCpu.server,
      botsCpuPct: quietCpu.bots,
      benchCpuPct: quietCpu.bench,
    };

    // -- chat --------------------------------------------------------------------------------
    const graceMs = defaults.llmDeadlineMs + 3000;
    const memory: LlmMemorySample[] = [];
    const chatStart = performance.now();
    const sample = async (reset = false, gc = false) => {
      const p = await probe.ask(reset, gc);
      memory.push({
        atSeconds: Math.round((performance.now() - chatStart) / 100) / 10,
        rssMB: p.voice.rssMB,
        heapUsedMB: p.voice.heapUsedMB,
        heapTotalMB: p.voice.heapTotalMB,
        externalMB: p.voice.externalMB,
        conversations: p.voice.conversations,
        ...(p.voice.liveHeapMB === undefined ? {} : { liveHeapMB: p.voice.liveHeapMB }),
      });
      return p;
    };
    // The live heap first (a full collection), then the phase's window and CPU restart,
    // so neither that collection nor the scrape above is in it.
    await sample(false, true);
    await probe.ask(true);
    cpu = meters();
    log(`chat phase: ${options.seconds} s`);
    tell({ type: 'chat', seconds: options.seconds, graceMs });
    const every = (options.seconds * 1000) / (MEMORY_SAMPLES + 1);
    const sampler = (async () => {
      for (let i = 1; i <= MEMORY_SAMPLES; i++) {
        await sleep(chatStart + i * every - performance.now());
        if (!server || !running(server)) return;
        await sample().catch(() => undefined);
      }
    })();
    await alive(channel.next('chatEnd', (options.seconds + 60) * 1000));
    await sampler;
    const chatEnd = await sample(true);
    const chatCpu = { server: cpu.server.lap(), bots: cpu.bots.lap(), bench: cpu.bench.lap() };
    const lateMid = (await scrape(base)).lateTicks;
    const chat: LlmPhase = {
      seconds: chatEnd.window.seconds,
      ticks: chatEnd.window.ticks,
      tickP50Ms: chatEnd.window.tickP50Ms,
      tickP99Ms: chatEnd.window.tickP99Ms,
      tickMaxMs: chatEnd.window.tickMaxMs,
      mainThreadP99Ms: chatEnd.window.mainThreadP99Ms,
      loopDelayP99Ms: chatEnd.window.loopDelayP99Ms,
      loopDelayMaxMs: chatEnd.window.loopDelayMaxMs,
      gcMs: chatEnd.window.gcMs,
      gcMaxMs: chatEnd.window.gcMaxMs,
      lateTicks: lateMid - before.lateTicks,
      serverCpuPct: chatCpu.server,
      botsCpuPct: chatCpu.bots,
      benchCpuPct: chatCpu.bench,
    };
    log(`waiting up to ${graceMs / 1000} s for the last replies`);
    const result: ChatBotsResult = (await alive(channel.next('result', graceMs + 30_000))).result;
    const last = await sample(false, true);
    const after = await scrape(base);
    const upstream = fake.counters();

    // Stop the bots, then the server.
    stopping = true;
    tell({ type: 'stop' });
    const botsExit = await stopChild(bots, BOTS_STOP_TIMEOUT_MS);
    if (botsExit !== 0) log(`chat bot process exited with ${botsExit}`);
    server.kill('SIGTERM');
    const serverExitCode = await stopChild(server, SERVER_STOP_TIMEOUT_MS);
    for (const line of watch.firstWarnings) log(`server log: ${line}`);
    if (serverExitCode !== 0 && watch.stderrTail) log(`server stderr:\n${watch.stderrTail}`);

    const delta = (name: string, label?: string, value?: string) =>
      after.metrics.sum(name, label, value) - before.metrics.sum(name, label, value);
    const fallbacksAfter = after.metrics.byLabel('lifetick_llm_fallbacks_total', 'reason');
    const fallbacksBefore = before.metrics.byLabel('lifetick_llm_fallbacks_total', 'reason');
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
    const connected = result.connectSucceeded;
    const naiveCostDollars =
      result.talksAcked * costOf(price, meanPromptTokens, meanCompletionTokens);
    const cacheHits = delta('lifetick_llm_cache_hits_total');
    const row: LlmRow = {
      players: options.players,
      connected,
      caps: options.caps,
      rpm,
      concurrency,
      model,
      latencyMs: options.latencyMs,
      deadlineMs: defaults.llmDeadlineMs,
      compression: DAY_SECONDS / result.chatSeconds,
      noChat,
      chat,
      talksSent: result.talksSent,
      talksSentSteady: result.talksSentSteady,
      talksSentBursty: result.talksSentBursty,
      talksAccepted: result.talksAcked,
      talkErrors: result.talkErrors,
      talksUnanswered: result.talksUnanswered,
      heldBackForEnergy: result.heldBackForEnergy,
      linesPerPlayerDay: result.talksAcked / Math.max(1, connected),
      replies: result.replies,
      repliesMissing: result.repliesMissing,
      repliesBySource: result.repliesBySource,
      modelReplyP50Ms: result.modelReply.p50Ms,
      modelReplyP99Ms: result.modelReply.p99Ms,
      templateReplyP50Ms: result.templateReply.p50Ms,
      templateReplyP99Ms: result.templateReply.p99Ms,
      templateReplyMaxMs: result.templateReply.maxMs,
      upstreamCalls: upstream.calls,
      upstreamAbandoned: upstream.abandoned,
      upstreamMaxInFlight: upstream.maxInFlight,
      callsOk,
      callsFailed: delta('lifetick_llm_calls_total', 'outcome', 'failed'),
      attempts: delta('lifetick_llm_attempts_total'),
      cacheHits,
      cacheHitRatio: cacheHits / Math.max(1, result.talksAcked),
      fallbacks,
      promptTokens,
      completionTokens,
      meanPromptTokens,
      meanCompletionTokens,
      costDollars,
      costPerPlayerDayDollars: costDollars / Math.max(1, connected),
      serverCostPerChattingPlayerDollars: after.metrics.sum(
        'lifetick_llm_cost_per_player_today_dollars',
      ),
      naiveCostDollars,
      naiveCostPerPlayerDayDollars: naiveCostDollars / Math.max(1, connected),
      targetPerPlayerDayDollars: TARGET_PER_PLAYER_DAY,
      memory,
      maxTurns: last.voice.maxTurns,
      maxSummaryChars: last.voice.maxSummaryChars,
      queuedMax: last.voice.queuedMax,
      inFlightMax: last.voice.inFlightMax,
      serverLogWarnings: watch.warnings,
      serverExitCode,
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
  } finally {
    if (bots && running(bots)) {
      bots.kill('SIGKILL');
      await exited(bots);
    }
    if (server && running(server)) {
      server.kill('SIGTERM');
      await stopChild(server, SERVER_STOP_TIMEOUT_MS);
    }
    process.off('exit', killAll);
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    await fake.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
