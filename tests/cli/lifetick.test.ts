import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const bin = new URL('../../src/cli/lifetick.mjs', import.meta.url).pathname;
const dir = mkdtempSync(path.join(tmpdir(), 'lifetick-bin-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the lifetick command', () => {
  it('lists its commands', async () => {
    const { stdout } = await run(process.execPath, [bin, '--help']);
    for (const command of ['start', 'token', 'sim', 'bench', 'load', 'migrate'])
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
    expect(stdout).toMatch(/sqlite database at schema version 1/);
    const token = (
      await run(process.execPath, [bin, 'token', 'carol', '--data-dir', dir])
    ).stdout.trim();
    expect(token.split('.')).toHaveLength(3);
  });
});
