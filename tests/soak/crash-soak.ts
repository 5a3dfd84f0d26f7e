/**
 * The nightly crash soak: tests/persistence/crash.test.ts with many more
 * kills. `npm run soak:crash` (200 kills), or pick the count:
 * `LIFETICK_SOAK_KILLS=1000 npm run soak:crash`. Exits 1 with every problem
 * found, 0 when every kill passed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { killAllServers } from '../helpers/child-server.ts';
import { runCrashCycles } from '../helpers/crash-harness.ts';

const kills = Number(process.env.LIFETICK_SOAK_KILLS ?? 200);
if (!Number.isInteger(kills) || kills < 1) {
  console.error(
    `LIFETICK_SOAK_KILLS must be a positive integer, got ${process.env.LIFETICK_SOAK_KILLS}`,
  );
  process.exit(2);
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'lifetick-soak-'));
// Interrupted (Ctrl-C, a CI timeout): no server and no data dir left behind.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void killAllServers().then(() => {
      rmSync(dataDir, { recursive: true, force: true });
      process.exit(130);
    });
  });
}

const started = Date.now();
const report = await runCrashCycles({
  kills,
  bots: Number(process.env.LIFETICK_SOAK_BOTS ?? 50),
  dataDir,
  log: (line) => console.log(line),
}).finally(() => rmSync(dataDir, { recursive: true, force: true }));
const margins = report.cycles.flatMap((c) => (c.minMarginMs === undefined ? [] : [c.minMarginMs]));
console.log(
  `${report.cycles.length}/${kills} kills in ${Math.round((Date.now() - started) / 1000)} s; window ${report.windowMs} ms; ` +
    `${report.cycles.reduce((n, c) => n + c.speedChecks, 0)} saved speeds and ` +
    `${report.cycles.reduce((n, c) => n + c.freshnessChecks, 0)} freshness checks; ` +
    `smallest margin ${margins.length > 0 ? Math.min(...margins) : '-'} ms`,
);
if (report.problems.length > 0 || report.cycles.length !== kills) {
  console.error(`FAILED:\n${report.problems.join('\n')}`);
  process.exit(1);
}
console.log('ok');
