/**
 * `lifetick stats`: command latency per command name, from the server's
 * command latency log (the current file and the rotated `.1`).
 *
 *   lifetick stats [--file PATH] [--since 10m] [--json]
 *
 * The file defaults to the server's: LIFETICK_COMMAND_LOG, else
 * `command-latency.log` in LIFETICK_DATA_DIR (or --data-dir, or ./data).
 * Percentiles come from an HDR histogram (three significant digits: within
 * 0.1% of the exact value); the maximum is exact. Exit 1 when there is
 * nothing to summarise (no file, an empty one, or nothing in --since).
 */
import { z } from 'zod';
import { ENV_NAMES } from '../config.ts';
import { commandLogFile } from '../ops/command-log.ts';
import {
  type LatencyFigures,
  type LatencySummary,
  summariseCommandLog,
} from '../ops/command-log-summary.ts';
import { parseOptions } from './parse-options.ts';

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/;

const optionsSchema = z.object({
  file: z.string().min(1).optional(),
  'data-dir': z.string().min(1).optional(),
  since: z.string().regex(DURATION, 'a duration such as 90s, 10m, 2h or 1d').optional(),
  json: z.boolean().default(false),
});

/** The --json document; `version` changes only if a field changes meaning or goes away. */
export interface StatsDocument {
  readonly version: 1;
  readonly files: string[];
  readonly since: string | null;
  /** The start of the --since window, ISO time; null without --since. */
  readonly from: string | null;
  readonly entries: number;
  readonly older: number;
  readonly badLines: number;
  readonly percentiles: 'hdr-3-digits';
  readonly commands: (LatencyFigures & { cmd: string })[];
  readonly total: LatencyFigures;
}

function durationMs(text: string): number {
  const [, amount, unit] = DURATION.exec(text)!;
  return Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS];
}

function table(summary: LatencySummary): string {
  const header = ['command', 'count', 'errors', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'];
  const row = (name: string, f: LatencyFigures) => [
    name,
    String(f.count),
    String(f.errors),
    f.p50Ms.toFixed(3),
    f.p95Ms.toFixed(3),
    f.p99Ms.toFixed(3),
    f.maxMs.toFixed(3),
  ];
  const lines = [
    header,
    ...summary.commands.map((c) => row(c.cmd, c)),
    row('total', summary.total),
  ];
  const widths = header.map((_, i) => Math.max(...lines.map((l) => l[i]!.length)));
  return lines
    .map((l) => l.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))))
    .map((l) => l.join('  '))
    .join('\n');
}

async function main(): Promise<void> {
  const o = parseOptions('stats', optionsSchema);
  const setting = process.env[ENV_NAMES.commandLog] || undefined;
  const file =
    o.file ??
    commandLogFile({
      dataDir: o['data-dir'] ?? (process.env[ENV_NAMES.dataDir] || './data'),
      commandLog: setting,
    });
  if (file === undefined) {
    console.error(`stats: ${ENV_NAMES.commandLog}=off, so there is no log; pass --file PATH`);
    process.exit(1);
  }
  const now = Date.now();
  const fromMs = o.since === undefined ? undefined : now - durationMs(o.since);
  const summary = await summariseCommandLog(file, fromMs === undefined ? {} : { fromMs });

  if (summary.files.length === 0) {
    console.error(
      `stats: no command log at ${file} (the server writes it while running; see ${ENV_NAMES.commandLog})`,
    );
    process.exit(1);
  }
  if (summary.entries === 0) {
    const why =
      summary.older > 0
        ? `no commands in the last ${o.since} (${summary.older} older)`
        : summary.badLines > 0
          ? `no valid lines (${summary.badLines} bad lines skipped)`
          : 'the log is empty: no commands answered yet';
    console.error(`stats: ${summary.files.join(' + ')}: ${why}`);
    process.exit(1);
  }

  if (o.json) {
    const document: StatsDocument = {
      version: 1,
      files: summary.files,
      since: o.since ?? null,
      from: fromMs === undefined ? null : new Date(fromMs).toISOString(),
      entries: summary.entries,
      older: summary.older,
      badLines: summary.badLines,
      percentiles: 'hdr-3-digits',
      commands: summary.commands,
      total: summary.total,
    };
    console.log(JSON.stringify(document, null, 2));
    return;
  }
  const window = o.since ? ` in the last ${o.since}` : '';
  console.log(
    `stats: ${summary.entries} commands${window} from ${summary.files.join(' + ')}\n` +
      '(receive to answer; percentiles within 0.1% (HDR histogram), max exact)\n',
  );
  console.log(table(summary));
  if (summary.badLines > 0)
    console.log(`\nskipped ${summary.badLines} bad line${summary.badLines === 1 ? '' : 's'}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
