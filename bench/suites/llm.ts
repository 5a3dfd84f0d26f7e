import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { configSchema } from '../../src/config.ts';
import { DEFAULT_PRICES, priceOf } from '../../src/llm/cost.ts';
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
import { DAY_SECONDS, llmResult, phaseOf } from '../llm/llm-result.ts';
import type {
  ChatBenchMessage,
  ChatBotsConfig,
  ChatBotsMessage,
  ChatBotsResult,
} from '../llm/messages.ts';
import { scrape } from '../llm/server-metrics.ts';
import { Probe } from '../llm/server-probe.ts';
import type { LlmMemorySample } from '../row.ts';

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

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SERVER_ENTRY = path.join(ROOT, 'bench/llm/server-entry.ts');
const BOTS_ENTRY = path.join(ROOT, 'bench/llm/chat-bots.ts');
const SERVER_START_TIMEOUT_MS = 60_000;
const SERVER_STOP_TIMEOUT_MS = 15_000;
const BOTS_STOP_TIMEOUT_MS = 15_000;
/** After the ramp: speeds set, first events answered, before the no-chat phase is measured. */
const SETTLE_MS = 3_000;
/** Memory samples in the chat phase, besides its start and end. */
const MEMORY_SAMPLES = 5;
const FD_HEADROOM = 512;

const log = (line: string) => process.stderr.write(`llm: ${line}\n`);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

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
    const noChat = phaseOf(quiet.window, before.lateTicks - late0, quietCpu);

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
    const chat = phaseOf(chatEnd.window, lateMid - before.lateTicks, chatCpu);
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

    return llmResult({
      options,
      rpm,
      concurrency,
      model,
      price,
      deadlineMs: defaults.llmDeadlineMs,
      noChat,
      chat,
      bots: result,
      before: before.metrics,
      after: after.metrics,
      upstream,
      memory,
      voice: last.voice,
      serverLogWarnings: watch.warnings,
      serverExitCode,
    });
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
