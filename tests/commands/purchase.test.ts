import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerEntry } from '../../src/commands/ledger.ts';
import { type PurchaseKind, purchase } from '../../src/commands/purchase.ts';
import { Engine } from '../../src/engine/engine.ts';
import { copySlotToRow, ROW_STRIDE } from '../../src/persistence/row-codec.ts';
import { addToField } from '../../src/sim/effects.ts';
import { GameError } from '../../src/sim/game-error.ts';
import { FIELD_INDEX as F } from '../../src/world/schema.ts';
import { type TestCommandContext, testCommandContext } from '../helpers/command-context.ts';

/**
 * The purchase pipeline with kinds declared here, so each step is seen on
 * its own: the shop's four kinds are tested in shop.test.ts.
 */

const NOW = Date.UTC(2026, 5, 1);

let engine: Engine;
beforeAll(() => {
  engine = new Engine({ capacity: 16, workers: 1, tickHz: 20 });
});
afterAll(async () => {
  await engine.close();
});

interface Gadget {
  readonly id: string;
  readonly price: number;
  readonly banned?: boolean;
}
const GADGETS = new Map<string, Gadget>([
  ['cheap', { id: 'cheap', price: 10 }],
  ['banned', { id: 'banned', price: 10, banned: true }],
]);
interface GadgetArgs {
  readonly gadgetId: string;
  readonly purchaseId: string;
}
interface GadgetResult extends Record<string, unknown> {
  readonly purchaseId: string;
  readonly moneyWhenApplied: number;
}

/** The steps each kind's hooks were called for, in order. */
let steps: string[] = [];

/** A kind paid in money that cheers the buyer up by one point. */
const GADGET: PurchaseKind<GadgetArgs, Gadget, GadgetResult, undefined> = {
  ledger: 'item',
  item: (args) => args.gadgetId,
  find: (args) => {
    steps.push('find');
    return GADGETS.get(args.gadgetId);
  },
  notFound: (args) => `no gadget ${args.gadgetId}`,
  needsLife: true,
  refusal: (_c, _s, gadget) => {
    steps.push('refusal');
    return gadget.banned ? 'banned here' : undefined;
  },
  charge: {
    currency: 'money',
    price: (gadget) => gadget.price,
    tooDear: (gadget) => `${gadget.id} costs ${gadget.price}`,
  },
  apply({ c, slot, product, args }) {
    steps.push('apply');
    const moneyWhenApplied = c.money[slot]!;
    addToField(c, slot, F.happiness, 1);
    return { result: { purchaseId: args.purchaseId, moneyWhenApplied }, paid: product.price };
  },
};

/** A kind granted for real money, its diamonds made only once saved. */
const GIFT: PurchaseKind<GadgetArgs, Gadget, GadgetResult, undefined> = {
  ledger: 'inApp',
  item: (args) => args.gadgetId,
  find: (args) => GADGETS.get(args.gadgetId),
  notFound: (args) => `no gadget ${args.gadgetId}`,
  needsLife: false,
  apply({ c, slot, product, args }) {
    return {
      result: { purchaseId: args.purchaseId, moneyWhenApplied: c.money[slot]! },
      paid: product.price,
      grant: {
        fields: { diamonds: c.diamonds[slot]! + 7 },
        make: (columns, s) => addToField(columns, s, F.diamonds, 7),
      },
    };
  },
};

let nextPlayer = 0;
function player(money: number): { ctx: TestCommandContext; s: number } {
  const s = engine.slotOf(engine.spawn({ seed: 5, player: nextPlayer++, ageYears: 30 }));
  engine.world.columns.money[s] = money;
  engine.world.columns.diamonds[s] = 0;
  const ctx = testCommandContext(engine, s, { playerId: `g${nextPlayer}`, clock: { now: NOW } });
  return { ctx, s };
}

/** Everything a purchase could change: the player's whole row and cold state. */
function everything(p: { ctx: TestCommandContext; s: number }): unknown {
  const row = new Float64Array(ROW_STRIDE);
  copySlotToRow(engine.world.columns, p.s, row, 0);
  return { row: [...row], cold: JSON.stringify(p.ctx.cold) };
}

/** The purchase is refused with `code` and `message`, and nothing changed. */
async function refused(
  p: { ctx: TestCommandContext; s: number },
  args: GadgetArgs,
  code: string,
  message: string,
): Promise<void> {
  const before = everything(p);
  const audit = p.ctx.purchases.audit.length;
  const error = await Promise.resolve()
    .then(() => purchase(p.ctx, GADGET, args))
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  expect(error).toBeInstanceOf(GameError);
  expect(error).toMatchObject({ code, message });
  expect(everything(p)).toEqual(before);
  expect(p.ctx.purchases.audit).toHaveLength(audit);
}

