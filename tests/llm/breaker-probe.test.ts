/**
 * The breaker's half-open probe, as the voice runs it: a probe that ends
 * with no verdict on the model (refused on the way, or out of its own
 * deadline) lets the next call probe instead of leaving the breaker
 * waiting for it forever.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../src/llm/chat-service.ts';
import { type NpcReply, NpcVoice, type VoiceOptions } from '../../src/llm/npc-voice.ts';
import { OpenAIProvider } from '../../src/llm/openai-provider.ts';
import { FakeOpenAI } from '../helpers/fake-openai.ts';

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

/** A voice on the real openai client against the scripted server; replies in order through `next()`. */
function voice(options: Partial<VoiceOptions>) {
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

describe('the half-open breaker in the NPC voice', () => {
  it('lets the next call probe when the probe is refused before it reaches the model', async () => {
    let failing = true;
    fake.script(() => (failing ? { kind: 'status', status: 503 } : { kind: 'reply' }));
    let now = 1_000_000;
    // One call per player for the whole test: a player's second talk is refused by its rate.
    const { v, next } = voice({
      breakerThreshold: 3,
      breakerCooldownMs: 10_000,
      now: () => now,
      playerRate: 1e-6,
      playerBurst: 1,
    });
    for (let i = 0; i < 3; i++) {
      v.ask(ask(`fail ${i}`, `failing-${i}`));
      expect((await next()).fallback).toBe('model_error');
    }
    expect(v.breaker.state).toBe('open');
    failing = false;
    now += 10_001;
    // The breaker lets this talk through as its probe; the player's rate refuses it.
    v.ask(ask('again', 'failing-0'));
    expect((await next()).fallback).toBe('player_rate');
    const calls = fake.requests.length;
    v.ask(ask('probe', 'fresh'));
    const probe = await next();
    expect(probe.source).toBe('model');
    expect(fake.requests).toHaveLength(calls + 1);
    expect(v.breaker.state).toBe('closed');
  });

  it('lets the next call probe when the probe runs out of its own deadline', async () => {
    let mode: 'fail' | 'hang' | 'reply' = 'fail';
    fake.script(() =>
      mode === 'fail'
        ? { kind: 'status', status: 503 }
        : mode === 'hang'
          ? { kind: 'hang' }
          : { kind: 'reply' },
    );
    let now = 1_000_000;
    const { v, next } = voice({
      breakerThreshold: 3,
      breakerCooldownMs: 10_000,
      deadlineMs: 500,
      now: () => now,
      playerBurst: 100,
    });
    for (let i = 0; i < 3; i++) {
      v.ask(ask(`fail ${i}`));
      expect((await next()).fallback).toBe('model_error');
    }
    expect(v.breaker.state).toBe('open');
    mode = 'hang';
    now += 10_001;
    v.ask(ask('slow probe'));
    expect((await next()).fallback).toBe('deadline');
    mode = 'reply';
    v.ask(ask('probe'));
    expect((await next()).source).toBe('model');
    expect(v.breaker.state).toBe('closed');
  });
});
