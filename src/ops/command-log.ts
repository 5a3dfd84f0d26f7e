import { closeSync, fstatSync, mkdirSync, openSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import type { Logger } from './log.ts';

/**
 * The command latency log: one JSON line per command the server answered,
 *
 *   {"time":"2025-01-01T12:00:00.000Z","cmd":"setSpeed","ms":0.412,"ok":true}
 *   {"time":"...","cmd":"answer","ms":31.07,"ok":false,"code":"CONFLICT"}
 *
 * where `ms` is the time from reading the cmd frame to sending its ack or
 * error (a command submitted during a simulate phase waits for it, so this
 * is what the player waits for). `lifetick stats` summarises it
 * (command-log-summary.ts).
 */
export interface CommandLogEntry {
  readonly time: string;
  readonly cmd: string;
  readonly ms: number;
  readonly ok: boolean;
  readonly code?: string;
}

/** Where the log goes unless `commandLog` says otherwise: in the data dir. */
export const DEFAULT_COMMAND_LOG = 'command-latency.log';

/**
 * The log's path from the `commandLog` setting: undefined when `off`; a
 * relative path is in the data dir (as the SQLite database's is).
 */
export function commandLogFile(config: {
  readonly dataDir: string;
  readonly commandLog?: string | undefined;
}): string | undefined {
  if (config.commandLog === 'off') return undefined;
  return path.resolve(config.dataDir, config.commandLog ?? DEFAULT_COMMAND_LOG);
}

/** The file the current one is renamed to when it passes `maxBytes`. */
export const rotatedFile = (file: string) => `${file}.1`;

export interface CommandLogOptions {
  /** The log file; undefined: no file, only `observe`. */
  readonly file?: string | undefined;
  readonly logger: Logger;
  /** Also told of every answer (the Prometheus histogram). */
  readonly observe?: (cmd: string, ms: number, ok: boolean) => void;
  /** Rotate once the current file passes this size. */
  readonly maxBytes?: number;
}

/** 64 MiB a file, two files: the log never takes more than about 128 MiB of disk. */
const MAX_BYTES = 64 * 1024 * 1024;
/** Lines waiting for the disk before new ones are dropped (and counted). */
const MAX_PENDING_BYTES = 8 * 1024 * 1024;

type Destination = ReturnType<typeof pino.destination>;

/**
 * Writes the command latency log without ever blocking the event loop: a
 * line is appended to pino's asynchronous destination (sonic-boom,
 * `sync: false`), which batches lines into `fs.write` calls on libuv's
 * thread pool while the main thread goes on.
 *
 * Disk use is bounded: once the file passes `maxBytes` (64 MiB) it is
 * renamed to `<file>.1`, replacing the previous `.1` (whose lines are then
 * gone), and a new file is started; so at most two files, about 128 MiB. If
 * the disk is full or slower than the commands, lines wait in memory up to
 * 8 MiB, and beyond that new lines are dropped (counted in `dropped`, and the
 * first write error is logged): the server never stalls or grows for its
 * log. `close()` flushes what is waiting and closes the file.
 */
export class CommandLog {
  readonly #file: string | undefined;
  readonly #logger: Logger;
  readonly #observe: ((cmd: string, ms: number, ok: boolean) => void) | undefined;
  readonly #maxBytes: number;
  readonly #dest: Destination | undefined;
  /** Settles once the file is open (or could not be). */
  readonly #opened: Promise<void>;
  #bytes = 0;
  #failed = false;
  #errors = 0;
  #dropped = 0;
  #rotation: Promise<void> | undefined;
  #closed: Promise<void> | undefined;

  constructor(options: CommandLogOptions) {
    this.#file = options.file;
    this.#logger = options.logger;
    this.#observe = options.observe;
    this.#maxBytes = options.maxBytes ?? MAX_BYTES;
    const file = this.#file;
    this.#opened = Promise.resolve();
    if (file === undefined) return;
    try {
      // Once, at start (the only synchronous file calls): a file that cannot
      // be opened is reported here, and the size it already has counts
      // toward rotation.
      mkdirSync(path.dirname(file), { recursive: true });
      const fd = openSync(file, 'a');
      this.#bytes = fstatSync(fd).size;
      closeSync(fd);
    } catch (error) {
      this.#logger.error({ err: error, file }, 'command log: cannot open the file; not logging');
      this.#dest = undefined;
      return;
    }
    const dest = pino.destination({ dest: file, sync: false, maxLength: MAX_PENDING_BYTES });
    let opened = false;
    let lastError: Error | undefined;
    this.#opened = new Promise((resolve) => {
      dest.once('ready', () => {
        opened = true;
        resolve();
      });
      dest.once('error', () => resolve());
    });
    dest.on('drop', () => {
      this.#dropped++;
    });
    dest.on('error', (error: Error) => {
      // pino's wrapper emits an error a second time; count it once.
      if (error === lastError) return;
      lastError = error;
      this.#errors++;
      if (!opened) {
        // Opened at start but not now (removed in between): no log this run.
        this.#failed = true;
        // pino flushes the destination at exit, which throws for one never opened.
        dest.flushSync = () => {};
        this.#logger.error({ err: error, file }, 'command log: cannot open the file; not logging');
      } else if (this.#errors === 1) {
        this.#logger.error(
          { err: error, file },
          'command log: write failed; lines are kept (up to 8 MiB) and retried, then dropped',
        );
      }
    });
    this.#dest = dest;
  }

  /** Lines refused because too many were waiting for the disk. */
  get dropped(): number {
    return this.#dropped;
  }

  /**
   * One answered command: `startedAt` is `performance.now()` when its frame
   * was read, `code` the error code when the answer was an error.
   */
  record(cmd: string, startedAt: number, code?: string): void {
    const ms = performance.now() - startedAt;
    const ok = code === undefined;
    this.#observe?.(cmd, ms, ok);
    const dest = this.#dest;
    if (!dest || this.#failed || this.#closed) return;
    const line = `{"time":"${new Date().toISOString()}","cmd":${JSON.stringify(cmd)},"ms":${
      Math.round(ms * 1000) / 1000
    },"ok":${ok}${ok ? '' : `,"code":${JSON.stringify(code)}`}}\n`;
    dest.write(line);
    this.#bytes += line.length;
    if (this.#bytes >= this.#maxBytes) this.#rotate(dest, this.#file!);
  }

  /** Rename the full file to `.1` and reopen: lines in flight land in one or the other. */
  #rotate(dest: Destination, file: string): void {
    if (this.#rotation) return;
    this.#bytes = 0;
    // Rename only once the file is open, so the lines before go with it to `.1`.
    this.#rotation = this.#opened
      .then(() => rename(file, rotatedFile(file)))
      .catch((error: unknown) => {
        this.#logger.warn({ err: error, file }, 'command log: could not rename to .1; reopening');
      })
      .then(
        () =>
          new Promise<void>((resolve) => {
            if (this.#closed || this.#failed) return resolve();
            const done = () => {
              dest.off('ready', done);
              dest.off('error', done);
              resolve();
            };
            dest.once('ready', done);
            dest.once('error', done);
            dest.reopen();
          }),
      )
      .finally(() => {
        this.#rotation = undefined;
      });
  }

  /** Settles once a rotation under way (if any) has reopened the file. */
  async rotated(): Promise<void> {
    await this.#rotation;
  }

  /** Flush the waiting lines and close the file. Safe to call more than once. */
  close(): Promise<void> {
    this.#closed ??= this.#close();
    return this.#closed;
  }

  async #close(): Promise<void> {
    const dest = this.#dest;
    if (!dest) return;
    await this.#rotation;
    if (this.#failed) return;
    await new Promise<void>((resolve) => {
      dest.once('close', () => resolve());
      dest.once('error', () => {
        // The last flush failed (a full disk): give up on those lines.
        dest.destroy();
        resolve();
      });
      dest.end();
    });
    if (this.#dropped > 0) {
      this.#logger.warn(
        { file: this.#file, dropped: this.#dropped },
        'command log: lines dropped while the disk fell behind',
      );
    }
  }
}
