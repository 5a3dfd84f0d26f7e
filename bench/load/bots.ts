/**
 * The load bench's bot process: `clients` WebSocket bots against one server
 * on 127.0.0.1, driven by the bench process (bench/suites/load.ts) over IPC.
 * Bots speak the wire contract directly with `ws` and msgpackr (no SDK), so
 * one process can hold thousands of them.
 *
 * Each bot connects, says hello with its own token (player `bot-<n>`), sets
 * its speed from the standard mix, then sends one command every interval,
 * its start spread over the interval: `answer` when a question is pending
 * (else the player's clock stays stopped), `setSpeed` to its own level
 * otherwise. Connections ramp up in batches; the measurement window starts
 * once every connection has settled.
 *
 * Not meant to be run by hand: it reads its settings from LIFETICK_BOTS and
 * reports on the IPC channel. Without a parent it exits.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type * as hdr from 'hdr-histogram-js';
import { Packr, Unpackr } from 'msgpackr';
import WebSocket from 'ws';
import { standardSpeed } from '../../src/engine/population.ts';
import { latencyHistogram } from '../../src/kit/latency-histogram.ts';
import { mintPlayerToken, secretKey } from '../../src/server/auth.ts';
import { botMain, closeAll } from '../bot-process.ts';
import type { BenchMessage, BotsConfig, BotsMessage, BotsResult } from './messages.ts';

// Plain MessagePack out (no records), plain objects in.
const packr = new Packr({ useRecords: false, variableMapSize: true });
const unpackr = new Unpackr({ useRecords: false, mapsAsObjects: true, int64AsType: 'number' });

/** A connection that has no welcome this long after opening has failed. */
const WELCOME_TIMEOUT_MS = 15_000;
/** The command wheel's resolution. */
const SLOT_MS = 20;
/** After the window, how long replies to its commands are still awaited. */
const REPLY_GRACE_MS = 2_000;
/** Event-loop delay sampling period. */
const LOOP_RESOLUTION_MS = 10;
/** Recorded in microseconds, up to a minute. */
const HIGHEST_MICROS = 60_000_000;

const BotState = { connecting: 0, live: 1, failed: 2, closed: 3 } as const;
type BotState = (typeof BotState)[keyof typeof BotState];

interface Question {
  readonly eventId: string;
  readonly options: readonly string[];
  next: number;
}

interface Bot {
  readonly n: number;
  readonly level: number;
  ws: WebSocket | undefined;
  state: BotState;
  openedAt: number;
  /** Tick number of the last update frame, and how many frames carried it. */
  lastTick: number;
  framesThisTick: number;
  /** Command id -> [sent at, name]; one bot rarely has more than one outstanding. */
  readonly outstanding: Map<number, { at: number; answer: boolean }>;
  question: Question | undefined;
  settle: (() => void) | undefined;
}

function histogram(): hdr.Histogram {
  return latencyHistogram(HIGHEST_MICROS);
}

function record(h: hdr.Histogram, ms: number): void {
  h.recordValue(Math.max(1, Math.min(HIGHEST_MICROS, Math.round(ms * 1000))));
}

const pct = (h: hdr.Histogram, p: number) =>
  h.totalCount === 0 ? 0 : h.getValueAtPercentile(p) / 1000;
const bump = (counts: Record<string, number>, key: string) => {
  counts[key] = (counts[key] ?? 0) + 1;
};
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function send(message: BotsMessage): void {
  process.send?.(message);
}

