import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { shardOf } from '../../src/kit/shard-of.ts';
import { createLogger } from '../../src/ops/log.ts';
import { ChatLog } from '../../src/persistence/chat-log.ts';
import { type Fence, FencedOutError } from '../../src/persistence/fence.ts';
import { PlayerStore } from '../../src/persistence/player-store.ts';
import { blockBytes } from '../../src/persistence/raw-rows.ts';
import { RepositoryError } from '../../src/persistence/repository.ts';
import { ROW_STRIDE } from '../../src/persistence/row-codec.ts';
import { createLeaseDatabase, idsInDistinctShards, type LeaseDatabase } from '../helpers/leases.ts';

/**
 * The fence through the persistence worker: the main thread's epochs travel
 * with each write, the worker checks them in the write's transaction, and a
 * refusal comes back as a FencedOutError (not a RepositoryError).
 */

const ME = 'node-a';
const [ann, bob] = idsInDistinctShards('store-fence-', 2) as [string, string];
let leases: LeaseDatabase | undefined;
let store: PlayerStore | undefined;
let dataDir = '';
/** The epochs this process believes it holds; a shard missing is not held. */
let held: Map<number, number>;
const fence: Fence = { owner: ME, epochOf: (shard) => held.get(shard) };

beforeEach(async (ctx) => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'lifetick-fence-'));
  leases = await createLeaseDatabase();
  if (!leases) ctx.skip();
  held = new Map([
    [shardOf(ann), 1],
    [shardOf(bob), 1],
  ]);
  for (const [shard, epoch] of held) await leases!.grant(shard, ME, epoch);
  store = await PlayerStore.open({ databaseUrl: leases!.db.url, dataDir, fence });
});
afterEach(async () => {
  await store?.close();
  store = undefined;
  await leases?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const save = (ids: string[], version: number) =>
  store!.save(
    ids,
    new Float64Array(ids.length).fill(version),
    new Float64Array(ids.length).fill(1000),
    new ArrayBuffer(blockBytes(ids.length)),
    [],
    [],
  );

describe('PlayerStore with a fence', () => {
  it('saves while the leases hold, and bumps them', async () => {
    expect((await save([ann, bob], 1)).written).toBe(2);
    expect(await leases!.fenceOf(shardOf(ann))).toBe(1);
  });

  it('brings a refusal back across the thread as FencedOutError naming the shard', async () => {
    await leases!.takeover(shardOf(bob), 'node-b');
    const refused = save([ann, bob], 1);
    await expect(refused).rejects.toBeInstanceOf(FencedOutError);
    await expect(refused).rejects.not.toBeInstanceOf(RepositoryError);
    await expect(refused).rejects.toMatchObject({ shards: [shardOf(bob)] });
    expect(await leases!.versionOf(ann)).toBeUndefined();
  });

  it('fails a write with a shard it does not hold before sending it', async () => {
    held.delete(shardOf(bob));
    await expect(save([ann, bob], 1)).rejects.toMatchObject({
      name: 'FencedOutError',
      shards: [shardOf(bob)],
    });
    expect(await leases!.versionOf(ann)).toBeUndefined();
    expect(await leases!.fenceOf(shardOf(ann))).toBe(0);
  });

  it('does not commit a fenced-out purchase: no state, no ledger row', async () => {
    await leases!.takeover(shardOf(ann), 'node-b');
    const purchase = {
      purchaseId: 'p-1',
      playerId: ann,
      item: 'energy:small',
      amount: 5,
      currency: 'diamonds',
      at: 1,
    };
    await expect(
      store!.savePurchase(
        ann,
        1,
        1000,
        new Float64Array(ROW_STRIDE),
        new Uint8Array(0),
        purchase,
        undefined,
      ),
    ).rejects.toBeInstanceOf(FencedOutError);
    expect(await leases!.versionOf(ann)).toBeUndefined();
    expect(await store!.purchasePage(ann, 0, 10)).toEqual([]);
  });
});

describe('the chat log with a fence', () => {
  it('drops the lines of a lost shard and writes the others', async () => {
    await leases!.takeover(shardOf(bob), 'node-b');
    const chat = new ChatLog(store!, createLogger('silent'));
    const line = (text: string) => ({ npcId: 0, fromNpc: false, text, at: 1 });
    chat.append(ann, line('ann 1'));
    chat.append(bob, line('bob 1'));
    chat.append(ann, line('ann 2'));
    await chat.flush();
    chat.close();
    expect((await store!.chatPage(ann, 0, 10)).map((l) => l.text)).toEqual(['ann 1', 'ann 2']);
    expect(await store!.chatPage(bob, 0, 10)).toEqual([]);
  });
});

describe('PlayerStore with a fence and SQLite', () => {
  it('refuses to open', async () => {
    await expect(PlayerStore.open({ databaseUrl: undefined, dataDir, fence })).rejects.toThrow(
      /needs a mysql:\/\/ database/,
    );
  });
});
