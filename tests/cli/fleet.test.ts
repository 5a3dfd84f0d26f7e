/**
 * `npm run fleet`: a local fleet of real server processes on this machine,
 * on a MySQL database it makes, each printing its URL and answering
 * /health; SIGTERM stops them all and the fleet command exits 0.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import mysql from 'mysql2/promise';
import { afterEach, describe, expect, it } from 'vitest';
import { runAll, sharedNatsUrl } from '../helpers/fleet.ts';
import { createTestDatabase } from '../helpers/mysql.ts';

const root = new URL('../../', import.meta.url);
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await runAll(cleanups.splice(0).reverse());
});

describe('npm run fleet', () => {
  it('starts 2 processes on a database it makes, prints their URLs, each answers /health, SIGTERM stops them', async () => {
    // Only to learn whether MySQL is here (and skip visibly when not).
    const probe = await createTestDatabase();
    if (!probe) return;
    await probe.drop();
    const adminUrl = new URL(probe.url);
    const name = `lifetick_test_fleet_${process.pid}_${randomBytes(4).toString('hex')}`;
    adminUrl.pathname = `/${name}`;
    cleanups.push(async () => {
      adminUrl.pathname = '/';
      const admin = await mysql.createConnection({ uri: adminUrl.href });
      await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await admin.end();
    });
    const dataDir = mkdtempSync(path.join(tmpdir(), 'lifetick-fleet-'));
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    const natsUrl = await sharedNatsUrl();
    const child: ChildProcess = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/cli/fleet.ts',
        '--processes',
        '2',
        '--database-url',
        adminUrl.href,
        '--data-dir',
        dataDir,
        '--lease-ttl-ms',
        '3000',
        ...(natsUrl !== undefined ? ['--nats-url', natsUrl] : ['--no-nats']),
      ],
      {
        cwd: root,
        env: { ...process.env, LIFETICK_WORKERS: '1', LIFETICK_CAPACITY: '256' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    cleanups.push(async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
    });
    const output: string[] = [];
    createInterface({ input: child.stderr! }).on('line', (l) => output.push(l));
    const urls: string[] = [];
    await new Promise<void>((resolve, reject) => {
      createInterface({ input: child.stdout! }).on('line', (line) => {
        output.push(line);
        const url = /^fleet: fleet-\d+ (ws:\/\/127\.0\.0\.1:\d+\/ws) /.exec(line)?.[1];
        if (url) urls.push(url);
        if (/^fleet: 2 processes up/.test(line)) resolve();
      });
      void exited.then((code) =>
        reject(new Error(`fleet exited (${code}) early:\n${output.join('\n')}`)),
      );
    });
    expect(urls).toHaveLength(2);
    for (const url of urls) {
      const health = await fetch(url.replace('ws://', 'http://').replace('/ws', '/health'));
      const body = (await health.json()) as { fleet?: { nodeId: string } };
      expect(body.fleet?.nodeId).toMatch(/^fleet-[12]$/);
    }
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output.filter((l) => /^fleet: fleet-\d+ exited/.test(l))).toHaveLength(2);
  }, 60_000);
});
