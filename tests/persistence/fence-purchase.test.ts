import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.ts';
import { shardOf } from '../../src/kit/shard-of.ts';
import { createLogger } from '../../src/ops/log.ts';
import type { Fence } from '../../src/persistence/fence.ts';
import { PlayerStore } from '../../src/persistence/player-store.ts';
import { WriteBehindWriter } from '../../src/persistence/writer.ts';
import { ColdStates } from '../../src/server/cold-states.ts';
import { PurchaseSaver } from '../../src/server/purchase-saver.ts';
import { GameError } from '../../src/sim/game-error.ts';
import { createLeaseDatabase, idsInDistinctShards, type LeaseDatabase } from '../helpers/leases.ts';

/**
 * A purchase's commit in fleet mode (server/purchase-saver.ts through the
 * real worker and MariaDB): state, ledger and audit go in one transaction
 * that checks the player's shard lease first. Fenced out, nothing is
 * written and the purchase is not acknowledged.
 */

const ME = 'node-a';
// ann's shard is held; bob's was taken over by another process.
const [ann, bob] = idsInDistinctShards('purchase-fence-', 2) as [string, string];
let leases: LeaseDatabase | undefined;
let store: PlayerStore | undefined;
let engine: Engine | undefined;
let dataDir = '';
const held = new Map<number, number>();
const fence: Fence = { owner: ME, epochOf: (shard) => held.get(shard) };

beforeEach(async (ctx) => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'lifetick-fence-purchase-'));
  leases = await createLeaseDatabase();
  if (!leases) ctx.skip();
  held.clear();
  held.set(shardOf(ann), 1).set(shardOf(bob), 1);
  await leases!.grant(shardOf(ann), ME, 1);
  await leases!.grant(shardOf(bob), ME, 1);
  await leases!.takeover(shardOf(bob), 'node-b');
  store = await PlayerStore.open({ databaseUrl: leases!.db.url, dataDir, fence });
  engine = new Engine({ capacity: 64, workers: 1, tickHz: 20 });
});
afterEach(async () => {
  await engine?.close();
  await store?.close();
  await leases?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const purchase = {
  purchaseId: 'p-1',
  item: 'energy:small',
  amount: 5,
  currency: 'diamonds',
  at: 1,
} as const;

describe('a purchase commit with a fence', () => {
  it('is acknowledged while the lease holds, and not once it is gone', async () => {
    const writer = new WriteBehindWriter({
      source: engine!.world,
      store: store!,
      logger: createLogger('silent'),
      flushMs: 50,
      fence,
    });
    const cold = new ColdStates();
    const slotOf = new Map<string, number>();
    for (const [i, id] of [ann, bob].entries()) {
      const slot = engine!.world.resolve(engine!.spawn({ seed: 1, player: i, ageYears: 20 }));
      cold.set(slot, {});
      writer.track(slot, id, 0);
      slotOf.set(id, slot);
    }
    const saver = new PurchaseSaver({
      engine: engine!,
      store: store!,
      writer,
      cold,
      players: { slotOf: (id) => slotOf.get(id) ?? -1 },
      logger: createLogger('silent'),
      clock: () => 1000,
    });

    await saver.save(slotOf.get(ann)!, ann, purchase);
    expect(await leases!.versionOf(ann)).toBe(1);
    expect((await store!.purchasePage(ann, 0, 10)).map((p) => p.purchaseId)).toEqual(['p-1']);

    const refused = saver.save(slotOf.get(bob)!, bob, purchase);
    await expect(refused).rejects.toBeInstanceOf(GameError);
    await expect(refused).rejects.toMatchObject({ code: 'INTERNAL' });
    expect(await leases!.versionOf(bob)).toBeUndefined();
    expect(await store!.purchasePage(bob, 0, 10)).toEqual([]);
    // Not saved: the player is unsaved again (the writer drops them at its next flush).
    expect(writer.isClean(slotOf.get(bob)!)).toBe(false);
  });
});
