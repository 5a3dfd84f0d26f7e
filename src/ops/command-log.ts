import { closeSync, fstatSync, mkdirSync, openSync } from 'node:fs';
import { type FileHandle, open, rename } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import * as hdr from 'hdr-histogram-js';
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
 * is what the player waits for). `lifetick stats` summarises it.
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

/** One command's latency figures (or all commands', in `total`). */
export interface LatencyFigures {
  readonly count: number;
  readonly errors: number;
  /** Errors by error code. */
  readonly errorCodes: Record<string, number>;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export interface CommandLatency extends LatencyFigures {
  readonly cmd: string;
}

export interface LatencySummary {
  /** The files read, oldest first (the rotated `.1`, then the current file). */
  readonly files: string[];
  /** Entries summarised (within `since`). */
  readonly entries: number;
  /** Entries before `since`, left out. */
  readonly older: number;
  /** Lines that are not a valid entry (a torn last line after a crash, say). */
  readonly badLines: number;
  /** By command name. */
  readonly commands: CommandLatency[];
  readonly total: LatencyFigures;
}

export interface SummariseOptions {
  /** Only entries with `time` at or after this (epoch milliseconds). */
  readonly fromMs?: number;
}

// Latencies go into HDR histograms in microseconds, three significant digits
// (percentiles within 0.1%), up to an hour; the maximum is kept exactly.
const HIGHEST_MICROS = 3_600_000_000;

class Accumulator {
  readonly #histogram = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_MICROS,
    numberOfSignificantValueDigits: 3,
  });
  count = 0;
  errors = 0;
  max = 0;
  readonly codes: Record<string, number> = {};

  add(ms: number, ok: boolean, code: string | undefined): void {
    this.count++;
    if (ms > this.max) this.max = ms;
    this.#histogram.recordValue(Math.max(1, Math.min(HIGHEST_MICROS, Math.round(ms * 1000))));
    if (!ok) {
      this.errors++;
      const key = code ?? 'UNKNOWN';
      this.codes[key] = (this.codes[key] ?? 0) + 1;
    }
  }

  figures(): LatencyFigures {
    // A bucket's value is its upper edge: never report a percentile past the max.
    const at = (p: number) =>
      round3(Math.min(this.max, this.#histogram.getValueAtPercentile(p) / 1000));
    const errorCodes = Object.fromEntries(
      Object.entries(this.codes).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    );
    return {
      count: this.count,
      errors: this.errors,
      errorCodes,
      p50Ms: this.count ? at(50) : 0,
      p95Ms: this.count ? at(95) : 0,
      p99Ms: this.count ? at(99) : 0,
      maxMs: round3(this.max),
    };
  }

  destroy(): void {
    this.#histogram.destroy();
  }
}

const round3 = (ms: number) => Math.round(ms * 1000) / 1000;

/** A parsed line, or undefined when it is not a valid entry. */
function parseEntry(line: string): { timeMs: number; entry: CommandLogEntry } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const e = value as Record<string, unknown>;
  const timeMs =
    typeof e.time === 'string' ? Date.parse(e.time) : typeof e.time === 'number' ? e.time : NaN;
  if (
    !Number.isFinite(timeMs) ||
    typeof e.cmd !== 'string' ||
    e.cmd === '' ||
    typeof e.ms !== 'number' ||
    !Number.isFinite(e.ms) ||
    e.ms < 0 ||
    typeof e.ok !== 'boolean' ||
    (e.code !== undefined && typeof e.code !== 'string')
  ) {
    return undefined;
  }
  return { timeMs, entry: e as unknown as CommandLogEntry };
}

/**
 * Read the command latency log (`<file>.1`, then `<file>`; a missing one is
 * skipped) and summarise it per command: count, errors, p50/p95/p99 (HDR
 * histogram, within 0.1%) and the exact maximum. Blank lines are ignored;
 * any other line that is not a valid entry is counted in `badLines`.
 */
export async function summariseCommandLog(
  file: string,
  options: SummariseOptions = {},
): Promise<LatencySummary> {
  const byCmd = new Map<string, Accumulator>();
  const total = new Accumulator();
  const files: string[] = [];
  let entries = 0;
  let older = 0;
  let badLines = 0;
  try {
    for (const candidate of [rotatedFile(file), file]) {
      let handle: FileHandle;
      try {
        handle = await open(candidate, 'r');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw error;
      }
      files.push(candidate);
      // The stream closes the handle when it ends or fails.
      const input = handle.createReadStream({ encoding: 'utf8' });
      for await (const line of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
        if (line.trim() === '') continue;
        const parsed = parseEntry(line);
        if (!parsed) {
          badLines++;
          continue;
        }
        if (options.fromMs !== undefined && parsed.timeMs < options.fromMs) {
          older++;
          continue;
        }
        const { cmd, ms, ok, code } = parsed.entry;
        let acc = byCmd.get(cmd);
        if (!acc) {
          acc = new Accumulator();
          byCmd.set(cmd, acc);
        }
        acc.add(ms, ok, code);
        total.add(ms, ok, code);
        entries++;
      }
    }
    const commands = [...byCmd.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([cmd, acc]) => ({ cmd, ...acc.figures() }));
    return { files, entries, older, badLines, commands, total: total.figures() };
  } finally {
    for (const acc of byCmd.values()) acc.destroy();
    total.destroy();
  }
}
