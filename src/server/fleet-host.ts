import os from 'node:os';
import type { Config } from '../config.ts';
import { FleetNode } from '../fleet/fleet-node.ts';
import { movingRetryAfterMs } from '../fleet/fleet-ownership.ts';
import type { Ownership, Placement } from '../fleet/ownership.ts';
import { desiredOwner } from '../fleet/rendezvous.ts';
import { shardOf } from '../kit/shard-of.ts';
import type { Logger } from '../ops/log.ts';
import type { Fence } from '../persistence/fence.ts';
import type { FleetStatus } from './http-routes.ts';
import { ShardDeadlines } from './shard-deadlines.ts';

/**
 * What the server does with shards leaving this process (shard-handoff.ts):
 * `drop` for shards already gone (sockets redirected, players forgotten
 * unsaved), `handOff` for shards still held that are to be given away
 * (sockets redirected, players saved, fenced). `handOff` resolves true
 * once every player of the shards is saved.
 */
export interface ShardDeparture {
  drop(shards: readonly number[]): void;
  handOff(shards: readonly number[]): Promise<boolean>;
}

// Shards handed to a newly joined member per step: a fourth process takes
// its quarter (about 340 shards from each of three) in a handful of steps,
// while each step's reconnecting players stay a small share of the load.
const HANDOFF_BATCH = 64;
// Pause between handoff steps while there is more to move, and how often
// the plan is looked at when there was nothing to move (membership changes
// are heard within a beat, a third of the ttl).
const HANDOFF_STEP_MS = 100;
const REBALANCE_SHARE = 3;
// What a client of a shard handed off is told to wait: the lease is released
// right after its players' save (milliseconds) and, with NATS, taken by the
// next owner at once; a client too early is told to wait again.
const HANDOFF_RETRY_AFTER_MS = 250;

/**
 * Fleet mode in a server process: starts this process's FleetNode (lease
 * keeper, membership, ownership) and answers, from it, what the server
 * asks: the fence every player write stands on, where each player is
 * served, and what this process is in the fleet (/health, /stats,
 * metrics). It tells the server's ShardDeparture when shards go (lost,
 * released, or refused by the database's fence), and moves shards to a
 * newly joined member a batch at a time, each by a fenced handoff.
 */
export class FleetHost {
  readonly nodeId: string;
  readonly #config: Config;
  readonly #logger: Logger;
  #node: FleetNode | undefined;
  #departure: ShardDeparture | undefined;
  /** Shards being handed off now: not served to new hellos, still held for the flush. */
  readonly #handingOff = new Set<number>();
  /** Shards whose write the database refused (fenced out), for a ttl: not served until the keeper has caught up. */
  readonly #refused = new ShardDeadlines();
  /** Shards this process handed off, for a ttl: their players are sent on to the next owner. */
  readonly #handedOff = new ShardDeadlines();
  #rebalanceTimer: NodeJS.Timeout | undefined;
  #handoff: Promise<void> | undefined;
  #closing = false;

  /** What every player write (flush, purchase, chat line) is fenced with. */
  readonly fence: Fence;
  /** Where each player is served; asked on every hello and before welcome. */
  readonly ownership: Ownership;

