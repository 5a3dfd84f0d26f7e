import { describe, expect, it } from 'vitest';
import { ENERGY_TIER_NAMES, SKIP_DURATION_NAMES } from '../../protocol/commands/shop.ts';
import { ledgerEntry, recordInLedger } from '../../src/commands/ledger.ts';
import { ENERGY_REFILLS, ENERGY_TIERS } from '../../src/content/energy-refills.ts';
import { ITEM_BY_ID, ITEMS, parseItems } from '../../src/content/items.ts';
import { PRODUCTS } from '../../src/content/products.ts';
import { SKIP_DURATIONS, TIME_SKIPS } from '../../src/content/time-skips.ts';
import { coldStateFrom, LEDGER_LIMIT } from '../../src/world/cold.ts';
import { Flag, NpcRole } from '../../src/world/life.ts';
import { NPC_SLOTS } from '../../src/world/schema.ts';
import {
  c,
  everything,
  NOW,
  player,
  refused,
  run,
  useShopEngine,
} from '../helpers/shop-players.ts';

useShopEngine();

describe('catalogs', () => {
  it('are valid data, and the protocol names every tier and skip the content prices', () => {
    expect(ITEMS.length).toBeGreaterThanOrEqual(10);
    expect(new Set(ITEMS.map((i) => i.category))).toEqual(
      new Set(['food', 'clothes', 'phone', 'fitness', 'books', 'games', 'vehicle', 'home', 'pet']),
    );
    expect([...ENERGY_TIER_NAMES]).toEqual([...ENERGY_TIERS]);
    expect([...SKIP_DURATION_NAMES]).toEqual([...SKIP_DURATIONS]);
    expect(ENERGY_TIERS.map((t) => ENERGY_REFILLS[t].energy)).toEqual([50, 100, 200, 500, 0]);
    expect(ENERGY_REFILLS.unlimited.unlimitedHours).toBe(24);
    expect(SKIP_DURATIONS.map((d) => TIME_SKIPS[d].minutes)).toEqual([
      60,
      720,
      1440,
      7 * 1440,
      30 * 1440,
    ]);
    expect(() => parseItems([{ id: 'Bad Id', name: 'x', category: 'food', price: 1 }])).toThrow(
      /item Bad Id: id/,
    );
    expect(() =>
      parseItems([{ id: 'x', name: 'x', category: 'food', price: 1, stats: { luck: 3 } }]),
    ).toThrow(/item x: stats/);
  });
});

describe('getStore', () => {
  it('lists every item, refill, skip and product with its price, and what the player owns', async () => {
    const p = player();
    await run(p, 'purchaseItem', { itemId: 'book', purchaseId: 'b1' });
    const store = await run(p, 'getStore', {});
    const items = store.items as { id: string; price: number; owned: number; once: boolean }[];
    expect(items.map((i) => i.id)).toEqual(ITEMS.map((i) => i.id));
    expect(items.find((i) => i.id === 'book')).toMatchObject({ price: 15, owned: 1, once: false });
    expect(items.find((i) => i.id === 'car')).toMatchObject({ once: true, owned: 0 });
    expect(store.energyRefills).toHaveLength(5);
    expect(store.timeSkips).toHaveLength(5);
    expect(store.products).toEqual(PRODUCTS.map((x) => ({ ...x })));
  });
});

