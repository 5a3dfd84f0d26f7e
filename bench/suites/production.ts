import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import {
  BotsChannel,
  CpuMeter,
  exited,
  nodeCommand,
  rssMB,
  running,
  stopChild,
  watchServer,
  withTimeout,
} from '../child-process.ts';
import type { BenchMessage, BotsConfig, BotsMessage, BotsResult } from '../load/messages.ts';
import type { LoadRow } from '../row.ts';

/** The load row, plus what a production-shaped server adds. */
export interface ProductionRow extends LoadRow {
  readonly residents: number;
  /** The server's tick times since its residents were in (/stats). */
  readonly tickP50Ms: number;
  readonly tickMaxMs: number;
  /** Ticks merged or dropped inside the measurement window. */
  readonly lateTicksInWindow: number;
  /** The writer's oldest unsaved change, sampled from /stats once a second over the window. */
  readonly oldestUnsavedMaxMs: number;
}

export interface ProductionSuiteOptions {
  /** Resident players besides the bots, on the standard life and speed mix. */
  readonly residents: number;
  readonly clients: number;
  readonly seconds: number;
  /** Server worker threads; the server's default when undefined. */
  readonly workers: number | undefined;
  /** Connections opened at once while ramping up. */
  readonly batch: number;
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SERVER_ENTRY = path.join(ROOT, 'bench/production/server.ts');
const BOTS_ENTRY = path.join(ROOT, 'bench/load/bots.ts');
/** Milliseconds between one bot's commands. */
const COMMAND_INTERVAL_MS = 2_000;
const SERVER_START_TIMEOUT_MS = 60_000;
// Creating a million lives and tracking them takes a minute or two on two busy cores.
const RESIDENTS_TIMEOUT_MS = 10 * 60_000;
/** SIGTERM to exit: the server itself gives up after 10 s. */
const SERVER_STOP_TIMEOUT_MS = 15_000;
const BOTS_STOP_TIMEOUT_MS = 15_000;
/** File descriptors a process needs beyond one per connection. */
const FD_HEADROOM = 512;

const log = (line: string) => process.stderr.write(`production: ${line}\n`);

// -- the server ---------------------------------------------------------------------------

interface ServerCounters {
  readonly tickP50Ms: number;
  readonly tickP99Ms: number;
  readonly tickMaxMs: number;
  readonly oldestUnsavedMs: number;
  readonly rssMB: number;
  readonly lateTicks: number;
  readonly updatesSkipped: number;
  readonly rateLimited: number;
}

async function serverCounters(port: number): Promise<ServerCounters> {
  const base = `http://127.0.0.1:${port}`;
  const stats = (await (
    await fetch(`${base}/stats`, { signal: AbortSignal.timeout(5000) })
  ).json()) as {
    ticks?: {
      total?: { p50Ms?: number; p99Ms?: number; maxMs?: number };
      merged?: number;
      dropped?: number;
    };
    persistence?: { oldestUnsavedMs?: number };
    rssMB?: number;
  };
  const metrics = await (
    await fetch(`${base}/metrics`, { signal: AbortSignal.timeout(5000) })
  ).text();
  const counter = (name: string) => {
    const match = new RegExp(`^${name}(?:\\{\\})? (\\S+)$`, 'm').exec(metrics);
    return match ? Number(match[1]) : 0;
  };
  return {
    tickP50Ms: stats.ticks?.total?.p50Ms ?? 0,
    tickP99Ms: stats.ticks?.total?.p99Ms ?? 0,
    tickMaxMs: stats.ticks?.total?.maxMs ?? 0,
    oldestUnsavedMs: stats.persistence?.oldestUnsavedMs ?? 0,
    rssMB: stats.rssMB ?? 0,
    lateTicks: (stats.ticks?.merged ?? 0) + (stats.ticks?.dropped ?? 0),
    updatesSkipped: counter('lifetick_updates_skipped_total'),
    rateLimited: counter('lifetick_rate_limited_total'),
  };
}

// -- the bots ------------------------------------------------------------------------------

// -- the suite --------------------------------------------------------------------------------

/**
 * Suite `production`: the `load` suite's run (bots in a second process,
 * one command every 2 s each) against a server that also holds
 * `residents` playing residents saved by the writer into SQLite
 * (bench/production/server.ts). Besides the load row's figures it reports
 * the oldest unsaved change, sampled from /stats once a second over the
 * window, and the server's RSS. Tick figures are the server's own since the
 * residents were in (the bots' ramp included). Template NPC chat is not
 * driven yet: the bots send setSpeed and answers only.
 */
export async function productionSuite(options: ProductionSuiteOptions) {
  const fds = options.clients + FD_HEADROOM;
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'lifetick-load-'));
  const secret = randomBytes(24).toString('base64url');
  let server: ChildProcess | undefined;
  let bots: ChildProcess | undefined;
  let rssSampler: NodeJS.Timeout | undefined;
  // Last resorts, synchronous: this process exiting, or interrupted.
  const killAll = () => {
    if (bots && running(bots)) bots.kill('SIGKILL');
    if (server && running(server)) server.kill('SIGKILL');
  };
  // Interrupted: make the run fail, so the finally below stops the server
  // gently and removes the data dir. A second signal kills at once.
  const interrupted = (signal: NodeJS.Signals) => {
    log(`${signal}: stopping`);
    if (bots && running(bots)) bots.kill('SIGKILL');
    else if (server && running(server)) server.kill('SIGTERM');
  };
  process.once('exit', killAll);
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    // The server: the environment is ours alone, no LIFETICK_* leaks in.
    const env: NodeJS.ProcessEnv = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !k.startsWith('LIFETICK_')),
    );
    Object.assign(env, {
      LIFETICK_PORT: '0',
      LIFETICK_HOST: '127.0.0.1',
      LIFETICK_SECRET: secret,
      LIFETICK_DATA_DIR: dataDir,
      LIFETICK_LOG_LEVEL: 'info',
      LIFETICK_CAPACITY: String(options.residents + options.clients),
      LIFETICK_BENCH_RESIDENTS: String(options.residents),
      // Every bot connects from 127.0.0.1: the per-address limit must hold them all.
      LIFETICK_MAX_CONNECTIONS_PER_IP: String(fds),
      LIFETICK_MAX_CONNECTIONS: String(fds),
      // Bots are not new players to teach: the tutorial's question would pause them.
      LIFETICK_TUTORIAL: 'off',
      ...(options.workers === undefined ? {} : { LIFETICK_WORKERS: String(options.workers) }),
    });
    const serverCmd = nodeCommand(SERVER_ENTRY, fds);
    server = spawn(serverCmd.command, serverCmd.args, {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Listened for from the start: the line may come before the listening one.
    const residentsIn = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('the residents were not in in time')),
        RESIDENTS_TIMEOUT_MS,
      );
      createInterface({ input: server!.stdout! }).on('line', (line) => {
        if (line.includes('"residents ready"')) {
          clearTimeout(timer);
          resolve();
        }
      });
      server!.once('exit', () => reject(new Error('server exited before its residents were in')));
    });
    residentsIn.catch(() => {});
    const watch = watchServer(server);
    const info = await withTimeout(
      watch.ready,
      SERVER_START_TIMEOUT_MS,
      `server did not log "listening on" in ${SERVER_START_TIMEOUT_MS / 1000} s`,
    );
    await residentsIn;
    log(`${options.residents} residents in`);
    const serverPid = server.pid!;
    log(
      `server pid ${serverPid} on 127.0.0.1:${info.port}, ${info.workers} workers, ${info.tickHz} Hz`,
    );
    let serverRssMax = rssMB(serverPid);
    rssSampler = setInterval(() => {
      try {
        serverRssMax = Math.max(serverRssMax, rssMB(serverPid));
      } catch {
        // The server gone: the waits below report it.
      }
    }, 1000);

    // The bots, in their own process.
    const config: BotsConfig = {
      port: info.port,
      clients: options.clients,
      seconds: options.seconds,
      secret,
      batch: options.batch,
      intervalMs: COMMAND_INTERVAL_MS,
    };
    const botsCmd = nodeCommand(BOTS_ENTRY, fds);
    bots = spawn(botsCmd.command, botsCmd.args, {
      cwd: ROOT,
      env: { ...process.env, LIFETICK_BOTS: JSON.stringify(config) },
      // Bot output goes to our stderr, so `--json` stdout stays one document.
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    bots.stdout!.pipe(process.stderr);
    bots.stderr!.pipe(process.stderr);
    const botsPid = bots.pid!;
    const channel = new BotsChannel<BotsMessage>(bots, (message) => {
      if (message.type === 'progress') {
        log(
          `ramp: ${message.attempted} attempted, ${message.connected} connected, ${message.failed} failed`,
        );
      }
    });

    // Ramp: a batch settles within 15 s at worst.
    const rampLimit = (Math.ceil(options.clients / options.batch) * 20 + 30) * 1000;
    await channel.next('window', rampLimit, 'ramp-up');
    log(`measuring for ${options.seconds} s`);
    const before = await serverCounters(info.port);
    let oldestUnsavedMaxMs = 0;
    const oldestSampler = setInterval(() => {
      serverCounters(info.port).then(
        (c) => {
          oldestUnsavedMaxMs = Math.max(oldestUnsavedMaxMs, c.oldestUnsavedMs);
        },
        () => {},
      );
    }, 1000);
    const serverCpu = new CpuMeter(serverPid);
    const botsCpu = new CpuMeter(botsPid);
    const sampler = setInterval(() => {
      try {
        serverCpu.sample();
        botsCpu.sample();
      } catch {
        // A process gone mid-sample: the waits below report it.
      }
    }, 1000);
    try {
      await channel.next('windowEnd', (options.seconds + 30) * 1000, 'the end of the window');
    } finally {
      clearInterval(sampler);
      clearInterval(oldestSampler);
    }
    serverCpu.sample();
    botsCpu.sample();
    const serverRssEnd = rssMB(serverPid);
    clearInterval(rssSampler);
    serverRssMax = Math.max(serverRssMax, serverRssEnd);
    const resultPromise = channel.next('result', 30_000, 'results');
    // Read while the clients are still connected.
    const counters = await serverCounters(info.port);
    const result: BotsResult = (await resultPromise).result;

    // Stop the bots, then the server.
    bots.send({ type: 'stop' } satisfies BenchMessage);
    const botsExit = await stopChild(bots, BOTS_STOP_TIMEOUT_MS);
    if (botsExit !== 0) log(`bot process exited with ${botsExit}`);
    const termAt = performance.now();
    server.kill('SIGTERM');
    const serverExitCode = await stopChild(server, SERVER_STOP_TIMEOUT_MS);
    const shutdownSeconds = (performance.now() - termAt) / 1000;
    for (const line of watch.firstWarnings) log(`server log: ${line}`);
    if (serverExitCode !== 0 && watch.stderrTail) log(`server stderr:\n${watch.stderrTail}`);

    const window = result.windowSeconds;
    const row: ProductionRow = {
      residents: options.residents,
      tickP50Ms: counters.tickP50Ms,
      tickMaxMs: counters.tickMaxMs,
      lateTicksInWindow: counters.lateTicks - before.lateTicks,
      oldestUnsavedMaxMs,
      clients: options.clients,
      seconds: options.seconds,
      workers: info.workers,
      tickHz: info.tickHz,
      rampSeconds: result.rampSeconds,
      connectAttempted: result.connectAttempted,
      connectSucceeded: result.connectSucceeded,
      connectFailed: result.connectFailed,
      welcomeP50Ms: result.welcomeP50Ms,
      welcomeP99Ms: result.welcomeP99Ms,
      welcomeMaxMs: result.welcomeMaxMs,
      commandsSent: result.commandsSent,
      commandsAcked: result.commandsAcked,
      commandErrors: result.commandErrors,
      commandsUnanswered: result.commandsUnanswered,
      rttP50Ms: result.rttP50Ms,
      rttP95Ms: result.rttP95Ms,
      rttP99Ms: result.rttP99Ms,
      rttMaxMs: result.rttMaxMs,
      updatesPerSec: result.updates / window,
      updatesPerSecPerClient: result.updates / window / Math.max(1, result.liveAtEnd),
      bytesPerUpdate: result.updates === 0 ? 0 : result.updateBytes / result.updates,
      maxUpdatesPerPlayerTick: result.maxUpdatesPerPlayerTick,
      updatesOutOfOrder: result.updatesOutOfOrder,
      eventsReceived: result.eventsReceived,
      unexpectedCloses: result.unexpectedCloses,
      serverCpuPct: serverCpu.mean(),
      serverCpuMaxPct: serverCpu.max,
      serverRssMB: serverRssEnd,
      serverRssMaxMB: serverRssMax,
      botsCpuPct: botsCpu.mean(),
      botsLoopDelayP99Ms: result.loopDelayP99Ms,
      serverTickP99Ms: counters.tickP99Ms,
      serverLateTicks: counters.lateTicks,
      serverUpdatesSkipped: counters.updatesSkipped,
      serverRateLimited: counters.rateLimited,
      serverLogWarnings: watch.warnings,
      shutdownSeconds,
      serverExitCode,
      closeCodes: result.closeCodes,
      errorCodes: result.errorCodes,
      connectFailures: result.connectFailures,
    };
    return {
      rows: [row],
      // The must-holds: tick p99 <= 50 ms, round trip p99 < 50 ms,
      // oldest unsaved change <= 5 s, RSS < 1.5 GB.
      ratios: {
        tickP99Ms: row.serverTickP99Ms,
        rttP99Ms: row.rttP99Ms,
        oldestUnsavedMaxMs: row.oldestUnsavedMaxMs,
        serverRssMaxMB: row.serverRssMaxMB,
        tickP99OverLimit: row.serverTickP99Ms / 50,
        rttP99OverLimit: row.rttP99Ms / 50,
        oldestUnsavedOverLimit: row.oldestUnsavedMaxMs / 5000,
        rssOverLimit: row.serverRssMaxMB / 1536,
      },
    };
  } finally {
    clearInterval(rssSampler);
    // On the error path: the bots at once, the server as gently as it allows.
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
    await rm(dataDir, { recursive: true, force: true });
  }
}
