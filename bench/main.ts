/**
 * Bench runner: `npm run bench -- <suite> [--json] [options]`.
 *
 *   sim       lifetick (1 worker) vs the object-per-player baseline   --players 100000 --seconds 10
 *   scaling   players x workers grid                                  --players 10000,100000,1000000 --workers N --seconds 5
 *   realtime  paced at 20 Hz like a server: tick p99, late ticks, RSS  --players 1000000 --workers N --seconds 30
 *   codec     wire codec (MessagePack) vs JSON: ops/s and bytes       --seconds 1 (per task)
 *   load      a server process and one bot process of WebSocket bots  --clients 5000 --seconds 60 [--workers N] [--batch 250]
 *
 * Plain output is a table for people; --json prints one document
 * {suite, machine, rows, ratios} whose row format (bench/row.ts) stays stable:
 * BenchRow for sim, scaling and realtime, CodecRow for codec, LoadRow for load.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { machineInfo } from './machine.ts';
import type { BenchResult, BenchRow, CodecRow, LoadRow } from './row.ts';
import { codecSuite } from './suites/codec.ts';
import { loadSuite } from './suites/load.ts';
import { realtimeSuite } from './suites/realtime.ts';
import { scalingSuite } from './suites/scaling.ts';
import { simSuite } from './suites/sim.ts';

const SUITES = ['sim', 'scaling', 'realtime', 'codec', 'load'] as const;
type Suite = (typeof SUITES)[number];

function fail(message: string): never {
  console.error(`bench: ${message}`);
  process.exit(2);
}

function positiveInt(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) fail(`--${name} must be a positive integer, got ${value}`);
  return n;
}

/** Right-aligned columns under a header. */
function renderTable(header: readonly string[], lines: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  return [header, ...lines]
    .map((l) => l.map((cell, i) => cell.padStart(widths[i]!)).join('  '))
    .join('\n');
}

function table(rows: readonly BenchRow[]): string {
  const header = [
    'engine',
    'workers',
    'players',
    'Mminutes/s',
    'tick p50 ms',
    'tick p99 ms',
    'ticks',
    'B/player',
    'RSS MB',
    'late',
  ];
  const lines = rows.map((r) => [
    r.engine,
    String(r.workers),
    String(r.players),
    (r.playerMinutesPerSec / 1e6).toFixed(2),
    r.tickP50Ms.toFixed(2),
    r.tickP99Ms.toFixed(2),
    String(r.ticks),
    String(r.bytesPerPlayer),
    r.rssMB === undefined ? '-' : String(r.rssMB),
    r.lateTicks === undefined ? '-' : String(r.lateTicks),
  ]);
  return renderTable(header, lines);
}

/** Operations a second, in thousands. */
const kops = (n: number) => (n / 1000).toFixed(0);

function codecTable(rows: readonly CodecRow[]): string {
  const header = [
    'frame',
    'mp enc kops/s',
    'json enc kops/s',
    'enc x',
    'mp dec kops/s',
    'json dec kops/s',
    'dec x',
    'mp B',
    'json B',
    'bytes x',
    'mp decoder',
  ];
  const lines = rows.map((r) => [
    r.frame,
    kops(r.msgpackEncodeOpsPerSec),
    kops(r.jsonEncodeOpsPerSec),
    r.encodeOpsRatio.toFixed(2),
    kops(r.msgpackDecodeOpsPerSec),
    kops(r.jsonDecodeOpsPerSec),
    r.decodeOpsRatio.toFixed(2),
    String(r.msgpackBytes),
    String(r.jsonBytes),
    r.bytesRatio.toFixed(2),
    r.msgpackDecoder,
  ]);
  return renderTable(header, lines);
}

const counts = (record: Readonly<Record<string, number>>) =>
  Object.entries(record)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ') || '-';