async function run(config: BotsConfig): Promise<void> {
  const key = secretKey(config.secret);
  const url = `ws://127.0.0.1:${config.port}/ws`;
  const welcomeHist = histogram();
  const rttHist = histogram();
  const loopDelay = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  const bots: Bot[] = [];
  const closeCodes: Record<string, number> = {};
  const errorCodes: Record<string, number> = {};
  const connectFailures: Record<string, number> = {};
  let connected = 0;
  let failed = 0;
  let nextCommandId = 1;
  let windowStart = Number.POSITIVE_INFINITY;
  let windowEnd = Number.POSITIVE_INFINITY;
  let stopping = false;
  const c = {
    sent: 0,
    acked: 0,
    errors: 0,
    updates: 0,
    updateBytes: 0,
    maxPerTick: 0,
    outOfOrder: 0,
    events: 0,
    unexpectedCloses: 0,
  };
  const inWindow = (t: number) => t >= windowStart && t < windowEnd;

  const fail = (bot: Bot, reason: string) => {
    if (bot.state !== BotState.connecting) return;
    bot.state = BotState.failed;
    failed++;
    bump(connectFailures, reason);
    bot.ws?.terminate();
    bot.settle?.();
  };

  const command = (bot: Bot) => {
    const ws = bot.ws;
    if (bot.state !== BotState.live || !ws || ws.readyState !== WebSocket.OPEN) return;
    const id = nextCommandId++;
    const q = bot.question;
    const frame = q
      ? { t: 'cmd', id, name: 'answer', args: { eventId: q.eventId, optionId: q.options[q.next]! } }
      : { t: 'cmd', id, name: 'setSpeed', args: { level: bot.level } };
    const at = performance.now();
    bot.outstanding.set(id, { at, answer: q !== undefined });
    if (inWindow(at)) c.sent++;
    ws.send(packr.pack(frame));
  };

  const reply = (bot: Bot, id: unknown, error: string | undefined) => {
    if (typeof id !== 'number') return false;
    const sent = bot.outstanding.get(id);
    if (!sent) return false;
    bot.outstanding.delete(id);
    const now = performance.now();
    if (inWindow(sent.at)) {
      record(rttHist, now - sent.at);
      if (error === undefined) c.acked++;
      else c.errors++;
    }
    if (sent.answer && bot.question) {
      // Answered, or refused: try the next option, and give up when none is left
      // or the question is gone (a later event frame brings the next one).
      if (error === undefined || error === 'NOT_FOUND' || error === 'CONFLICT')
        bot.question = undefined;
      else if (++bot.question.next >= bot.question.options.length) bot.question = undefined;
    }
    return true;
  };

  const takeQuestion = (bot: Bot, event: unknown) => {
    if (typeof event !== 'object' || event === null) return;
    const e = event as { id?: unknown; kind?: unknown; options?: unknown };
    if (typeof e.id !== 'string' || e.kind === 'message' || !Array.isArray(e.options)) return;
    // Free options first, so fewer answers are refused for want of money or energy.
    const options = (e.options as { id?: unknown; cost?: unknown }[])
      .filter((o) => typeof o.id === 'string')
      .sort((a, b) => Number(a.cost !== undefined) - Number(b.cost !== undefined))
      .map((o) => o.id as string);
    if (options.length > 0) bot.question = { eventId: e.id, options, next: 0 };
  };

  const onMessage = (bot: Bot, data: Buffer) => {
    let frame: { t?: unknown; [k: string]: unknown };
    try {
      frame = unpackr.unpack(data) as typeof frame;
    } catch {
      bump(errorCodes, 'UNDECODABLE_FRAME');
      return;
    }
    const now = performance.now();
    switch (frame.t) {
      case 'update': {
        const tick = frame.tick as number;
        if (tick === bot.lastTick) {
          bot.framesThisTick++;
        } else {
          if (tick < bot.lastTick) c.outOfOrder++;
          bot.lastTick = tick;
          bot.framesThisTick = 1;
        }
        if (bot.framesThisTick > c.maxPerTick) c.maxPerTick = bot.framesThisTick;
        if (inWindow(now)) {
          c.updates++;
          c.updateBytes += data.byteLength;
        }
        return;
      }
      case 'ack':
        reply(bot, frame.id, undefined);
        return;
      case 'error': {
        const code = String(frame.code);
        bump(errorCodes, code);
        if (!reply(bot, frame.id, code) && bot.state === BotState.connecting) {
          fail(bot, `error ${code}: ${String(frame.message).slice(0, 80)}`);
        }
        return;
      }
      case 'event':
        if (inWindow(now)) c.events++;
        takeQuestion(bot, frame.event);
        return;
      case 'welcome': {
        if (bot.state !== BotState.connecting) return;
        bot.state = BotState.live;
        connected++;
        record(welcomeHist, now - bot.openedAt);
        const pending = (frame.state as { pending?: unknown } | undefined)?.pending;
        if (pending) takeQuestion(bot, pending);
        bot.settle?.();
        command(bot); // set the speed now; the wheel sends the rest
        return;
      }
      default:
        return; // chat, and frame types added later
    }
  };

  const open = (bot: Bot, token: string) =>
    new Promise<void>((resolve) => {
      bot.settle = resolve;
      bot.openedAt = performance.now();
      const ws = new WebSocket(url, {
        perMessageDeflate: false,
        skipUTF8Validation: true,
        handshakeTimeout: WELCOME_TIMEOUT_MS,
        maxPayload: 1 << 20,
      });
      bot.ws = ws;
      const timer = setTimeout(() => fail(bot, 'no welcome in 15 s'), WELCOME_TIMEOUT_MS);
      const done = bot.settle;
      bot.settle = () => {
        clearTimeout(timer);
        bot.settle = undefined;
        done();
      };
      ws.on('open', () => ws.send(packr.pack({ t: 'hello', v: 1, token })));
      ws.on('message', (data: Buffer) => onMessage(bot, data));
      ws.on('error', (error: Error & { code?: string }) => {
        fail(bot, error.code ?? error.message.slice(0, 80));
      });
      ws.on('close', (code: number) => {
        const was = bot.state;
        bot.state = BotState.closed;
        if (was === BotState.live) connected--;
        if (stopping) return;
        if (was === BotState.connecting) {
          failed++;
          bump(connectFailures, `close ${code}`);
          bot.settle?.();
        }
        if (was === BotState.live) {
          c.unexpectedCloses++;
          bump(closeCodes, String(code));
        }
      });
    });

  // -- ramp up -------------------------------------------------------------------
  loopDelay.enable();
  const rampStart = performance.now();
  const ttl = config.seconds + Math.ceil(config.clients / config.batch) * 20 + 600;
  for (let first = 0; first < config.clients; first += config.batch) {
    const count = Math.min(config.batch, config.clients - first);
    const batch: Bot[] = [];
    for (let n = first; n < first + count; n++) {
      batch.push({
        n,
        level: standardSpeed(n),
        ws: undefined,
        state: BotState.connecting,
        openedAt: 0,
        lastTick: -1,
        framesThisTick: 0,
        outstanding: new Map(),
        question: undefined,
        settle: undefined,
      });
    }
    const tokens = await Promise.all(batch.map((b) => mintPlayerToken(`bot-${b.n}`, key, ttl)));
    bots.push(...batch);
    await Promise.all(batch.map((b, i) => open(b, tokens[i]!)));
    send({ type: 'progress', attempted: bots.length, connected, failed });
  }
  const rampSeconds = (performance.now() - rampStart) / 1000;

  // -- the command wheel -----------------------------------------------------------
  // Bot n fires in slot (n * 7919) % slots of every interval: spread evenly and
  // not in step with the speed mix (which also follows n % 100).
  const slots = Math.max(1, Math.round(config.intervalMs / SLOT_MS));
  const wheel: Bot[][] = Array.from({ length: slots }, () => []);
  for (const bot of bots) wheel[(bot.n * 7919) % slots]!.push(bot);
  let lastSlot = Math.floor(performance.now() / SLOT_MS);
  const wheelTimer = setInterval(() => {
    const now = Math.floor(performance.now() / SLOT_MS);
    // Catch up on every slot since the last turn, so a late timer skips no one.
    for (let s = lastSlot + 1; s <= now; s++) for (const bot of wheel[s % slots]!) command(bot);
    lastSlot = now;
  }, SLOT_MS);

  // -- the window --------------------------------------------------------------------
  loopDelay.reset();
  windowStart = performance.now();
  send({ type: 'window', connected });
  await sleep(config.seconds * 1000);
  windowEnd = performance.now();
  clearInterval(wheelTimer);
  loopDelay.disable();
  send({ type: 'windowEnd' });
  const liveAtEnd = connected;
  // Replies to the window's last commands.
  const waitUntil = performance.now() + REPLY_GRACE_MS;
  const unanswered = () => {
    let n = 0;
    for (const bot of bots) for (const sent of bot.outstanding.values()) if (inWindow(sent.at)) n++;
    return n;
  };
  while (unanswered() > 0 && performance.now() < waitUntil) await sleep(50);

  const result: BotsResult = {
    rampSeconds,
    windowSeconds: (windowEnd - windowStart) / 1000,
    connectAttempted: bots.length,
    connectSucceeded: bots.length - failed,
    connectFailed: failed,
    welcomeP50Ms: pct(welcomeHist, 50),
    welcomeP99Ms: pct(welcomeHist, 99),
    welcomeMaxMs: welcomeHist.totalCount === 0 ? 0 : welcomeHist.maxValue / 1000,
    commandsSent: c.sent,
    commandsAcked: c.acked,
    commandErrors: c.errors,
    commandsUnanswered: unanswered(),
    rttP50Ms: pct(rttHist, 50),
    rttP95Ms: pct(rttHist, 95),
    rttP99Ms: pct(rttHist, 99),
    rttMaxMs: rttHist.totalCount === 0 ? 0 : rttHist.maxValue / 1000,
    updates: c.updates,
    updateBytes: c.updateBytes,
    maxUpdatesPerPlayerTick: c.maxPerTick,
    updatesOutOfOrder: c.outOfOrder,
    eventsReceived: c.events,
    unexpectedCloses: c.unexpectedCloses,
    liveAtEnd,
    // The histogram holds the time between its timer's turns: the resolution plus the delay.
    loopDelayP99Ms: Math.max(0, loopDelay.percentile(99) / 1e6 - LOOP_RESOLUTION_MS),
    closeCodes,
    errorCodes,
    connectFailures,
  };
  send({ type: 'result', result });

  // -- stop: when told, or on our own after a while ----------------------------------
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 30_000);
    process.once('message', (message: BenchMessage) => {
      if (message.type === 'stop') {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  stopping = true;
  await closeAll(bots.map((bot) => bot.ws));
}

botMain<BotsConfig>({
  name: 'bots',
  command: 'npm run bench -- load',
  configVariable: 'LIFETICK_BOTS',
  deadlineMs: (config) =>
    (Math.ceil(config.clients / config.batch) * 20 + config.seconds + 60) * 1000,
  run,
});
