import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenAIProvider } from '../../src/llm/openai-provider.ts';
import { completeWithRetry } from '../../src/llm/retry.ts';
import { FakeOpenAI } from '../helpers/fake-openai.ts';

/**
 * The retry layer judges the deadline on its caller's clock (the voice
 * service's `now`), not on Date.now: a driven clock decides whether the
 * retry still fits. The real client talks to a local scripted server.
 */
describe('completeWithRetry on the caller clock', () => {
  const fake = new FakeOpenAI();
  let provider: OpenAIProvider;
  beforeAll(async () => {
    provider = new OpenAIProvider({ apiKey: 'test', baseURL: await fake.start(), model: 'm' });
  });
  afterAll(() => fake.stop());

  const request = () => ({
    messages: [{ role: 'user' as const, content: 'hello' }],
    maxTokens: 20,
    signal: new AbortController().signal,
  });

  it('retries a 503 when the wait fits before the deadline on that clock', async () => {
    fake.script((n) => (n % 2 === 0 ? { kind: 'status', status: 503 } : { kind: 'reply' }));
    const outcome = await completeWithRetry(provider, request(), 10_000, () => 0);
    expect(outcome).toMatchObject({ ok: true, attempts: 2 });
  });

  it('gives up after one attempt when the wait would pass the deadline on that clock', async () => {
    fake.script(() => ({ kind: 'status', status: 503 }));
    const outcome = await completeWithRetry(provider, request(), 10_000, () => 9_900);
    expect(outcome.ok).toBe(false);
    expect(outcome.attempts).toBe(1);
  });
});
