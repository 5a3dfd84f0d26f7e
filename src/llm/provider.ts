/**
 * A chat model: one completion for a list of turns. One implementation: the
 * OpenAI API (openai-provider.ts, any OpenAI-compatible server). Without a
 * provider (the default), and whenever the model may not answer, the voice
 * replies from templates (template-provider.ts's templateReplyFor).
 */
export interface ChatTurn {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

export interface CompletionRequest {
  readonly messages: readonly ChatTurn[];
  readonly maxTokens: number;
  /** Aborts the call at the per-call deadline. */
  readonly signal: AbortSignal;
}

export interface CompletionResult {
  readonly text: string;
  /** Tokens as the server counted them; undefined when it did not say (no `usage`). */
  readonly promptTokens: number | undefined;
  readonly completionTokens: number | undefined;
}

export interface ChatProvider {
  readonly name: string;
  complete(request: CompletionRequest): Promise<CompletionResult>;
}

/** Why a provider call failed, and whether trying again could help. */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  constructor(
    message: string,
    readonly retryable: boolean,
    /** HTTP status, when the server answered. */
    readonly status?: number,
    /** The API's error code, e.g. insufficient_quota. */
    readonly code?: string,
    /** The server's Retry-After, in ms. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}
