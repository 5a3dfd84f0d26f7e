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
import { createLeaseDatabase, idsInDistinctShards, type LeaseDatabase } from '../helpers/leases.ts';

/**
 * The write-behind writer in fleet mode, with a real engine, persistence
 * worker and MariaDB: rows of shards this process lost are dropped (never
 * retried, reported through onFencedOut), the others are saved, and none of
 * it counts as a database failure.
 */

const ME = 'node-a';
// ann's shard is held, bob's was taken over in the database (this process
// has not noticed yet), cid's is known lost (epochOf undefined).
const [ann, bob, cid] = idsInDistinctShards('writer-fence-', 3) as [string, string, string];
let leases: LeaseDatabase | undefined;
let store: PlayerStore | undefined;
let engine: Engine | undefined;
let dataDir = '';
const held = new Map<number, number>();
const fence: Fence = { owner: ME, epochOf: (shard) => held.get(shard) };

beforeEach(async (ctx) => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'lifetick-fence-writer-'));
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

describe('the writer with a fence', () => {
  it('drops the rows of lost shards, saves the rest, and does not back off', async () => {
    const fencedOut: number[][] = [];
    const writer = new WriteBehindWriter({
      source: engine!.world,
      store: store!,
      logger: createLogger('silent'),
      flushMs: 50,
      fence,
      onFencedOut: (shards) => fencedOut.push([...shards]),
    });
    const slots = [ann, bob, cid].map((id, i) => {
      const slot = engine!.world.resolve(engine!.spawn({ seed: 1, player: i, ageYears: 20 }));
      writer.track(slot, id, 0);
      writer.noteChange(slot);
      return slot;
    });

    await writer.flushAll();

    // cid's shard was dropped before sending; bob's was refused by the database.
    expect(fencedOut).toEqual([[shardOf(cid)], [shardOf(bob)]]);
    // ann's row went back and was saved on the next pass; no one else's.
    expect(await leases!.versionOf(ann)).toBe(2);
    expect(await leases!.versionOf(bob)).toBeUndefined();
    expect(await leases!.versionOf(cid)).toBeUndefined();
    const status = writer.status();
    expect(status.failing).toBe(false);
    expect(status.failures).toBe(0);
    expect(status.unflushed).toBe(0);
    // The dropped players are no longer tracked: clean, so they can go.
    for (const slot of slots) expect(writer.isClean(slot)).toBe(true);
  });
});
