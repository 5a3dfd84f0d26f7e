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
import type {
  ClientEvent,
  ClientListeners,
  ClientOptions,
  ReconnectOptions,
  TokenSource,
  WebSocketConstructor,
  WebSocketLike,
} from './client-options.ts';
import { decodeServerFrame, send } from './client-wire.ts';
import { ClientCloseCode, CloseCode, isFinalClose } from './close-codes.ts';
import type { CommandArgs, CommandName, CommandResult } from './commands.ts';
import type { DecodedServerFrame, StateSnapshot, WelcomeFrame } from './frames.ts';
import { LifetickError } from './lifetick-error.ts';
import {
  DEAD_END_FIRST_WAIT_MS,
  isDeadEnd,
  MAX_DEAD_END_RETRIES,
  MAX_REDIRECT_HOPS,
  nextHop,
  type Redirect,
  tooManyRedirects,
} from './redirects.ts';
import { PROTOCOL_VERSION } from './version.ts';

export type * from './client-options.ts';
export { type ClientErrorCode, LifetickError } from './lifetick-error.ts';
export type { Redirect } from './redirects.ts';

type Listeners = ClientListeners;

const OPEN = 1;

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
  /**
   * The socket that received the last welcome. A reconnect's new socket is
   * #ws from the moment it opens, but carries no session until its own
   * welcome: commands sent before then would reach a server that has not
   * loaded the player.
   */
  #welcomedWs: WebSocketLike | undefined;
  #nextId = 1;
  #closedByUser = false;
  #attempt = 0;
  #clockAt = 0;
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  /** Ends a redirect's wait early (close()). */
  #wake: (() => void) | undefined;

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
    return this.#ws !== undefined && this.#ws === this.#welcomedWs && this.#ws.readyState === OPEN;
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
    if (!ws || ws !== this.#welcomedWs || ws.readyState !== OPEN) {
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
    this.#wake?.();
    this.#ws?.close(ClientCloseCode.NORMAL, 'bye');
    this.#failPending('CLOSED', 'client closed');
  }

  /**
   * @internal Open a socket and resolve on welcome, following at most
   * MAX_REDIRECT_HOPS redirects (same token each time); `url` defaults to
   * the URL given to connect().
   */
  async open(url: string = this.#url): Promise<void> {
    const token = typeof this.#token === 'string' ? this.#token : await this.#token();
    const Ctor =
      this.#options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (!Ctor)
      throw new LifetickError(
        'DISCONNECTED',
        'no WebSocket implementation: pass options.WebSocket',
      );
    let at = url;
    let deadEnds = 0;
    for (let hop = 1; ; hop++) {
      let redirect: Redirect | undefined;
      try {
        redirect = await this.#openOnce(Ctor, at, token);
      } catch (error) {
        // A redirect led to a process that does not answer: most likely the
        // owner just died and the others still name it until its lease runs
        // out. Start over from the first URL after a growing wait, where a
        // survivor will soon own the shard (or answer "moving").
        if (at === this.#url || !isDeadEnd(error) || deadEnds >= MAX_DEAD_END_RETRIES) throw error;
        await this.#wait(DEAD_END_FIRST_WAIT_MS * 2 ** deadEnds++);
        if (this.#closedByUser) throw new LifetickError('CLOSED', 'client closed');
        at = this.#url;
        hop = 0;
        continue;
      }
      if (!redirect) return;
      if (hop > MAX_REDIRECT_HOPS) throw tooManyRedirects();
      const next = nextHop(redirect, this.#url);
      this.#options.onRedirect?.(redirect, hop);
      if (next.delayMs > 0) await this.#wait(next.delayMs);
      if (this.#closedByUser) throw new LifetickError('CLOSED', 'client closed');
      at = next.url;
    }
  }

  /** Resolves after `ms`, or at once when close() is called meanwhile. */
  #wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.#wake = resolve;
      this.#reconnectTimer = setTimeout(resolve, ms);
    });
  }

  /**
   * One socket: resolves undefined on welcome, or with the redirect the
   * server answered hello with (the socket is then left to its 4004 close).
   */
  #openOnce(Ctor: WebSocketConstructor, url: string, token: string): Promise<Redirect | undefined> {
    return new Promise<Redirect | undefined>((resolve, reject) => {
      const ws = new Ctor(url);
      this.#ws = ws;
      ws.binaryType = 'arraybuffer';
      let welcomed = false;
      let settled = false;
      let moved: Redirect | undefined;
      ws.onopen = () => send(ws, { t: 'hello', v: PROTOCOL_VERSION, token });
      ws.onerror = () => {};
      ws.onmessage = (message) => {
        const frame = decodeServerFrame(message.data);
        if (!frame) return;
        if (frame.t === 'redirect') {
          moved = { url: frame.url, retryAfterMs: frame.retryAfterMs };
          if (welcomed) return; // followed when the 4004 close comes
          settled = true;
          // This socket is done: its close must not touch the client.
          ws.onclose = null;
          ws.onmessage = null;
          ws.close(ClientCloseCode.NORMAL, 'following a redirect');
          resolve(moved);
          return;
        }
        if (!welcomed && frame.t === 'error' && frame.id === undefined) {
          settled = true;
          reject(new LifetickError(frame.code, frame.message));
          return;
        }
        if (frame.t === 'welcome') {
          welcomed = true;
          this.#welcomedWs = ws;
          settled = true;
          this.#attempt = 0;
          this.#onWelcome(frame);
          resolve(undefined);
          return;
        }
        this.#onFrame(frame);
      };
      ws.onclose = (event) => {
        if (this.#ws !== ws) return;
        this.#failPending('DISCONNECTED', `connection closed (${event.code})`);
        const wasLive = this.playerId !== '';
        if (!settled)
          reject(
            new LifetickError('DISCONNECTED', `closed before welcome (${event.code})`, event.code),
          );
        if (wasLive) for (const l of this.#listeners.disconnect) l(event.code, event.reason);
        if (!welcomed) return;
        if (moved && event.code === CloseCode.MOVED) this.#follow(moved);
        else this.#maybeReconnect(event.code);
      };
    });
  }

  /**
   * Mid-session redirect: the reconnect path, but at once (or after the
   * frame's retryAfterMs) and to where the server said. A redirect that
   * cannot be followed falls back to reconnecting with backoff to the URL
   * the client started from.
   */
  #follow(redirect: Redirect): void {
    if (this.#closedByUser) return;
    let next: { url: string; delayMs: number };
    try {
      next = nextHop(redirect, this.#url);
    } catch {
      this.#maybeReconnect(ClientCloseCode.ABNORMAL);
      return;
    }
    this.#options.onRedirect?.(redirect, 1);
    this.#reconnectTimer = setTimeout(() => {
      this.open(next.url).then(
        () => {
          for (const l of this.#listeners.reconnect) l(1);
        },
        (error: unknown) => this.#afterFailedOpen(error),
      );
    }, next.delayMs);
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
        (error: unknown) => this.#afterFailedOpen(error),
      );
    }, delay);
  }

  /** After a reconnect that failed: try again with backoff, unless trying again cannot help. */
  #afterFailedOpen(error: unknown): void {
    // A refused token or version will be refused again: stop here.
    if (
      error instanceof LifetickError &&
      (error.code === 'UNAUTHORIZED' || error.code === 'BAD_VERSION' || error.code === 'CLOSED')
    )
      return;
    const closeCode = error instanceof LifetickError ? error.closeCode : undefined;
    if (closeCode === undefined || !isFinalClose(closeCode))
      this.#maybeReconnect(closeCode ?? ClientCloseCode.ABNORMAL);
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
      case 'redirect':
        // Handled in #openOnce: welcome is only ever a connection's first frame.
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
