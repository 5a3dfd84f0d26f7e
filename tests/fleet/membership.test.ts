import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FleetNode } from '../../src/fleet/fleet-node.ts';
import { SHARD_COUNT } from '../../src/kit/shard-of.ts';
import {
  createFleetDatabase,
  freePort,
  RecordingLog,
  runAll,
  startNode,
  startPrivateNats,
  whenKeepers,
} from '../helpers/fleet.ts';

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  const steps = cleanup.reverse();
  cleanup = [];
  await runAll(steps);
});

const covered =
  (...nodes: FleetNode[]) =>
  (): boolean =>
    nodes.reduce((n, node) => n + node.keeper.heldShards().length, 0) === SHARD_COUNT;

const share = (node: FleetNode): number => node.keeper.heldShards().length / SHARD_COUNT;

// Each case waits on events, not sleeps; 30 s (about ten lease ttls of work)
// turns a wait that never comes into a failure rather than a 3-minute hang.
describe('membership', { timeout: 30_000 }, () => {
  it('without NATS, members find each other in the database and split the shards', async (ctx) => {
    const db = await createFleetDatabase();
    if (!db) return ctx.skip();
    cleanup.push(() => db.drop());
    const log = new RecordingLog();
    const [a, b] = await Promise.all([
      startNode(db, 'a', undefined, log),
      startNode(db, 'b', undefined),
    ]);
    cleanup.push(() => Promise.all([a.close(), b.close()]).then(() => {}));
    expect(log.lines).toContain('fleet: no NATS configured, membership from the database');
    await whenKeepers([a.keeper, b.keeper], covered(a, b));
    expect([...a.membership.live().keys()].sort()).toEqual(['a', 'b']);
    expect([...b.membership.live().keys()].sort()).toEqual(['a', 'b']);
    // Half each, within 5% of all shards (rendezvous alone gives ~±1.5%).
    expect(Math.abs(share(a) - 0.5)).toBeLessThan(0.05);
    expect(Math.abs(share(b) - 0.5)).toBeLessThan(0.05);
    // A member that leaves drops out of the other's view at its next beat.
    await b.close();
    await vi.waitFor(() => expect([...a.membership.live().keys()]).toEqual(['a']), {
      timeout: 5000,
    });
  });

  it('a member that cannot reach NATS says so and uses the database; the others still see it', async (ctx) => {
    const db = await createFleetDatabase();
    if (!db) return ctx.skip();
    cleanup.push(() => db.drop());
    const closed = `nats://127.0.0.1:${await freePort()}`;
    const logB = new RecordingLog();
    const [a, b] = await Promise.all([
      startNode(db, 'a', undefined),
      startNode(db, 'b', closed, logB),
    ]);
    cleanup.push(() => Promise.all([a.close(), b.close()]).then(() => {}));
    await logB.said(/NATS unreachable, membership from the database/);
    expect(b.membership.natsConnected).toBe(false);
    await whenKeepers([a.keeper, b.keeper], covered(a, b));
    expect(b.membership.live().has('a')).toBe(true);
    expect(a.membership.live().has('b')).toBe(true);
    expect(Math.abs(share(b) - 0.5)).toBeLessThan(0.05);
  });

  it('when NATS stops mid-run, members say so, keep each other from the database, and reconnect', async (ctx) => {
    const db = await createFleetDatabase();
    if (!db) return ctx.skip();
    cleanup.push(() => db.drop());
    const nats = await startPrivateNats();
    if (!nats) {
      console.warn('SKIPPING NATS restart test: no nats-server binary');
      return ctx.skip();
    }
    let natsNow = nats;
    cleanup.push(() => natsNow.stop());
    const logA = new RecordingLog();
    const [a, b] = await Promise.all([
      startNode(db, 'a', nats.url, logA),
      startNode(db, 'b', nats.url),
    ]);
    cleanup.push(() => Promise.all([a.close(), b.close()]).then(() => {}));
    await whenKeepers([a.keeper, b.keeper], covered(a, b));
    expect(a.membership.natsConnected).toBe(true);

    await nats.stop();
    await logA.said(/NATS connection lost, membership from the database/);
    expect(a.membership.natsConnected).toBe(false);
    // Still a fleet: a released shard is taken by b from the database (no notice to hear).
    const give = a.keeper.heldShards().slice(0, 4);
    await a.keeper.release(give);
    await whenKeepers([b.keeper], () => give.every((s) => b.keeper.heldEpoch(s) !== undefined));
    expect(a.membership.live().has('b')).toBe(true);

    // NATS comes back on the same port: the members reconnect by themselves.
    const port = Number(new URL(nats.url).port);
    const again = await startPrivateNats(port);
    if (!again) throw new Error('nats-server vanished');
    natsNow = again;
    await logA.said(/NATS reconnected, membership over NATS/);
    expect(a.membership.natsConnected).toBe(true);
  });
});
