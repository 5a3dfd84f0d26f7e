import OpenAI, {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from 'openai';
import type { ChatProvider, CompletionRequest, CompletionResult } from './provider.ts';
import { ProviderError } from './provider.ts';

export interface OpenAIProviderOptions {
  /** OPENAI_API_KEY. */
  readonly apiKey: string;
  /** OPENAI_BASE_URL: any OpenAI-compatible server. */
  readonly baseURL?: string;
  readonly model: string;
}

/**
 * The OpenAI chat completions API through the official client. The client's
 * own retries are OFF (maxRetries 0): lifetick has exactly one retry layer
 * (retry.ts), because the client would also retry `insufficient_quota`
 * (a 429 that no amount of waiting fixes) and two layers would multiply
 * attempts.
 */
export class OpenAIProvider implements ChatProvider {
  readonly name = 'openai';
  readonly #client: OpenAI;
  readonly #model: string;

  constructor(options: OpenAIProviderOptions) {
    this.#client = new OpenAI({
      apiKey: options.apiKey,
      ...(options.baseURL ? { baseURL: options.baseURL } : {}),
      maxRetries: 0,
    });
    this.#model = options.model;
  }

  async complete(request: CompletionRequest): Promise<CompletionResult> {
    try {
      const response = await this.#client.chat.completions.create(
        {
          model: this.#model,
          messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
          max_tokens: request.maxTokens,
        },
        { signal: request.signal, timeout: 60_000 },
      );
      const text = response.choices[0]?.message?.content?.trim();
      if (!text) throw new ProviderError('empty completion', true);
      return {
        text,
        // Some compatible servers send no usage: the caller estimates then.
        promptTokens: response.usage?.prompt_tokens,
        completionTokens: response.usage?.completion_tokens,
      };
    } catch (error) {
      throw toProviderError(error);
    }
  }
}

function retryAfterMs(headers: Headers | undefined): number | undefined {
  const value = headers?.get('retry-after-ms') ?? undefined;
  if (value && Number.isFinite(Number(value))) return Number(value);
  const seconds = headers?.get('retry-after');
  if (!seconds) return undefined;
  if (Number.isFinite(Number(seconds))) return Number(seconds) * 1000;
  const date = Date.parse(seconds);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

export function toProviderError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  if (error instanceof APIUserAbortError)
    return new ProviderError('deadline passed', false, undefined, 'deadline');
  if (error instanceof APIConnectionTimeoutError)
    return new ProviderError('model timed out', true, undefined, 'timeout');
  if (error instanceof APIConnectionError)
    return new ProviderError(`connection failed: ${error.message}`, true, undefined, 'connection');
  if (error instanceof APIError) {
    const code = typeof error.code === 'string' ? error.code : undefined;
    const status = error.status;
    // insufficient_quota comes as a 429 but waiting does not fix it.
    const retryable =
      code !== 'insufficient_quota' &&
      (status === 429 || status === 408 || (status !== undefined && status >= 500));
    return new ProviderError(
      `model API ${status ?? '?'}${code ? ` ${code}` : ''}: ${error.message}`,
      retryable,
      status,
      code,
      retryAfterMs(error.headers as Headers | undefined),
    );
  }
  if ((error as { name?: string }).name === 'AbortError')
    return new ProviderError('deadline passed', false, undefined, 'deadline');
  return new ProviderError(String((error as Error).message ?? error), false);
}
