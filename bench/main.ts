/**
 * Bench runner: `npm run bench -- <suite> [--json] [options]`.
 *
 *   sim       lifetick (1 worker) vs the object-per-player baseline   --players 100000 --seconds 10
 *   scaling   players x workers grid                                  --players 10000,100000,1000000 --workers N --seconds 5
 *   realtime  paced at 20 Hz like a server: tick p99, late ticks, RSS  --players 1000000 --workers N --seconds 30
 *   codec     wire codec (MessagePack) vs JSON: ops/s and bytes       --seconds 1 (per task)
 *   load      a server process and one bot process of WebSocket bots  --clients 5000 --seconds 60 [--workers N] [--batch 250]
 *   persist   rows/s into SQLite and MySQL per batch size, encodeHot,  --players 100000 --batch 100,500,1000,2000,5000
 *             flushing every player of an engine through the writer    --seconds 2 (per batch size) --workers 2
 *             (MySQL: LIFETICK_BENCH_MYSQL_URL, default mysql://root@127.0.0.1:3306; skipped when none answers)
 *   llm       NPC chat through the governed voice service, the real   --players 1000 --seconds 60 --latency-ms 800
 *             openai client against a local fake model: a day of      --quiet-seconds 15 --caps day|server
 *             chat compressed into --seconds after a no-chat phase    (bench/llm/schedule.ts says what a day is)
 *
 *   all       every suite above in turn; --report writes one HTML page    --quick (about a minute on 2 cores)
 *             with charts and the raw JSON beside it                   --report --out bench-report --compare A.json
 *             (bench/report/): without --report, each suite's tables; --json: the whole document
 *   compare   A.json B.json: compare.html, figure by figure with B/A   --out bench-report
 *
 * Plain output is a table for people; --json prints one document
 * {suite, machine, rows, ratios} whose row format (bench/row.ts) stays stable:
 * BenchRow for sim, scaling and realtime, CodecRow for codec, LoadRow for load,
 * PersistRow for persist, LlmRow for llm. A ratio whose name has "Over" is printed with x;
 * the others are values in the unit their name gives (persist's rows/s, ms).
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { machineInfo } from './machine.ts';
import { allCommand, compareCommand, DEFAULT_OUT } from './report/cli.ts';
import { ReportInputError, type SuiteReport } from './report/doc.ts';
import type {
  BenchResult,
  BenchRow,
  CodecRow,
  LlmRow,
  LoadRow,
  PersistBatchRow,
  PersistEncodeRow,
  PersistFlushRow,
  PersistRow,
} from './row.ts';
import { codecSuite } from './suites/codec.ts';
import { llmSuite } from './suites/llm.ts';
import { loadSuite } from './suites/load.ts';
import { persistSuite } from './suites/persist.ts';
import { productionSuite } from './suites/production.ts';
import { realtimeSuite } from './suites/realtime.ts';
import { scalingSuite } from './suites/scaling.ts';
import { simSuite } from './suites/sim.ts';

const SUITES = [
  'sim',
  'scaling',
  'realtime',
  'codec',
  'load',
  'persist',
  'llm',
  'production',
] as const;
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

function persistTables(rows: readonly PersistRow[]): string {
  const f2 = (n: number | undefined) => (n === undefined ? '-' : n.toFixed(2));
  const k = (n: number) => (n / 1000).toFixed(1);
  const parts: string[] = [];
  const encode = rows.filter((r): r is PersistEncodeRow => r.kind === 'encode');
  parts.push(
    renderTable(
      ['encodeHot k rows/s', 'rows', 'mean hot B'],
      encode.map((r) => [k(r.rowsPerSec), String(r.rows), String(r.meanHotBytes)]),
    ),
  );
  const batches = rows.filter((r): r is PersistBatchRow => r.kind === 'batch');
  parts.push(
    renderTable(
      [
        'backend',
        'op',
        'batch',
        'table rows',
        'rows',
        'k rows/s',
        '+encode k rows/s',
        'batch p50 ms',
        'batch max ms',
      ],
      batches.map((r) => [
        r.backend,
        r.op,
        String(r.batchSize),
        String(r.tableRows),
        String(r.rows),
        k(r.rowsPerSec),
        k(r.withEncodeRowsPerSec),
        f2(r.batchP50Ms),
        f2(r.batchMaxMs),
      ]),
    ),
  );
  const flushes = rows.filter((r): r is PersistFlushRow => r.kind === 'flush');
  const scenario = (r: PersistFlushRow) => [r.backend, r.op, r.ticking, r.speeds];
  parts.push(
    renderTable(
      [
        'backend',
        'op',
        'ticks',
        'speeds',
        'rows',
        'players',
        'flush s',
        'k rows/s',
        'chunks',
        'sync ms',
        'worker enc ms',
        'worker write ms',
        'unflushed',
      ],
      flushes.map((r) => [
        ...scenario(r),
        r.rowsExisted ? 'upsert' : 'insert',
        String(r.players),
        r.seconds.toFixed(2),
        k(r.rowsPerSec),
        String(r.chunks),
        f2(r.syncMs),
        r.workerEncodeMs.toFixed(0),
        r.workerWriteMs.toFixed(0),
        String(r.unflushedAfter),
      ]),
    ),
  );
  // The main thread during the cycles: the snapshot chunks, the writer's whole phase-2 hook, ticks.
  parts.push(
    renderTable(
      [
        'backend',
        'op',
        'ticks',
        'speeds',
        'stall p50 ms',
        'stall p99 ms',
        'stall max ms',
        'stall GC ms',
        'phase2 p99 ms',
        'phase2 max ms',
        'no-flush phase2 p50 ms',
        'tick p99 ms',
        'no-flush tick p99 ms',
      ],
      flushes
        .filter((r) => r.op === 'cycle')
        .map((r) => [
          ...scenario(r),
          f2(r.stallP50Ms),
          f2(r.stallP99Ms),
          f2(r.stallMaxMs),
          f2(r.stallGcMs),
          f2(r.writerPhase2P99Ms),
          f2(r.writerPhase2MaxMs),
          f2(r.writerPhase2NoFlushP50Ms),
          f2(r.tickP99Ms),
          f2(r.tickP99NoFlushMs),
        ]),
    ),
  );
  return parts.join('\n\n');
}

function llmTables(rows: readonly LlmRow[]): string {
  const f1 = (n: number) => n.toFixed(1);
  const f2 = (n: number) => n.toFixed(2);
  const usd = (n: number) => `$${n < 0.01 ? n.toFixed(6) : n.toFixed(4)}`;
  const parts: string[] = [];
  for (const r of rows) {
    parts.push(
      renderTable(
        [
          'players',
          'connected',
          'caps',
          'rpm',
          'at once',
          'model',
          'latency ms',
          'deadline ms',
          'day compressed',
        ],
        [
          [
            String(r.players),
            String(r.connected),
            r.caps,
            String(r.rpm),
            String(r.concurrency),
            r.model,
            String(r.latencyMs),
            String(r.deadlineMs),
            `${r.compression.toFixed(0)}x`,
          ],
        ],
      ),
      renderTable(
        [
          'phase',
          's',
          'ticks',
          'tick p50 ms',
          'tick p99 ms',
          'tick max ms',
          'main p99 ms',
          'loop p99 ms',
          'loop max ms',
          'GC ms',
          'GC max ms',
          'late',
          'server CPU %',
          'bots CPU %',
          'bench+model CPU %',
        ],
        (
          [
            ['no chat', r.noChat],
            ['chat', r.chat],
          ] as const
        ).map(([name, p]) => [
          name,
          f1(p.seconds),
          String(p.ticks),
          f2(p.tickP50Ms),
          f2(p.tickP99Ms),
          f2(p.tickMaxMs),
          f2(p.mainThreadP99Ms),
          f2(p.loopDelayP99Ms),
          f2(p.loopDelayMaxMs),
          f1(p.gcMs),
          f2(p.gcMaxMs),
          String(p.lateTicks),
          f1(p.serverCpuPct),
          f1(p.botsCpuPct),
          f1(p.benchCpuPct),
        ]),
      ),
      renderTable(
        [
          'talks sent',
          'steady',
          'bursty',
          'accepted',
          'refused',
          'no answer',
          'held back',
          'lines/player/day',
          'replies',
          'missing',
          'model p50 ms',
          'model p99 ms',
          'template p50 ms',
          'template p99 ms',
          'template max ms',
        ],
        [
          [
            String(r.talksSent),
            String(r.talksSentSteady),
            String(r.talksSentBursty),
            String(r.talksAccepted),
            String(Object.values(r.talkErrors).reduce((a, b) => a + b, 0)),
            String(r.talksUnanswered),
            String(r.heldBackForEnergy),
            f1(r.linesPerPlayerDay),
            String(r.replies),
            String(r.repliesMissing),
            f1(r.modelReplyP50Ms),
            f1(r.modelReplyP99Ms),
            f1(r.templateReplyP50Ms),
            f1(r.templateReplyP99Ms),
            f1(r.templateReplyMaxMs),
          ],
        ],
      ),
      renderTable(
        [
          'upstream calls',
          'abandoned',
          'max in flight',
          'calls ok',
          'failed',
          'attempts',
          'cache hits',
          'cache hit %',
          'prompt tokens',
          'completion tokens',
          'per call in/out',
        ],
        [
          [
            String(r.upstreamCalls),
            String(r.upstreamAbandoned),
            String(r.upstreamMaxInFlight),
            String(r.callsOk),
            String(r.callsFailed),
            String(r.attempts),
            String(r.cacheHits),
            f2(r.cacheHitRatio * 100),
            String(r.promptTokens),
            String(r.completionTokens),
            `${f1(r.meanPromptTokens)}/${f1(r.meanCompletionTokens)}`,
          ],
        ],
      ),
      renderTable(
        [
          'cost',
          'per player/day',
          'server gauge per chatting player',
          'naive cost',
          'naive per player/day',
          'target per player/day',
        ],
        [
          [
            usd(r.costDollars),
            usd(r.costPerPlayerDayDollars),
            usd(r.serverCostPerChattingPlayerDollars),
            usd(r.naiveCostDollars),
            usd(r.naiveCostPerPlayerDayDollars),
            usd(r.targetPerPlayerDayDollars),
          ],
        ],
      ),
      renderTable(
        [
          'memory at s',
          'RSS MB',
          'heap used MB',
          'live heap MB',
          'heap total MB',
          'external MB',
          'conversations',
        ],
        r.memory.map((m) => [
          f1(m.atSeconds),
          String(m.rssMB),
          String(m.heapUsedMB),
          m.liveHeapMB === undefined ? '-' : String(m.liveHeapMB),
          String(m.heapTotalMB),
          String(m.externalMB),
          String(m.conversations),
        ]),
      ),
      [
        `day: the ${f1(r.chat.seconds)} s chat phase is one day of each player's chat (bench/llm/schedule.ts), ` +
          `${r.compression.toFixed(0)}x compressed; per player/day = cost / connected players`,
        `naive: every accepted talk one model call at this run's mean tokens per call, ${r.model} price (src/llm/cost.ts)`,
        r.caps === 'day'
          ? 'caps day: the server default RPM and concurrency times the compression; bucket, budgets, deadline as shipped'
          : "caps server: the server's own RPM and concurrency: everyone chatting at once, a peak rather than a day",
        `fallbacks (server): ${counts(r.fallbacks)}`,
        `replies by source (bots; none = model or cache): ${counts(r.repliesBySource)}`,
        `refused talks: ${counts(r.talkErrors)}`,
        `history: longest ${r.maxTurns} turns, summary ${r.maxSummaryChars} chars; voice queue max ${r.queuedMax}, in flight max ${r.inFlightMax}`,
        `server: ${r.serverLogWarnings} log lines at warn+, exit ${r.serverExitCode}`,
      ].join('\n'),
    );
  }
  return parts.join('\n\n');
}

/** "Over" ratios with x; other figures as values (rates and counts whole, the rest to two places). */
function formatRatio(name: string, value: number): string {
  if (name.includes('Over')) return `${value.toFixed(2)}x`;
  return name.includes('PerSec') || Number.isInteger(value) ? value.toFixed(0) : value.toFixed(2);
}

