import type { Logger } from '../ops/log.ts';

/** What the handler needs of the server: its close-and-flush path. */
export interface Closable {
  close(): Promise<void>;
}

/**
 * The last line of defence for errors nothing else handled: a promise
 * rejected with no handler, or an exception thrown out of a callback. Each is
 * a bug, and the process may not be sound after it, so it does not go on: it
 * logs the error, closes the server the way SIGTERM does (clients get 1001,
 * every player is saved), and exits 1. Without it Node would exit at once,
 * losing the changes since the last flush.
 *
 * `server` returns the server once it has started (undefined before: then
 * there is nothing to save). A second error while closing is logged and
 * changes nothing; the close gets `deadlineMs` before the exit is forced.
 */
export function exitOnUnexpectedErrors(
  logger: Logger,
  server: () => Closable | undefined,
  deadlineMs: number,
): void {
  let failing = false;
  const fail = (kind: string, error: unknown) => {
    logger.fatal({ err: error, kind }, 'unexpected error: saving players and exiting');
    if (failing) return;
    failing = true;
    const deadline = setTimeout(() => {
      logger.fatal('saving took too long: exiting');
      process.exit(1);
    }, deadlineMs);
    deadline.unref();
    const running = server();
    if (!running) process.exit(1);
    running.close().then(
      () => process.exit(1),
      (closeError: unknown) => {
        logger.fatal({ err: closeError }, 'closing after the unexpected error failed');
        process.exit(1);
      },
    );
  };
  process.on('unhandledRejection', (reason) => fail('unhandledRejection', reason));
  process.on('uncaughtException', (error) => fail('uncaughtException', error));
}