describe('purchase', () => {
  it('looks up, then checks the life, the refusals and the price, in that order, changing nothing', async () => {
    const p = player(9);
    const c = engine.world.columns;
    c.alive[p.s] = 0;
    steps = [];
    await refused(p, { gadgetId: 'none', purchaseId: 'a' }, 'NOT_FOUND', 'no gadget none');
    expect(steps).toEqual(['find']);
    steps = [];
    await refused(p, { gadgetId: 'banned', purchaseId: 'b' }, 'CONFLICT', 'this life has ended');
    expect(steps).toEqual(['find']);
    c.alive[p.s] = 1;
    steps = [];
    await refused(p, { gadgetId: 'banned', purchaseId: 'c' }, 'CONFLICT', 'banned here');
    expect(steps).toEqual(['find', 'refusal']);
    steps = [];
    await refused(
      p,
      { gadgetId: 'cheap', purchaseId: 'd' },
      'INSUFFICIENT_FUNDS',
      'cheap costs 10',
    );
    expect(steps).toEqual(['find', 'refusal']);
  });

  it('takes the price before applying, records and counts the purchase, and answers once saved', async () => {
    const p = player(25);
    let commit = () => {};
    p.ctx.purchases.gate = new Promise<void>((resolve) => {
      commit = resolve;
    });
    let answered = false;
    const answer = purchase(p.ctx, GADGET, { gadgetId: 'cheap', purchaseId: 'g1' }).then((r) => {
      answered = true;
      return r;
    });
    await p.ctx.purchases.waiting(1);
    // Made and in the ledger, being saved, not answered.
    expect(engine.world.columns.money[p.s]).toBe(15);
    expect(ledgerEntry(p.ctx.cold, 'g1')).toEqual({
      id: 'g1',
      kind: 'item',
      item: 'cheap',
      price: 10,
      currency: 'money',
      at: NOW,
      result: { purchaseId: 'g1', moneyWhenApplied: 15 },
    });
    expect(p.ctx.cold.counters.purchases).toBe(1);
    expect(p.ctx.coldChanges).toBe(1);
    expect(answered).toBe(false);
    commit();
    expect(await answer).toEqual({ purchaseId: 'g1', moneyWhenApplied: 15 });
    expect(p.ctx.purchases.audit).toEqual([
      {
        playerId: p.ctx.playerId,
        purchaseId: 'g1',
        item: 'item:cheap',
        amount: 10,
        currency: 'money',
        at: NOW,
      },
    ]);
  });

  it('answers a retry with the first result, saved again, without applying it again', async () => {
    const p = player(25);
    steps = [];
    const first = await purchase(p.ctx, GADGET, { gadgetId: 'cheap', purchaseId: 'r1' });
    const after = everything(p);
    const saves = p.ctx.purchases.saves;
    expect(await purchase(p.ctx, GADGET, { gadgetId: 'cheap', purchaseId: 'r1' })).toEqual(first);
    expect(steps.filter((s) => s === 'apply')).toHaveLength(1);
    expect(everything(p)).toEqual(after);
    expect(p.ctx.purchases.saves).toBe(saves + 1);
    await refused(
      p,
      { gadgetId: 'banned', purchaseId: 'r1' },
      'CONFLICT',
      'purchase r1 was already used for item cheap',
    );
  });

  it('makes a grant only once its save has committed, for a life that has ended too', async () => {
    const p = player(0);
    engine.world.columns.alive[p.s] = 0;
    let commit = () => {};
    p.ctx.purchases.gate = new Promise<void>((resolve) => {
      commit = resolve;
    });
    const answer = purchase(p.ctx, GIFT, { gadgetId: 'cheap', purchaseId: 'gift-1' });
    await p.ctx.purchases.waiting(1);
    expect(engine.world.columns.diamonds[p.s]).toBe(0);
    expect(p.ctx.cold.ledger).toEqual([]);
    commit();
    expect(await answer).toEqual({ purchaseId: 'gift-1', moneyWhenApplied: 0 });
    expect(engine.world.columns.diamonds[p.s]).toBe(7);
    expect(ledgerEntry(p.ctx.cold, 'gift-1')).toMatchObject({ currency: 'real', price: 10 });
    expect(p.ctx.cold.counters.purchases).toBe(1);
  });
});
