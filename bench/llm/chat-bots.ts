/**
 * The `llm` bench's bot process: `players` WebSocket players against one
 * server on 127.0.0.1, driven by the bench process (bench/suites/llm.ts)
 * over IPC. Wire contract spoken directly with `ws` and msgpackr.
 *
 * Each bot connects as player `chat-<n>` (a new life), sets its speed,
 * answers any question an event asks (free options first; the player's
 * clock stops while one is pending) and waits. When told to chat, it talks
 * for the given seconds on its group's schedule (see SCHEDULE in
 * bench/llm/schedule.ts), then stops and waits for the last replies.
 *
 * A bot behaves like a client with a talk button: it holds a line back when
 * the energy it was last told is below the talk price (and counts it).
 * Chat frames carry no talk id, so replies are matched per NPC: a template
 * reply refused at the door (player_rate, overloaded, budget, breaker_open)
 * to the newest talk, any other reply to the oldest. A cache hit (no
 * fallback, at once) that overtakes a model call to the same NPC is timed
 * against the older talk: rare, and off by at most the two lines' spacing.
 *
 * Not meant to be run by hand: it reads its settings from LIFETICK_CHAT_BOTS
 * and reports on the IPC channel. Without a parent it exits.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { Packr, Unpackr } from 'msgpackr';
import WebSocket from 'ws';
import { TALK_ENERGY } from '../../src/commands/core.ts';
import { mintPlayerToken, secretKey } from '../../src/server/auth.ts';
import { botMain, closeAll } from '../bot-process.ts';
import { nextBenchMessage, send } from './bots-ipc.ts';
import { type Bot, BotState, newBot, type Sent } from './chat-bot.ts';
import type { ChatBotsConfig, ChatBotsResult } from './messages.ts';
import { histogram, latency, record } from './reply-latency.ts';
import { SCHEDULE } from './schedule.ts';
import { pickLine, uniform } from './talk-lines.ts';

const packr = new Packr({ useRecords: false, variableMapSize: true });
const unpackr = new Unpackr({ useRecords: false, mapsAsObjects: true, int64AsType: 'number' });

const WELCOME_TIMEOUT_MS = 15_000;
/** The chat scheduler's resolution. */
const SLOT_MS = 10;
const LOOP_RESOLUTION_MS = 10;

/** Fallback reasons decided inside `ask`, before any queue: the reply follows its talk at once. */
const IMMEDIATE = new Set(['player_rate', 'overloaded', 'budget', 'breaker_open']);