  constructor(config: Config, logger: Logger) {
    this.#config = config;
    this.#logger = logger;
    this.nodeId = config.nodeId ?? defaultNodeId(config.port);
    this.fence = { owner: this.nodeId, epochOf: (shard) => this.#epochOf(shard) };
    this.ownership = { placementOf: (playerId) => this.#placementOf(playerId) };
  }

  /** Joins the fleet: seeds the lease rows, joins the membership, starts keeping leases. */
  async start(): Promise<void> {
    const { databaseUrl, publicUrl, natsUrl, leaseTtlMs } = this.#config;
    // config.ts checks both in fleet mode; this only narrows the types.
    if (databaseUrl === undefined || publicUrl === undefined)
      throw new Error('fleet mode needs a mysql:// database URL and a public URL');
    this.#node = await FleetNode.start({
      databaseUrl,
      nodeId: this.nodeId,
      publicUrl,
      ...(natsUrl !== undefined ? { natsUrl } : {}),
      leaseTtlMs,
      log: this.#logger,
      releaseBatch: HANDOFF_BATCH,
    });
    this.#logger.info(
      { nodeId: this.nodeId, publicUrl, nats: natsUrl !== undefined, leaseTtlMs },
      'fleet: joined',
    );
  }

  /**
   * The server is built: from now on, shards that go are dropped through
   * `departure`, and shards desired by another member are handed off.
   */
  attach(departure: ShardDeparture): void {
    const node = this.#started();
    this.#departure = departure;
    const gone = (shards: readonly number[]) => {
      if (!this.#closing) departure.drop(shards);
    };
    node.keeper.on('lost', gone);
    node.keeper.on('released', gone);
    // A shard taken again: whatever the database refused before is past.
    node.keeper.on('acquired', (shards) => {
      for (const s of shards) {
        this.#refused.delete(s);
        this.#handedOff.delete(s);
      }
    });
    this.#scheduleRebalance(this.#config.leaseTtlMs / REBALANCE_SHARE);
  }

  /**
   * The database refused a write of `shards` (the writer's onFencedOut):
   * another process took them. They stop being served at once, before the
   * lease keeper's next renewal finds them gone.
   */
  fencedOut(shards: readonly number[]): void {
    this.#refused.mark(shards, this.#config.leaseTtlMs);
    this.#logger.warn({ shards: shards.length }, 'fleet: writes fenced out; shards dropped');
    if (!this.#closing) this.#departure?.drop(shards);
  }

  /** How long a client whose shard is moving is told to wait before saying hello again. */
  get retryAfterMs(): number {
    return movingRetryAfterMs(this.#config.leaseTtlMs);
  }

  /** What a client of a shard being handed off (a join, or this process stopping) is told to wait. */
  get handoffRetryAfterMs(): number {
    return Math.min(this.retryAfterMs, HANDOFF_RETRY_AFTER_MS);
  }

  /** Shards held and served now. */
  shardsHeld(): number {
    return this.#node?.keeper.heldShards().length ?? 0;
  }

  status(): FleetStatus {
    return {
      nodeId: this.nodeId,
      shardsHeld: this.shardsHeld(),
      handingOff: this.#handingOff.size,
      members: [...(this.#node?.membership.live().keys() ?? [])].sort(),
    };
  }

  /**
   * Stops moving shards (waiting for a handoff under way), then releases
   * every shard still held, so the others take them at once (NATS
   * "released"), and leaves the membership. Call after the final flush.
   */
  async close(): Promise<void> {
    this.stopRebalancing();
    await this.#handoff;
    this.#closing = true;
    await this.#node?.close();
  }

  /** No more handoffs start (shutdown: the final flush saves everyone instead). */
  stopRebalancing(): void {
    this.#closing = true;
    clearTimeout(this.#rebalanceTimer);
    this.#rebalanceTimer = undefined;
  }

  #started(): FleetNode {
    if (!this.#node) throw new Error('fleet: start() first');
    return this.#node;
  }

  #epochOf(shard: number): number | undefined {
    if (this.#refused.has(shard)) return undefined;
    return this.#node?.keeper.heldEpoch(shard);
  }

  #placementOf(playerId: string): Placement {
    const shard = shardOf(playerId);
    if (this.#handingOff.has(shard))
      return { kind: 'moving', shard, retryAfterMs: this.handoffRetryAfterMs };
    if (!this.#node || this.#refused.has(shard))
      return { kind: 'moving', shard, retryAfterMs: this.retryAfterMs };
    const placement = this.#node.ownership.placementOf(playerId);
    return placement.kind === 'moving' ? this.#afterHandoff(placement) : placement;
  }

  /**
   * A shard this process handed off moments ago is still `moving` by the
   * lease rows as last read (they name this process until the next read):
   * its players are sent straight to the member it was handed to, which
   * takes it at once on the "released" notice, instead of waiting a second.
   */
  #afterHandoff(moving: Placement & { readonly kind: 'moving' }): Placement {
    if (!this.#handedOff.has(moving.shard)) return moving;
    const live = this.#node?.membership.live();
    const others = [...(live?.keys() ?? [])].filter((m) => m !== this.nodeId);
    const next = live?.get(desiredOwner(moving.shard, others) ?? '');
    return next
      ? { kind: 'elsewhere', shard: moving.shard, url: next.publicUrl }
      : { ...moving, retryAfterMs: this.handoffRetryAfterMs };
  }

  #scheduleRebalance(ms: number): void {
    if (this.#closing) return;
    this.#rebalanceTimer = setTimeout(() => {
      this.#handoff = this.#rebalanceStep()
        .then(
          (moved) =>
            this.#scheduleRebalance(
              moved ? HANDOFF_STEP_MS : this.#config.leaseTtlMs / REBALANCE_SHARE,
            ),
          (error: unknown) => {
            this.#logger.warn({ err: (error as Error).message }, 'fleet: handoff step failed');
            this.#scheduleRebalance(this.#config.leaseTtlMs / REBALANCE_SHARE);
          },
        )
        .finally(() => {
          this.#handoff = undefined;
        });
    }, ms);
  }

  /**
   * One handoff step: the held shards another live member should own (a
   * batch), each given away by the fenced handoff. Resolves whether any moved.
   */
  async #rebalanceStep(): Promise<boolean> {
    const node = this.#node;
    const departure = this.#departure;
    if (!node || !departure || this.#closing) return false;
    const shards = node.keeper.shardsToRelease();
    if (shards.length === 0) return false;
    for (const s of shards) this.#handingOff.add(s);
    try {
      const saved = await departure.handOff(shards);
      if (!saved) {
        // Still held: served again here, and tried again next step.
        this.#logger.warn({ shards: shards.length }, 'fleet: handoff not saved; shards kept');
        return false;
      }
      await node.keeper.release(shards);
      this.#handedOff.mark(shards, this.#config.leaseTtlMs);
      this.#logger.info({ shards: shards.length }, 'fleet: shards handed off');
      return true;
    } finally {
      for (const s of shards) this.#handingOff.delete(s);
    }
  }
}

/** LIFETICK_NODE_ID's default: host name and port (and the process id with port 0, any port). */
export function defaultNodeId(port: number): string {
  const host = os.hostname().replace(/[^A-Za-z0-9._-]/g, '-');
  return port === 0 ? `${host}:0-${process.pid}` : `${host}:${port}`;
}
