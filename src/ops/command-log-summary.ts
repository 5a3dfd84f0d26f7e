import { type FileHandle, open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { type Histogram, latencyHistogram, recordMs } from '../kit/latency-histogram.ts';
import { type CommandLogEntry, rotatedFile } from './command-log.ts';

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
// (percentiles within 0.1%), up to an hour (a command held that long is
// still counted, as an hour); the maximum is kept exactly.
const HOUR_MICROS = 3_600_000_000;

class Accumulator {
  readonly #histogram: Histogram = latencyHistogram(HOUR_MICROS);
  count = 0;
  errors = 0;
  max = 0;
  readonly codes: Record<string, number> = {};

  add(ms: number, ok: boolean, code: string | undefined): void {
    this.count++;
    if (ms > this.max) this.max = ms;
    recordMs(this.#histogram, ms);
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