function loadTables(rows: readonly LoadRow[]): string {
  const f1 = (n: number) => n.toFixed(1);
  const f2 = (n: number) => n.toFixed(2);
  const parts: string[] = [];
  for (const r of rows) {
    parts.push(
      renderTable(
        [
          'clients',
          'workers',
          'tick Hz',
          'attempted',
          'connected',
          'failed',
          'ramp s',
          'welcome p50 ms',
          'welcome p99 ms',
          'welcome max ms',
        ],
        [
          [
            String(r.clients),
            String(r.workers),
            String(r.tickHz),
            String(r.connectAttempted),
            String(r.connectSucceeded),
            String(r.connectFailed),
            f1(r.rampSeconds),
            f1(r.welcomeP50Ms),
            f1(r.welcomeP99Ms),
            f1(r.welcomeMaxMs),
          ],
        ],
      ),
      renderTable(
        [
          'window s',
          'cmds sent',
          'acked',
          'errors',
          'unanswered',
          'rtt p50 ms',
          'rtt p95 ms',
          'rtt p99 ms',
          'rtt max ms',
        ],
        [
          [
            String(r.seconds),
            String(r.commandsSent),
            String(r.commandsAcked),
            String(r.commandErrors),
            String(r.commandsUnanswered),
            f2(r.rttP50Ms),
            f2(r.rttP95Ms),
            f2(r.rttP99Ms),
            f2(r.rttMaxMs),
          ],
        ],
      ),
      renderTable(
        [
          'updates/s',
          'updates/s/client',
          'B/update',
          'max updates/player/tick',
          'out of order',
          'events',
          'unexpected closes',
        ],
        [
          [
            f1(r.updatesPerSec),
            f2(r.updatesPerSecPerClient),
            f1(r.bytesPerUpdate),
            String(r.maxUpdatesPerPlayerTick),
            String(r.updatesOutOfOrder),
            String(r.eventsReceived),
            String(r.unexpectedCloses),
          ],
        ],
      ),
      renderTable(
        [
          'server CPU %',
          'CPU max %',
          'RSS MB',
          'RSS max MB',
          'bots CPU %',
          'bots loop p99 ms',
          'tick p99 ms',
          'late ticks',
          'updates skipped',
          'rate limited',
          'log warn+',
          'shutdown s',
          'exit',
        ],
        [
          [
            f1(r.serverCpuPct),
            f1(r.serverCpuMaxPct),
            String(r.serverRssMB),
            String(r.serverRssMaxMB),
            f1(r.botsCpuPct),
            f2(r.botsLoopDelayP99Ms),
            f2(r.serverTickP99Ms),
            String(r.serverLateTicks),
            String(r.serverUpdatesSkipped),
            String(r.serverRateLimited),
            String(r.serverLogWarnings),
            f2(r.shutdownSeconds),
            String(r.serverExitCode),
          ],
        ],
      ),
      `close codes: ${counts(r.closeCodes)}\nerror codes: ${counts(r.errorCodes)}\nconnect failures: ${counts(r.connectFailures)}`,
    );
  }
  return parts.join('\n\n');
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      players: { type: 'string' },
      workers: { type: 'string' },
      seconds: { type: 'string' },
      seed: { type: 'string' },
      clients: { type: 'string' },
      batch: { type: 'string' },
    },
  });
  const suite = positionals[0] as Suite | undefined;
  if (!suite || !SUITES.includes(suite)) fail(`name a suite: ${SUITES.join(', ')}`);
  const seed = positiveInt(values.seed, 'seed', 1);
  let result: Pick<BenchResult<BenchRow | CodecRow | LoadRow>, 'rows' | 'ratios'>;
  let render: () => string = () => table(result.rows as BenchRow[]);
  if (suite === 'codec') {
    result = await codecSuite({ taskMs: positiveInt(values.seconds, 'seconds', 1) * 1000 });
    render = () => codecTable(result.rows as CodecRow[]);
  } else if (suite === 'load') {
    result = await loadSuite({
      clients: positiveInt(values.clients, 'clients', 5000),
      seconds: positiveInt(values.seconds, 'seconds', 60),
      workers: values.workers === undefined ? undefined : positiveInt(values.workers, 'workers', 1),
      batch: positiveInt(values.batch, 'batch', 250),
    });
    render = () => loadTables(result.rows as LoadRow[]);
  } else if (suite === 'sim') {
    result = await simSuite({
      players: positiveInt(values.players, 'players', 100_000),
      seconds: positiveInt(values.seconds, 'seconds', 10),
      seed,
    });
  } else if (suite === 'realtime') {
    result = await realtimeSuite({
      players: positiveInt(values.players, 'players', 1_000_000),
      workers: positiveInt(values.workers, 'workers', os.availableParallelism()),
      seconds: positiveInt(values.seconds, 'seconds', 30),
      seed,
    });
  } else {
    const playerCounts = (values.players ?? '10000,100000,1000000')
      .split(',')
      .map((p) => positiveInt(p, 'players', 0));
    result = await scalingSuite({
      playerCounts,
      maxWorkers: positiveInt(values.workers, 'workers', os.availableParallelism()),
      seconds: positiveInt(values.seconds, 'seconds', 5),
      seed,
    });
  }
  const doc: BenchResult<BenchRow | CodecRow | LoadRow> = {
    suite,
    machine: machineInfo(),
    ...result,
  };
  if (values.json) {
    console.log(JSON.stringify(doc, null, 2));
    return;
  }
  const m = doc.machine;
  console.log(`suite ${suite} on ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, node ${m.node}\n`);
  console.log(render());
  const ratios = Object.entries(doc.ratios);
  if (ratios.length > 0) console.log('');
  for (const [name, ratio] of ratios) console.log(`${name}: ${ratio.toFixed(2)}x`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
