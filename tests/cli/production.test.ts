import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_SERVER_BUILD } from '../helpers/server-build.ts';

/**
 * `lifetick <command> --production`: the built JavaScript of `npm run
 * build`, with plain node. Needs dist/, so it runs under `npm run
 * test:built` and skips (visibly) in the plain suite.
 */
const run = promisify(execFile);
const bin = new URL('../../src/cli/lifetick.mjs', import.meta.url).pathname;
const dir = mkdtempSync(path.join(tmpdir(), 'lifetick-production-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(TEST_SERVER_BUILD !== 'dist')('lifetick --production (dist/)', () => {
  it('migrates and mints tokens from the built CLI', async () => {
    await run(process.execPath, [bin, 'migrate', '--production', '--data-dir', dir]);
    const { stdout } = await run(process.execPath, [
      bin,
      'token',
      'dora',
      '--production',
      '--data-dir',
      dir,
    ]);
    expect(stdout.trim().split('.')).toHaveLength(3);
  });

  it('starts the built server, which answers /health and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [bin, 'start', '--production'], {
      env: {
        ...process.env,
        LIFETICK_PORT: '0',
        LIFETICK_HOST: '127.0.0.1',
        LIFETICK_DATA_DIR: dir,
        LIFETICK_WORKERS: '1',
        LIFETICK_CAPACITY: '256',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const port = await new Promise<number>((resolve, reject) => {
        createInterface({ input: child.stdout! }).on('line', (line) => {
          const entry = JSON.parse(line) as { msg?: string; port?: number };
          if (entry.msg?.startsWith('listening') && entry.port) resolve(entry.port);
        });
        void exited.then((code) => reject(new Error(`exited early with ${code}`)));
      });
      const health = await fetch(`http://127.0.0.1:${port}/health`);
      expect(health.status).toBe(200);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });

  it('refuses a command that runs from the sources only, with exit 2', async () => {
    const failure = await run(process.execPath, [bin, 'bench', '--production']).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toMatch(/from the sources only/);
  });
});
