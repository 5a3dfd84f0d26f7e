import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../src/llm/chat-service.ts';
import { type NpcReply, NpcVoice, type VoiceOptions } from '../../src/llm/npc-voice.ts';
import { OpenAIProvider } from '../../src/llm/openai-provider.ts';
import { personaOf } from '../../src/llm/persona.ts';
import { type Behaviour, FakeOpenAI } from '../helpers/fake-openai.ts';

let fake: FakeOpenAI;
let baseURL: string;
const voices: NpcVoice[] = [];
beforeEach(async () => {
  fake = new FakeOpenAI();
  baseURL = await fake.start();
});
afterEach(async () => {
  for (const v of voices.splice(0)) v.close();
  await fake.stop();
});

/** A voice on the real openai client against the scripted server; replies come through `next()`. */
function voice(options: Partial<VoiceOptions> = {}) {
  const replies: NpcReply[] = [];
  const waiters: ((r: NpcReply) => void)[] = [];
  const v = new NpcVoice({
    provider: new OpenAIProvider({ apiKey: 'test', baseURL, model: 'gpt-4o-mini' }),
    price: { inputPerMillion: 0.15, outputPerMillion: 0.6 },
    deliver: (r) => {
      const w = waiters.shift();
      if (w) w(r);
      else replies.push(r);
    },
    deadlineMs: 3000,
    ...options,
  });
  voices.push(v);
  const next = () =>
    new Promise<NpcReply>((resolve) => {
      const r = replies.shift();
      if (r) resolve(r);
      else waiters.push(resolve);
    });
  return { v, next };
}

let counter = 0;
const ask = (text: string, playerId = `p${++counter}`): ChatRequest => ({
  playerId,
  npcId: 0,
  role: 1,
  affinity: 40,
  familiarity: 50,
  npcAge: 45,
  playerMood: 60,
  text,
});

