/**
 * The lifetick client SDK: runs in browsers (the standard WebSocket) and in
 * Node (pass a WebSocket implementation such as the `ws` package's, since
 * Node 20 has none built in).
 *
 * @example
 * const client = await connect('ws://127.0.0.1:8001/ws', token, { WebSocket });
 * client.on('update', (changed) => console.log(changed.energy));
 * await client.command('setSpeed', { level: 2 });
 */
import { Packr, Unpackr } from 'msgpackr';
import { ClientCloseCode, isFinalClose } from './close-codes.ts';
import type { CommandArgs, CommandName, CommandResult } from './commands.ts';
import type {
  AchievementView,
  ChatMessage,
  ClientFrame,
  DecodedServerFrame,
  GameEvent,
  StateSnapshot,
  WelcomeFrame,
} from './frames.ts';
import { isServerFrame } from './server-frame-guard.ts';
import { PROTOCOL_VERSION } from './version.ts';

/** The part of the WebSocket API the client uses (browsers' WebSocket and `ws` both have it). */
export interface WebSocketLike {
  binaryType: string;
  readonly readyState: number;
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}
export type WebSocketConstructor = new (url: string) => WebSocketLike;

/** Why a command (or the connection) failed: a protocol error code, or a client-side one. */
export type ClientErrorCode = string;

/** A refused command, or a connection that could not be made or was lost. */
export class LifetickError extends Error {
  override readonly name = 'LifetickError';
  constructor(
    /** A protocol error code (INVALID_ARGS, ...) or DISCONNECTED, TIMEOUT, CLOSED. */
    readonly code: ClientErrorCode,
    message: string,
    /** The WebSocket close code, when the connection closed. */
    readonly closeCode?: number,
  ) {
    super(message);
  }
}

export interface ReconnectOptions {
  /** First delay before reconnecting (default 250 ms); doubles each failed try. */
  readonly initialDelayMs?: number;
  /** Longest delay between tries (default 10 s). */
  readonly maxDelayMs?: number;
  /** Give up after this many tries in a row (default: never). */
  readonly maxAttempts?: number;
}

export interface ClientOptions {
  /** WebSocket implementation; defaults to the global one (browsers, Node 22+). */
  readonly WebSocket?: WebSocketConstructor;
  /** Reconnect automatically after a dropped connection (default true). */
  readonly reconnect?: boolean | ReconnectOptions;
  /** Reject a command not answered within this time (default 10 s). */
  readonly commandTimeoutMs?: number;
}

/** A token, or a function giving a fresh one for each (re)connection. */
export type TokenSource = string | (() => string | Promise<string>);

interface Listeners {
  welcome: (welcome: WelcomeFrame) => void;
  update: (changed: Readonly<Record<string, number>>, tick: number) => void;
  event: (event: GameEvent) => void;
  chat: (npcId: number, message: ChatMessage) => void;
  /** An achievement unlocked; acknowledgeAchievement collects its reward. */
  achievement: (achievement: AchievementView) => void;
  disconnect: (code: number, reason: string) => void;
  reconnect: (attempt: number) => void;
}
export type ClientEvent = keyof Listeners;

const OPEN = 1;

const packr = new Packr({ useRecords: false, variableMapSize: true });
const unpackr = new Unpackr({ useRecords: false, mapsAsObjects: true, int64AsType: 'number' });

interface PendingCommand {
  resolve: (value: unknown) => void;
  reject: (error: LifetickError) => void;
  timer: ReturnType<typeof setTimeout>;
}

/** A connected player. Create with `connect()`. */
export class LifetickClient {
  /** Latest known value of every hot field, by name. */
  readonly state: Record<string, number> = {};
  /** The latest full snapshot (welcome or getState), cold state included. */
  snapshot: StateSnapshot | undefined;
  playerId = '';
  fields: readonly string[] = [];
  speeds: readonly number[] = [];
  tickHz = 0;

