import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENERGY_TIER_NAMES, SKIP_DURATION_NAMES } from '../../protocol/commands/shop.ts';
import type { CommandName } from '../../protocol/commands.ts';
import type { ReceiptVerifier } from '../../src/commands/context.ts';
import { energyWaived } from '../../src/commands/core.ts';
import { runCommand } from '../../src/commands/handlers.ts';
import { ledgerEntry, recordInLedger } from '../../src/commands/ledger.ts';
import type { Config } from '../../src/config.ts';
import { ENERGY_REFILLS, ENERGY_TIERS } from '../../src/content/energy-refills.ts';
import { ITEM_BY_ID, ITEMS, parseItems } from '../../src/content/items.ts';
import { PRODUCTS } from '../../src/content/products.ts';
import { SKIP_DURATIONS, TIME_SKIPS } from '../../src/content/time-skips.ts';
import { Engine } from '../../src/engine/engine.ts';
import { copySlotToRow, ROW_STRIDE } from '../../src/persistence/row-codec.ts';
import { GameError } from '../../src/sim/game-error.ts';
import { type ColdState, coldStateFrom, LEDGER_LIMIT } from '../../src/world/cold.ts';
import { DAYS_PER_YEAR, Flag, NpcRole } from '../../src/world/life.ts';
import { NPC_SLOTS } from '../../src/world/schema.ts';
import {
  MemoryPurchases,
  type TestCommandContext,
  testCommandContext,
} from '../helpers/command-context.ts';
import { MemoryRecords } from '../helpers/memory-records.ts';

const NOW = Date.UTC(2026, 5, 1);
const DAY_MS = 86_400_000;

let engine: Engine;
beforeAll(() => {
  engine = new Engine({ capacity: 64, workers: 1, tickHz: 20 });
});
afterAll(async () => {
  await engine.close();
});

let seed = 100;
interface Player {
  ctx: TestCommandContext;
  cold: ColdState;
  records: MemoryRecords;
  clock: { now: number };
  s: number;
}

/** A new life in its own slot, with money and diamonds to spend. */
function player(
  ageYears = 30,
  options: {
    receipts?: ReceiptVerifier;
    money?: number;
    diamonds?: number;
    purchases?: MemoryPurchases;
    config?: Partial<Config>;
  } = {},
): Player {
  const handle = engine.spawn({ seed: 7, player: seed++, ageYears });
  const s = engine.slotOf(handle);
  const c = engine.world.columns;
  c.money[s] = options.money ?? 1_000_000;
  c.diamonds[s] = options.diamonds ?? 10_000;
  const cold = coldStateFrom({});
  const purchases = options.purchases ?? new MemoryPurchases();
  const records = new MemoryRecords(purchases);
  const clock = { now: NOW };
  const ctx = testCommandContext(engine, s, {
    playerId: `p${seed}`,
    cold,
    records,
    clock,
    purchases,
    ...(options.receipts ? { receipts: options.receipts } : {}),
    ...(options.config ? { config: options.config } : {}),
  });
  return { ctx, cold, records, clock, s };
}

async function run(p: Player, name: CommandName, args: unknown): Promise<Record<string, unknown>> {
  return (await runCommand(p.ctx, name, args)) as Record<string, unknown>;
}

/** Everything a command could change: the player's whole row and cold state. */
function everything(p: Player): { row: number[]; cold: string } {
  const row = new Float64Array(ROW_STRIDE);
  copySlotToRow(engine.world.columns, p.s, row, 0);
  return { row: [...row], cold: JSON.stringify(p.cold) };
}

/** The command is refused with `code`, and nothing changed. */
async function refused(p: Player, name: CommandName, args: unknown, code: string): Promise<void> {
  const before = everything(p);
  const audits = p.records.audit.length;
  const error = await Promise.resolve()
    .then(() => runCommand(p.ctx, name, args))
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  expect(error).toBeInstanceOf(GameError);
  expect((error as GameError).code).toBe(code);
  expect(everything(p)).toEqual(before);
  expect(p.records.audit.length).toBe(audits);
}

