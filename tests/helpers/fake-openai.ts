import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** What the scripted server does with one request. */
export type Behaviour =
  | {
      kind: 'reply';
      text?: string;
      delayMs?: number;
      /** The usage to report (default: prompt ~ its length / 4, completion 12); null sends none. */
      usage?: { prompt: number; completion: number } | null;
    }
  | { kind: 'status'; status: number; code?: string; retryAfter?: string }
  | { kind: 'hang' }
  | { kind: 'reset' };

/**
 * A local OpenAI-compatible chat completions server, scripted per request:
 * the one edge lifetick cannot reach in tests is the real API, so the real
 * `openai` client talks to this instead over 127.0.0.1.
 */
export class FakeOpenAI {
  readonly requests: { at: number; body: { messages: { role: string; content: string }[] } }[] = [];
  #script: (n: number) => Behaviour = () => ({ kind: 'reply' });
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  #port = 0;

  constructor() {
    this.#server = createServer((req, res) => this.#handle(req, res));
    this.#server.on('connection', (s) => {
      this.#sockets.add(s);
      s.on('close', () => this.#sockets.delete(s));
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    const address = this.#server.address();
    this.#port = typeof address === 'object' && address ? address.port : 0;
    return `http://127.0.0.1:${this.#port}/v1`;
  }

  /** Decide each request's fate by its number (0, 1, 2, ...). */
  script(fn: (n: number) => Behaviour): void {
    this.#script = fn;
  }

  async stop(): Promise<void> {
    for (const s of this.#sockets) s.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    let raw = '';
    req.on('data', (chunk: Buffer) => {
      raw += chunk.toString();
    });
    req.on('end', () => {
      const n = this.requests.length;
      const body = JSON.parse(raw || '{}') as { messages: { role: string; content: string }[] };
      this.requests.push({ at: Date.now(), body });
      const behaviour = this.#script(n);
      switch (behaviour.kind) {
        case 'hang':
          return; // never answer
        case 'reset':
          req.socket.destroy();
          return;
        case 'status': {
          const headers: Record<string, string> = { 'content-type': 'application/json' };
          if (behaviour.retryAfter) headers['retry-after'] = behaviour.retryAfter;
          res.writeHead(behaviour.status, headers);
          res.end(
            JSON.stringify({
              error: {
                message: `scripted ${behaviour.status}`,
                type: 'scripted',
                code: behaviour.code ?? null,
              },
            }),
          );
          return;
        }
        default: {
          const send = () => {
            const prompt = Math.ceil(JSON.stringify(body.messages ?? []).length / 4);
            const usage =
              behaviour.usage === null
                ? {}
                : {
                    usage: {
                      prompt_tokens: behaviour.usage?.prompt ?? prompt,
                      completion_tokens: behaviour.usage?.completion ?? 12,
                      total_tokens:
                        (behaviour.usage?.prompt ?? prompt) + (behaviour.usage?.completion ?? 12),
                    },
                  };
            res.writeHead(200, { 'content-type': 'application/json' });
            res.end(
              JSON.stringify({
                id: `chatcmpl-${n}`,
                object: 'chat.completion',
                created: Math.floor(Date.now() / 1000),
                model: 'gpt-4o-mini',
                choices: [
                  {
                    index: 0,
                    finish_reason: 'stop',
                    message: {
                      role: 'assistant',
                      content: behaviour.text ?? `Model reply ${n}, lovely to hear from you.`,
                    },
                  },
                ],
                ...usage,
              }),
            );
          };
          if (behaviour.delayMs) setTimeout(send, behaviour.delayMs);
          else send();
        }
      }
    });
  }
}
