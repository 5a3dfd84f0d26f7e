import { CLIENT_FIELDS } from '../../src/world/schema.ts';
import { type Frame, RawClient } from './raw-client.ts';

/** One setSpeed the bot sent: when, and when (if ever) the server acked it. */
export interface SpeedCommand {
  readonly level: number;
  readonly sentAt: number;
  ackAt?: number;
  error?: string;
}

export interface BotScript {
  /** Speed levels to pick from; each command picks one different from the current speed. */
  readonly levels: readonly number[];
  /** Bounds of the random pause between two setSpeed commands, ms. */
  readonly pauseMs: readonly [number, number];
}

interface Waiter {
  resolve: (frame: Frame | undefined) => void;
}

/** Game minutes lived, a clock that only moves forward: ageDays * 1440 + minuteOfDay. */
export function lifeMinutes(state: Readonly<Record<string, unknown>>): number {
  return Number(state.ageDays) * 1440 + Number(state.minuteOfDay);
}

/**
 * A scripted player over a RawClient: it changes its speed every few hundred
 * ms (recording when each change was sent and acked), answers every question
 * with its last (free) option so its clock keeps running, and follows its own
 * state from the update frames, remembering when it saw its clock move.
 */
export class Bot {
  readonly id: string;
  readonly client: RawClient;
  readonly welcome: Frame;
  readonly welcomedAt: number;
  /** The state as the client knows it: welcome.state, then every update applied. */
  readonly state: Record<string, unknown>;
  readonly commands: SpeedCommand[] = [];
  /** [receivedAt, lifeMinutes] every time an update moved the clock. */
  readonly clock: [number, number][] = [];
  /** Refused commands other than setSpeed's (answers the game refused, for instance). */
  readonly refusals: Frame[] = [];
  updates = 0;
  acks = 0;
  /** Receive times of every ack and update, for "did they keep coming" checks. */
  readonly ackTimes: number[] = [];
  readonly updateTimes: number[] = [];
  closedAt: number | undefined;
  closeCode: number | undefined;
  #nextId = 1;
  readonly #waiting = new Map<number, Waiter>();
  #running: Promise<void> | undefined;
  #stopped = false;
  #wake: (() => void) | undefined;

  private constructor(id: string, client: RawClient, welcome: Frame) {
    this.id = id;
    this.client = client;
    this.welcome = welcome;
    this.welcomedAt = Date.now();
    this.state = { ...(welcome.state as Record<string, unknown>) };
    this.clock.push([this.welcomedAt, lifeMinutes(this.state)]);
    // Frames that came in the same read as welcome were decoded before this
    // listener existed: take them from the client's record first.
    for (const frame of client.frames.slice(client.frames.indexOf(welcome) + 1))
      this.#onFrame(frame);
    client.socket.on('message', () => this.#onFrame(client.frames[client.frames.length - 1]!));
    void client.closed.then(({ code }) => {
      this.closedAt = Date.now();
      this.closeCode = code;
      for (const w of this.#waiting.values()) w.resolve(undefined);
      this.#waiting.clear();
      this.#wake?.();
    });
    const pending = this.state.pending as { id: string; options?: { id: string }[] } | null;
    if (pending) this.#answer(pending);
  }

  /** Connect and say hello; rejects unless the server answers with welcome. */
  static async connect(url: string, id: string, token: string): Promise<Bot> {
    const client = await RawClient.open(url);
    const welcome = await client.hello(token);
    if (welcome.t !== 'welcome') {
      client.terminate();
      throw new Error(`${id}: expected welcome, got ${JSON.stringify(welcome)}`);
    }
    return new Bot(id, client, welcome);
  }

  get closed(): boolean {
    return this.closedAt !== undefined;
  }

  /** The last setSpeed the server acked (at or before `before`, when given). */
  lastAcked(before = Number.POSITIVE_INFINITY): SpeedCommand | undefined {
    for (let i = this.commands.length - 1; i >= 0; i--) {
      const c = this.commands[i]!;
      if (c.ackAt !== undefined && c.ackAt <= before) return c;
    }
    return undefined;
  }

  /** The clock as last seen in an update received at or before `before`. */
  clockSeen(before: number): number | undefined {
    let seen: number | undefined;
    for (const [at, minutes] of this.clock) {
      if (at > before) break;
      seen = minutes;
    }
    return seen;
  }

  /** Send one command and wait for its ack or error (undefined if the socket closed first). */
  command(name: string, args: unknown): Promise<Frame | undefined> {
    if (this.closed) return Promise.resolve(undefined);
    const id = this.#nextId++;
    const reply = new Promise<Frame | undefined>((resolve) => this.#waiting.set(id, { resolve }));
    this.client.send({ t: 'cmd', id, name, args });
    return reply;
  }

  /** setSpeed with its timing recorded in `commands`. */
  async setSpeed(level: number): Promise<SpeedCommand> {
    const cmd: SpeedCommand = { level, sentAt: Date.now() };
    this.commands.push(cmd);
    const reply = await this.command('setSpeed', { level });
    if (reply?.t === 'ack') cmd.ackAt = Date.now();
    else if (reply) cmd.error = `${String(reply.code)}: ${String(reply.message)}`;
    return cmd;
  }

  /** Start changing speed on the script's schedule until stop() or the socket closes. */
  start(script: BotScript): void {
    this.#running ??= this.#run(script);
  }

  /** Stop the script; resolves once its command in flight (if any) is answered. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#wake?.();
    await this.#running;
  }

  async #run(script: BotScript): Promise<void> {
    while (!this.#stopped && !this.closed) {
      const current = Number(this.state.speed);
      const choices = script.levels.filter((l) => l !== current);
      const level = choices[Math.floor(Math.random() * choices.length)]!;
      const cmd = await this.setSpeed(level);
      if (cmd.ackAt !== undefined) this.state.speed = level;
      const [min, max] = script.pauseMs;
      // The script's own pacing: a player who presses a button now and then.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, min + Math.random() * (max - min));
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#wake = undefined;
    }
  }

  #answer(event: { id: string; options?: { id: string }[] }): void {
    const option = event.options?.at(-1);
    if (!option) return;
    void this.command('answer', { eventId: event.id, optionId: option.id }).then((reply) => {
      if (reply?.t === 'error') this.refusals.push(reply);
    });
  }

  #onFrame(frame: Frame): void {
    const now = Date.now();
    if (frame.t === 'update') {
      this.updates++;
      this.updateTimes.push(now);
      const before = lifeMinutes(this.state);
      for (const [id, value] of Object.entries(frame.d as Record<string, unknown>)) {
        const name = CLIENT_FIELDS[Number(id)];
        if (name !== undefined) this.state[name] = value;
      }
      const after = lifeMinutes(this.state);
      if (after !== before) this.clock.push([now, after]);
      return;
    }
    if ((frame.t === 'ack' || frame.t === 'error') && typeof frame.id === 'number') {
      if (frame.t === 'ack') {
        this.acks++;
        this.ackTimes.push(now);
      }
      const waiter = this.#waiting.get(frame.id);
      if (waiter) {
        this.#waiting.delete(frame.id);
        waiter.resolve(frame);
      }
      return;
    }
    if (frame.t === 'event') {
      const event = frame.event as { id: string; kind: string; options?: { id: string }[] };
      if (event.kind !== 'message') this.#answer(event);
    }
  }
}