const c = () => engine.world.columns;

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

describe('purchaseEnergyRefill', () => {
  it('fills the bar and keeps what is beyond its peak in the reserve', async () => {
    const p = player();
    c().peakEnergy[p.s] = 100;
    c().energy[p.s] = 80;
    c().energyReserve[p.s] = 0;
    const diamonds = c().diamonds[p.s]!;
    const result = await run(p, 'purchaseEnergyRefill', { tier: 'small', purchaseId: 'e1' });
    expect(result).toEqual({
      purchaseId: 'e1',
      tier: 'small',
      price: ENERGY_REFILLS.small.diamonds,
      energy: 100,
      energyReserve: 80,
      unlimitedUntil: 0,
    });
    expect(c().diamonds[p.s]).toBe(diamonds - ENERGY_REFILLS.small.diamonds);
    expect(await run(p, 'purchaseEnergyRefill', { tier: 'small', purchaseId: 'e1' })).toEqual(
      result,
    );
    expect(c().energyReserve[p.s]).toBe(80);
    expect(p.records.audit.map((a) => [a.item, a.amount, a.currency])).toEqual([
      ['energy:small', ENERGY_REFILLS.small.diamonds, 'diamonds'],
    ]);
  });

  it('unlimited: fills the bar and waives energy costs for 24 hours, extending a running one', async () => {
    const p = player();
    c().peakEnergy[p.s] = 90;
    c().energy[p.s] = 10;
    const result = await run(p, 'purchaseEnergyRefill', { tier: 'unlimited', purchaseId: 'u1' });
    expect(result.unlimitedUntil).toBe(NOW + DAY_MS);
    expect(c().energy[p.s]).toBe(90);
    expect(energyWaived(p.cold, NOW + DAY_MS - 1)).toBe(true);
    expect(energyWaived(p.cold, NOW + DAY_MS)).toBe(false);
    p.clock.now = NOW + 3_600_000;
    await run(p, 'purchaseEnergyRefill', { tier: 'unlimited', purchaseId: 'u2' });
    expect(p.cold.unlimitedEnergyUntil).toBe(NOW + 2 * DAY_MS);
  });

  it('refuses without the diamonds, with a full reserve, or after death: nothing changes', async () => {
    const poor = player(30, { diamonds: 4 });
    await refused(
      poor,
      'purchaseEnergyRefill',
      { tier: 'instant', purchaseId: 'e1' },
      'INSUFFICIENT_FUNDS',
    );
    await refused(poor, 'purchaseEnergyRefill', { tier: 'huge', purchaseId: 'e2' }, 'INVALID_ARGS');
    const full = player();
    c().energy[full.s] = c().peakEnergy[full.s]!;
    c().energyReserve[full.s] = 65_500;
    await refused(full, 'purchaseEnergyRefill', { tier: 'large', purchaseId: 'e3' }, 'CONFLICT');
    const dead = player();
    c().alive[dead.s] = 0;
    await refused(dead, 'purchaseEnergyRefill', { tier: 'small', purchaseId: 'e4' }, 'CONFLICT');
  });
});

