import { createServer, type Server, Socket } from 'node:net';

/**
 * A TCP relay between one fleet process and MariaDB that the fault test can
 * cut: `cut()` destroys every relayed connection and closes the listening
 * port (new connections are refused, as a network partition looks to a
 * client that gets RST), `restore()` listens again on the same port.
 *
 * It also reads the MySQL connection id from the server's greeting (the
 * first packet of every connection), so the write audit (write-audit.ts),
 * which records CONNECTION_ID() in triggers, can tell which process wrote
 * a row.
 */
export class DbRelay {
  readonly #target: { host: string; port: number };
  readonly #links = new Set<{ client: Socket; upstream: Socket }>();
  /** MySQL thread ids of the connections made through this relay. */
  readonly connectionIds = new Set<number>();
  #server: Server | undefined;
  #port = 0;
  /** Connections accepted, and destroyed by cut(). */
  accepted = 0;
  severed = 0;

  private constructor(target: { host: string; port: number }) {
    this.#target = target;
  }

  /** A relay listening on a free port of 127.0.0.1. */
  static async start(target: { host: string; port: number }): Promise<DbRelay> {
    const relay = new DbRelay(target);
    await relay.#listen(0);
    return relay;
  }

  get port(): number {
    return this.#port;
  }

  /** Whether the relay is passing traffic (not cut). */
  get open(): boolean {
    return this.#server !== undefined;
  }

  /** Drop every relayed connection and refuse new ones until restore(). */
  async cut(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    this.#server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const link of this.#links) {
      link.client.destroy();
      link.upstream.destroy();
      this.severed++;
    }
    this.#links.clear();
    await closed;
  }

  /** Listen again on the same port. */
  async restore(): Promise<void> {
    if (this.#server) return;
    await this.#listen(this.#port);
  }

  async close(): Promise<void> {
    await this.cut();
  }

  async #listen(port: number): Promise<void> {
    const server = createServer((client) => this.#accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address();
    this.#port = typeof address === 'object' && address ? address.port : port;
    this.#server = server;
  }

  #accept(client: Socket): void {
    this.accepted++;
    const upstream = new Socket();
    const link = { client, upstream };
    this.#links.add(link);
    const drop = (): void => {
      this.#links.delete(link);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop);
    upstream.on('error', drop);
    client.on('close', drop);
    upstream.on('close', drop);
    let greeted = false;
    upstream.on('data', (chunk: Buffer) => {
      if (!greeted) {
        greeted = true;
        const id = greetingConnectionId(chunk);
        if (id !== undefined) this.connectionIds.add(id);
      }
    });
    // pipe() handles backpressure both ways; the 'data' listener above only peeks.
    upstream.connect(this.#target.port, this.#target.host, () => {
      client.pipe(upstream);
      upstream.pipe(client);
    });
  }
}

/**
 * The connection (thread) id in a MySQL protocol-10 greeting: after the
 * 4-byte packet header, the protocol version byte (10), the NUL-terminated
 * server version, then the id as 4 little-endian bytes. Undefined for
 * anything else (an error packet when the server refuses the connection).
 */
export function greetingConnectionId(packet: Buffer): number | undefined {
  if (packet.length < 10 || packet[4] !== 10) return undefined;
  const end = packet.indexOf(0, 5);
  if (end < 0 || end + 5 > packet.length) return undefined;
  return packet.readUInt32LE(end + 1);
}
