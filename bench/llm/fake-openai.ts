import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { fnv1a } from '../../src/kit/fnv1a.ts';

/**
 * The `llm` bench's stand-in for the OpenAI API: POST /v1/chat/completions
 * answered after a fixed latency with a short in-character line and a
 * realistic `usage`, on 127.0.0.1 (ephemeral port). Runs in the bench
 * process; the server under test reaches it through the real `openai`
 * client (OPENAI_BASE_URL).
 *
 * Tokens are estimated the way OpenAI's rule of thumb does, about four
 * characters a token: prompt_tokens = Σ ceil(content / 4) + 4 per message
 * (role and separators) + 3 (the reply's priming); completion_tokens =
 * ceil(reply / 4), about 20 for the replies below.
 *
 * The reply is picked by a hash of the whole request body, so it varies the
 * way a real model's (sampled) replies do: the familiarity in the system
 * prompt moves with every talk, so the same line rarely gets the same
 * answer twice. The NPC voice's own cache is what is measured, not ours.
 */

/** Short NPC lines, 70..90 characters: about 20 completion tokens each. */
const REPLIES = [
  'Oh, that is lovely to hear. Come by the kitchen later, I will put the kettle on for us.',
  'Honestly, I was just thinking about you. Tell me more when you have a quiet minute.',
  'Ha, you always know how to make me laugh. Let us catch up properly this weekend.',
  'I am a bit tired today, but I am glad you wrote. How are things going on your side?',
  'That sounds like a lot. Take it slowly, and call me if you need a hand with anything.',
  'Really? I did not expect that at all. You will have to tell me the whole story soon.',
  'Same as always here, busy but fine. Dinner on Sunday still works for me if you like.',
  'You should be proud of yourself, truly. I knew you would get there in the end, love.',
  'Hmm, I am not sure about that one. Let me think it over and I will get back to you.',
  'Of course I remember. It was one of the best days we had that whole summer, was it not?',
  'Please do not worry so much. Things have a way of working out, they always do for you.',
  'I would love that. Pick a place and a time and I will be there, no excuses this time.',
  'Good morning to you too. The weather is finally turning, maybe we can go for a walk.',
  'Sleep well, and do not stay up too late again. We can talk more about it tomorrow.',
  'Thank you for saying that. It means more to me than you probably realise, honestly.',
  'Oh no, I am sorry to hear that. Is there anything I can do to make the day better?',
];

export interface FakeOpenAICounters {
  /** Completions answered (200). */
  readonly calls: number;
  /** Requests that were not a chat completion, or not valid JSON (answered 400/404). */
  readonly rejected: number;
  /** Requests whose client went away before the answer (aborted at their deadline). */
  readonly abandoned: number;
  readonly promptTokens: number;
  readonly completionTokens: number;
  /** Most requests being answered at once. */
  readonly maxInFlight: number;
  /** Requests by `model` field. */
  readonly models: Readonly<Record<string, number>>;
}

export class FakeOpenAI {
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  readonly #latencyMs: number;
  #calls = 0;
  #rejected = 0;
  #abandoned = 0;
  #promptTokens = 0;
  #completionTokens = 0;
  #inFlight = 0;
  #maxInFlight = 0;
  readonly #models: Record<string, number> = {};

  constructor(latencyMs: number) {
    this.#latencyMs = latencyMs;
    this.#server = createServer((req, res) => this.#handle(req, res));
    // The server under test keeps connections alive; close them all at stop.
    this.#server.keepAliveTimeout = 30_000;
    this.#server.on('connection', (s) => {
      this.#sockets.add(s);
      s.on('close', () => this.#sockets.delete(s));
    });
  }

  /** Listen on 127.0.0.1 (ephemeral port); the base URL for OPENAI_BASE_URL. */
  async start(): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(0, '127.0.0.1', () => {
        this.#server.off('error', reject);
        resolve();
      });
    });
    const address = this.#server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    return `http://127.0.0.1:${port}/v1`;
  }

  counters(): FakeOpenAICounters {
    return {
      calls: this.#calls,
      rejected: this.#rejected,
      abandoned: this.#abandoned,
      promptTokens: this.#promptTokens,
      completionTokens: this.#completionTokens,
      maxInFlight: this.#maxInFlight,
      models: { ...this.#models },
    };
  }

  async stop(): Promise<void> {
    for (const s of this.#sockets) s.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
        this.#rejected++;
        this.#json(res, 404, { error: { message: 'not found', type: 'invalid_request_error' } });
        return;
      }
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: { model?: unknown; messages?: { role?: unknown; content?: unknown }[] };
      try {
        body = JSON.parse(raw);
      } catch {
        body = {};
      }
      if (!Array.isArray(body.messages) || body.messages.length === 0) {
        this.#rejected++;
        this.#json(res, 400, {
          error: { message: 'messages is required', type: 'invalid_request_error' },
        });
        return;
      }
      const model = typeof body.model === 'string' ? body.model : '?';
      this.#models[model] = (this.#models[model] ?? 0) + 1;
      let promptTokens = 3;
      for (const m of body.messages) {
        const content = typeof m.content === 'string' ? m.content : '';
        promptTokens += Math.ceil(content.length / 4) + 4;
      }
      const text = REPLIES[fnv1a(raw) % REPLIES.length]!;
      const completionTokens = Math.ceil(text.length / 4);
      this.#inFlight++;
      if (this.#inFlight > this.#maxInFlight) this.#maxInFlight = this.#inFlight;
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        this.#inFlight--;
      };
      res.on('close', () => {
        if (!done) {
          this.#abandoned++;
          clearTimeout(timer);
          finish();
        }
      });
      const timer = setTimeout(() => {
        finish();
        this.#calls++;
        this.#promptTokens += promptTokens;
        this.#completionTokens += completionTokens;
        this.#json(res, 200, {
          id: `chatcmpl-bench-${this.#calls}`,
          object: 'chat.completion',
          created: Math.floor(Date.now() / 1000),
          model,
          choices: [
            {
              index: 0,
              finish_reason: 'stop',
              logprobs: null,
              message: { role: 'assistant', content: text, refusal: null },
            },
          ],
          usage: {
            prompt_tokens: promptTokens,
            completion_tokens: completionTokens,
            total_tokens: promptTokens + completionTokens,
          },
        });
      }, this.#latencyMs);
    });
  }

  #json(res: ServerResponse, status: number, body: unknown): void {
    if (res.destroyed) return;
    const payload = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(payload),
    });
    res.end(payload);
  }
}
