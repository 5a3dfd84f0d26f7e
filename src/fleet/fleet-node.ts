import { MysqlConnections } from '../persistence/mysql-connections.ts';
import type { FleetLog } from './fleet-log.ts';
import { FleetOwnership } from './fleet-ownership.ts';
import { LeaseKeeper } from './lease-keeper.ts';
import { LeaseTable } from './lease-table.ts';
import { Membership } from './membership.ts';

export interface FleetNodeOptions {
  /** The shared MySQL database (mysql://…), migrated to version 6 or later. */
  readonly databaseUrl: string;
  readonly nodeId: string;
  /** Where other processes redirect this one's players. */
  readonly publicUrl: string;
  /** NATS for fast membership and takeover; undefined: the database alone. */
  readonly natsUrl?: string;
  /** NATS subject prefix of this fleet; default `lifetick.fleet.<database name>`. */
  readonly subjectPrefix?: string;
  readonly leaseTtlMs: number;
  readonly log: FleetLog;
  /** Most shards the keeper's `shardsToRelease()` names at once (its default: 8). */
  readonly releaseBatch?: number;
}

// The fleet's own pool, apart from the writer's: renewals must never wait
// behind a burst of saves. Two connections: the lease cycle and membership.
const FLEET_CONNECTIONS = 2;

/**
 * One process's part in a fleet: the lease table, membership, the lease
 * keeper and the ownership the server asks, wired together. The server
 * wires `ownership` into its hello and reacts to the keeper's events.
 */
export class FleetNode {
  readonly keeper: LeaseKeeper;
  readonly membership: Membership;
  readonly ownership: FleetOwnership;
  readonly #db: MysqlConnections;
  readonly #table: LeaseTable;
  #closed = false;

  private constructor(options: FleetNodeOptions) {
    // A query slower than a third of the ttl is as good as lost: the next
    // renewal is due by then.
    this.#db = new MysqlConnections({
      url: options.databaseUrl,
      connectionLimit: FLEET_CONNECTIONS,
      queryTimeoutMs: Math.max(1000, Math.floor(options.leaseTtlMs / 3)),
    });
    this.#table = new LeaseTable(this.#db);
    const self = { nodeId: options.nodeId, publicUrl: options.publicUrl };
    this.membership = new Membership({
      db: this.#db,
      self,
      ...(options.natsUrl !== undefined ? { natsUrl: options.natsUrl } : {}),
      subjectPrefix: options.subjectPrefix ?? `lifetick.fleet.${databaseName(options.databaseUrl)}`,
      ttlMs: options.leaseTtlMs,
      log: options.log,
    });
    this.keeper = new LeaseKeeper({
      table: this.#table,
      nodeId: options.nodeId,
      ttlMs: options.leaseTtlMs,
      membership: this.membership,
      log: options.log,
      ...(options.releaseBatch !== undefined ? { releaseBatch: options.releaseBatch } : {}),
    });
    this.ownership = new FleetOwnership(this.keeper, this.membership);
  }

  /** Seeds the lease rows, joins the membership and starts keeping leases. */
  static async start(options: FleetNodeOptions): Promise<FleetNode> {
    const node = new FleetNode(options);
    try {
      await node.#table.seed();
      await node.membership.start();
    } catch (error) {
      await node.membership.stop();
      await node.#db.close();
      throw error;
    }
    node.keeper.start();
    return node;
  }

  /** Releases every shard, leaves the membership and closes the pool. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.keeper.close();
    await this.membership.leave().catch(() => {});
    await this.#db.close();
  }

  /**
   * Stops everything without releasing or leaving, as a process that froze
   * or died would; the local deadlines still report `lost`. For tests.
   */
  async halt(): Promise<void> {
    this.keeper.stopRenewing();
    await this.membership.stop();
  }

  /** Closes the pool after halt(), releasing nothing. */
  async closeHalted(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#db.close();
  }
}

/** The database name in a mysql:// URL (the path), for the NATS subject. */
function databaseName(url: string): string {
  const name = new URL(url).pathname.replace(/^\//, '');
  // NATS subjects split on dots and treat * and > as wildcards.
  return name.replace(/[^A-Za-z0-9_-]/g, '_') || 'default';
}
