import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeOpenAI } from '../helpers/fake-openai.ts';
import { RawClient } from '../helpers/raw-client.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let fake: FakeOpenAI;
let ts: TestServer;
beforeAll(async () => {
  fake = new FakeOpenAI();
  const baseURL = await fake.start();
  ts = await startTestServer({
    LIFETICK_LLM: 'openai',
    OPENAI_API_KEY: 'test',
    OPENAI_BASE_URL: baseURL,
    LIFETICK_LLM_DEADLINE_MS: '2000',
  });
});
afterAll(async () => {
  await ts.close();
  await fake.stop();
});

describe('talk through the server with the OpenAI provider', () => {
  it('delivers the model reply as a chat frame and remembers the conversation', async () => {
    const client = await RawClient.open(ts.url);
    const welcome = await client.hello(await ts.token('chatter'));
    const npc = (welcome.state as { npcs: { id: number }[] }).npcs[0]!;
    expect((await client.command(1, 'talk', { npcId: npc.id, text: 'Hi there!' })).t).toBe('ack');
    const chat = await client.next((f) => f.t === 'chat');
    expect(chat).toMatchObject({ npcId: npc.id, message: { from: 'npc' } });
    expect((chat.message as { text: string; fallback?: string }).fallback).toBeUndefined();
    expect((chat.message as { text: string }).text).toMatch(/Model reply/);
    const person = (await client.command(2, 'retrievePerson', { npcId: npc.id })).result as {
      messages: { from: string; text: string }[];
      name: string;
    };
    expect(person.messages.map((m) => m.from)).toEqual(['player', 'npc']);
    const state = (await client.command(3, 'getState')).result as {
      conversations: { npcId: number; messages: unknown[] }[];
    };
    expect(state.conversations[0]).toMatchObject({ npcId: npc.id });
    client.close();
  });

  it('tells the client when the template answered instead (the model is out of quota)', async () => {
    fake.script(() => ({ kind: 'status', status: 429, code: 'insufficient_quota' }));
    const client = await RawClient.open(ts.url);
    const welcome = await client.hello(await ts.token('broke'));
    const npc = (welcome.state as { npcs: { id: number }[] }).npcs[0]!;
    await client.command(1, 'talk', { npcId: npc.id, text: 'Are you there?' });
    const chat = await client.next((f) => f.t === 'chat');
    expect((chat.message as { fallback?: string }).fallback).toBe('insufficient_quota');
    expect((chat.message as { text: string }).text.length).toBeGreaterThan(0);
    const metrics = await (await fetch(`${ts.http}/metrics`)).text();
    expect(metrics).toMatch(/lifetick_llm_fallbacks_total\{reason="insufficient_quota"\} 1/);
    expect(metrics).toMatch(/lifetick_llm_calls_total\{outcome="ok"\} 1/);
    client.close();
  });
});

/** One line to the player's first NPC; resolves with the reply's chat message. */
async function talkOnce(
  ts: TestServer,
  playerId: string,
): Promise<{ text: string; fallback?: string }> {
  const client = await RawClient.open(ts.url);
  try {
    const welcome = await client.hello(await ts.token(playerId));
    const npc = (welcome.state as { npcs: { id: number }[] }).npcs[0]!;
    expect((await client.command(1, 'talk', { npcId: npc.id, text: 'Hello!' })).t).toBe('ack');
    const chat = await client.next((f) => f.t === 'chat');
    return chat.message as { text: string; fallback?: string };
  } finally {
    client.close();
  }
}

describe("the day's model spend", () => {
  it("survives a restart: a player's own budget and everyone's stay spent", async () => {
    const model = new FakeOpenAI();
    const dir = mkdtempSync(path.join(tmpdir(), 'lifetick-spend-'));
    const env = {
      LIFETICK_LLM: 'openai',
      OPENAI_API_KEY: 'test',
      OPENAI_BASE_URL: await model.start(),
      LIFETICK_LLM_DEADLINE_MS: '2000',
      LIFETICK_DATA_DIR: dir,
      LIFETICK_LLM_DAILY_BUDGET: '1',
      LIFETICK_LLM_PLAYER_DAILY_BUDGET: '0.03',
    };
    let server: TestServer | undefined;
    try {
      // A million prompt tokens at gpt-4o-mini's $0.15: past the player's $0.03.
      model.script(() => ({ kind: 'reply', usage: { prompt: 1_000_000, completion: 12 } }));
      server = await startTestServer(env);
      expect((await talkOnce(server, 'spender')).fallback).toBeUndefined();
      await server.close();

      // Six million ($0.90): with the spender's $0.15, past everyone's $1.
      model.script(() => ({ kind: 'reply', usage: { prompt: 6_000_000, completion: 12 } }));
      server = await startTestServer(env);
      expect((await talkOnce(server, 'spender')).fallback).toBe('budget');
      expect((await talkOnce(server, 'bystander')).fallback).toBeUndefined();
      await server.close();

      server = await startTestServer(env);
      expect((await talkOnce(server, 'newcomer')).fallback).toBe('budget');
      expect(model.requests).toHaveLength(2);
    } finally {
      await server?.close();
      await model.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
