import WebSocket from 'ws';
import type { WebSocketConstructor } from '../../../protocol/client.ts';
import { LifetickClient, LifetickError } from '../../../protocol/client.ts';
import { CloseCode } from '../../../protocol/close-codes.ts';
import type { WelcomeFrame } from '../../../protocol/frames.ts';
import { type BotRecord, noteServed, type SessionRecord } from './bot-log.ts';
import type { SeededRandom } from './seeded-random.ts';

/** Where the bot can go: the URLs of the fleet's processes now, and the node id behind a URL. */
export interface FleetDirectory {
  urls(): readonly string[];
  nodeOf(url: string): string;
}

export interface FaultBotOptions {
  readonly id: string;
  readonly token: string;
  readonly directory: FleetDirectory;
  readonly random: SeededRandom;
  /** Pause between two commands, ms. */
  readonly pauseMs?: readonly [number, number];
  /** Share of commands that are a purchase. */
  readonly purchaseShare?: number;
}

const PRODUCT = { productId: 'diamonds_100', diamonds: 100 } as const;
/** A connection that has not said welcome in this long is given up (a stopped process accepts and never answers). */
const CONNECT_TIMEOUT_MS = 4000;
/** After a 4004 close the SDK follows the redirect; if no welcome comes in this long, start over elsewhere. */
const FOLLOW_TIMEOUT_MS = 2500;
/** Purchases whose outcome is unknown are sent again (same purchase id and receipt) this many times. */
const PURCHASE_TRIES = 6;
/** Longest the bot waits for a closing socket's close event before starting over. */
const CLOSING_WAIT_MS = 1000;
/** Error codes after which the purchase is known not to have happened (or to have happened already) on the server. */
const SETTLED_CODES = new Set(['CONFLICT', 'INVALID_ARGS', 'NOT_FOUND', 'INSUFFICIENT_FUNDS']);

interface PendingPurchase {
  readonly purchaseId: string;
  readonly transactionId: string;
  tries: number;
}

/**
 * One player of the fault test, over the SDK: it connects to a random
 * process (the SDK follows redirects), plays (setSpeed now and then) and
 * buys diamond packs with unique transaction ids, and records every welcome
 * (with the process that said it), every close, every served moment and
 * every acknowledged purchase (bot-log.ts). A purchase whose answer never
 * came is sent again with the same ids, as a careful client does, so an
 * ack lost with a process tests the replay path too. On any close other
 * than a redirect it reconnects to a random process; after a redirect it
 * lets the SDK follow, and starts over if that does not end in a welcome.
 */
export class FaultBot {
  readonly record: BotRecord;
  readonly #options: FaultBotOptions;
  readonly #random: SeededRandom;
  #client: LifetickClient | undefined;
  #session: SessionRecord | undefined;
  /** The client generation whose welcome opened #session. */
  #sessionGeneration = 0;
  /** When the run loop first found the client not connected while its session had not closed yet. */
  #closingSince: number | undefined;
  /** The URL the current client's latest socket was opened to. */
  #lastUrl = '';
  #pending: PendingPurchase | undefined;
  #nextPurchase = 1;
  #stopped = false;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  #followTimer: NodeJS.Timeout | undefined;
  /** Bumped for every new client, so a late event of an old one changes nothing. */
  #generation = 0;

  constructor(options: FaultBotOptions) {
    this.#options = options;
    this.#random = options.random;
    this.record = {
      bot: options.id,
      sessions: [],
      acks: [],
      refusals: [],
      unresolved: [],
      failedConnects: 0,
      commandsAcked: 0,
      commandsFailed: 0,
    };
  }

  get id(): string {
    return this.#options.id;
  }

  /** The live session (welcomed, not closed), if any. */
  get session(): SessionRecord | undefined {
    const s = this.#session;
    return s && s.closedAt === undefined && this.#client?.connected ? s : undefined;
  }

  start(): void {
    this.#loop ??= this.#run();
  }