describe('purchaseTimeSkip', () => {
  it('runs the clock forward through the rules and says what happened', async () => {
    const p = player(20);
    c().pendingEvent[p.s] = 0;
    const ageDays = c().ageDays[p.s]!;
    const diamonds = c().diamonds[p.s]!;
    const gameMinute = () => c().ageDays[p.s]! * 1440 + c().minuteOfDay[p.s]!;
    const start = gameMinute();
    const result = await run(p, 'purchaseTimeSkip', { duration: '1d', purchaseId: 't1' });
    expect(result).toMatchObject({ purchaseId: 't1', duration: '1d', minutes: 1440 });
    const passed = result.minutesPassed as number;
    // The whole day, unless a question stopped the clock on the way.
    expect(passed === 1440 || result.stoppedBy !== null).toBe(true);
    expect(gameMinute() - start).toBe(passed);
    expect((result.price as number) + (result.refunded as number)).toBe(TIME_SKIPS['1d'].diamonds);
    expect(c().diamonds[p.s]).toBe(diamonds - (result.price as number));
    const before = result.before as { ageDays: number; ageYears: number; alive: boolean };
    expect(before).toMatchObject({ ageDays, ageYears: Math.floor(ageDays / DAYS_PER_YEAR) });
    expect(before.alive).toBe(true);
    expect((result.after as { ageDays: number }).ageDays).toBe(c().ageDays[p.s]);
    // Retried: the same summary, and the clock did not move again.
    const clock = gameMinute();
    expect(await run(p, 'purchaseTimeSkip', { duration: '1d', purchaseId: 't1' })).toEqual(result);
    expect(gameMinute()).toBe(clock);
  });

  it('lists the achievements unlocked on the way', async () => {
    const p = player(0);
    // Two weeks before a first birthday; the daily check takes a few days
    // to reach each locked achievement, so allow a few weeks past it.
    c().ageDays[p.s] = DAYS_PER_YEAR - 14;
    const unlocked: string[] = [];
    for (let k = 0; k < 6 && !unlocked.includes('first_birthday'); k++) {
      c().pendingEvent[p.s] = 0;
      const r = await run(p, 'purchaseTimeSkip', { duration: '1w', purchaseId: `a${k}` });
      unlocked.push(...(r.achievements as string[]));
    }
    expect(unlocked).toContain('first_birthday');
  });

  it('stops at a question, sends it, and refuses to skip while it waits', async () => {
    const p = player(16);
    let stopped: Record<string, unknown> | undefined;
    for (let k = 0; k < 24 && !stopped; k++) {
      c().pendingEvent[p.s] = 0;
      c().alive[p.s] = 1;
      const r = await run(p, 'purchaseTimeSkip', { duration: '1m', purchaseId: `m${k}` });
      if (r.stoppedBy) stopped = r;
      else expect(r.minutesPassed).toBe(30 * 1440);
      expect((r.events as unknown[]).length).toBe(Math.min(r.eventCount as number, 32));
    }
    expect(stopped).toBeDefined();
    const pending = c().pendingEvent[p.s]! - 1;
    expect(pending).toBeGreaterThanOrEqual(0);
    const def = engine.catalog.defs[pending]!;
    expect(stopped!.stoppedBy).toEqual({ id: def.id, title: def.title, kind: def.kind });
    expect(stopped!.minutesPassed as number).toBeLessThan(30 * 1440);
    // Paid for the part that ran, rounded up; the rest given back.
    const ran = Math.ceil(
      (TIME_SKIPS['1m'].diamonds * (stopped!.minutesPassed as number)) / (30 * 1440),
    );
    expect(stopped).toMatchObject({ price: ran, refunded: TIME_SKIPS['1m'].diamonds - ran });
    expect(p.ctx.events.at(-1)).toBe(pending);
    await refused(p, 'purchaseTimeSkip', { duration: '1d', purchaseId: 'blocked' }, 'CONFLICT');
  });

  it('refuses without the diamonds, a bad length, or after death: nothing changes', async () => {
    const poor = player(30, { diamonds: 0 });
    c().pendingEvent[poor.s] = 0;
    await refused(
      poor,
      'purchaseTimeSkip',
      { duration: '1w', purchaseId: 's1' },
      'INSUFFICIENT_FUNDS',
    );
    await refused(poor, 'purchaseTimeSkip', { duration: '2h', purchaseId: 's2' }, 'INVALID_ARGS');
    const dead = player();
    c().alive[dead.s] = 0;
    await refused(dead, 'purchaseTimeSkip', { duration: '1h', purchaseId: 's3' }, 'CONFLICT');
  });
});

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
