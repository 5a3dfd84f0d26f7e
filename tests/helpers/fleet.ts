import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import net from 'node:net';
import type { FleetLog } from '../../src/fleet/fleet-log.ts';
import { FleetNode, type FleetNodeOptions } from '../../src/fleet/fleet-node.ts';
import type { LeaseKeeper } from '../../src/fleet/lease-keeper.ts';
import { MysqlRepository } from '../../src/persistence/mysql-repository.ts';
import { createTestDatabase, type TestDatabase } from './mysql.ts';

/** Lease ttl the fleet tests run with: short, so a takeover takes a couple of seconds. */
export const TEST_TTL_MS = 1500;
const NATS_URL = process.env.LIFETICK_TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

/** A test database migrated to the current schema (with the fleet tables), or undefined when MySQL is away outside CI. */
export async function createFleetDatabase(): Promise<TestDatabase | undefined> {
  const db = await createTestDatabase();
  if (!db) return undefined;
  const repo = new MysqlRepository({ url: db.url });
  await repo.migrate();
  await repo.close();
  return db;
}

/** The shared NATS, or undefined (with a visible message) when it is away outside CI. */
export async function sharedNatsUrl(): Promise<string | undefined> {
  const { hostname, port } = new URL(NATS_URL);
  if (await reachable(hostname, Number(port))) return NATS_URL;
  if (process.env.CI === 'true') throw new Error(`CI needs NATS at ${NATS_URL}`);
  console.warn(`SKIPPING NATS fleet tests: no server at ${NATS_URL}`);
  return undefined;
}

function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** A log that keeps every line, for asserting on what a member said. */
export class RecordingLog implements FleetLog {
  readonly lines: string[] = [];
  readonly #waiters: { pattern: RegExp; resolve: () => void }[] = [];
  info(_fields: object, message: string): void {
    this.#add(message);
  }
  warn(_fields: object, message: string): void {
    this.#add(message);
  }
  /** Resolves when a line matching `pattern` has been logged (already or later). */
  said(pattern: RegExp): Promise<void> {
    if (this.lines.some((l) => pattern.test(l))) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ pattern, resolve }));
  }
  #add(message: string): void {
    this.lines.push(message);
    for (const w of this.#waiters) if (w.pattern.test(message)) w.resolve();
  }
}

/** Starts a node with the test ttl and a unique subject prefix per database. */
export function startNode(
  db: TestDatabase,
  nodeId: string,
  natsUrl: string | undefined,
  log: FleetLog = new RecordingLog(),
): Promise<FleetNode> {
  const options: FleetNodeOptions = {
    databaseUrl: db.url,
    nodeId,
    publicUrl: `ws://${nodeId}.test/ws`,
    ...(natsUrl !== undefined ? { natsUrl } : {}),
    subjectPrefix: `lifetick.test.${db.name}`,
    leaseTtlMs: TEST_TTL_MS,
    log,
  };
  return FleetNode.start(options);
}

/**
 * Resolves when `check()` holds, re-checked on every acquired, lost and
 * released event of `keepers` (the signal that anything changed).
 */
export function whenKeepers(keepers: readonly LeaseKeeper[], check: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const listener = (): void => {
      if (!check()) return;
      for (const k of keepers)
        for (const e of ['acquired', 'lost', 'released'] as const) k.off(e, listener);
      resolve();
    };
    for (const k of keepers)
      for (const e of ['acquired', 'lost', 'released'] as const) k.on(e, listener);
    listener();
  });
}

/** A private nats-server on a free port, or undefined when the binary is not installed. */
export interface PrivateNats {
  readonly url: string;
  stop(): Promise<void>;
}

/** Starts `nats-server` on `port` (default: a free one); undefined without the binary. */
export async function startPrivateNats(port?: number): Promise<PrivateNats | undefined> {
  try {
    execFileSync('which', ['nats-server']);
  } catch {
    return undefined;
  }
  const listenOn = port ?? (await freePort());
  const child: ChildProcess = spawn('nats-server', ['-a', '127.0.0.1', '-p', String(listenOn)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.stderr?.on('data', (d: Buffer) => {
      if (d.toString().includes('Server is ready')) resolve();
    });
  });
  return {
    url: `nats://127.0.0.1:${listenOn}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** A port nothing listens on (bound, read and closed). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Runs every cleanup step even when one fails (so a database is dropped after a failed close), then throws the first error. */
export async function runAll(steps: readonly (() => Promise<void>)[]): Promise<void> {
  let first: unknown;
  for (const step of steps) {
    try {
      await step();
    } catch (error) {
      first ??= error;
    }
  }
  if (first !== undefined) throw first;
}
