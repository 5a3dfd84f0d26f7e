import type { SHOP_COMMANDS } from '../../protocol/commands/shop.ts';
import type { CommandResult } from '../../protocol/commands.ts';
import { ACHIEVEMENTS } from '../content/achievements.ts';
import { ENERGY_REFILLS, ENERGY_TIERS } from '../content/energy-refills.ts';
import { flagBits, ITEM_BY_ID, ITEMS, type Item, itemStats } from '../content/items.ts';
import { JOBS } from '../content/jobs.ts';
import { PRODUCT_BY_ID, PRODUCTS, type Product } from '../content/products.ts';
import { SKIP_DURATIONS, TIME_SKIPS } from '../content/time-skips.ts';
import { skipTime } from '../sim/actions.ts';
import { markDirty } from '../sim/dirty.ts';
import { addToField } from '../sim/effects.ts';
import { GameError } from '../sim/game-error.ts';
import { addNpc } from '../sim/npc.ts';
import { type ColdState, count, holdReward, type LedgerEntry } from '../world/cold.ts';
import type { Columns } from '../world/columns.ts';
import { DAYS_PER_YEAR, Flag, NpcRole } from '../world/life.ts';
import { FIELD_INDEX as F, HOT_FIELDS, NPC_SLOTS } from '../world/schema.ts';
import type { CommandContext, PurchaseRecord, Receipt } from './context.ts';
import type { HandlerTable } from './handler.ts';
import { ledgerEntry, type PurchaseKey, recordInLedger, replayed } from './ledger.ts';

type ShopCommand = keyof typeof SHOP_COMMANDS;
type Result<N extends ShopCommand> = CommandResult<N>;

const MS_PER_HOUR = 3_600_000;
/** Most energy the reserve column holds (its u16 bound in world/schema.ts). */
const RESERVE_MAX = HOT_FIELDS[F.energyReserve]!.max;
/**
 * Events listed one by one in a time skip's summary (eventCount says how
 * many fired in all). The summary is kept in the ledger for retries, up to
 * LEDGER_LIMIT of them in the saved cold state, so it is bounded: 32 is
 * about what a month of messages brings, at under 2 KiB.
 */
export const SKIP_EVENTS_LISTED = 32;
// A bought pet arrives young and already fond of its owner (affinity 60 of
// 100), but they have only just met (familiarity 30 of 100, which decays 3
// a day without attention, like any relationship's).
const PET_AFFINITY = 60;
const PET_FAMILIARITY = 30;

/** A purchase that changes a life needs the life to be going on. */
function assertAlive(c: Columns, s: number): void {
  if (c.alive[s] !== 1) throw new GameError('CONFLICT', 'this life has ended');
}

function ageInYears(c: Columns, s: number): number {
  return Math.floor(c.ageDays[s]! / DAYS_PER_YEAR);
}

function hasFreeNpcSlot(c: Columns, s: number): boolean {
  for (let k = 0; k < NPC_SLOTS; k++) if (c.npcRole[s * NPC_SLOTS + k] === 0) return true;
  return false;
}

/** Most diamonds a player holds (the column's u32 bound in world/schema.ts). */
const DIAMONDS_MAX = HOT_FIELDS[F.diamonds]!.max;
/** What a store transaction id may be: the column holding it takes 128 ASCII characters. */
const TRANSACTION_ID = /^[\x21-\x7e]{1,128}$/;
/** Most of one product a receipt may pay for (the App Store's own limit on a quantity is 10). */
const MAX_QUANTITY = 10;

type Entry = Omit<LedgerEntry, 'result'>;

/** A purchase's audit row, from its ledger entry. */
function auditRow(entry: Entry): PurchaseRecord {
  return {
    purchaseId: entry.id,
    item: `${entry.kind}:${entry.item}`,
    amount: entry.price,
    currency: entry.currency,
    at: entry.at,
  };
}

/** Remember an applied purchase: the ledger entry (with the result a retry gets back) and the counter. */
function settle(cold: ColdState, entry: Entry, result: Record<string, unknown>): void {
  recordInLedger(cold, { ...entry, result });
  count(cold, 'purchases');
}

interface Made<R> {
  readonly result: R;
  /** The save the answer waits for. */
  readonly saving: Promise<void>;
}

/**
 * A retry of a purchase already applied: its first result, once the row
 * holding it is saved (the first answer may have been lost because its save
 * failed: see server/purchase-saver.ts). Undefined for a new purchase id.
 */
function replay<R>(
  ctx: CommandContext,
  cold: ColdState,
  purchaseId: string,
  key: PurchaseKey,
): Made<R> | undefined {
  const again = replayed<R>(cold, purchaseId, key);
  if (again === undefined) return undefined;
  return { result: again, saving: ctx.savePurchase(auditRow(ledgerEntry(cold, purchaseId)!)) };
}

