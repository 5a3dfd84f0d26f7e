import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { StatsDocument } from '../../src/cli/stats.ts';
import { RawClient } from '../helpers/raw-client.ts';
import { startTestServer } from '../helpers/server.ts';

const exec = promisify(execFile);
const dir = mkdtempSync(path.join(tmpdir(), 'lifetick-stats-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `node --import tsx src/cli/stats.ts ...args`: its output and exit code. */
async function stats(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(
      process.execPath,
      ['--import', 'tsx', 'src/cli/stats.ts', ...args],
      { env: { ...process.env, ...env } },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('lifetick stats on a real server', () => {
  it('summarises every command the server answered, per command name', async () => {
    const dataDir = path.join(dir, 'server');
    const ts = await startTestServer({ LIFETICK_DATA_DIR: dataDir });
    try {
      const client = await RawClient.open(ts.url);
      expect((await client.hello(await ts.token('stats-1'))).t).toBe('welcome');
      let id = 0;
      for (const level of [2, 0, 1]) {
        expect(await client.command(++id, 'setSpeed', { level })).toMatchObject({ t: 'ack' });
      }
      expect(await client.command(++id, 'setSpeed', { level: 9 })).toMatchObject({
        t: 'error',
        code: 'INVALID_ARGS',
      });
      for (let i = 0; i < 2; i++) {
        expect(await client.command(++id, 'getState')).toMatchObject({ t: 'ack' });
      }
      expect(await client.command(++id, 'dance')).toMatchObject({
        t: 'error',
        code: 'UNKNOWN_COMMAND',
      });
      // The Prometheus histogram saw the same answers.
      const metrics = await (await fetch(`${ts.http}/metrics`)).text();
      expect(metrics).toMatch(/lifetick_command_duration_seconds_count\{command="setSpeed"\} 4/);
      expect(metrics).toMatch(/lifetick_command_duration_seconds_count\{command="getState"\} 2/);
      client.close();
    } finally {
      await ts.close(); // flushes and closes the log
    }

    const file = path.join(dataDir, 'command-latency.log');
    const { code, stdout } = await stats(['--file', file, '--json']);
    expect(code).toBe(0);
    const doc = JSON.parse(stdout) as StatsDocument;
    expect(doc).toMatchObject({ version: 1, files: [file], entries: 7, badLines: 0 });
    const byName = Object.fromEntries(doc.commands.map((c) => [c.cmd, c]));
    expect(Object.keys(byName)).toEqual(['(unknown)', 'getState', 'setSpeed']);
    expect(byName.setSpeed).toMatchObject({
      count: 4,
      errors: 1,
      errorCodes: { INVALID_ARGS: 1 },
    });
    expect(byName.getState).toMatchObject({ count: 2, errors: 0 });
    expect(byName['(unknown)']).toMatchObject({ count: 1, errors: 1 });
    expect(doc.total).toMatchObject({ count: 7, errors: 2 });
    for (const c of doc.commands) {
      expect(c.p50Ms).toBeGreaterThan(0);
      expect(c.p50Ms).toBeLessThanOrEqual(c.p95Ms);
      expect(c.p95Ms).toBeLessThanOrEqual(c.p99Ms);
      expect(c.p99Ms).toBeLessThanOrEqual(c.maxMs);
    }

    // The table, finding the file from the data dir as the server did.
    const table = await stats(['--since', '1h'], { LIFETICK_DATA_DIR: dataDir });
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^command\s+count\s+errors\s+p50 ms\s+p95 ms\s+p99 ms\s+max ms$/m);
    expect(table.stdout).toMatch(/^setSpeed\s+4\s+1\s/m);
    expect(table.stdout).toMatch(/^total\s+7\s+2\s/m);
  });
});

describe('lifetick stats without data', () => {
  it('exits 1 with a clear message for a missing or empty file', async () => {
    const missing = await stats(['--file', path.join(dir, 'nothing.log')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no command log at .*nothing\.log/);

    const empty = path.join(dir, 'empty.log');
    writeFileSync(empty, '');
    const result = await stats(['--file', empty, '--json']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/empty/);
  });

  it('skips and counts bad lines, and says when nothing is in the --since window', async () => {
    const file = path.join(dir, 'old.log');
    const old = new Date(Date.now() - 3_600_000).toISOString();
    writeFileSync(
      file,
      `{"time":"${old}","cmd":"getState","ms":0.2,"ok":true}\nnot a line\n{"time":"${old}","cmd":"setSpeed","ms":1.5,"ok":true}\n`,
    );
    const all = await stats(['--file', file, '--json']);
    expect(all.code).toBe(0);
    expect(JSON.parse(all.stdout)).toMatchObject({ entries: 2, badLines: 1 });

    const recent = await stats(['--file', file, '--since', '10m']);
    expect(recent.code).toBe(1);
    expect(recent.stderr).toMatch(/no commands in the last 10m \(2 older\)/);
  });
});