  /** Stop playing and close; unresolved purchases are recorded. */
  async stop(): Promise<void> {
    if (this.#stopped) return this.#loop;
    this.#stopped = true;
    clearTimeout(this.#followTimer);
    this.#wake?.();
    this.#client?.close();
    await this.#loop;
    if (this.#pending) this.record.unresolved.push(this.#pending.purchaseId);
  }

  async #run(): Promise<void> {
    while (!this.#stopped) {
      const client = this.#client;
      if (!client?.connected) {
        // A socket closing (the server's close frame read, the close event
        // not yet delivered) or a redirect being followed: wait for it, so
        // the session's end is recorded with its real close code.
        const closing = this.#session !== undefined && this.#session.closedAt === undefined;
        if (closing) this.#closingSince ??= Date.now();
        const waitClosing = closing && Date.now() - this.#closingSince! < CLOSING_WAIT_MS;
        if (this.#followTimer !== undefined || waitClosing) await this.#sleep(50);
        else await this.#connect();
        continue;
      }
      this.#closingSince = undefined;
      await this.#act(client);
      const [min, max] = this.#options.pauseMs ?? [300, 800];
      await this.#sleep(this.#random.between(min, max));
    }
  }

  async #act(client: LifetickClient): Promise<void> {
    const buy =
      this.#pending !== undefined || this.#random.next() < (this.#options.purchaseShare ?? 0.15);
    if (buy) {
      this.#pending ??= this.#newPurchase();
      const purchase = this.#pending;
      purchase.tries++;
      try {
        const result = await client.command('purchaseInAppItem', {
          productId: PRODUCT.productId,
          platform: 'dev',
          receipt: `dev:${PRODUCT.productId}:${purchase.transactionId}`,
          purchaseId: purchase.purchaseId,
        });
        this.#pending = undefined;
        this.record.commandsAcked++;
        this.record.acks.push({
          bot: this.id,
          node: this.#session?.node ?? '?',
          at: Date.now(),
          purchaseId: result.purchaseId,
          transactionId: result.transactionId,
          productId: result.productId,
          diamonds: result.diamonds,
          balance: result.balance,
        });
        this.#served();
      } catch (error) {
        this.record.commandsFailed++;
        const code = error instanceof LifetickError ? error.code : 'UNKNOWN';
        if (SETTLED_CODES.has(code)) {
          this.record.refusals.push({
            bot: this.id,
            node: this.#session?.node ?? '?',
            at: Date.now(),
            purchaseId: purchase.purchaseId,
            code,
          });
          this.#pending = undefined;
        } else if (purchase.tries >= PURCHASE_TRIES) {
          this.record.unresolved.push(purchase.purchaseId);
          this.#pending = undefined;
        }
      }
      return;
    }
    try {
      await client.command('setSpeed', { level: 1 + this.#random.below(2) });
      this.record.commandsAcked++;
      this.#served();
    } catch {
      this.record.commandsFailed++;
    }
  }

  #newPurchase(): PendingPurchase {
    const n = this.#nextPurchase++;
    return { purchaseId: `${this.id}-p${n}`, transactionId: `${this.id}-t${n}`, tries: 0 };
  }

  async #connect(): Promise<void> {
    const urls = this.#options.directory.urls();
    const url = this.#random.pick(urls);
    const generation = ++this.#generation;
    this.#client?.close();
    // Its close event (which carries the real code) may not come at all for
    // a socket stuck connecting: the session ends here, code 0.
    const open = this.#session;
    if (open && open.closedAt === undefined) {
      open.closedAt = Date.now();
      open.closeCode = 0;
    }
    const client = new LifetickClient(url, this.#options.token, {
      WebSocket: this.#tracingWebSocket(generation),
      reconnect: false,
      commandTimeoutMs: 5000,
    });
    this.#client = client;
    client.on('welcome', (welcome) => this.#onWelcome(generation, welcome));
    client.on('update', () => this.#served());
    client.on('disconnect', (code) => this.#onDisconnect(generation, code));
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        client.open(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new LifetickError('TIMEOUT', 'no welcome in time')),
            CONNECT_TIMEOUT_MS,
          );
        }),
      ]);
    } catch {
      this.record.failedConnects++;
      if (this.#client === client) {
        client.close();
        this.#client = undefined;
      }
      await this.#sleep(this.#random.between(50, 200));
    } finally {
      clearTimeout(timer);
    }
  }

  /** The `ws` WebSocket, noting each socket's URL so a welcome is put down to the process that said it. */
  #tracingWebSocket(generation: number): WebSocketConstructor {
    const bot = this;
    return class TracingWebSocket extends WebSocket {
      constructor(url: string) {
        super(url);
        if (bot.#generation === generation) bot.#lastUrl = url;
        // A hop that never connects (the process is gone): the SDK, with
        // reconnect off, gives up silently; start over at once.
        let opened = false;
        this.once('open', () => {
          opened = true;
        });
        this.once('close', () => {
          if (!opened) bot.#hopFailed(generation);
        });
      }
    } as unknown as WebSocketConstructor;
  }

  #onWelcome(generation: number, welcome: WelcomeFrame): void {
    if (generation !== this.#generation) return;
    clearTimeout(this.#followTimer);
    this.#followTimer = undefined;
    const at = Date.now();
    const session: SessionRecord = {
      bot: this.id,
      node: this.#options.directory.nodeOf(this.#lastUrl),
      welcomedAt: at,
      diamonds: Number(welcome.state.diamonds ?? 0),
      served: [at],
    };
    this.#session = session;
    this.#sessionGeneration = generation;
    this.#closingSince = undefined;
    this.record.sessions.push(session);
  }

  #onDisconnect(generation: number, code: number): void {
    // The session ends with its own client's close, even one given up on.
    const session = this.#session;
    if (generation === this.#sessionGeneration && session && session.closedAt === undefined) {
      session.closedAt = Date.now();
      session.closeCode = code;
    }
    if (generation !== this.#generation) return;
    if (this.#stopped) return;
    if (code === CloseCode.MOVED) {
      // The SDK follows the redirect; give it a while before starting over.
      clearTimeout(this.#followTimer);
      this.#followTimer = setTimeout(() => {
        this.#followTimer = undefined;
        if (this.#generation === generation && !this.#client?.connected) {
          this.#client?.close();
          this.#client = undefined;
        }
      }, FOLLOW_TIMEOUT_MS);
      return;
    }
    this.#client?.close();
    this.#client = undefined;
    this.#wake?.();
  }

  /** A socket of a redirect being followed could not connect: start over elsewhere now. */
  #hopFailed(generation: number): void {
    if (generation !== this.#generation || this.#followTimer === undefined) return;
    clearTimeout(this.#followTimer);
    this.#followTimer = undefined;
    if (!this.#client?.connected) {
      this.#client?.close();
      this.#client = undefined;
      this.#wake?.();
    }
  }

  #served(): void {
    const session = this.#session;
    if (session && session.closedAt === undefined) noteServed(session, Date.now());
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = done;
    });
  }
}
