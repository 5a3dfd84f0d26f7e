import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = new URL('../../', import.meta.url);

describe('npm run sim', () => {
  it('runs headless players and prints throughput and tick percentiles as JSON', async () => {
    const { stdout } = await run(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/cli/sim.ts',
        '--players',
        '3000',
        '--workers',
        '2',
        '--seconds',
        // Long enough that even a loaded machine's late, merged ticks number
        // more than 5 (60 periods at 20 Hz); the CLI runs for wall time only.
        '3',
        '--warmup',
        '0.5',
        '--json',
      ],
      { cwd: root, env: { ...process.env, CI: 'true' } },
    );
    const summary = JSON.parse(stdout) as Record<string, number>;
    expect(summary.players).toBe(3000);
    expect(summary.workers).toBe(2);
    expect(summary.ticks).toBeGreaterThan(5);
    expect(summary.playerMinutesPerSec).toBeGreaterThan(0);
    expect(summary.tickP99Ms).toBeGreaterThan(0);
    expect(summary.failedTicks).toBe(0);
  });

  it('names a bad option and exits 2', async () => {
    const failure = await run(
      process.execPath,
      ['--import', 'tsx', 'src/cli/sim.ts', '--players', 'many'],
      {
        cwd: root,
      },
    ).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toMatch(/--players/);
  });
});
