import { createServer, type Server, Socket } from 'node:net';

/** One relayed connection: the client's socket, the server's, and answers held back. */
interface Link {
  readonly client: Socket;
  readonly upstream: Socket;
  /** The last bytes the client sent, to find a marker split across chunks. */
  recent: string;
  /** Set once this connection carried the marker: its answers are held until release(). */
  holding: boolean;
  readonly held: Buffer[];
}

// Bytes of the client's stream kept to match a marker across chunk
// boundaries: far longer than any marker a test uses.
const RECENT_CHARS = 4096;

/**
 * A TCP relay to a database that can make one query slow, on demand and
 * deterministically: after `holdAnswersTo(marker)`, the first connection
 * whose client sends bytes containing `marker` (a player id in a query) has
 * every answer from the database held back until `release()`. The query
 * itself reaches the database; only its result waits. Other connections
 * flow freely, so unrelated saves do not stall.
 */
export class HoldingRelay {
  readonly #server: Server;
  readonly #target: { host: string; port: number };
  readonly #links = new Set<Link>();
  #marker: string | undefined;
  #sighted: (() => void) | undefined;

  private constructor(server: Server, target: { host: string; port: number }) {
    this.#server = server;
    this.#target = target;
    server.on('connection', (client) => this.#accept(client));
  }

  static async start(target: { host: string; port: number }): Promise<HoldingRelay> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    return new HoldingRelay(server, target);
  }

  get port(): number {
    const address = this.#server.address();
    return typeof address === 'object' && address ? address.port : 0;
  }

  /**
   * Hold the answers on the connection that next sends `marker`. Resolves
   * once that happened: the query is at the database, its answer held.
   */
  holdAnswersTo(marker: string): Promise<void> {
    this.#marker = marker;
    return new Promise((resolve) => {
      this.#sighted = resolve;
    });
  }

  /** Deliver every held answer and stop holding. */
  release(): void {
    this.#marker = undefined;
    for (const link of this.#links) {
      if (!link.holding) continue;
      link.holding = false;
      for (const chunk of link.held.splice(0)) link.client.write(chunk);
    }
  }

  async close(): Promise<void> {
    for (const link of this.#links) {
      link.client.destroy();
      link.upstream.destroy();
    }
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #accept(client: Socket): void {
    const upstream = new Socket();
    const link: Link = { client, upstream, recent: '', holding: false, held: [] };
    this.#links.add(link);
    for (const [a, b] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      a.on('error', () => {});
      a.on('close', () => {
        this.#links.delete(link);
        b.destroy();
      });
    }
    client.on('data', (chunk: Buffer) => {
      upstream.write(chunk);
      if (this.#marker === undefined) return;
      link.recent = (link.recent + chunk.toString('latin1')).slice(-RECENT_CHARS);
      if (link.recent.includes(this.#marker)) {
        this.#marker = undefined;
        link.holding = true;
        this.#sighted?.();
        this.#sighted = undefined;
      }
    });
    upstream.on('data', (chunk: Buffer) => {
      if (link.holding) link.held.push(chunk);
      else client.write(chunk);
    });
    upstream.connect(this.#target.port, this.#target.host);
  }
}
