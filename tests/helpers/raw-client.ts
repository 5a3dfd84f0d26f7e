import { Decoder, encode } from '@msgpack/msgpack';
import WebSocket from 'ws';

/** A decoded server frame. */
export type Frame = Record<string, unknown> & { t: string };

/**
 * A protocol client written with another MessagePack library
 * (@msgpack/msgpack), as outside clients are: it sees exactly what the wire
 * carries. It records the type of every map key it decodes, so tests can
 * check that `update.d` keys are MessagePack integers.
 */
export class RawClient {
  readonly frames: Frame[] = [];
  readonly keyTypes: Set<string>[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly #ws: WebSocket;
  #waiters: { match: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];
  readonly #taken = new Set<number>();

  private constructor(ws: WebSocket) {
    this.#ws = ws;
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    });
    ws.on('message', (data: Buffer) => {
      const keyTypes = new Set<string>();
      const decoder = new Decoder({
        mapKeyConverter: (key) => {
          keyTypes.add(typeof key);
          return key as string | number;
        },
      });
      const frame = decoder.decode(data) as Frame;
      const index = this.frames.length;
      this.frames.push(frame);
      this.keyTypes.push(keyTypes);
      const waiter = this.#waiters.find((w) => w.match(frame));
      if (waiter) {
        this.#taken.add(index);
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        waiter.resolve(frame);
      }
    });
  }

  /** Connect; `options` are the ws library's (e.g. `localAddress` to come from 127.0.0.2). */
  static open(url: string, options?: WebSocket.ClientOptions): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, options);
      ws.once('open', () => resolve(new RawClient(ws)));
      ws.once('error', reject);
    });
  }

  get socket(): WebSocket {
    return this.#ws;
  }

  send(frame: unknown): void {
    this.#ws.send(encode(frame));
  }

  sendBytes(bytes: Uint8Array | Buffer, binary = true): void {
    this.#ws.send(bytes, { binary });
  }

  /** The first frame not yet taken that matches; waits for one to arrive. */
  next(match: (f: Frame) => boolean = () => true): Promise<Frame> {
    for (let i = 0; i < this.frames.length; i++) {
      if (!this.#taken.has(i) && match(this.frames[i]!)) {
        this.#taken.add(i);
        return Promise.resolve(this.frames[i]!);
      }
    }
    return new Promise((resolve) => this.#waiters.push({ match, resolve }));
  }

  /** The answer (ack or error) to command `id`. */
  reply(id: number): Promise<Frame> {
    return this.next((f) => (f.t === 'ack' || f.t === 'error') && f.id === id);
  }

  async hello(token: string): Promise<Frame> {
    this.send({ t: 'hello', v: 1, token });
    return this.next((f) => f.t === 'welcome' || f.t === 'error');
  }

  async command(id: number, name: string, args: unknown = {}): Promise<Frame> {
    this.send({ t: 'cmd', id, name, args });
    return this.reply(id);
  }

  close(): void {
    this.#ws.close();
  }

  terminate(): void {
    this.#ws.terminate();
  }
}