/** A suite's rows as the plain tables people read. */
function renderRows(suite: Suite, rows: readonly unknown[]): string {
  switch (suite) {
    case 'codec':
      return codecTable(rows as CodecRow[]);
    case 'load':
    case 'production':
      return loadTables(rows as LoadRow[]);
    case 'persist':
      return persistTables(rows as PersistRow[]);
    case 'llm':
      return llmTables(rows as LlmRow[]);
    default:
      return table(rows as BenchRow[]);
  }
}

/** The plain output of one suite's result: the machine, the tables, the ratios. */
function printResult(suite: Suite, doc: Pick<BenchResult<unknown>, 'machine' | 'rows' | 'ratios'>) {
  const m = doc.machine;
  const load = m.loadAvg1 === undefined ? '' : `, load ${m.loadAvg1.toFixed(2)} at start`;
  console.log(
    `suite ${suite} on ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, node ${m.node}${load}\n`,
  );
  console.log(renderRows(suite, doc.rows));
  const ratios = Object.entries(doc.ratios);
  if (ratios.length > 0) console.log('');
  for (const [name, ratio] of ratios) console.log(`${name}: ${formatRatio(name, ratio)}`);
}

/** `bench all` without --report or --json: each suite's tables as it finishes. */
function printSuiteReport(report: SuiteReport): void {
  if (report.skipped !== undefined) {
    console.log(`suite ${report.suite} skipped: ${report.skipped}\n`);
    return;
  }
  printResult(report.suite, report);
  for (const note of report.notes ?? []) console.log(`note: ${note}`);
  console.log('');
}

