import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { SHARD_COUNT, shardOf } from '../../src/kit/shard-of.ts';
import { mintPlayerToken, secretKey } from '../../src/server/auth.ts';
import { type ChildServer, killHard, spawnServer } from './child-server.ts';
import { runAll } from './fleet.ts';
import type { TestDatabase } from './mysql.ts';
import { freePort } from './server.ts';

/** One process of a child fleet: its node id and the direct URLs other processes redirect to. */
export interface FleetMember {
  readonly nodeId: string;
  readonly port: number;
  /** Its LIFETICK_PUBLIC_URL: `ws://127.0.0.1:<port>/ws`. */
  readonly url: string;
  readonly http: string;
  readonly server: ChildServer;
}

/** How many unexpired shards each member holds (node id to count), and how many are held in all. */
export interface ShardSpread {
  readonly byOwner: ReadonlyMap<string, number>;
  readonly held: number;
}

/** `count` lifetick processes in fleet mode on one database, as an operator runs them (`npm start`). */
export interface ChildFleet {
  readonly members: readonly FleetMember[];
  /** The fleet's one token secret (a token minted for one process works on all). */
  readonly secret: string;
  token(playerId: string, ttlSeconds?: number): Promise<string>;
  /** The member that holds the player's shard now (unexpired, per shard_leases), if any. */
  ownerOf(playerId: string): Promise<FleetMember | undefined>;
  spread(): Promise<ShardSpread>;
  /**
   * Resolves once every shard is held, every member holds some, and the
   * spread stayed the same across `quietMs` (the joins' handoffs are over).
   */
  settled(timeoutMs: number, quietMs?: number): Promise<ShardSpread>;
  /** SIGKILL every member, close the admin connection and remove the data dirs (not the database). */
  stop(): Promise<void>;
}

export interface ChildFleetOptions {
  readonly count: number;
  /** Members use NATS when given; otherwise membership goes through the database only. */
  readonly natsUrl?: string;
  readonly leaseTtlMs: number;
  /** More environment for every member (LIFETICK_ENV, ...). */
  readonly env?: Record<string, string>;
}

/**
 * Start the members at once, each on a port picked beforehand so that its
 * LIFETICK_PUBLIC_URL can name it, with node ids `node-1`... and one secret.
 * If one fails to start, the others are killed and the error is thrown.
 */
export async function startChildFleet(
  db: TestDatabase,
  options: ChildFleetOptions,
): Promise<ChildFleet> {
  const secret = randomBytes(24).toString('base64url');
  const dataDirs: string[] = [];
  const started = await Promise.allSettled(
    Array.from({ length: options.count }, async (_, i) => {
      const nodeId = `node-${i + 1}`;
      const port = await freePort();
      const url = `ws://127.0.0.1:${port}/ws`;
      const dataDir = mkdtempSync(path.join(tmpdir(), `lifetick-${nodeId}-`));
      dataDirs.push(dataDir);
      const server = await spawnServer(
        {
          LIFETICK_FLEET: 'on',
          LIFETICK_DATABASE_URL: db.url,
          LIFETICK_PORT: String(port),
          LIFETICK_PUBLIC_URL: url,
          LIFETICK_NODE_ID: nodeId,
          LIFETICK_LEASE_TTL_MS: String(options.leaseTtlMs),
          LIFETICK_SECRET: secret,
          LIFETICK_DATA_DIR: dataDir,
          ...(options.natsUrl !== undefined ? { LIFETICK_NATS_URL: options.natsUrl } : {}),
          ...options.env,
        },
        60_000,
      );
      return { nodeId, port, url, http: `http://127.0.0.1:${port}`, server };
    }),
  );
  const members = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = started.find((s) => s.status === 'rejected');
  const removeDirs = async () => {
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  };
  if (failed) {
    await runAll([...members.map((m) => () => killHard(m.server)), removeDirs]);
    throw failed.reason;
  }
  const admin = await mysql.createConnection({ uri: db.url });

  const spread = async (): Promise<ShardSpread> => {
    const [rows] = await admin.query<mysql.RowDataPacket[]>(
      `SELECT owner, COUNT(*) AS shards FROM shard_leases
       WHERE owner IS NOT NULL AND expires_at > UTC_TIMESTAMP(3) GROUP BY owner`,
    );
    const byOwner = new Map(rows.map((r) => [String(r.owner), Number(r.shards)]));
    return { byOwner, held: [...byOwner.values()].reduce((a, b) => a + b, 0) };
  };

  return {
    members,
    secret,
    token: (playerId, ttlSeconds = 3600) =>
      mintPlayerToken(playerId, secretKey(secret), ttlSeconds),
    async ownerOf(playerId) {
      const [rows] = await admin.query<mysql.RowDataPacket[]>(
        'SELECT owner FROM shard_leases WHERE shard = ? AND expires_at > UTC_TIMESTAMP(3)',
        [shardOf(playerId)],
      );
      const owner = rows[0]?.owner as string | null | undefined;
      return members.find((m) => m.nodeId === owner);
    },
    spread,
    async settled(timeoutMs, quietMs = 2000) {
      const deadline = Date.now() + timeoutMs;
      let last = '';
      let sameSince = Date.now();
      for (;;) {
        const now = await spread();
        const complete =
          now.held === SHARD_COUNT && members.every((m) => (now.byOwner.get(m.nodeId) ?? 0) > 0);
        const key = JSON.stringify([...now.byOwner].sort());
        if (key !== last) {
          last = key;
          sameSince = Date.now();
        }
        if (complete && Date.now() - sameSince >= quietMs) return now;
        if (Date.now() > deadline) {
          throw new Error(
            `fleet not settled within ${timeoutMs} ms: ${now.held} of ${SHARD_COUNT} shards held, by ${key}`,
          );
        }
        // Polling the lease table: a pause between reads, bounded by the deadline.
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    },
    async stop() {
      await runAll([
        ...members.map((m) => () => killHard(m.server)),
        () => admin.end(),
        removeDirs,
      ]);
    },
  };
}
