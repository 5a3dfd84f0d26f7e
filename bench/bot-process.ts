/**
 * The scaffolding of a bot child process (the `load` and `llm` benches):
 * reading its configuration, a hard deadline, exiting with the bench, and
 * closing every socket at the end.
 */
import WebSocket from 'ws';

// Closed sockets get this long to finish their close handshake before the
// rest are cut.
const CLOSE_GRACE_MS = 5_000;

/** Close every bot's socket politely, then cut what is still open. */
export async function closeAll(sockets: readonly (WebSocket | undefined)[]): Promise<void> {
  const closed = sockets.map(
    (ws) =>
      new Promise<void>((resolve) => {
        if (!ws || ws.readyState === WebSocket.CLOSED) {
          resolve();
          return;
        }
        ws.once('close', () => resolve());
        ws.close(1000, 'bench done');
      }),
  );
  await Promise.race([
    Promise.all(closed),
    new Promise<void>((resolve) => setTimeout(resolve, CLOSE_GRACE_MS)),
  ]);
  for (const ws of sockets) ws?.terminate();
}

export interface BotProcess<C> {
  /** For messages: `bots`, `chat-bots`. */
  readonly name: string;
  /** The bench command that starts this process, for the refusal message. */
  readonly command: string;
  /** The environment variable holding the JSON configuration. */
  readonly configVariable: string;
  /** A hard bound on the whole run, whatever happens (none when absent). */
  readonly deadlineMs?: (config: C) => number;
  readonly run: (config: C) => Promise<void>;
}

/** Start a bot process: refuse to run by hand, exit with the bench, obey the deadline. */
export function botMain<C>(bot: BotProcess<C>): void {
  if (!process.send) {
    console.error(`${bot.name}: run by \`${bot.command}\`, not by hand`);
    process.exit(2);
  }
  const config = JSON.parse(process.env[bot.configVariable] ?? 'null') as C | null;
  if (!config) {
    console.error(`${bot.name}: ${bot.configVariable} is not set`);
    process.exit(2);
  }
  // The bench process gone means nobody is listening: stop at once.
  process.on('disconnect', () => process.exit(1));
  if (bot.deadlineMs) {
    const deadline = bot.deadlineMs(config);
    setTimeout(() => {
      console.error(`${bot.name}: still running after ${deadline / 1000} s; exiting`);
      process.exit(1);
    }, deadline).unref();
  }
  bot.run(config).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(`${bot.name}:`, error);
      process.exit(1);
    },
  );
}