/** Flags that size a single suite: `all` picks its own sizes (--quick or full). */
const SUITE_FLAGS = [
  'players',
  'workers',
  'seconds',
  'clients',
  'batch',
  'latency-ms',
  'quiet-seconds',
  'caps',
] as const;

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
      'latency-ms': { type: 'string' },
      'quiet-seconds': { type: 'string' },
      caps: { type: 'string' },
      report: { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      out: { type: 'string' },
      compare: { type: 'string' },
    },
  });
  const command = positionals[0];
  const seed = positiveInt(values.seed, 'seed', 1);
  const suiteFlags = SUITE_FLAGS.filter((f) => values[f] !== undefined);
  if (command === 'all') {
    if (suiteFlags.length > 0)
      fail(`all picks its own sizes (full, or --quick); drop --${suiteFlags.join(', --')}`);
    if (values.json && (values.report || values.compare !== undefined))
      fail('all: --json prints the document; --report writes it to report.json: pick one');
    await allCommand(
      {
        quick: values.quick,
        report: values.report,
        json: values.json,
        out: values.out ?? DEFAULT_OUT,
        compare: values.compare,
        seed,
      },
      printSuiteReport,
    );
    return;
  }
  if (command === 'compare') {
    const [, fileA, fileB, extra] = positionals;
    if (fileA === undefined || fileB === undefined || extra !== undefined)
      fail('compare takes two files: compare A.json B.json [--out DIR]');
    const others = values.report || values.quick || values.json || values.compare !== undefined;
    if (others || values.seed !== undefined || suiteFlags.length > 0)
      fail('compare takes only --out');
    await compareCommand(fileA, fileB, values.out ?? DEFAULT_OUT);
    return;
  }
  const suite = command as Suite | undefined;
  if (!suite || !SUITES.includes(suite))
    fail(`name a suite: ${SUITES.join(', ')}; or all, or compare A.json B.json`);
  if (values.report || values.quick || values.out !== undefined || values.compare !== undefined)
    fail('--report, --quick, --out and --compare go with all (and --out with compare)');
  // Taken before the run, so the load average is the machine's, not the bench's.
  const machine = machineInfo();
  let result: Pick<
    BenchResult<BenchRow | CodecRow | LoadRow | PersistRow | LlmRow>,
    'rows' | 'ratios'
  >;
  if (suite === 'codec') {
    result = await codecSuite({ taskMs: positiveInt(values.seconds, 'seconds', 1) * 1000 });
  } else if (suite === 'load') {
    result = await loadSuite({
      clients: positiveInt(values.clients, 'clients', 5000),
      seconds: positiveInt(values.seconds, 'seconds', 60),
      workers: values.workers === undefined ? undefined : positiveInt(values.workers, 'workers', 1),
      batch: positiveInt(values.batch, 'batch', 250),
    });
  } else if (suite === 'production') {
    result = await productionSuite({
      residents: positiveInt(values.players, 'players', 1_000_000),
      clients: positiveInt(values.clients, 'clients', 5000),
      seconds: positiveInt(values.seconds, 'seconds', 60),
      workers: values.workers === undefined ? undefined : positiveInt(values.workers, 'workers', 1),
      batch: positiveInt(values.batch, 'batch', 250),
    });
  } else if (suite === 'persist') {
    result = await persistSuite({
      players: positiveInt(values.players, 'players', 100_000),
      batchSizes: (values.batch ?? '100,500,1000,2000,5000')
        .split(',')
        .map((b) => positiveInt(b, 'batch', 0)),
      seconds: positiveInt(values.seconds, 'seconds', 2),
      workers: positiveInt(values.workers, 'workers', Math.min(2, os.availableParallelism())),
      seed,
      mysqlUrl: process.env.LIFETICK_BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306',
    });
  } else if (suite === 'llm') {
    const caps = values.caps ?? 'day';
    if (caps !== 'day' && caps !== 'server') fail(`--caps must be day or server, got ${caps}`);
    const seconds = positiveInt(values.seconds, 'seconds', 60);
    result = await llmSuite({
      players: positiveInt(values.players, 'players', 1000),
      seconds,
      quietSeconds: positiveInt(
        values['quiet-seconds'],
        'quiet-seconds',
        Math.max(10, Math.round(seconds / 4)),
      ),
      latencyMs: positiveInt(values['latency-ms'], 'latency-ms', 800),
      caps,
      seed,
      batch: positiveInt(values.batch, 'batch', 250),
    });
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
  const doc: BenchResult<BenchRow | CodecRow | LoadRow | PersistRow | LlmRow> = {
    suite,
    machine,
    ...result,
  };
  if (values.json) {
    console.log(JSON.stringify(doc, null, 2));
    return;
  }
  printResult(suite, doc);
}

main().catch((error: unknown) => {
  // A report file that cannot be read or is not a report: the message says it all.
  if (error instanceof ReportInputError) fail(error.message);
  console.error(error);
  process.exit(1);
});
