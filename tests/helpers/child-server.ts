import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { BUILT_START, TEST_SERVER_BUILD } from './server-build.ts';

const root = new URL('../../', import.meta.url);

/** Servers started here and not yet exited: killed by killAllServers() and at exit. */
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** SIGKILL every server this process started that is still running, and wait for them. */
export async function killAllServers(): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}

export interface ChildExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** `npm start`'s entry running as a child process, as an operator runs it. */
export interface ChildServer {
  readonly child: ChildProcess;
  readonly port: number;
  readonly url: string;
  readonly http: string;
  /** Every stdout line so far (pino JSON), for diagnostics. */
  readonly lines: string[];
  /** Everything the child wrote to stderr so far. */
  readonly stderr: () => string;
  /** Resolves when the process has exited (already resolved if it has). */
  readonly exited: Promise<ChildExit>;
  /** The parsed log lines whose `msg` matches. */
  logged(msg: string | RegExp): Record<string, unknown>[];
}

/**
 * Start `node --import tsx src/cli/start.ts` (or another `entry` that runs
 * it, such as a test fixture; or, under `npm run test:built`, plain `node
 * dist/src/cli/start.js` with no TypeScript loader) on 127.0.0.1, port 0, with the given
 * environment on top of the parent's; resolves once its "listening" log line
 * has given the port. Rejects (and kills the child) if it exits first or
 * does not listen within `startTimeoutMs`.
 */
export async function spawnServer(
  env: Record<string, string>,
  startTimeoutMs = 30_000,
  entry = TEST_SERVER_BUILD === 'dist' ? BUILT_START : 'src/cli/start.ts',
): Promise<ChildServer> {
  const args = entry.endsWith('.ts') ? ['--import', 'tsx', entry] : [entry];
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: {
      ...process.env,
      LIFETICK_PORT: '0',
      LIFETICK_HOST: '127.0.0.1',
      LIFETICK_WORKERS: '1',
      LIFETICK_CAPACITY: '2048',
      LIFETICK_LOG_LEVEL: 'info',
      LIFETICK_TUTORIAL: 'off',
      // Every test client connects from 127.0.0.1; tests of the limit set their own.
      LIFETICK_MAX_CONNECTIONS_PER_IP: '100000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const exited = new Promise<ChildExit>((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
  });
  const lines: string[] = [];
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    stderr += chunk;
    if (stderr.length > 64_000) stderr = stderr.slice(-32_000);
  });
  const reader = createInterface({ input: child.stdout! });
  let onLine: ((line: string) => void) | undefined;
  reader.on('line', (line) => {
    lines.push(line);
    if (lines.length > 5000) lines.splice(0, 1000);
    onLine?.(line);
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    const port = await new Promise<number>((resolve, reject) => {
      onLine = (line) => {
        try {
          const entry = JSON.parse(line) as { msg?: string; port?: number };
          if (entry.msg?.startsWith('listening on ') && typeof entry.port === 'number')
            resolve(entry.port);
        } catch {
          // not a log line
        }
      };
      void exited.then(({ code, signal }) =>
        reject(
          new Error(
            `server exited before listening (code ${code}, signal ${signal}):\n${lines.join('\n')}\n${stderr}`,
          ),
        ),
      );
      timer = setTimeout(
        () =>
          reject(
            new Error(
              `server did not listen within ${startTimeoutMs} ms:\n${lines.join('\n')}\n${stderr}`,
            ),
          ),
        startTimeoutMs,
      );
    });
    onLine = undefined;
    const parsed = () =>
      lines.flatMap((line) => {
        try {
          return [JSON.parse(line) as Record<string, unknown>];
        } catch {
          return [];
        }
      });
    return {
      child,
      port,
      url: `ws://127.0.0.1:${port}/ws`,
      http: `http://127.0.0.1:${port}`,
      lines,
      stderr: () => stderr,
      exited,
      logged: (msg) =>
        parsed().filter((e) =>
          typeof msg === 'string' ? e.msg === msg : msg.test(String(e.msg ?? '')),
        ),
    };
  } catch (error) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** Kill a child (if still running) with SIGKILL and wait for it to be gone. */
export async function killHard(server: ChildServer | undefined): Promise<void> {
  if (!server) return;
  if (server.child.exitCode === null && server.child.signalCode === null)
    server.child.kill('SIGKILL');
  await server.exited;
}

/** Resolves with the exit, or with undefined when `ms` pass first. */
export function exitWithin(server: ChildServer, ms: number): Promise<ChildExit | undefined> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    server.exited,
    new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