describe('NPC voice against an OpenAI-compatible server', () => {
  it('answers with the model, counting tokens and cost, with a persona in the prompt', async () => {
    const { v, next } = voice();
    v.ask(ask('hello mum'));
    const reply = await next();
    expect(reply.source).toBe('model');
    expect(reply.fallback).toBeUndefined();
    expect(reply.text).toMatch(/Model reply 0/);
    expect(fake.requests).toHaveLength(1);
    const system = fake.requests[0]!.body.messages[0]!;
    expect(system.role).toBe('system');
    expect(system.content).toMatch(/the player's mother, 45 years old/);
    expect(v.cost.today.total).toBeGreaterThan(0);
  });

  it('serves the same persona and context from the cache without a call', async () => {
    // Two players whose mothers have the same traits: the same persona.
    const traits = (id: string) =>
      personaOf(id, 0, { role: 1, age: 45, affinity: 40, familiarity: 50 }, 60).traits.join();
    let twin = 'twin-1';
    for (let i = 2; traits(twin) !== traits('twin-0'); i++) twin = `twin-${i}`;
    const { v, next } = voice();
    v.ask(ask('How are you?', 'twin-0'));
    await next();
    v.ask(ask('how are you', twin));
    const second = await next();
    expect(second.source).toBe('cache');
    expect(fake.requests).toHaveLength(1);
  });

  it.each<[string, Behaviour, number, string | undefined]>([
    ['a 500 then success', { kind: 'status', status: 500 }, 2, undefined],
    ['a connection reset then success', { kind: 'reset' }, 2, undefined],
    [
      'a 429 with Retry-After then success',
      { kind: 'status', status: 429, retryAfter: '1' },
      2,
      undefined,
    ],
  ])('retries once after %s', async (_name, first, calls, fallback) => {
    fake.script((n) => (n === 0 ? first : { kind: 'reply' }));
    const { v, next } = voice();
    const started = Date.now();
    v.ask(ask('retry me'));
    const reply = await next();
    expect(reply.fallback).toBe(fallback);
    expect(reply.source).toBe('model');
    expect(fake.requests).toHaveLength(calls);
    if (first.kind === 'status' && first.retryAfter) {
      expect(fake.requests[1]!.at - fake.requests[0]!.at).toBeGreaterThanOrEqual(900);
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    }
  });

  it('never makes more than 2 attempts: two 500s fall back to the template', async () => {
    fake.script(() => ({ kind: 'status', status: 500 }));
    const { v, next } = voice();
    v.ask(ask('anyone there?'));
    const reply = await next();
    expect(reply).toMatchObject({ source: 'template', fallback: 'model_error' });
    expect(fake.requests).toHaveLength(2);
  });

  it('never retries insufficient_quota', async () => {
    fake.script(() => ({ kind: 'status', status: 429, code: 'insufficient_quota' }));
    const { v, next } = voice();
    v.ask(ask('quota?'));
    const reply = await next();
    expect(reply).toMatchObject({ source: 'template', fallback: 'insufficient_quota' });
    expect(fake.requests).toHaveLength(1);
  });

  it('gives up a hanging model at the deadline and answers from the template', async () => {
    fake.script(() => ({ kind: 'hang' }));
    const { v, next } = voice({ deadlineMs: 500 });
    const started = Date.now();
    v.ask(ask('are you stuck?'));
    const reply = await next();
    const took = Date.now() - started;
    expect(reply.source).toBe('template');
    expect(reply.fallback).toBe('deadline');
    expect(took).toBeGreaterThanOrEqual(450);
    expect(took).toBeLessThan(2500);
    expect(fake.requests.length).toBeLessThanOrEqual(2);
    // Our own deadline says nothing about the model's health.
    expect(v.breaker.state).toBe('closed');
  });

  it('opens the breaker after repeated failures, then closes it when a probe succeeds', async () => {
    let failing = true;
    fake.script(() => (failing ? { kind: 'status', status: 503 } : { kind: 'reply' }));
    let now = 1_000_000;
    const { v, next } = voice({
      breakerThreshold: 3,
      breakerCooldownMs: 10_000,
      now: () => now,
      playerBurst: 100,
    });
    for (let i = 0; i < 3; i++) {
      v.ask(ask(`fail ${i}`));
      expect((await next()).fallback).toBe('model_error');
    }
    expect(v.breaker.state).toBe('open');
    const calls = fake.requests.length;
    v.ask(ask('while open'));
    expect((await next()).fallback).toBe('breaker_open');
    expect(fake.requests).toHaveLength(calls);
    failing = false;
    now += 10_001;
    v.ask(ask('probe'));
    const probe = await next();
    expect(probe.source).toBe('model');
    expect(v.breaker.state).toBe('closed');
  });

  it('stops calling the model when the daily budget is spent', async () => {
    const { v, next } = voice({ dailyBudget: 0.000001 });
    v.ask(ask('first costs money'));
    expect((await next()).source).toBe('model');
    v.ask(ask('second is over budget'));
    expect(await next()).toMatchObject({ source: 'template', fallback: 'budget' });
    expect(fake.requests).toHaveLength(1);
  });

  it('rate limits each player (1 per 3 s, burst 2): the third quick line gets a template reply', async () => {
    const { v, next } = voice();
    for (const text of ['one', 'two', 'three']) v.ask(ask(text, 'chatty'));
    const replies = [await next(), await next(), await next()];
    expect(replies.filter((r) => r.fallback === 'player_rate')).toHaveLength(1);
    expect(fake.requests).toHaveLength(2);
  });

  it('bounds the queue: beyond it the template answers at once', async () => {
    fake.script(() => ({ kind: 'reply', delayMs: 300 }));
    const { v, next } = voice({ maxConcurrent: 1, maxQueue: 2 });
    for (let i = 0; i < 5; i++) v.ask(ask(`queued ${i}`));
    const replies = await Promise.all(Array.from({ length: 5 }, () => next()));
    expect(replies.filter((r) => r.fallback === 'overloaded')).toHaveLength(2);
    expect(replies.filter((r) => r.source === 'model')).toHaveLength(3);
  });

  it('keeps at most 50 turns per conversation, folding older ones into a memory', async () => {
    const { v } = voice({ provider: undefined });
    for (let i = 0; i < 80; i++) v.ask(ask(`message number ${i}`, 'talker'));
    const c = v.conversation('talker', 0);
    expect(c.turns.length).toBeLessThanOrEqual(50);
    expect(c.summary).toMatch(/They talked about: .*message number/);
    expect(c.summary.length).toBeLessThanOrEqual(601);
  });
});
