import { afterEach, describe, expect, it, vi } from 'vitest';
import { LeaseTable } from '../../src/fleet/lease-table.ts';
import { desiredOwner } from '../../src/fleet/rendezvous.ts';
import { SHARD_COUNT, shardOf } from '../../src/kit/shard-of.ts';
import { MysqlConnections } from '../../src/persistence/mysql-connections.ts';
import { createFleetDatabase, runAll, startNode, whenKeepers } from '../helpers/fleet.ts';

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  const steps = cleanup.reverse();
  cleanup = [];
  await runAll(steps);
});

// Each case waits on events, not sleeps; 30 s (about ten lease ttls of work)
// turns a wait that never comes into a failure rather than a 3-minute hang.
describe('fleet ownership', { timeout: 30_000 }, () => {
  it('moving before the first acquisition, here once held, moving for an owner nobody knows', async (ctx) => {
    const db = await createFleetDatabase();
    if (!db) return ctx.skip();
    cleanup.push(() => db.drop());
    const conns = new MysqlConnections({ url: db.url });
    cleanup.push(() => conns.close());
    const table = new LeaseTable(conns);
    await table.seed();
    // A ghost (no heartbeat anywhere) holds one shard for a minute.
    const ghostShard = 7;
    await table.acquire('ghost', [ghostShard], 60_000);

    const a = await startNode(db, 'a', undefined);
    cleanup.push(() => a.close());
    // Still settling: nothing is held, nothing read yet.
    expect(a.ownership.placementOf('ivy')).toEqual({
      kind: 'moving',
      shard: shardOf('ivy'),
      retryAfterMs: 1000,
    });
    await whenKeepers([a.keeper], () => a.keeper.heldShards().length === SHARD_COUNT - 1);
    const here = a.ownership.placementOf('ivy');
    expect(here).toEqual({
      kind: 'here',
      shard: shardOf('ivy'),
      epoch: a.keeper.heldEpoch(shardOf('ivy')),
    });
    expect(a.ownership.placementOfShard(ghostShard)).toMatchObject({ kind: 'moving' });
  });

  it('elsewhere with the owner’s URL, and moving while a shard is released', async (ctx) => {
    const db = await createFleetDatabase();
    if (!db) return ctx.skip();
    cleanup.push(() => db.drop());
    const [a, b] = await Promise.all([
      startNode(db, 'a', undefined),
      startNode(db, 'b', undefined),
    ]);
    cleanup.push(() => Promise.all([a.close(), b.close()]).then(() => {}));
    await whenKeepers(
      [a.keeper, b.keeper],
      () => a.keeper.heldShards().length + b.keeper.heldShards().length === SHARD_COUNT,
    );
    const ofB = b.keeper.heldShards()[0]!;
    expect(desiredOwner(ofB, ['a', 'b'])).toBe('b');
    await vi.waitFor(
      () =>
        expect(a.ownership.placementOfShard(ofB)).toEqual({
          kind: 'elsewhere',
          shard: ofB,
          url: 'ws://b.test/ws',
        }),
      { timeout: 5000 },
    );
    // From the moment b starts releasing, b itself no longer says here.
    const releasing = b.keeper.release([ofB]);
    expect(b.ownership.placementOfShard(ofB)).toEqual({
      kind: 'moving',
      shard: ofB,
      retryAfterMs: 1000,
    });
    await releasing;
    expect(b.ownership.placementOfShard(ofB).kind).toBe('moving');
  });
});
