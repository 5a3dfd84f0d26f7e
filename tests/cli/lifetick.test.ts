import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/persistence/migrations.ts';

const run = promisify(execFile);
const bin = new URL('../../src/cli/lifetick.mjs', import.meta.url).pathname;
const dir = mkdtempSync(path.join(tmpdir(), 'lifetick-bin-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the lifetick command', () => {
  it('lists its commands', async () => {
    const { stdout } = await run(process.execPath, [bin, '--help']);
    for (const command of ['start', 'token', 'sim', 'bench', 'load', 'tune', 'migrate'])
      expect(stdout).toContain(`  ${command}`);
  });

  it('refuses an unknown command with exit 2', async () => {
    const failure = await run(process.execPath, [bin, 'dance']).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(failure).toMatchObject({ code: 2 });
  });

  it('migrates a database and mints tokens for the same data dir', async () => {
    const { stdout } = await run(process.execPath, [bin, 'migrate', '--data-dir', dir]);
    expect(stdout).toMatch(new RegExp(`sqlite database at schema version ${SCHEMA_VERSION}`));
    const token = (
      await run(process.execPath, [bin, 'token', 'carol', '--data-dir', dir])
    ).stdout.trim();
    expect(token.split('.')).toHaveLength(3);
  });
});

describe('lifetick tune', () => {
  it('measures every worker count and batch size and explains its recommendation', async () => {
    const { stdout } = await run(
      process.execPath,
      [
        bin,
        'tune',
        '--players',
        '5000',
        '--workers',
        '2',
        '--batches',
        'auto,2048',
        '--seconds',
        '0.5',
        '--json',
      ],
      {
        env: { ...process.env, CI: 'true' },
      },
    );
    const result = JSON.parse(stdout) as {
      rows: { workers: number; batch: unknown; tickP99Ms: number }[];
      recommended: { workers: number; capacity: number };
      why: string;
    };
    expect(result.rows.map((r) => [r.workers, r.batch])).toEqual([
      [1, 'auto'],
      [1, 2048],
      [2, 'auto'],
      [2, 2048],
    ]);
    expect(result.rows.every((r) => r.tickP99Ms > 0)).toBe(true);
    expect([1, 2]).toContain(result.recommended.workers);
    expect(result.recommended.capacity).toBeGreaterThan(0);
    expect(result.why).toMatch(/lowest tick p99 at 5000 players/);
  });

  it('names a bad option', async () => {
    const failure = await run(process.execPath, [bin, 'tune', '--batches', 'lots']).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toMatch(/--batches/);
  });
});
