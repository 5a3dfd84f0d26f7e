import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FleetNode } from '../../src/fleet/fleet-node.ts';
import { desiredOwner } from '../../src/fleet/rendezvous.ts';
import { SHARD_COUNT } from '../../src/kit/shard-of.ts';
import {
  createFleetDatabase,
  runAll,
  sharedNatsUrl,
  startNode,
  whenKeepers,
} from '../helpers/fleet.ts';
import type { TestDatabase } from '../helpers/mysql.ts';

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  const steps = cleanup.reverse();
  cleanup = [];
  await runAll(steps);
});

/** Two nodes, a and b, on a fresh database and the shared NATS, started together. */
async function twoNodes(): Promise<{ db: TestDatabase; a: FleetNode; b: FleetNode } | undefined> {
  const db = await createFleetDatabase();
  if (!db) return undefined;
  cleanup.push(() => db.drop());
  const nats = await sharedNatsUrl();
  if (!nats) return undefined;
  const [a, b] = await Promise.all([startNode(db, 'a', nats), startNode(db, 'b', nats)]);
  cleanup.push(async () => {
    await Promise.all([a.close(), b.close()]);
  });
  return { db, a, b };
}

const covered =
  (...nodes: FleetNode[]) =>
  (): boolean =>
    nodes.reduce((n, node) => n + node.keeper.heldShards().length, 0) === SHARD_COUNT;

// Each case waits on events, not sleeps; 30 s (about ten lease ttls of work)
// turns a wait that never comes into a failure rather than a 3-minute hang.
describe('lease keeper', { timeout: 30_000 }, () => {
  it('two keepers started together: one owner per shard, all covered, each its rendezvous share', async (ctx) => {
    const fleet = await twoNodes();
    if (!fleet) return ctx.skip();
    const { a, b } = fleet;
    await whenKeepers([a.keeper, b.keeper], covered(a, b));
    const held = { a: new Set(a.keeper.heldShards()), b: new Set(b.keeper.heldShards()) };
    for (let s = 0; s < SHARD_COUNT; s++) expect(held.a.has(s) !== held.b.has(s)).toBe(true);
    for (const [id, shards] of Object.entries(held)) {
      // Half each, within 5% of all shards (rendezvous alone gives ~±1.5%).
      expect(Math.abs(shards.size / SHARD_COUNT - 0.5)).toBeLessThan(0.05);
      const desiredHere = [...shards].filter((s) => desiredOwner(s, ['a', 'b']) === id);
      expect(desiredHere.length / shards.size).toBeGreaterThan(0.95);
    }
    // Each answers here for its own shards and, once it has read the
    // other's leases, elsewhere (the other's URL) for the rest.
    const [sa] = held.a;
    const [sb] = held.b;
    expect(a.ownership.placementOfShard(sa!)).toMatchObject({ kind: 'here', shard: sa });
    await vi.waitFor(
      () =>
        expect(a.ownership.placementOfShard(sb!)).toEqual({
          kind: 'elsewhere',
          shard: sb,
          url: 'ws://b.test/ws',
        }),
      { timeout: 5000 },
    );
  });

  it('a keeper that stops renewing reports lost before the other takes its shards, at epoch + 1', async (ctx) => {
    const fleet = await twoNodes();
    if (!fleet) return ctx.skip();
    const { a, b } = fleet;
    await whenKeepers([a.keeper, b.keeper], covered(a, b));
    const before = new Map(a.keeper.heldShards().map((s) => [s, a.keeper.heldEpoch(s)!]));
    const lostAt = new Map<number, number>();
    a.keeper.on('lost', (shards) => {
      for (const s of shards) lostAt.set(s, performance.now());
    });
    const takenAt = new Map<number, number>();
    b.keeper.on('acquired', (shards) => {
      for (const s of shards) takenAt.set(s, performance.now());
    });
    await a.halt();
    cleanup.push(() => a.closeHalted());
    await whenKeepers([b.keeper], () => b.keeper.heldShards().length === SHARD_COUNT);
    for (const [s, epoch] of before) {
      expect(lostAt.has(s)).toBe(true);
      expect(lostAt.get(s)!).toBeLessThanOrEqual(takenAt.get(s)!);
      expect(b.keeper.heldEpoch(s)).toBe(epoch + 1);
      expect(a.ownership.placementOfShard(s).kind).not.toBe('here');
    }
    expect(a.keeper.heldShards()).toEqual([]);
  });

  it('released shards are taken by the other at once, on the NATS notice', async (ctx) => {
    const fleet = await twoNodes();
    if (!fleet) return ctx.skip();
    const { a, b } = fleet;
    await whenKeepers([a.keeper, b.keeper], covered(a, b));
    const give = a.keeper.heldShards().slice(0, 8);
    const events: (readonly number[])[] = [];
    b.keeper.on('acquired', (shards) => events.push(shards));
    const released = new Promise<readonly number[]>((r) => a.keeper.on('released', r));
    await a.keeper.release(give);
    expect(await released).toEqual(give);
    for (const s of give) expect(a.ownership.placementOfShard(s).kind).not.toBe('here');
    await whenKeepers([b.keeper], () => give.every((s) => b.keeper.heldEpoch(s) !== undefined));
    // Taken in one acquisition of exactly those shards: the notice's, not a later cycle's.
    expect(events).toContainEqual(give);
    // a does not take them back while they are fresh releases.
    expect(give.some((s) => a.keeper.heldEpoch(s) !== undefined)).toBe(false);
  });

  it('a member that joins late gets its shards named for release, 8 at a time', async (ctx) => {
    const db = await createFleetDatabase();
    if (!db) return ctx.skip();
    cleanup.push(() => db.drop());
    const nats = await sharedNatsUrl();
    if (!nats) return ctx.skip();
    const a = await startNode(db, 'a', nats);
    cleanup.push(() => a.close());
    await whenKeepers([a.keeper], () => a.keeper.heldShards().length === SHARD_COUNT);
    expect(a.keeper.shardsToRelease()).toEqual([]);
    const b = await startNode(db, 'b', nats);
    cleanup.push(() => b.close());
    await vi.waitFor(() => expect(a.membership.live().has('b')).toBe(true), { timeout: 5000 });
    const step = a.keeper.shardsToRelease();
    expect(step).toHaveLength(8);
    for (const s of step) expect(desiredOwner(s, ['a', 'b'])).toBe('b');
    // The handoff step: a releases them, b takes them on the notice.
    await a.keeper.release(step);
    await whenKeepers([b.keeper], () => step.every((s) => b.keeper.heldEpoch(s) !== undefined));
    for (const s of step) expect(a.keeper.heldEpoch(s)).toBeUndefined();
    // The next step names other shards.
    expect(a.keeper.shardsToRelease().some((s) => step.includes(s))).toBe(false);
  });
});
