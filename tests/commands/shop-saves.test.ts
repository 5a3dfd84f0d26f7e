import { describe, expect, it } from 'vitest';
import { ledgerEntry } from '../../src/commands/ledger.ts';
import { ENERGY_REFILLS } from '../../src/content/energy-refills.ts';
import { PRODUCTS } from '../../src/content/products.ts';
import type { GameError } from '../../src/sim/game-error.ts';
import { MemoryPurchases } from '../helpers/command-context.ts';
import { c, player, refused, run, useShopEngine } from '../helpers/shop-players.ts';

useShopEngine();

describe('purchases are saved before they are answered', () => {
  const iap = (tx: string, purchaseId: string) => ({
    productId: 'diamonds_100',
    platform: 'dev',
    receipt: `dev:diamonds_100:${tx}`,
    purchaseId,
  });

  it('answers each purchase only once its save has committed, one purchase at a time', async () => {
    const p = player(30, { diamonds: 40 });
    let commit = () => {};
    p.ctx.purchases.gate = new Promise<void>((resolve) => {
      commit = resolve;
    });
    const answered: string[] = [];
    const refill = run(p, 'purchaseEnergyRefill', { tier: 'small', purchaseId: 'r1' }).then((r) => {
      answered.push('refill');
      return r;
    });
    const grant = run(p, 'purchaseInAppItem', iap('slow-1', 'g1')).then((r) => {
      answered.push('grant');
      return r;
    });
    // The refill's save is at the database; one turn of the event loop lets
    // the grant's receipt check (promises only) finish and queue behind it.
    await p.ctx.purchases.waiting(1);
    await new Promise<void>((resolve) => setImmediate(resolve));
    const paid = 40 - ENERGY_REFILLS.small.diamonds;
    // The refill is made and being saved, not answered; the grant waits its
    // turn, not even at the database yet.
    expect(p.ctx.purchases.atGate).toBe(1);
    expect(answered).toEqual([]);
    expect(c().diamonds[p.s]).toBe(paid);
    expect(p.cold.ledger.map((e) => e.id)).toEqual(['r1']);
    commit();
    p.ctx.purchases.gate = undefined;
    expect(await refill).toMatchObject({ price: ENERGY_REFILLS.small.diamonds });
    expect(await grant).toMatchObject({ diamonds: 100, balance: paid + 100 });
    expect(answered).toEqual(['refill', 'grant']);
    expect(c().diamonds[p.s]).toBe(paid + 100);
    expect(p.records.audit.map((a) => a.purchaseId)).toEqual(['r1', 'g1']);
  });

  it('grants nothing when the save of an in-app purchase fails; the retry grants once', async () => {
    const p = player(30, { diamonds: 7 });
    p.ctx.purchases.fail = true;
    await refused(p, 'purchaseInAppItem', iap('fails-1', 'f1'), 'INTERNAL');
    expect(p.ctx.purchases.transactions.size).toBe(0);
    p.ctx.purchases.fail = false;
    expect(await run(p, 'purchaseInAppItem', iap('fails-1', 'f1'))).toMatchObject({
      balance: 107,
    });
    expect(c().diamonds[p.s]).toBe(107);
  });

  it('keeps a diamond purchase whose save failed unanswered until a retry is saved', async () => {
    const p = player(30, { diamonds: 500 });
    p.ctx.purchases.fail = true;
    const error = await run(p, 'purchaseEnergyRefill', { tier: 'small', purchaseId: 'k1' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((error as GameError).code).toBe('INTERNAL');
    // Made, not undone (the write-behind writer saves it with its ledger
    // entry), but not acknowledged: the retry is answered only once saved.
    const paid = 500 - ENERGY_REFILLS.small.diamonds;
    expect(c().diamonds[p.s]).toBe(paid);
    expect(ledgerEntry(p.cold, 'k1')).toBeDefined();
    const retry = await run(p, 'purchaseEnergyRefill', { tier: 'small', purchaseId: 'k1' }).then(
      () => 'answered',
      (e: unknown) => (e as GameError).code,
    );
    expect(retry).toBe('INTERNAL');
    p.ctx.purchases.fail = false;
    const saves = p.ctx.purchases.saves;
    expect(await run(p, 'purchaseEnergyRefill', { tier: 'small', purchaseId: 'k1' })).toEqual(
      ledgerEntry(p.cold, 'k1')!.result,
    );
    expect(p.ctx.purchases.saves).toBe(saves + 1);
    expect(c().diamonds[p.s]).toBe(paid);
    expect(p.records.audit.map((a) => a.purchaseId)).toEqual(['k1']);
  });

  it('lets a store transaction pay for one purchase across all players', async () => {
    const purchases = new MemoryPurchases();
    const a = player(30, { diamonds: 0, purchases });
    const b = player(30, { diamonds: 0, purchases });
    await run(a, 'purchaseInAppItem', iap('shared', 'mine'));
    await refused(b, 'purchaseInAppItem', iap('shared', 'mine'), 'CONFLICT');
    await refused(b, 'purchaseInAppItem', iap('shared', 'theirs'), 'CONFLICT');
    expect(c().diamonds[b.s]).toBe(0);
    expect(c().diamonds[a.s]).toBe(100);
  });

  it('sells no diamond packs where in-app purchases are off', async () => {
    const p = player(30, { diamonds: 0, config: { inAppPurchases: 'off' } });
    await refused(p, 'purchaseInAppItem', iap('off-1', 'o1'), 'NOT_FOUND');
    expect((await run(p, 'getStore', {})).products).toEqual([]);
    const on = player();
    expect((await run(on, 'getStore', {})).products).toHaveLength(PRODUCTS.length);
  });
});
