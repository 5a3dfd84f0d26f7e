import {
  type ChatProvider,
  type CompletionRequest,
  type CompletionResult,
  ProviderError,
} from './provider.ts';

/** A reply, or the last failure, with how many calls it took. */
export type RetryOutcome =
  | { readonly ok: true; readonly result: CompletionResult; readonly attempts: number }
  | { readonly ok: false; readonly error: ProviderError; readonly attempts: number };

/** The most attempts one reply may take (the first call and one retry). */
export const MAX_ATTEMPTS = 2;
/** Wait before the retry when the server gave no Retry-After. */
const DEFAULT_RETRY_DELAY_MS = 250;

/**
 * lifetick's only retry layer: at most two attempts, the second only for a
 * retryable failure, after the server's Retry-After, and only if that wait
 * still fits before the deadline the request's signal carries. `deadlineAt`
 * is on the caller's clock, `now` (the voice service's; Date.now unless a
 * test drives it).
 */
export async function completeWithRetry(
  provider: ChatProvider,
  request: CompletionRequest,
  deadlineAt: number,
  now: () => number = Date.now,
): Promise<RetryOutcome> {
  let lastError: ProviderError | undefined;
  let attempts = 0;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    attempts = attempt;
    try {
      return { ok: true, result: await provider.complete(request), attempts };
    } catch (error) {
      lastError = error instanceof ProviderError ? error : new ProviderError(String(error), false);
      const wait = lastError.retryAfterMs ?? DEFAULT_RETRY_DELAY_MS;
      if (
        !lastError.retryable ||
        attempt === MAX_ATTEMPTS ||
        now() + wait >= deadlineAt ||
        request.signal.aborted
      )
        break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait);
        request.signal.addEventListener(
          'abort',
          () => {
            clearTimeout(timer);
            resolve();
          },
          { once: true },
        );
      });
      if (request.signal.aborted) break;
    }
  }
  return { ok: false, error: lastError ?? new ProviderError('no attempt made', false), attempts };
}