describe('purchaseItem', () => {
  it('takes the money, applies the effects, counts it and logs it', async () => {
    const p = player();
    const s = p.s;
    c().happiness[s] = 50;
    c().stress[s] = 50;
    const money = c().money[s]!;
    const result = await run(p, 'purchaseItem', { itemId: 'video_game', purchaseId: 'order-1' });
    expect(result).toEqual({
      purchaseId: 'order-1',
      itemId: 'video_game',
      price: 60,
      money: money - 60,
      owned: 1,
    });
    expect(c().money[s]).toBe(money - 60);
    expect(c().happiness[s]).toBe(58);
    expect(c().stress[s]).toBe(44);
    expect(p.cold.inventory.video_game).toBe(1);
    expect(p.cold.counters.purchases).toBe(1);
    expect(ledgerEntry(p.cold, 'order-1')).toMatchObject({
      kind: 'item',
      item: 'video_game',
      price: 60,
      currency: 'money',
      at: NOW,
      result,
    });
    expect(p.records.audit).toEqual([
      {
        playerId: p.ctx.playerId,
        purchaseId: 'order-1',
        item: 'item:video_game',
        amount: 60,
        currency: 'money',
        at: NOW,
      },
    ]);
    expect(p.ctx.coldChanges).toBeGreaterThan(0);
  });

  it('is applied once however often the same purchase id comes', async () => {
    const p = player();
    const first = await run(p, 'purchaseItem', { itemId: 'snack', purchaseId: 'same' });
    const after = everything(p);
    p.clock.now += 60_000;
    const again = await run(p, 'purchaseItem', { itemId: 'snack', purchaseId: 'same' });
    expect(again).toEqual(first);
    expect(everything(p)).toEqual(after);
    expect(p.cold.inventory.snack).toBe(1);
    expect(p.records.audit).toHaveLength(1);
  });

  it('refuses a purchase id used for something else (CONFLICT), changing nothing', async () => {
    const p = player();
    await run(p, 'purchaseItem', { itemId: 'snack', purchaseId: 'used' });
    await refused(p, 'purchaseItem', { itemId: 'book', purchaseId: 'used' }, 'CONFLICT');
    await refused(p, 'purchaseEnergyRefill', { tier: 'small', purchaseId: 'used' }, 'CONFLICT');
    await refused(p, 'purchaseTimeSkip', { duration: '1h', purchaseId: 'used' }, 'CONFLICT');
  });

  it('refuses what cannot be bought, changing nothing', async () => {
    const p = player(30, { money: 100 });
    await refused(p, 'purchaseItem', { itemId: 'yacht', purchaseId: 'x1' }, 'NOT_FOUND');
    await refused(p, 'purchaseItem', { itemId: 'car', purchaseId: 'x2' }, 'INSUFFICIENT_FUNDS');
    await refused(p, 'purchaseItem', { itemId: 'snack', purchaseId: 'bad id!' }, 'INVALID_ARGS');
    await refused(p, 'purchaseItem', { itemId: 'snack', purchaseId: '' }, 'INVALID_ARGS');
    await refused(
      p,
      'purchaseItem',
      { itemId: 'snack', purchaseId: 'a'.repeat(129) },
      'INVALID_ARGS',
    );
    await refused(
      p,
      'purchaseItem',
      { itemId: 'snack', purchaseId: 'x3', extra: 1 },
      'INVALID_ARGS',
    );
    const child = player(8);
    await refused(child, 'purchaseItem', { itemId: 'phone', purchaseId: 'x4' }, 'CONFLICT');
    const dead = player();
    c().alive[dead.s] = 0;
    await refused(dead, 'purchaseItem', { itemId: 'snack', purchaseId: 'x5' }, 'CONFLICT');
  });

  it('sells once-a-life things once: a car sets ownsCar, a home ownsHome', async () => {
    const p = player();
    await run(p, 'purchaseItem', { itemId: 'car', purchaseId: 'car-1' });
    expect(c().flags[p.s]! & Flag.ownsCar).not.toBe(0);
    await refused(p, 'purchaseItem', { itemId: 'car', purchaseId: 'car-2' }, 'CONFLICT');
    await run(p, 'purchaseItem', { itemId: 'home', purchaseId: 'home-1' });
    expect(c().flags[p.s]! & Flag.ownsHome).not.toBe(0);
  });

  it('brings a pet into the life as an NPC, if there is room', async () => {
    const p = player();
    const base = p.s * NPC_SLOTS;
    const pets = () =>
      [...c().npcRole.subarray(base, base + NPC_SLOTS)].filter((r) => r === NpcRole.pet).length;
    const before = pets();
    c().flags[p.s] = c().flags[p.s]! & ~Flag.hasPet;
    await run(p, 'purchaseItem', { itemId: 'pet', purchaseId: 'pet-1' });
    expect(pets()).toBe(before + 1);
    expect(c().flags[p.s]! & Flag.hasPet).not.toBe(0);

    const full = player();
    c().flags[full.s] = c().flags[full.s]! & ~Flag.hasPet;
    for (let k = 0; k < NPC_SLOTS; k++)
      if (c().npcRole[full.s * NPC_SLOTS + k] === 0)
        c().npcRole[full.s * NPC_SLOTS + k] = NpcRole.friend;
    await refused(full, 'purchaseItem', { itemId: 'pet', purchaseId: 'pet-2' }, 'CONFLICT');
  });
});

describe('the ledger', () => {
  it('keeps the last LEDGER_LIMIT purchases', () => {
    const cold = coldStateFrom({});
    for (let i = 0; i < LEDGER_LIMIT + 3; i++) {
      recordInLedger(cold, {
        id: `id-${i}`,
        item: 'snack',
        kind: 'item',
        price: 5,
        currency: 'money',
        at: i,
      });
    }
    expect(cold.ledger).toHaveLength(LEDGER_LIMIT);
    expect(ledgerEntry(cold, 'id-2')).toBeUndefined();
    expect(ledgerEntry(cold, 'id-3')?.at).toBe(3);
    expect(ledgerEntry(cold, `id-${LEDGER_LIMIT + 2}`)).toBeDefined();
  });
});

describe('item effects stay inside the fields bounds', () => {
  it('clamps stats', async () => {
    const p = player();
    c().hunger[p.s] = 5;
    await run(p, 'purchaseItem', { itemId: 'restaurant_dinner', purchaseId: 'clamp' });
    expect(c().hunger[p.s]).toBe(0);
    expect(ITEM_BY_ID.get('restaurant_dinner')!.stats.hunger).toBe(-60);
  });
});
