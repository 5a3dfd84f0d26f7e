import { connect, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { SHARD_COUNT } from '../kit/shard-of.ts';
import type { Member } from './db-membership.ts';
import type { FleetLog } from './fleet-log.ts';

export interface NatsMembershipOptions {
  readonly url: string;
  /** Subject prefix shared by one fleet, e.g. `lifetick.fleet.<database>`. */
  readonly subjectPrefix: string;
  readonly self: Member;
  /** Heartbeat period. */
  readonly beatMs: number;
  /** A member unheard for this long is gone. */
  readonly expireAfterMs: number;
  /** How long to wait before trying again when NATS cannot be reached. */
  readonly retryMs: number;
  readonly log: FleetLog;
  /** Member `from` released these shards: they are free now. */
  readonly onReleased: (shards: readonly number[], from: string) => void;
}

// Most members one process tracks: a fleet is a few dozen processes, and a
// bad publisher past this bound cannot grow this process's memory.
const MAX_MEMBERS = 1024;

/**
 * Membership over NATS: each member publishes `{nodeId, publicUrl}` on
 * `<prefix>.heartbeat` every beat, and one that misses a few beats is gone;
 * `<prefix>.released` carries shards given up, so their new owner takes
 * them at once. When NATS is unreachable it says so in the log, reports
 * itself down (`connected` false) and keeps trying; the database
 * membership covers for it meanwhile.
 */
export class NatsMembership {
  readonly #o: NatsMembershipOptions;
  readonly #seen = new Map<string, { url: string; at: number }>();
  #nc: NatsConnection | undefined;
  #beat: NodeJS.Timeout | undefined;
  #retry: NodeJS.Timeout | undefined;
  #running = false;
  #connected = false;
  /** Whether this outage was logged already (one line an outage, not one a retry). */
  #saidUnreachable = false;

  constructor(options: NatsMembershipOptions) {
    this.#o = options;
  }

  /** Whether NATS is reachable now (its member list is only meaningful then). */
  get connected(): boolean {
    return this.#connected;
  }

  /** Members heard within the expiry (self included once its beat came back). */
  live(): Member[] {
    const now = performance.now();
    const out: Member[] = [];
    for (const [nodeId, m] of this.#seen) {
      if (now - m.at <= this.#o.expireAfterMs) out.push({ nodeId, publicUrl: m.url });
      else this.#seen.delete(nodeId);
    }
    return out;
  }

  /** Tries once to connect; a failure is logged and retried in the background. */
  async start(): Promise<void> {
    this.#running = true;
    await this.#connect();
  }

  async stop(): Promise<void> {
    this.#running = false;
    clearInterval(this.#beat);
    clearTimeout(this.#retry);
    this.#connected = false;
    const nc = this.#nc;
    this.#nc = undefined;
    if (nc) await nc.close().catch(() => {});
  }

  /** Tells the other members these shards are free; a no-op while NATS is down. */
  announceReleased(shards: readonly number[]): void {
    if (!this.#connected || !this.#nc) return;
    this.#nc.publish(
      `${this.#o.subjectPrefix}.released`,
      JSON.stringify({ from: this.#o.self.nodeId, shards }),
    );
  }

  async #connect(): Promise<void> {
    const { url, log } = this.#o;
    let nc: NatsConnection;
    try {
      nc = await connect({
        servers: url,
        // Once connected, never give up: a NATS restart must not leave this
        // member on the database fallback for the rest of its life.
        maxReconnectAttempts: -1,
        reconnectTimeWait: this.#o.retryMs,
        timeout: this.#o.retryMs,
      });
    } catch (error) {
      if (!this.#saidUnreachable)
        log.warn(
          { natsUrl: url, err: (error as Error).message },
          'fleet: NATS unreachable, membership from the database until it answers',
        );
      this.#saidUnreachable = true;
      if (this.#running) this.#retry = setTimeout(() => void this.#connect(), this.#o.retryMs);
      return;
    }
    if (!this.#running) {
      await nc.close().catch(() => {});
      return;
    }
    this.#nc = nc;
    this.#connected = true;
    this.#saidUnreachable = false;
    log.info({ natsUrl: url }, 'fleet: NATS connected, membership over NATS');
    this.#subscribe(nc);
    this.#publishBeat();
    this.#beat = setInterval(() => this.#publishBeat(), this.#o.beatMs);
    this.#watch(nc).catch(() => {
      // The status stream ends with the connection; nothing to do.
    });
  }

  #subscribe(nc: NatsConnection): Subscription[] {
    const { subjectPrefix, onReleased } = this.#o;
    return [
      nc.subscribe(`${subjectPrefix}.heartbeat`, {
        callback: (err, msg) => {
          if (err) return;
          const m = parseMember(msg.string());
          if (!m) return;
          if (!this.#seen.has(m.nodeId) && this.#seen.size >= MAX_MEMBERS) return;
          this.#seen.set(m.nodeId, { url: m.publicUrl, at: performance.now() });
        },
      }),
      nc.subscribe(`${subjectPrefix}.released`, {
        callback: (err, msg) => {
          if (err) return;
          const notice = parseReleased(msg.string());
          if (notice && notice.from !== this.#o.self.nodeId && notice.shards.length > 0)
            onReleased(notice.shards, notice.from);
        },
      }),
    ];
  }

  #publishBeat(): void {
    if (!this.#connected || !this.#nc) return;
    this.#nc.publish(`${this.#o.subjectPrefix}.heartbeat`, JSON.stringify(this.#o.self));
  }

  async #watch(nc: NatsConnection): Promise<void> {
    for await (const s of nc.status()) {
      if (s.type === 'disconnect') {
        this.#connected = false;
        this.#o.log.warn(
          { natsUrl: this.#o.url },
          'fleet: NATS connection lost, membership from the database until it returns',
        );
      } else if (s.type === 'reconnect') {
        this.#connected = true;
        this.#o.log.info({ natsUrl: this.#o.url }, 'fleet: NATS reconnected, membership over NATS');
        this.#publishBeat();
      }
    }
  }
}

function parseMember(text: string): Member | undefined {
  try {
    const v = JSON.parse(text) as { nodeId?: unknown; publicUrl?: unknown };
    if (typeof v.nodeId !== 'string' || typeof v.publicUrl !== 'string') return undefined;
    // Same bounds as the fleet_members columns (128 and 512 characters).
    if (v.nodeId.length === 0 || v.nodeId.length > 128 || v.publicUrl.length > 512)
      return undefined;
    return { nodeId: v.nodeId, publicUrl: v.publicUrl };
  } catch {
    return undefined;
  }
}

function parseReleased(text: string): { from: string; shards: number[] } | undefined {
  try {
    const v = JSON.parse(text) as { from?: unknown; shards?: unknown };
    if (typeof v.from !== 'string' || !Array.isArray(v.shards)) return undefined;
    const shards = v.shards
      .slice(0, SHARD_COUNT)
      .filter((s): s is number => Number.isInteger(s) && s >= 0 && s < SHARD_COUNT);
    return { from: v.from, shards };
  } catch {
    return undefined;
  }
}
