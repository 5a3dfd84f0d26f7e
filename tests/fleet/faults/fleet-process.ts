import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type ChildServer, exitWithin, killHard, spawnServer } from '../../helpers/child-server.ts';
import { freePort } from '../../helpers/fleet.ts';
import type { DbRelay } from './db-relay.ts';

/** What every process of the fault test's fleet shares. */
export interface FleetSettings {
  /** The test database's URL (mysql://user@host:port/name); each process reaches it through its relay. */
  readonly databaseUrl: string;
  readonly natsUrl: string | undefined;
  readonly leaseTtlMs: number;
  readonly secret: string;
  readonly flushMs: number;
  /** More environment for every process (tick rate, log level...). */
  readonly env?: Readonly<Record<string, string>>;
}

/** A log line of a process that the checker counts, with when it was read. */
export interface NotedLine {
  readonly at: number;
  readonly msg: string;
}

/**
 * Log lines worth keeping: the fence refusing a write, and shards lost or
 * gone. Not the routine "handed off" lines, which would push the rare ones
 * out of the bounded record over a long soak.
 */
const NOTED = /fenc|lost|gone/i;
const NOTED_KEPT = 2000;

/**
 * One lifetick process of the fault test's fleet, as a black box: a child
 * process started with the fleet's environment on a port fixed for its life
 * (so LIFETICK_PUBLIC_URL stays right across restarts), reaching MySQL
 * through its own relay. The signals are the faults.
 */
export class FleetProcess {
  readonly nodeId: string;
  readonly port: number;
  readonly relay: DbRelay;
  readonly #settings: FleetSettings;
  readonly #dataDir: string;
  #server: ChildServer | undefined;
  #stopped = false;
  /** Noted lines of every life of this process, oldest dropped past the bound. */
  readonly noted: NotedLine[] = [];
  /** Lines of earlier lives, for diagnostics when a start fails. */
  lastLines: string[] = [];

  private constructor(nodeId: string, port: number, relay: DbRelay, settings: FleetSettings) {
    this.nodeId = nodeId;
    this.port = port;
    this.relay = relay;
    this.#settings = settings;
    this.#dataDir = mkdtempSync(path.join(tmpdir(), `lifetick-faults-${nodeId}-`));
  }

  static async create(nodeId: string, relay: DbRelay, settings: FleetSettings) {
    return new FleetProcess(nodeId, await freePort(), relay, settings);
  }

  get url(): string {
    return `ws://127.0.0.1:${this.port}/ws`;
  }

  get http(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Running (started, not exited), stopped or not. */
  get alive(): boolean {
    const child = this.#server?.child;
    return child !== undefined && child.exitCode === null && child.signalCode === null;
  }

  /** SIGSTOPped and not yet continued. */
  get stopped(): boolean {
    return this.#stopped;
  }

  get pid(): number | undefined {
    return this.#server?.child.pid;
  }

  /** Start (or restart) the process; resolves when it listens. */
  async start(startTimeoutMs = 60_000): Promise<void> {
    if (this.alive) throw new Error(`${this.nodeId} is already running`);
    const db = new URL(this.#settings.databaseUrl);
    db.host = `127.0.0.1:${this.relay.port}`;
    const server = await spawnServer(
      {
        LIFETICK_PORT: String(this.port),
        LIFETICK_DATA_DIR: this.#dataDir,
        LIFETICK_SECRET: this.#settings.secret,
        LIFETICK_DATABASE_URL: db.toString(),
        LIFETICK_FLEET: 'on',
        LIFETICK_PUBLIC_URL: this.url,
        LIFETICK_NODE_ID: this.nodeId,
        LIFETICK_LEASE_TTL_MS: String(this.#settings.leaseTtlMs),
        LIFETICK_FLUSH_MS: String(this.#settings.flushMs),
        ...(this.#settings.natsUrl ? { LIFETICK_NATS_URL: this.#settings.natsUrl } : {}),
        ...this.#settings.env,
      },
      startTimeoutMs,
    );
    this.#server = server;
    this.#stopped = false;
    this.#note(server);
  }

  /** SIGKILL and wait for the exit. */
  async kill(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    this.#stopped = false;
    await killHard(server);
    this.#retire(server);
  }

  /** SIGSTOP: the process freezes with its sockets and leases as they are. */
  pause(): void {
    if (!this.alive) throw new Error(`${this.nodeId} is not running`);
    this.#server!.child.kill('SIGSTOP');
    this.#stopped = true;
  }

  /** SIGCONT after pause(). */
  resume(): void {
    if (!this.alive) throw new Error(`${this.nodeId} is not running`);
    this.#server!.child.kill('SIGCONT');
    this.#stopped = false;
  }

  /**
   * SIGTERM and wait for the exit (a graceful stop hands every shard off);
   * SIGKILL after `graceMs`. Returns how it ended.
   */
  async terminate(graceMs = 30_000): Promise<{ graceful: boolean; code: number | null }> {
    const server = this.#server;
    if (!server || !this.alive) return { graceful: true, code: 0 };
    if (this.#stopped) this.resume();
    server.child.kill('SIGTERM');
    const exit = await exitWithin(server, graceMs);
    if (!exit) {
      await killHard(server);
      this.#retire(server);
      return { graceful: false, code: null };
    }
    this.#retire(server);
    return { graceful: true, code: exit.code };
  }

  /** The process's /stats JSON, or undefined when it does not answer in time. */
  async stats(timeoutMs = 1000): Promise<Record<string, unknown> | undefined> {
    try {
      const res = await fetch(`${this.http}/stats`, { signal: AbortSignal.timeout(timeoutMs) });
      if (!res.ok) return undefined;
      return (await res.json()) as Record<string, unknown>;
    } catch {
      return undefined;
    }
  }

  /** Log lines of the running life (diagnostics). */
  lines(): readonly string[] {
    return this.#server?.lines ?? this.lastLines;
  }

  /** Kill whatever runs and remove the data dir. */
  async dispose(): Promise<void> {
    await this.kill();
    rmSync(this.#dataDir, { recursive: true, force: true });
  }

  #retire(server: ChildServer): void {
    if (this.#server !== server) return;
    this.lastLines = server.lines.slice(-200);
    this.#server = undefined;
  }

  /** Keep every noted line of this life, from its stdout, as it comes. */
  #note(server: ChildServer): void {
    let rest = '';
    server.child.stdout!.on('data', (chunk: Buffer) => {
      const text = rest + chunk.toString('utf8');
      const lines = text.split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        if (!NOTED.test(line)) continue;
        let msg = line;
        try {
          msg = String((JSON.parse(line) as { msg?: unknown }).msg ?? line);
        } catch {
          // not JSON: keep the raw line
        }
        if (!NOTED.test(msg)) continue;
        this.noted.push({ at: Date.now(), msg });
        if (this.noted.length > NOTED_KEPT) this.noted.splice(0, this.noted.length - NOTED_KEPT);
      }
    });
  }
}