/**
 * The way every purchase paid in money or diamonds goes: one at a time per
 * player; in one idle moment the checks, the change (`make`, which throws
 * a GameError to refuse, changing nothing), its ledger entry and the copy
 * of the player that is saved with the audit row; the answer once that
 * save has committed. If it fails the purchase stays made (see
 * server/purchase-saver.ts for why) and the client gets INTERNAL.
 */
function buy<R extends Record<string, unknown>>(
  ctx: CommandContext,
  purchaseId: string,
  key: PurchaseKey,
  make: (slot: number, cold: ColdState) => { readonly result: R; readonly entry: Entry },
): Promise<R> {
  return ctx.queuePurchase(async () => {
    const { result, saving } = await ctx.apply((slot, cold): Made<R> => {
      const again = replay<R>(ctx, cold, purchaseId, key);
      if (again) return again;
      const made = make(slot, cold);
      settle(cold, made.entry, made.result);
      ctx.coldChanged();
      return { result: made.result, saving: ctx.savePurchase(auditRow(made.entry)) };
    });
    await saving;
    return result;
  });
}

/** Why an item cannot be bought now (besides money), or undefined. */
function itemRefusal(c: Columns, s: number, item: Item): string | undefined {
  if (ageInYears(c, s) < item.minAge) return `${item.name} is for ages ${item.minAge} and up`;
  if (item.onceFlag && (c.flags[s]! & Flag[item.onceFlag]) !== 0)
    return `you already have a ${item.name.toLowerCase()}`;
  if (item.pet && !hasFreeNpcSlot(c, s)) return 'there is no room in your life for a pet';
  return undefined;
}

/** Make an item's effects happen to the buyer; the caller has checked itemRefusal and the price. */
function applyItem(c: Columns, s: number, item: Item): void {
  addToField(c, s, F.money, -item.price);
  for (const [field, delta] of itemStats(item)) addToField(c, s, F[field], delta);
  const flags = flagBits(item.setFlags);
  if (flags !== 0) {
    c.flags[s] = (c.flags[s]! | flags) >>> 0;
    markDirty(c, s, F.flags);
  }
  if (item.pet) addNpc(c, s, NpcRole.pet, 0, PET_AFFINITY, PET_FAMILIARITY);
}

type EventSummary = Result<'purchaseTimeSkip'>['events'][number];
type LifeSnapshot = Result<'purchaseTimeSkip'>['before'];

function eventSummary(ctx: CommandContext, event: number): EventSummary {
  const def = ctx.engine.catalog.defs[event]!;
  return { id: def.id, title: def.title, kind: def.kind };
}

function lifeSnapshot(c: Columns, s: number): LifeSnapshot {
  const job = c.job[s]!;
  return {
    ageYears: ageInYears(c, s),
    ageDays: c.ageDays[s]!,
    money: c.money[s]!,
    energy: c.energy[s]!,
    happiness: c.happiness[s]!,
    health: c.health[s]!,
    job: job > 0 ? (JOBS[job - 1]?.id ?? null) : null,
    alive: c.alive[s] === 1,
  };
}

/**
 * The second half of purchaseInAppItem, after its checks: verify the
 * receipt with its store, then grant, one purchase at a time per player.
 * The grant is saved before it is made: the saved copy has the diamonds
 * and the ledger entry, and is committed with the store transaction (the
 * database's unique key refuses a transaction any other purchase redeemed,
 * CONFLICT); only then do the diamonds reach the player, so diamonds whose
 * payment is not yet known to be theirs are never spendable, and a failed
 * save grants nothing.
 */
