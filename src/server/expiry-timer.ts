/**
 * setTimeout holds at most 2^31 - 1 ms (about 24.8 days); a longer delay
 * fires at once (Node warns and uses 1 ms). Tokens may live longer than that.
 */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** A pending expiry; `cancel` is safe to call more than once. */
export interface ExpiryTimer {
  cancel(): void;
}

/**
 * Call `onExpired` once the wall clock (`now`, ms) reaches `expiresAt` (ms),
 * however far away that is: a long wait is taken in steps that each fit a
 * timer, checking the clock again at each step.
 */
export function startExpiryTimer(
  expiresAt: number,
  now: () => number,
  onExpired: () => void,
): ExpiryTimer {
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    const left = expiresAt - now();
    if (left <= 0) {
      timer = undefined;
      onExpired();
      return;
    }
    timer = setTimeout(arm, Math.min(left, MAX_TIMER_MS));
    // An expiry alone must not keep the process alive.
    timer.unref();
  };
  arm();
  return {
    cancel() {
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}
