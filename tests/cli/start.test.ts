import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { RawClient } from '../helpers/raw-client.ts';

const run = promisify(execFile);
const root = new URL('../../', import.meta.url);
const children: ChildProcess[] = [];
const dirs: string[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lifetick-cli-'));
  dirs.push(dir);
  return dir;
}

/** Start `npm start`'s entry as a child; resolves with the port from its "listening" log line. */
async function startServer(
  dir: string,
): Promise<{ child: ChildProcess; port: number; firstLine: Record<string, unknown> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/start.ts'], {
    cwd: root,
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
  children.push(child);
  const lines = createInterface({ input: child.stdout! });
  const firstLine = await new Promise<Record<string, unknown>>((resolve, reject) => {
    // The first line that says where the server listens (a development
    // server warns about the playground's token minting before it).
    const onLine = (line: string) => {
      const entry = JSON.parse(line) as Record<string, unknown>;
      if (typeof entry.msg !== 'string' || !entry.msg.startsWith('listening')) return;
      lines.off('line', onLine);
      resolve(entry);
    };
    lines.on('line', onLine);
    child.once('exit', (code) => reject(new Error(`server exited early with ${code}`)));
  });
  return { child, port: firstLine.port as number, firstLine };
}

const exited = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (child.exitCode !== null) resolve({ code: child.exitCode, signal: null });
    else child.once('exit', (code, signal) => resolve({ code, signal }));
  });

async function token(dir: string, player: string): Promise<string> {
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', 'src/cli/token.ts', player, '--ttl', '10m', '--data-dir', dir],
    { cwd: root },
  );
  return stdout.trim();
}

describe('npm start', () => {
  it('says where it listens, keeps its secret 0600, accepts CLI tokens, and stops cleanly on SIGTERM', async () => {
    const dir = dataDir();
    const { child, port, firstLine } = await startServer(dir);
    expect(firstLine.msg).toBe(`listening on ws://127.0.0.1:${port}/ws`);
    expect(statSync(path.join(dir, 'secret')).mode & 0o777).toBe(0o600);

    const client = await RawClient.open(`ws://127.0.0.1:${port}/ws`);
    expect((await client.hello(await token(dir, 'cli-player'))).t).toBe('welcome');
    const started = Date.now();
    child.kill('SIGTERM');
    expect((await client.closed).code).toBe(1001);
    expect((await exited(child)).code).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('exits at once on a second signal', async () => {
    const { child } = await startServer(dataDir());
    child.kill('SIGTERM');
    child.kill('SIGTERM');
    const { code } = await exited(child);
    expect([0, 1]).toContain(code);
  });

  it('refuses a bad setting with a message naming it', async () => {
    const failure = await run(process.execPath, ['--import', 'tsx', 'src/cli/start.ts'], {
      cwd: root,
      env: { ...process.env, LIFETICK_TICK_HZ: 'fast' },
    }).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toMatch(/LIFETICK_TICK_HZ/);
  });

  it('refuses a damaged secret file with a message naming it', async () => {
    const dir = dataDir();
    writeFileSync(path.join(dir, 'secret'), 'cut-sho');
    const { LIFETICK_SECRET: _unset, ...env } = process.env;
    const failure = await run(process.execPath, ['--import', 'tsx', 'src/cli/start.ts'], {
      cwd: root,
      env: { ...env, LIFETICK_DATA_DIR: dir, LIFETICK_PORT: '0', LIFETICK_HOST: '127.0.0.1' },
    }).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toContain(path.join(dir, 'secret'));
  });

  it('refuses to sell diamonds in production without a store, naming the settings', async () => {
    const failure = await run(process.execPath, ['--import', 'tsx', 'src/cli/start.ts'], {
      cwd: root,
      env: { ...process.env, LIFETICK_ENV: 'production', LIFETICK_DATA_DIR: dataDir() },
    }).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 2 });
    const stderr = (failure as { stderr: string }).stderr;
    for (const setting of [
      'LIFETICK_APPLE_ROOT_CERTS',
      'LIFETICK_GOOGLE_SERVICE_ACCOUNT',
      'LIFETICK_IN_APP_PURCHASES=off',
    ])
      expect(stderr).toContain(setting);
  });

  it('refuses a store key file it cannot read, naming the setting', async () => {
    const dir = dataDir();
    const failure = await run(process.execPath, ['--import', 'tsx', 'src/cli/start.ts'], {
      cwd: root,
      env: {
        ...process.env,
        LIFETICK_ENV: 'production',
        LIFETICK_DATA_DIR: dir,
        LIFETICK_GOOGLE_SERVICE_ACCOUNT: path.join(dir, 'missing.json'),
        LIFETICK_GOOGLE_PACKAGE_NAME: 'com.example.life',
      },
    }).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toMatch(
      /LIFETICK_GOOGLE_SERVICE_ACCOUNT: cannot read/,
    );
  });
});

describe('npm run token', () => {
  it('refuses a bad player id', async () => {
    const failure = await run(
      process.execPath,
      ['--import', 'tsx', 'src/cli/token.ts', 'not valid!', '--data-dir', dataDir()],
      { cwd: root },
    ).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toMatch(/player id/);
  });
});
