import { describe, expect, it } from 'vitest';
import { GameError } from '../../src/sim/game-error.ts';
import { c, player, refused, run, useShopEngine } from '../helpers/shop-players.ts';

useShopEngine();

describe('purchaseInAppItem', () => {
  const receipt = (tx: string, product = 'diamonds_550') => ({
    productId: 'diamonds_550',
    platform: 'dev',
    receipt: `dev:${product}:${tx}`,
  });

  it('verifies the receipt, then grants the diamonds once', async () => {
    const p = player(30, { diamonds: 3 });
    const result = await run(p, 'purchaseInAppItem', { ...receipt('tx-1'), purchaseId: 'iap-1' });
    expect(result).toEqual({
      purchaseId: 'iap-1',
      productId: 'diamonds_550',
      transactionId: 'tx-1',
      diamonds: 550,
      balance: 553,
    });
    expect(await run(p, 'purchaseInAppItem', { ...receipt('tx-1'), purchaseId: 'iap-1' })).toEqual(
      result,
    );
    expect(c().diamonds[p.s]).toBe(553);
    expect(p.records.audit.map((a) => [a.item, a.amount, a.currency])).toEqual([
      ['inApp:diamonds_550', 499, 'real'],
    ]);
  });

  it('grants once when the same purchase arrives twice at the same time', async () => {
    const p = player(30, { diamonds: 0 });
    const [a, b] = await Promise.all([
      run(p, 'purchaseInAppItem', { ...receipt('tx-2'), purchaseId: 'twice' }),
      run(p, 'purchaseInAppItem', { ...receipt('tx-2'), purchaseId: 'twice' }),
    ]);
    expect(a).toEqual(b);
    expect(c().diamonds[p.s]).toBe(550);
    expect(p.cold.ledger).toHaveLength(1);
  });

  it('refuses a receipt redeemed before, a bad receipt, an unknown product: nothing changes', async () => {
    const p = player(30, { diamonds: 0 });
    await run(p, 'purchaseInAppItem', { ...receipt('tx-3'), purchaseId: 'first' });
    await refused(p, 'purchaseInAppItem', { ...receipt('tx-3'), purchaseId: 'second' }, 'CONFLICT');
    await refused(
      p,
      'purchaseInAppItem',
      { ...receipt('tx-4', 'diamonds_100'), purchaseId: 'wrong-product' },
      'INVALID_ARGS',
    );
    await refused(
      p,
      'purchaseInAppItem',
      { ...receipt('tx-5'), platform: 'ios', purchaseId: 'not-dev' },
      'INVALID_ARGS',
    );
    await refused(
      p,
      'purchaseInAppItem',
      { ...receipt('tx-6'), productId: 'diamonds_1000000', purchaseId: 'no-such' },
      'NOT_FOUND',
    );
    await refused(
      p,
      'purchaseInAppItem',
      { ...receipt('tx-7'), platform: 'web', purchaseId: 'bad-platform' },
      'INVALID_ARGS',
    );
    expect(c().diamonds[p.s]).toBe(550);
  });

  it('checks nothing twice against a verifier that says no', async () => {
    let calls = 0;
    const p = player(30, {
      diamonds: 0,
      receipts: {
        verify: async () => {
          calls++;
          throw new GameError('INVALID_ARGS', 'the store says no');
        },
      },
    });
    await refused(p, 'purchaseInAppItem', { ...receipt('tx-8'), purchaseId: 'no' }, 'INVALID_ARGS');
    expect(calls).toBe(1);
  });
});