async function redeemReceipt(
  ctx: CommandContext,
  product: Product,
  receipt: Receipt,
  purchaseId: string,
  key: PurchaseKey,
): Promise<Result<'purchaseInAppItem'>> {
  const verified = await ctx.services.receipts.verify(receipt);
  if (verified.productId !== product.productId) {
    throw new GameError(
      'INVALID_ARGS',
      `the receipt is for ${verified.productId}, not ${product.productId}`,
    );
  }
  if (!TRANSACTION_ID.test(verified.transactionId)) {
    throw new GameError('INVALID_ARGS', 'the receipt has no usable transaction id');
  }
  const quantity = verified.quantity ?? 1;
  if (!Number.isInteger(quantity) || quantity < 1 || quantity > MAX_QUANTITY) {
    throw new GameError('INVALID_ARGS', `the receipt pays for ${quantity} packs`);
  }
  // Whether this call granted (not a retry answered with the first result).
  let fresh = false;
  const granted = await ctx.queuePurchase(async () => {
    const { result, saving } = await ctx.apply((slot, cold): Made<Result<'purchaseInAppItem'>> => {
      // Checked again: a retry of the same purchase may have landed while
      // this receipt was with the store.
      const again = replay<Result<'purchaseInAppItem'>>(ctx, cold, purchaseId, key);
      if (again) return again;
      const c = ctx.engine.world.columns;
      const diamonds = product.diamonds * quantity;
      const result: Result<'purchaseInAppItem'> = {
        purchaseId,
        productId: product.productId,
        transactionId: verified.transactionId,
        diamonds,
        balance: Math.min(DIAMONDS_MAX, c.diamonds[slot]! + diamonds),
      };
      const entry: Entry = {
        id: purchaseId,
        kind: 'inApp',
        item: product.productId,
        price: product.priceUsdCents * quantity,
        currency: 'real',
        at: ctx.now(),
      };
      const saved = structuredClone(cold);
      settle(saved, entry, result);
      const purchase: PurchaseRecord = {
        ...auditRow(entry),
        store: {
          platform: receipt.platform,
          transactionId: verified.transactionId,
          productId: product.productId,
        },
      };
      const saving = ctx.savePurchase(purchase, {
        fields: { diamonds: result.balance },
        cold: saved,
        apply: (s, live) => {
          addToField(c, s, F.diamonds, diamonds);
          settle(live, entry, result);
        },
      });
      fresh = true;
      return { result, saving };
    });
    await saving;
    return result;
  });
  // The grant is durable: the store may consider the purchase delivered.
  if (fresh) void ctx.services.receipts.delivered?.(receipt).catch(() => {});
  return granted;
}

/**
 * The shop. Every purchase carries the
 * client's purchase id and goes through the ledger (ledger.ts): checked
 * against it first, recorded in it with its result when applied.
 */
