import { expect } from 'vitest';
import { GLOBAL_SPEND } from '../../src/persistence/repository.ts';
import { describeRepositories, record, text } from '../helpers/repositories.ts';

describeRepositories((r, maybe) => {
  maybe('records a purchase exactly once per player and purchase id', async () => {
    const p = {
      purchaseId: 'order-1',
      playerId: 'eve',
      item: 'energy:small',
      amount: 9,
      currency: 'diamonds',
      at: 1,
    };
    expect(await r().recordPurchase(p)).toBe(true);
    expect(await r().recordPurchase(p)).toBe(false);
    expect(await r().recordPurchase({ ...p, amount: 999, at: 5 })).toBe(false);
    expect(await r().recordPurchase({ ...p, purchaseId: 'order-2', at: 2 })).toBe(true);
    // Purchase ids are the client's: another player may pick the same one.
    expect(await r().recordPurchase({ ...p, playerId: 'eve2', item: 'item:car' })).toBe(true);
    expect(await r().purchasePage('eve', 0, 10)).toEqual([
      { ...p, purchaseId: 'order-1' },
      { ...p, purchaseId: 'order-2', at: 2 },
    ]);
    // A page: skip one, take one.
    expect(await r().purchasePage('eve', 1, 1)).toEqual([{ ...p, purchaseId: 'order-2', at: 2 }]);
    expect(await r().purchasePage('eve', 2, 10)).toEqual([]);
    expect((await r().purchasePage('eve2', 0, 10)).map((x) => x.item)).toEqual(['item:car']);
    expect(await r().purchasePage('nobody', 0, 10)).toEqual([]);
  });

  maybe('adds up model spend per day and player, and forgets old days', async () => {
    await r().addSpend([
      { day: 100, playerId: 'kim', dollars: 0.25 },
      { day: 100, playerId: GLOBAL_SPEND, dollars: 0.25 },
      { day: 101, playerId: 'kim', dollars: 1 },
    ]);
    await r().addSpend([
      { day: 100, playerId: 'kim', dollars: 0.5 },
      { day: 100, playerId: 'lou', dollars: 2 },
      { day: 100, playerId: GLOBAL_SPEND, dollars: 2.5 },
    ]);
    const sorted = (rows: { playerId: string }[]) =>
      [...rows].sort((a, b) => a.playerId.localeCompare(b.playerId));
    expect(sorted(await r().spendOn(100))).toEqual([
      { day: 100, playerId: GLOBAL_SPEND, dollars: 2.75 },
      { day: 100, playerId: 'kim', dollars: 0.75 },
      { day: 100, playerId: 'lou', dollars: 2 },
    ]);
    expect(await r().spendOn(99)).toEqual([]);
    expect(await r().dropSpendBefore(101)).toBe(3);
    expect(await r().spendOn(100)).toEqual([]);
    expect(await r().spendOn(101)).toEqual([{ day: 101, playerId: 'kim', dollars: 1 }]);
  });

  maybe(
    'saves a purchase with the row, its audit row and its store transaction, in one go',
    async () => {
      const buy = (playerId: string, purchaseId: string, at = 10) => ({
        purchaseId,
        playerId,
        item: 'inApp:diamonds_100',
        amount: 99,
        currency: 'real',
        at,
      });
      const tx = { platform: 'ios', transactionId: 'Tx-1', productId: 'diamonds_100' };
      expect(await r().savePurchase(record('kim', 1, 'k1'), buy('kim', 'iap-1'), tx)).toEqual({
        kind: 'saved',
      });
      expect(text((await r().load('kim'))!.hot)).toBe('k1');
      expect(await r().purchasePage('kim', 0, 1000)).toEqual([buy('kim', 'iap-1')]);

      // Another player presenting the same transaction: refused, nothing written.
      expect(await r().savePurchase(record('lou', 1, 'l1'), buy('lou', 'iap-9'), tx)).toEqual({
        kind: 'taken',
        playerId: 'kim',
        purchaseId: 'iap-1',
      });
      expect(await r().load('lou')).toBeUndefined();
      expect(await r().purchasePage('lou', 0, 1000)).toEqual([]);
      // The same player under another purchase id: refused too.
      expect(await r().savePurchase(record('kim', 2, 'k2'), buy('kim', 'iap-2'), tx)).toMatchObject(
        {
          kind: 'taken',
        },
      );
      expect(text((await r().load('kim'))!.hot)).toBe('k1');
      // The same purchase again (a retry after a lost answer): saved, the
      // audit row kept as first written.
      expect(await r().savePurchase(record('kim', 3, 'k3'), buy('kim', 'iap-1', 99), tx)).toEqual({
        kind: 'saved',
      });
      expect(text((await r().load('kim'))!.hot)).toBe('k3');
      expect(await r().purchasePage('kim', 0, 1000)).toEqual([buy('kim', 'iap-1')]);
      // Ids are compared exactly: another case, or another platform, is another transaction.
      const others = [
        { ...tx, transactionId: 'tx-1' },
        { ...tx, platform: 'android' },
      ];
      for (const [i, other] of others.entries())
        expect(
          await r().savePurchase(record('lou', 2 + i, 'l'), buy('lou', `other-${i}`), other),
        ).toEqual({ kind: 'saved' });
    },
  );

  maybe('saves a purchase without a store transaction (diamonds and money purchases)', async () => {
    const refill = {
      purchaseId: 'refill-1',
      playerId: 'max',
      item: 'energy:small',
      amount: 10,
      currency: 'diamonds',
      at: 3,
    };
    expect(await r().savePurchase(record('max', 4, 'm4'), refill, undefined)).toEqual({
      kind: 'saved',
    });
    expect((await r().load('max'))!.version).toBe(4);
    expect(await r().purchasePage('max', 0, 1000)).toEqual([refill]);
  });

  maybe(
    'fails a purchase save on a version not newer than the stored one, writing nothing',
    async () => {
      const tx = { platform: 'android', transactionId: 'GPA.1', productId: 'diamonds_100' };
      const buy = {
        purchaseId: 'late',
        playerId: 'ned',
        item: 'inApp:diamonds_100',
        amount: 99,
        currency: 'real',
        at: 1,
      };
      await r().saveBatch([record('ned', 7, 'n7')]);
      await expect(r().savePurchase(record('ned', 7, 'n7-again'), buy, tx)).rejects.toThrow(
        /newer than 7/,
      );
      await expect(r().savePurchase(record('ned', 5, 'n5'), buy, tx)).rejects.toThrow(
        /newer than 5/,
      );
      expect(text((await r().load('ned'))!.hot)).toBe('n7');
      expect(await r().purchasePage('ned', 0, 1000)).toEqual([]);
      // The transaction was not claimed by the failed saves: it is still free.
      expect(await r().savePurchase(record('ned', 8, 'n8'), buy, tx)).toEqual({ kind: 'saved' });
    },
  );
});