const bump = (counts: Record<string, number>, key: string) => {
  counts[key] = (counts[key] ?? 0) + 1;
};
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function run(config: ChatBotsConfig): Promise<void> {
  const key = secretKey(config.secret);
  const url = `ws://127.0.0.1:${config.port}/ws`;
  const loopDelay = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  const modelHist = histogram();
  const templateHist = histogram();
  const bots: Bot[] = [];
  const closeCodes: Record<string, number> = {};
  const talkErrors: Record<string, number> = {};
  const repliesBySource: Record<string, number> = {};
  let connected = 0;
  let failed = 0;
  let nextId = 1;
  let stopping = false;
  const c = {
    talksSent: 0,
    talksSentSteady: 0,
    talksSentBursty: 0,
    talksAcked: 0,
    heldBack: 0,
    replies: 0,
    repliesUnexpected: 0,
    answers: 0,
    unexpectedCloses: 0,
  };

  const fail = (bot: Bot) => {
    if (bot.state !== BotState.connecting) return;
    bot.state = BotState.failed;
    failed++;
    bot.ws?.terminate();
    bot.settle?.();
  };

  const command = (bot: Bot, sent: Sent, name: string, args: unknown): number | undefined => {
    const ws = bot.ws;
    if (bot.state !== BotState.live || !ws || ws.readyState !== WebSocket.OPEN) return undefined;
    const id = nextId++;
    bot.sent.set(id, sent);
    ws.send(packr.pack({ t: 'cmd', id, name, args }));
    return id;
  };

  const answerQuestion = (bot: Bot) => {
    const q = bot.question;
    if (!q) return;
    const at = performance.now();
    if (
      command(bot, { kind: 'answer', at, npcId: -1 }, 'answer', {
        eventId: q.eventId,
        optionId: q.options[q.next]!,
      }) !== undefined
    )
      c.answers++;
  };

  const talk = (bot: Bot) => {
    if (bot.npcs.length === 0) return;
    if (bot.energy < TALK_ENERGY) {
      c.heldBack++;
      return;
    }
    const schedule = SCHEDULE[bot.group];
    const npcId =
      bot.rng() < schedule.favouriteShare
        ? bot.favourite
        : bot.npcs[Math.floor(bot.rng() * bot.npcs.length)]!;
    const at = performance.now();
    const id = command(bot, { kind: 'talk', at, npcId }, 'talk', {
      npcId,
      text: pickLine(bot.rng),
    });
    if (id === undefined) return;
    bot.energy -= TALK_ENERGY;
    let queue = bot.awaiting.get(npcId);
    if (!queue) {
      queue = [];
      bot.awaiting.set(npcId, queue);
    }
    queue.push({ id, at });
    c.talksSent++;
    if (bot.group === 'steady') c.talksSentSteady++;
    else c.talksSentBursty++;
  };

  const takeQuestion = (bot: Bot, event: unknown) => {
    if (typeof event !== 'object' || event === null) return;
    const e = event as { id?: unknown; kind?: unknown; options?: unknown };
    if (typeof e.id !== 'string' || e.kind === 'message' || !Array.isArray(e.options)) return;
    const options = (e.options as { id?: unknown; cost?: unknown }[])
      .filter((o) => typeof o.id === 'string')
      .sort((a, b) => Number(a.cost !== undefined) - Number(b.cost !== undefined))
      .map((o) => o.id as string);
    if (options.length === 0) return;
    bot.question = { eventId: e.id, options, next: 0 };
    answerQuestion(bot);
  };

  const onReply = (bot: Bot, id: unknown, error: string | undefined) => {
    if (typeof id !== 'number') return false;
    const sent = bot.sent.get(id);
    if (!sent) return false;
    bot.sent.delete(id);
    if (sent.kind === 'talk') {
      if (error === undefined) {
        c.talksAcked++;
      } else {
        bump(talkErrors, error);
        // A refused talk gets no reply: stop waiting for one.
        const queue = bot.awaiting.get(sent.npcId);
        const i = queue?.findIndex((t) => t.id === id) ?? -1;
        if (queue && i >= 0) queue.splice(i, 1);
        if (error === 'INSUFFICIENT_FUNDS') bot.energy = 0;
      }
    } else if (sent.kind === 'answer' && bot.question) {
      if (error === undefined || error === 'NOT_FOUND' || error === 'CONFLICT') {
        bot.question = undefined;
      } else if (++bot.question.next >= bot.question.options.length) {
        bot.question = undefined;
      } else {
        answerQuestion(bot);
      }
    }
    return true;
  };

  const onChat = (bot: Bot, frame: { npcId?: unknown; message?: unknown }) => {
    const now = performance.now();
    const message = frame.message as { fallback?: unknown } | undefined;
    const fallback = typeof message?.fallback === 'string' ? message.fallback : undefined;
    c.replies++;
    bump(repliesBySource, fallback ?? 'none');
    const queue = typeof frame.npcId === 'number' ? bot.awaiting.get(frame.npcId) : undefined;
    // Refusals at the door (rate, queue, budget, breaker) answer the talk just sent; the
    // model (and its deadline or errors) answers in the order the talks were queued.
    const talked =
      fallback !== undefined && IMMEDIATE.has(fallback) ? queue?.pop() : queue?.shift();
    if (!talked) {
      c.repliesUnexpected++;
      return;
    }
    record(fallback === undefined ? modelHist : templateHist, now - talked.at);
  };

  const onMessage = (bot: Bot, data: Buffer) => {
    let frame: { t?: unknown; [k: string]: unknown };
    try {
      frame = unpackr.unpack(data) as typeof frame;
    } catch {
      return;
    }
    switch (frame.t) {
      case 'update': {
        const d = frame.d as Record<string, unknown> | undefined;
        const energy = d?.[bot.energyKey];
        if (typeof energy === 'number') bot.energy = energy;
        return;
      }
      case 'ack':
        onReply(bot, frame.id, undefined);
        return;
      case 'error': {
        const code = String(frame.code);
        if (!onReply(bot, frame.id, code) && bot.state === BotState.connecting) fail(bot);
        return;
      }
      case 'event':
        takeQuestion(bot, frame.event);
        return;
      case 'chat':
        onChat(bot, frame as { npcId?: unknown; message?: unknown });
        return;
      case 'welcome': {
        if (bot.state !== BotState.connecting) return;
        bot.state = BotState.live;
        connected++;
        const fields = Array.isArray(frame.fields) ? (frame.fields as string[]) : [];
        bot.energyKey = String(fields.indexOf('energy'));
        const state = (frame.state ?? {}) as {
          energy?: unknown;
          npcs?: { id?: unknown }[];
          pending?: unknown;
        };
        bot.energy = typeof state.energy === 'number' ? state.energy : 0;
        bot.npcs = (state.npcs ?? [])
          .map((npc) => npc.id)
          .filter((id): id is number => typeof id === 'number');
        bot.favourite = bot.npcs[Math.floor(bot.rng() * bot.npcs.length)] ?? 0;
        bot.settle?.();
        command(bot, { kind: 'speed', at: performance.now(), npcId: -1 }, 'setSpeed', {
          level: SCHEDULE[bot.group].speed,
        });
        if (state.pending) takeQuestion(bot, state.pending);
        return;
      }
      default:
        return;
    }
  };

  const open = (bot: Bot, token: string) =>
    new Promise<void>((resolve) => {
      bot.openedAt = performance.now();
      const timer = setTimeout(() => fail(bot), WELCOME_TIMEOUT_MS);
      bot.settle = () => {
        clearTimeout(timer);
        bot.settle = undefined;
        resolve();
      };
      const ws = new WebSocket(url, {
        perMessageDeflate: false,
        handshakeTimeout: WELCOME_TIMEOUT_MS,
        maxPayload: 1 << 20,
      });
      bot.ws = ws;
      ws.on('open', () => ws.send(packr.pack({ t: 'hello', v: 1, token })));
      ws.on('message', (data: Buffer) => onMessage(bot, data));
      ws.on('error', () => fail(bot));
      ws.on('close', (code: number) => {
        const was = bot.state;
        bot.state = BotState.closed;
        if (was === BotState.live) connected--;
        if (stopping) return;
        if (was === BotState.connecting) {
          failed++;
          bot.settle?.();
        }
        if (was === BotState.live) {
          c.unexpectedCloses++;
          bump(closeCodes, String(code));
        }
      });
    });

  // -- ramp up ---------------------------------------------------------------------------
  const rampStart = performance.now();
  for (let first = 0; first < config.players; first += config.batch) {
    const count = Math.min(config.batch, config.players - first);
    const batch: Bot[] = [];
    for (let n = first; n < first + count; n++) {
      batch.push(newBot(n, config.seed));
    }
    const tokens = await Promise.all(batch.map((b) => mintPlayerToken(`chat-${b.n}`, key, 3600)));
    bots.push(...batch);
    await Promise.all(batch.map((b, i) => open(b, tokens[i]!)));
    send({ type: 'progress', attempted: bots.length, connected, failed });
  }
  const rampSeconds = (performance.now() - rampStart) / 1000;
  send({ type: 'ready', connected });

  // -- chat --------------------------------------------------------------------------------
  const { seconds, graceMs } = await nextBenchMessage('chat');
  loopDelay.enable();
  const chatStart = performance.now();
  const chatEnd = chatStart + seconds * 1000;
  for (const bot of bots) {
    const s = SCHEDULE[bot.group];
    bot.nextAt = chatStart + uniform(bot.rng, s.firstMs);
    bot.burstLeft = s.burst;
  }
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const now = performance.now();
      if (now >= chatEnd) {
        clearInterval(timer);
        resolve();
        return;
      }
      for (const bot of bots) {
        if (bot.nextAt > now || bot.state !== BotState.live) continue;
        const s = SCHEDULE[bot.group];
        talk(bot);
        // From the time it was due, not now: a late timer turn does not slow the schedule.
        if (--bot.burstLeft > 0) {
          bot.nextAt += s.withinBurstMs;
        } else {
          bot.burstLeft = s.burst;
          bot.nextAt += uniform(bot.rng, s.betweenMs);
        }
      }
    }, SLOT_MS);
  });
  const chatSeconds = (performance.now() - chatStart) / 1000;
  loopDelay.disable();
  send({ type: 'chatEnd', sent: c.talksSent });

  // Replies to the last lines: template answers at once, model ones within the deadline.
  const waiting = () => {
    let talks = 0;
    let replies = 0;
    for (const bot of bots) {
      for (const sent of bot.sent.values()) if (sent.kind === 'talk') talks++;
      for (const queue of bot.awaiting.values()) replies += queue.length;
    }
    return { talks, replies };
  };
  const waitUntil = performance.now() + graceMs;
  while (performance.now() < waitUntil) {
    const w = waiting();
    if (w.talks === 0 && w.replies === 0) break;
    await sleep(50);
  }
  const left = waiting();

  const result: ChatBotsResult = {
    rampSeconds,
    connectAttempted: bots.length,
    connectSucceeded: bots.length - failed,
    chatSeconds,
    talksSent: c.talksSent,
    talksSentSteady: c.talksSentSteady,
    talksSentBursty: c.talksSentBursty,
    talksAcked: c.talksAcked,
    talkErrors,
    talksUnanswered: left.talks,
    heldBackForEnergy: c.heldBack,
    replies: c.replies,
    repliesBySource,
    // Acked talks still waiting (a talk unanswered by ack is counted above instead).
    repliesMissing: Math.max(0, left.replies - left.talks),
    repliesUnexpected: c.repliesUnexpected,
    modelReply: latency(modelHist),
    templateReply: latency(templateHist),
    answersSent: c.answers,
    unexpectedCloses: c.unexpectedCloses,
    closeCodes,
    loopDelayP99Ms: Math.max(0, loopDelay.percentile(99) / 1e6 - LOOP_RESOLUTION_MS),
  };
  send({ type: 'result', result });

  // -- stop: when told ---------------------------------------------------------------------
  await nextBenchMessage('stop');
  stopping = true;
  await closeAll(bots.map((bot) => bot.ws));
}

botMain<ChatBotsConfig>({
  name: 'chat-bots',
  command: 'npm run bench -- llm',
  configVariable: 'LIFETICK_CHAT_BOTS',
  run,
});