export const SHOP_HANDLERS: HandlerTable<ShopCommand> = {
  getStore(ctx) {
    return {
      items: ITEMS.map((item) => ({
        id: item.id,
        name: item.name,
        category: item.category,
        price: item.price,
        minAge: item.minAge,
        stats: Object.fromEntries(itemStats(item)),
        setFlags: [...item.setFlags],
        once: item.onceFlag !== undefined,
        owned: ctx.cold.inventory[item.id] ?? 0,
      })),
      energyRefills: ENERGY_TIERS.map((tier) => ({ ...ENERGY_REFILLS[tier] })),
      timeSkips: SKIP_DURATIONS.map((d) => ({ ...TIME_SKIPS[d] })),
      // Diamond packs are on sale only where in-app purchases are on.
      products: ctx.services.config.inAppPurchases === 'on' ? PRODUCTS.map((p) => ({ ...p })) : [],
    };
  },

  purchaseItem(ctx, { itemId, purchaseId }) {
    return buy(ctx, purchaseId, { kind: 'item', item: itemId }, (s, cold) => {
      const item = ITEM_BY_ID.get(itemId);
      if (!item) throw new GameError('NOT_FOUND', `no item ${itemId}`);
      const c = ctx.engine.world.columns;
      assertAlive(c, s);
      const refusal = itemRefusal(c, s, item);
      if (refusal) throw new GameError('CONFLICT', refusal);
      if (c.money[s]! < item.price) {
        throw new GameError('INSUFFICIENT_FUNDS', `${item.name} costs ${item.price}`);
      }
      applyItem(c, s, item);
      const owned = (cold.inventory[itemId] ?? 0) + 1;
      cold.inventory[itemId] = owned;
      const result: Result<'purchaseItem'> = {
        purchaseId,
        itemId,
        price: item.price,
        money: c.money[s]!,
        owned,
      };
      const entry: Entry = {
        id: purchaseId,
        kind: 'item',
        item: itemId,
        price: item.price,
        currency: 'money',
        at: ctx.now(),
      };
      return { result, entry };
    });
  },

  purchaseInAppItem(ctx, { productId, platform, receipt, purchaseId }) {
    if (ctx.services.config.inAppPurchases === 'off') {
      throw new GameError('NOT_FOUND', 'this server sells no diamond packs');
    }
    const key: PurchaseKey = { kind: 'inApp', item: productId };
    // A retry needs no second look at the receipt (nor the store's time).
    if (replayed(ctx.cold, purchaseId, key) !== undefined) {
      return ctx.queuePurchase(async () => {
        const made = await ctx.apply((_slot, cold) =>
          replay<Result<'purchaseInAppItem'>>(ctx, cold, purchaseId, key),
        );
        await made!.saving;
        return made!.result;
      });
    }
    const product = PRODUCT_BY_ID.get(productId);
    if (!product) throw new GameError('NOT_FOUND', `no product ${productId}`);
    return redeemReceipt(ctx, product, { platform, productId, receipt }, purchaseId, key);
  },

  purchaseEnergyRefill(ctx, { tier, purchaseId }) {
    return buy(ctx, purchaseId, { kind: 'energy', item: tier }, (s, cold) => {
      const refill = ENERGY_REFILLS[tier];
      const c = ctx.engine.world.columns;
      assertAlive(c, s);
      const peak = c.peakEnergy[s]!;
      const energy = c.energy[s]!;
      const toBar = Math.min(Math.max(0, peak - energy), refill.energy);
      const toReserve = refill.energy - toBar;
      if (c.energyReserve[s]! + toReserve > RESERVE_MAX) {
        throw new GameError(
          'CONFLICT',
          `the energy reserve holds at most ${RESERVE_MAX}; use some of it first`,
        );
      }
      if (c.diamonds[s]! < refill.diamonds) {
        throw new GameError(
          'INSUFFICIENT_FUNDS',
          `the ${tier} refill costs ${refill.diamonds} diamonds`,
        );
      }
      const now = ctx.now();
      addToField(c, s, F.diamonds, -refill.diamonds);
      if (refill.unlimitedHours > 0) {
        // Bought while one is running, the new day starts when the old one ends.
        const from = Math.max(now, cold.unlimitedEnergyUntil);
        cold.unlimitedEnergyUntil = from + refill.unlimitedHours * MS_PER_HOUR;
        if (energy < peak) addToField(c, s, F.energy, peak - energy);
      } else {
        if (toBar > 0) addToField(c, s, F.energy, toBar);
        if (toReserve > 0) addToField(c, s, F.energyReserve, toReserve);
      }
      const result: Result<'purchaseEnergyRefill'> = {
        purchaseId,
        tier,
        price: refill.diamonds,
        energy: c.energy[s]!,
        energyReserve: c.energyReserve[s]!,
        unlimitedUntil: refill.unlimitedHours > 0 ? cold.unlimitedEnergyUntil : 0,
      };
      const entry: Entry = {
        id: purchaseId,
        kind: 'energy',
        item: tier,
        price: refill.diamonds,
        currency: 'diamonds',
        at: now,
      };
      return { result, entry };
    });
  },

  purchaseTimeSkip(ctx, { duration, purchaseId }) {
    return buy(ctx, purchaseId, { kind: 'timeSkip', item: duration }, (s, cold) => {
      const skip = TIME_SKIPS[duration];
      const c = ctx.engine.world.columns;
      assertAlive(c, s);
      if (c.pendingEvent[s] !== 0) {
        throw new GameError('CONFLICT', 'a question is waiting: answer it before skipping time');
      }
      if (c.diamonds[s]! < skip.diamonds) {
        throw new GameError(
          'INSUFFICIENT_FUNDS',
          `a ${duration} skip costs ${skip.diamonds} diamonds`,
        );
      }
      const before = lifeSnapshot(c, s);
      addToField(c, s, F.diamonds, -skip.diamonds);
      const skipped = skipTime(c, s, ctx.engine.catalog, skip.minutes);
      const cat = ctx.engine.catalog;
      const events: EventSummary[] = [];
      let eventCount = 0;
      const achievements = skipped.achievements.map((k) => ACHIEVEMENTS.defs[k]!.id);
      for (const event of skipped.events) {
        eventCount++;
        if (events.length < SKIP_EVENTS_LISTED) events.push(eventSummary(ctx, event));
        // A message with a reward waits to be claimed, as when it fires in a tick.
        if (cat.claimable[event] === 1) {
          holdReward(cold, cat.defs[event]!.id);
        }
      }
      // A skip cut short (by a question, or the end of the life) is paid for
      // the part that ran, rounded up; the rest of the price comes back.
      const price = Math.ceil((skip.diamonds * skipped.minutes) / skip.minutes);
      if (price < skip.diamonds) addToField(c, s, F.diamonds, skip.diamonds - price);
      const pending = c.pendingEvent[s]! - 1;
      // The question that stopped the clock goes to the client as if it had
      // fired in a tick; the answer command takes it from there.
      if (pending >= 0) ctx.sendEvent(pending);
      const result: Result<'purchaseTimeSkip'> = {
        purchaseId,
        duration,
        price,
        refunded: skip.diamonds - price,
        minutes: skip.minutes,
        minutesPassed: skipped.minutes,
        events,
        eventCount,
        achievements,
        stoppedBy: pending >= 0 ? eventSummary(ctx, pending) : null,
        before,
        after: lifeSnapshot(c, s),
      };
      const entry: Entry = {
        id: purchaseId,
        kind: 'timeSkip',
        item: duration,
        price,
        currency: 'diamonds',
        at: ctx.now(),
      };
      return { result, entry };
    });
  },
};
