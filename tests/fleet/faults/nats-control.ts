import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { freePort } from '../../helpers/fleet.ts';

/** Debian's package puts the binary here; PATH is tried when it is elsewhere. */
const NATS_BINARY = existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : 'nats-server';

/**
 * The fault test's own nats-server (no JetStream), on a port of its own so
 * stopping it never touches the machine's shared NATS on 4222. `stop()`
 * and `start()` keep the port, so the fleet's processes, which were given
 * the URL once, find it again when it comes back.
 */
export class NatsControl {
  readonly port: number;
  #child: ChildProcess | undefined;
  #exited: Promise<void> = Promise.resolve();

  private constructor(port: number) {
    this.port = port;
  }

  /** A running nats-server on a free port; undefined when the binary is missing. */
  static async launch(): Promise<NatsControl | undefined> {
    const control = new NatsControl(await freePort());
    try {
      await control.start();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    return control;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.#child !== undefined;
  }

  /** Start the server (no-op when running); resolves once it says it is ready. */
  async start(timeoutMs = 10_000): Promise<void> {
    if (this.#child) return;
    const child = spawn(NATS_BINARY, ['-a', '127.0.0.1', '-p', String(this.port)], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    this.#exited = new Promise((resolve) => child.once('exit', () => resolve()));
    let said = '';
    let timer: NodeJS.Timeout | undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        child.once('error', reject);
        child.once('exit', (code) =>
          reject(new Error(`nats-server exited (code ${code}) before ready:\n${said}`)),
        );
        child.stderr!.setEncoding('utf8');
        child.stderr!.on('data', (d: string) => {
          if (said.length < 8000) said += d;
          if (said.includes('Server is ready')) resolve();
        });
        timer = setTimeout(
          () => reject(new Error(`nats-server not ready in ${timeoutMs} ms:\n${said}`)),
          timeoutMs,
        );
      });
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    } finally {
      clearTimeout(timer);
    }
    // Keep draining stderr so the pipe never fills and blocks the server.
    child.stderr!.resume();
    this.#child = child;
  }

  /** Stop the server (SIGKILL: an outage, not a goodbye) and wait for its exit. */
  async stop(): Promise<void> {
    const child = this.#child;
    if (!child) return;
    this.#child = undefined;
    child.kill('SIGKILL');
    await this.#exited;
  }
}
