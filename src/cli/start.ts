/**
 * `npm start`: the server on its defaults (see the README for every setting).
 *
 * SIGTERM or SIGINT stops accepting, closes clients with 1001, flushes, and
 * exits 0 (forced after 10 s); a second signal exits at once. An unhandled
 * rejection or uncaught exception does the same and exits 1 (fatal-errors.ts).
 */
import { ConfigError, loadConfig } from '../config.ts';
import { createLogger } from '../ops/log.ts';
import { SecretFileError } from '../server/secret.ts';
import { LifetickServer } from '../server/server.ts';
import { exitOnUnexpectedErrors } from './fatal-errors.ts';

const SHUTDOWN_DEADLINE_MS = 10_000;

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env, process.argv.slice(2));
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  // Signal handlers go in before the server starts, so a signal that comes
  // while it is starting is not the default (an abrupt exit).
  let server: LifetickServer | undefined;
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const deadline = setTimeout(() => {
      logger.error('shutdown took longer than 10 s: exiting');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    deadline.unref();
    if (!server) return; // start() below sees `stopping` and closes
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  exitOnUnexpectedErrors(logger, () => server, SHUTDOWN_DEADLINE_MS);
  server = await LifetickServer.start(config, { logger });
  if (stopping) {
    await server.close();
    process.exit(0);
  }
}

main().catch((error: unknown) => {
  // A damaged secret file, or a setting found bad only while starting (a
  // store's key file that cannot be read): the message names it.
  if (error instanceof SecretFileError || error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});
