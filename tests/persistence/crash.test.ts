import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { killAllServers } from '../helpers/child-server.ts';
import { runCrashCycles } from '../helpers/crash-harness.ts';

// 20 SIGKILLs of a real server process under 50 scripted players, each
// followed by a direct look at the SQLite file (see crash-harness.ts for
// every check and the window they use). The nightly variant with hundreds of
// kills is `npm run soak:crash` (tests/soak/crash-soak.ts).
const KILLS = 20;

const dirs: string[] = [];
afterEach(async () => {
  // Even when the test times out mid-cycle, no server outlives it.
  await killAllServers();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('crash safety (SQLite, SIGKILL)', () => {
  it(`keeps the file sound and every state older than two flushes across ${KILLS} kills`, async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'lifetick-crash-'));
    dirs.push(dataDir);
    const report = await runCrashCycles({
      kills: KILLS,
      bots: 50,
      flushMs: 200,
      slackMs: 300,
      dataDir,
    });
    const total = (key: 'speedChecks' | 'freshnessChecks') =>
      report.cycles.reduce((n, c) => n + c[key], 0);
    const margins = report.cycles.flatMap((c) =>
      c.minMarginMs === undefined ? [] : [c.minMarginMs],
    );
    console.info(
      `crash: ${report.cycles.length} kills, window ${report.windowMs} ms, ` +
        `${total('speedChecks')} saved speeds checked, ${total('freshnessChecks')} freshness checks, ` +
        `smallest margin ${Math.min(...margins)} ms, ` +
        `cycles ${report.cycles.map((c) => c.cycleMs).join('/')} ms`,
    );
    expect(report.problems).toEqual([]);
    expect(report.cycles).toHaveLength(KILLS);
    // The checks were not vacuous: many players had acked changes older than
    // the window, and many kept changing up to the kill.
    expect(total('speedChecks')).toBeGreaterThan(60);
    expect(total('freshnessChecks')).toBeGreaterThan(200);
  });
});
