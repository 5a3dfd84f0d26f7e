/**
 * What a crash loses, measured: `node --import tsx bench/persist/crash-loss.ts
 * [--players 10000,100000,1000000] [--steady 30] [--workers 2]`.
 *
 * For each population: a child process (crash-child.ts) runs the engine on
 * the standard speed mix, every player changing all the time, with the
 * writer saving into SQLite. After `steady` seconds of that it is killed
 * with SIGKILL, and the file is opened as the next server would open it
 * (integrity checked).
 *
 * What the crash lost is what was not in the database: the writer's own
 * account of it (oldestUnsavedMs: the age of the oldest change not in the
 * database, counted from the change; unflushed: players with such a
 * change), reported by the child once a second, so the last report before
 * the kill is at most a second old (statusAgeMs says how old). Also from
 * the file itself: kill time minus each row's updated_at (when the writer
 * copied that state). That is an upper bound on the player's loss, exact
 * for a player who kept changing, too high for one whose clock stood still
 * (a question waiting for an answer, a life over).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { DEFAULT_SQLITE_FILE } from '../../src/persistence/open-repository.ts';
import type { CrashChildConfig } from './crash-child.ts';

const CHILD = fileURLToPath(new URL('./crash-child.ts', import.meta.url));
// A player whose saved state is older than this lost more than the issue allows.
const LOSS_LIMIT_MS = 5000;
// Populating and the first save of a million players take minutes on two busy cores.
const READY_TIMEOUT_MS = 15 * 60_000;
// Status lines from this soon after the start are not counted in the steady maximum.
const WARMUP_MS = 10_000;

interface ChildLine {
  readonly type: 'ready' | 'status';
  readonly at: number;
  readonly oldestUnsavedMs?: number;
  readonly unflushed?: number;
}

const pct = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;

async function measure(players: number, steadySeconds: number, workers: number) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'lifetick-crash-loss-'));
  try {
    const config: CrashChildConfig = { players, seed: 1, workers, dataDir, flushMs: 1000 };
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      env: { ...process.env, LIFETICK_CRASH_CHILD: JSON.stringify(config) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    let lastStatus: ChildLine | undefined;
    let oldestMax = 0;
    let readyAt = 0;
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('child not ready in time')),
        READY_TIMEOUT_MS,
      );
      void exited.then(() => reject(new Error('child exited before the kill')));
      createInterface({ input: child.stdout! }).on('line', (text) => {
        const line = JSON.parse(text) as ChildLine;
        if (line.type === 'ready') {
          readyAt = line.at;
          clearTimeout(timer);
          resolve();
        } else {
          lastStatus = line;
          // The first seconds after the start: every player was marked
          // changed at once, a backlog rather than the steady state.
          if (line.at - readyAt >= WARMUP_MS)
            oldestMax = Math.max(oldestMax, line.oldestUnsavedMs ?? 0);
        }
      });
    });
    try {
      await ready;
      await new Promise((resolve) => setTimeout(resolve, steadySeconds * 1000));
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
    const killAt = Date.now();
    const db = new Database(path.join(dataDir, DEFAULT_SQLITE_FILE));
    const rows = db.prepare('SELECT updated_at FROM players').all() as { updated_at: number }[];
    const integrity = String(db.pragma('integrity_check', { simple: true }));
    db.close();
    const losses = rows.map((r) => killAt - r.updated_at).sort((a, b) => a - b);
    return {
      players,
      rows: rows.length,
      integrity,
      steadySeconds: (killAt - readyAt) / 1000,
      oldestUnsavedLastMs: lastStatus?.oldestUnsavedMs ?? -1,
      unflushedLast: lastStatus?.unflushed ?? -1,
      statusAgeMs: lastStatus ? killAt - lastStatus.at : -1,
      oldestUnsavedSteadyMaxMs: oldestMax,
      rowAgeP50Ms: pct(losses, 50),
      rowAgeP99Ms: pct(losses, 99),
      rowAgeMaxMs: losses.at(-1) ?? 0,
      rowsOlderThan5s: losses.filter((ms) => ms > LOSS_LIMIT_MS).length,
    };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

const { values } = parseArgs({
  options: {
    players: { type: 'string', default: '10000,100000,1000000' },
    steady: { type: 'string', default: '30' },
    workers: { type: 'string', default: '2' },
  },
});
for (const players of values.players.split(',').map(Number)) {
  const row = await measure(players, Number(values.steady), Number(values.workers));
  console.log(JSON.stringify(row));
}