  readonly #url: string;
  readonly #token: TokenSource;
  readonly #options: ClientOptions;
  readonly #listeners: { [K in ClientEvent]: Listeners[K][] } = {
    welcome: [],
    update: [],
    event: [],
    chat: [],
    achievement: [],
    disconnect: [],
    reconnect: [],
  };
  readonly #pending = new Map<number, PendingCommand>();
  #ws: WebSocketLike | undefined;
  #nextId = 1;
  #closedByUser = false;
  #attempt = 0;
  #clockAt = 0;
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined;

  /** @internal Use `connect()`. */
  constructor(url: string, token: TokenSource, options: ClientOptions) {
    this.#url = url;
    this.#token = token;
    this.#options = options;
  }

  on<K extends ClientEvent>(event: K, listener: Listeners[K]): () => void {
    this.#listeners[event].push(listener);
    return () => {
      const list = this.#listeners[event];
      const i = list.indexOf(listener);
      if (i >= 0) list.splice(i, 1);
    };
  }

  /** Whether a session is live (welcome received, socket open). */
  get connected(): boolean {
    return this.#ws?.readyState === OPEN && this.playerId !== '';
  }

  /**
   * The game clock now: the last minute the server sent, run forward at the
   * player's speed for the time since (the server sends the clock when the
   * game hour changes, not every tick). Paused or waiting on a question: it
   * stands still.
   */
  minuteOfDayNow(now: number = Date.now()): number {
    const speed = this.state.speed ?? 0;
    const rate = this.state.pendingEvent ? 0 : (this.speeds[speed] ?? 0);
    const minutes = (this.state.minuteOfDay ?? 0) + (rate * (now - this.#clockAt)) / 1000;
    return Math.floor(minutes) % 1440;
  }

  /** Send a command; resolves with its result, rejects with a LifetickError. */
  command<N extends CommandName>(name: N, args: CommandArgs<N>): Promise<CommandResult<N>> {
    const ws = this.#ws;
    if (!ws || ws.readyState !== OPEN || this.playerId === '') {
      return Promise.reject(new LifetickError('DISCONNECTED', 'not connected'));
    }
    const id = this.#nextId++;
    return new Promise<CommandResult<N>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new LifetickError('TIMEOUT', `${name} got no answer in time`));
      }, this.#options.commandTimeoutMs ?? 10_000);
      // The ack's result is this command's result: the server's handler is
      // typed by the command's result schema (commands.ts), and the SDK
      // trusts its server here as it does for the shape of every frame.
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer });
      send(ws, { t: 'cmd', id, name, args });
    });
  }

  /** Close for good (no reconnect). */
  close(): void {
    this.#closedByUser = true;
    if (this.#reconnectTimer) clearTimeout(this.#reconnectTimer);
    this.#ws?.close(ClientCloseCode.NORMAL, 'bye');
    this.#failPending('CLOSED', 'client closed');
  }

  /** @internal Open a socket and resolve on welcome. */
  async open(): Promise<void> {
    const token = typeof this.#token === 'string' ? this.#token : await this.#token();
    const Ctor =
      this.#options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (!Ctor)
      throw new LifetickError(
        'DISCONNECTED',
        'no WebSocket implementation: pass options.WebSocket',
      );
    return new Promise<void>((resolve, reject) => {
      const ws = new Ctor(this.#url);
      this.#ws = ws;
      ws.binaryType = 'arraybuffer';
      let welcomed = false;
      ws.onopen = () => send(ws, { t: 'hello', v: PROTOCOL_VERSION, token });
      ws.onerror = () => {};
      ws.onmessage = (message) => {
        const frame = decodeServerFrame(message.data);
        if (!frame) return;
        if (!welcomed && frame.t === 'error' && frame.id === undefined) {
          reject(new LifetickError(frame.code, frame.message));
          return;
        }
        if (frame.t === 'welcome') {
          welcomed = true;
          this.#attempt = 0;
          this.#onWelcome(frame);
          resolve();
          return;
        }
        this.#onFrame(frame);
      };
      ws.onclose = (event) => {
        if (this.#ws !== ws) return;
        this.#failPending('DISCONNECTED', `connection closed (${event.code})`);
        const wasLive = this.playerId !== '';
        if (!welcomed)
          reject(
            new LifetickError('DISCONNECTED', `closed before welcome (${event.code})`, event.code),
          );
        if (wasLive) for (const l of this.#listeners.disconnect) l(event.code, event.reason);
        if (welcomed) this.#maybeReconnect(event.code);
      };
    });
  }

  #maybeReconnect(code: number): void {
    const setting = this.#options.reconnect ?? true;
    if (this.#closedByUser || setting === false || isFinalClose(code)) return;
    const options: ReconnectOptions = setting === true ? {} : setting;
    if (options.maxAttempts !== undefined && this.#attempt >= options.maxAttempts) return;
    const base = Math.min(
      options.maxDelayMs ?? 10_000,
      (options.initialDelayMs ?? 250) * 2 ** this.#attempt,
    );
    // Jitter spreads a crowd of clients that lost the server at once.
    const delay = base / 2 + Math.random() * (base / 2);
    this.#attempt++;
    const attempt = this.#attempt;
    this.#reconnectTimer = setTimeout(() => {
      this.open().then(
        () => {
          for (const l of this.#listeners.reconnect) l(attempt);
        },
        (error: unknown) => {
          // A refused token or version will be refused again: stop here.
          if (
            error instanceof LifetickError &&
            (error.code === 'UNAUTHORIZED' || error.code === 'BAD_VERSION')
          )
            return;
          const closeCode = error instanceof LifetickError ? error.closeCode : undefined;
          if (closeCode === undefined || !isFinalClose(closeCode))
            this.#maybeReconnect(closeCode ?? ClientCloseCode.ABNORMAL);
        },
      );
    }, delay);
  }

  #onWelcome(welcome: WelcomeFrame): void {
    this.playerId = welcome.playerId;
    this.fields = welcome.fields;
    this.speeds = welcome.speeds;
    this.tickHz = welcome.tickHz;
    this.snapshot = welcome.state;
    for (const name of welcome.fields) {
      const value = welcome.state[name];
      if (typeof value === 'number') this.state[name] = value;
    }
    this.#clockAt = Date.now();
    for (const l of this.#listeners.welcome) l(welcome);
  }

  /** Every frame after welcome (frame types it does not know never get here: decodeServerFrame). */
  #onFrame(frame: DecodedServerFrame): void {
    switch (frame.t) {
      case 'ack':
      case 'error': {
        if (frame.id === undefined) return;
        const pending = this.#pending.get(frame.id);
        if (!pending) return;
        this.#pending.delete(frame.id);
        clearTimeout(pending.timer);
        if (frame.t === 'ack') pending.resolve(frame.result);
        else pending.reject(new LifetickError(frame.code, frame.message));
        return;
      }
      case 'update': {
        const changed: Record<string, number> = {};
        for (const [key, value] of Object.entries(frame.d)) {
          const name = this.fields[Number(key)];
          if (name === undefined) continue;
          changed[name] = value;
          this.state[name] = value;
        }
        if ('minuteOfDay' in changed) this.#clockAt = Date.now();
        for (const l of this.#listeners.update) l(changed, frame.tick);
        return;
      }
      case 'event':
        for (const l of this.#listeners.event) l(frame.event);
        return;
      case 'chat':
        for (const l of this.#listeners.chat) l(frame.npcId, frame.message);
        return;
      case 'achievement':
        for (const l of this.#listeners.achievement) l(frame.achievement);
        return;
      case 'welcome':
        // Only ever the first frame of a connection, handled in open().
        return;
    }
  }

  #failPending(code: string, message: string): void {
    for (const pending of this.#pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(new LifetickError(code, message));
    }
    this.#pending.clear();
  }
}

/** Encode and send one frame. */
function send(ws: WebSocketLike, frame: ClientFrame): void {
  ws.send(packr.pack(frame));
}

/**
 * One message from the server as a frame of a type this SDK knows;
 * undefined for anything else (not binary, not MessagePack, an unknown
 * type), which is ignored.
 */
function decodeServerFrame(data: unknown): DecodedServerFrame | undefined {
  const bytes =
    data instanceof ArrayBuffer
      ? new Uint8Array(data)
      : data instanceof Uint8Array
        ? data
        : undefined;
  if (!bytes) return undefined;
  let value: unknown;
  try {
    value = unpackr.unpack(bytes);
  } catch {
    return undefined;
  }
  return isServerFrame(value) ? value : undefined;
}

/**
 * Connect as the player the token names. Resolves once the server has said
 * welcome; rejects with a LifetickError (UNAUTHORIZED, BAD_VERSION,
 * DISCONNECTED) otherwise.
 */
export async function connect(
  url: string,
  token: TokenSource,
  options: ClientOptions = {},
): Promise<LifetickClient> {
  const client = new LifetickClient(url, token, options);
  await client.open();
  return client;
}
