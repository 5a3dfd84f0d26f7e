import { expect } from 'vitest';
import { GLOBAL_SPEND } from '../../src/persistence/repository.ts';
import { allChat, describeRepositories, record, text } from '../helpers/repositories.ts';

describeRepositories((r, maybe) => {
  maybe('purges due deletion requests in one go: row, chat, purchases, request', async () => {
    const seed = async (id: string, purgeAfter: number) => {
      await r().saveBatch([record(id, 1, id)]);
      await r().appendChat(id, { npcId: 1, fromNpc: false, text: `hi from ${id}`, at: 1 });
      await r().recordPurchase({
        purchaseId: `p-${id}`,
        playerId: id,
        item: 'item:snack',
        amount: 5,
        currency: 'money',
        at: 1,
      });
      await r().addSpend([
        { day: 7, playerId: id, dollars: 0.01 },
        { day: 7, playerId: GLOBAL_SPEND, dollars: 0.01 },
      ]);
      if (purgeAfter >= 0) await r().requestDeletion(id, 0, purgeAfter);
    };
    await seed('gone-b', 1000);
    await seed('gone-a', 1000);
    await seed('gone-c', 900);
    await seed('later', 5000);
    await seed('stays', -1);
    expect(await r().dueDeletions(999, 10)).toEqual(['gone-c']);
    expect(await r().dueDeletions(1000, 10)).toEqual(['gone-c', 'gone-a', 'gone-b']);
    expect(await r().dueDeletions(1000, 2)).toEqual(['gone-c', 'gone-a']);
    // A batch limit takes the soonest first, then the rest.
    expect(await r().purgeDue(1000, 2)).toEqual(['gone-c', 'gone-a']);
    expect(await r().purgeDue(1000, 10)).toEqual(['gone-b']);
    expect(await r().purgeDue(1000, 10)).toEqual([]);
    const spenders = (await r().spendOn(7)).map((row) => row.playerId).sort();
    for (const id of ['gone-a', 'gone-b', 'gone-c']) {
      expect(await r().load(id)).toBeUndefined();
      expect(await allChat(r(), id)).toEqual([]);
      expect(await r().purchasePage(id, 0, 10)).toEqual([]);
      expect(await r().cancelDeletion(id)).toBe(false);
      expect(spenders).not.toContain(id);
    }
    for (const id of ['later', 'stays']) {
      expect(text((await r().load(id))!.hot)).toBe(id);
      expect(await allChat(r(), id)).toHaveLength(1);
      expect(await r().purchasePage(id, 0, 10)).toHaveLength(1);
    }
    // Everyone's sum is not anyone's data: it stays.
    expect(spenders).toEqual([GLOBAL_SPEND, 'later', 'stays']);
    expect(await r().dueDeletions(5000, 10)).toEqual(['later']);
    expect(await r().cancelDeletion('later')).toBe(true);
    expect(await r().purgeDue(10_000, 10)).toEqual([]);
    expect(await r().load('later')).toBeDefined();
  });

  maybe(
    'keeps store transactions when their player is purged: redeemable once, forever',
    async () => {
      const tx = { platform: 'dev', transactionId: 'forever', productId: 'diamonds_100' };
      const buy = (playerId: string) => ({
        purchaseId: 'iap',
        playerId,
        item: 'inApp:diamonds_100',
        amount: 99,
        currency: 'real',
        at: 1,
      });
      expect(await r().savePurchase(record('oli', 1, 'o1'), buy('oli'), tx)).toEqual({
        kind: 'saved',
      });
      await r().requestDeletion('oli', 0, 1);
      expect(await r().purgeDue(1, 10)).toEqual(['oli']);
      // The row no longer names the player (it was purged), and nobody can
      // redeem the transaction again: not another player, and not a new life
      // under the same player id retrying the same purchase id.
      for (const playerId of ['oli', 'pat'])
        expect(await r().savePurchase(record(playerId, 1, 'new'), buy(playerId), tx)).toEqual({
          kind: 'taken',
          playerId: '',
          purchaseId: '',
        });
      expect(await r().load('oli')).toBeUndefined();
    },
  );

  maybe('records and cancels deletion requests', async () => {
    await r().requestDeletion('fay', 1, 2);
    await r().requestDeletion('fay', 3, 4);
    expect(await r().cancelDeletion('fay')).toBe(true);
    expect(await r().cancelDeletion('fay')).toBe(false);
  });
});
