/**
 * Failover between real processes: three fleet-mode servers (child
 * processes, as an operator runs them) on one MariaDB database; a client
 * plays at its player's owner; the owner is killed with SIGKILL; a survivor
 * welcomes the player within 10 s, with what the last flush before the kill
 * had saved.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { connect, type LifetickClient, type WebSocketConstructor } from '../../protocol/client.ts';
import { desiredOwner } from '../../src/fleet/rendezvous.ts';
import { SHARD_COUNT, shardOf } from '../../src/kit/shard-of.ts';
import { mintPlayerToken, secretKey } from '../../src/server/auth.ts';
import { type ChildServer, killAllServers, spawnServer } from '../helpers/child-server.ts';
import { runAll, sharedNatsUrl } from '../helpers/fleet.ts';
import { SERVER_TTL_MS, until } from '../helpers/fleet-servers.ts';
import { createLeaseDatabase } from '../helpers/leases.ts';
import { freePort } from '../helpers/server.ts';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  await runAll([killAllServers, ...cleanups.splice(0).reverse()]);
});

const ws = WebSocket as unknown as WebSocketConstructor;

interface Health {
  readonly fleet?: { readonly nodeId: string; readonly shardsHeld: number };
}

async function shardsHeld(server: ChildServer): Promise<number> {
  try {
    const body = (await (await fetch(`${server.http}/health`)).json()) as Health;
    return body.fleet?.shardsHeld ?? 0;
  } catch {
    return 0;
  }
}

describe('fleet failover between processes', () => {
  it('after SIGKILL of the owner, a survivor welcomes the player within 10 s with the last flush', async () => {
    // The migrated database and its admin connection (versions of rows).
    const leases = await createLeaseDatabase();
    if (!leases) return;
    cleanups.push(() => leases.close());
    const natsUrl = await sharedNatsUrl();
    const secret = randomBytes(24).toString('base64url');
    const servers: ChildServer[] = [];
    for (let i = 1; i <= 3; i++) {
      const port = await freePort();
      servers.push(
        await spawnServer({
          LIFETICK_PORT: String(port),
          LIFETICK_FLEET: 'on',
          LIFETICK_DATABASE_URL: leases.db.url,
          LIFETICK_PUBLIC_URL: `ws://127.0.0.1:${port}/ws`,
          LIFETICK_NODE_ID: `proc-${i}`,
          LIFETICK_SECRET: secret,
          LIFETICK_LEASE_TTL_MS: String(SERVER_TTL_MS),
          LIFETICK_FLUSH_MS: '200',
          ...(natsUrl !== undefined ? { LIFETICK_NATS_URL: natsUrl } : {}),
        }),
      );
    }
    // Settled: each holds exactly the shards the rendezvous hash gives it
    // (the first to start took everything, then handed the others theirs).
    const nodes = ['proc-1', 'proc-2', 'proc-3'];
    const share = nodes.map(
      (n) =>
        Array.from({ length: SHARD_COUNT }, (_, s) => desiredOwner(s, nodes)).filter((o) => o === n)
          .length,
    );
    await until(
      'each process holds its rendezvous share',
      async () => (await Promise.all(servers.map(shardsHeld))).every((h, i) => h === share[i]),
      30_000,
      200,
    );

    const playerId = `failover-${randomBytes(3).toString('hex')}`;
    const token = await mintPlayerToken(playerId, secretKey(secret), 3600);
    let ownerUrl = servers[0]!.url;
    const client = await connect(ownerUrl, token, {
      WebSocket: ws,
      reconnect: false,
      onRedirect: (to) => {
        if (to.url) ownerUrl = to.url;
      },
    });
    cleanups.push(async () => client.close());
    // A change, acknowledged, then flushed (two flushes after the ack, so
    // one whose copy was taken after it has landed).
    expect(await client.command('setSpeed', { level: 4 })).toEqual({ speed: 4 });
    const versionAtAck = (await leases.versionOf(playerId)) ?? 0;
    await until(
      'two flushes after the ack',
      async () => ((await leases.versionOf(playerId)) ?? 0) >= versionAtAck + 2,
    );

    const owner = servers[nodes.indexOf(desiredOwner(shardOf(playerId), nodes)!)]!;
    expect(ownerUrl).toBe(owner.url);
    const survivors = servers.filter((s) => s !== owner);
    const killedAt = performance.now();
    owner.child.kill('SIGKILL');
    await owner.exited;

    // The game reconnects through any survivor until one welcomes it.
    let again: LifetickClient | undefined;
    let tries = 0;
    while (!again && performance.now() - killedAt < 20_000) {
      const via = survivors[tries++ % survivors.length]!;
      again = await connect(via.url, token, { WebSocket: ws, reconnect: false }).catch(
        () => undefined,
      );
      if (!again) await new Promise<void>((resolve) => setTimeout(resolve, 200));
    }
    const failoverMs = performance.now() - killedAt;
    expect(again).toBeDefined();
    cleanups.push(async () => again?.close());
    console.log(
      `fleet failover: welcomed by a survivor ${Math.round(failoverMs)} ms after SIGKILL`,
    );
    expect(failoverMs).toBeLessThan(10_000);
    // Not older than the last flush before the kill.
    expect(again!.state.speed).toBe(4);
  }, 90_000);
});
