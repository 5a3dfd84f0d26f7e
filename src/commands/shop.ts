import type { SHOP_COMMANDS } from '../../protocol/commands/shop.ts';
import type { CommandResult } from '../../protocol/commands.ts';
import { ENERGY_REFILLS, ENERGY_TIERS, type EnergyRefill } from '../content/energy-refills.ts';
import { ITEM_BY_ID, ITEMS, type Item, itemStats } from '../content/items.ts';
import { PRODUCTS } from '../content/products.ts';
import { SKIP_DURATIONS, TIME_SKIPS, type TimeSkip } from '../content/time-skips.ts';
import { applyRefill, refillRefusal, unlimitedUntil } from '../sim/energy.ts';
import { applyItem, itemRefusal } from '../sim/items.ts';
import { runTimeSkip, skipRefusal } from '../sim/time-skip.ts';
import { holdReward } from '../world/cold.ts';
import type { Args, HandlerTable } from './handler.ts';
import { IN_APP_PURCHASE } from './in-app-purchase.ts';
import { type PurchaseKind, purchase } from './purchase.ts';

type ShopCommand = keyof typeof SHOP_COMMANDS;

/** The shop's commands that buy something. */
type PurchaseCommand = Exclude<ShopCommand, 'getStore'>;
/** A kind of purchase paid from the player's columns, bought with command N. */
type KindOf<N extends PurchaseCommand, P> = PurchaseKind<Args<N>, P, CommandResult<N>, undefined>;

/**
 * An item, paid in money: its effects on the life are the rules'
 * (sim/items.ts); the player's inventory counts it.
 */
const ITEM_PURCHASE: KindOf<'purchaseItem', Item> = {
  ledger: 'item',
  item: (args) => args.itemId,
  find: (args) => ITEM_BY_ID.get(args.itemId),
  notFound: (args) => `no item ${args.itemId}`,
  needsLife: true,
  refusal: itemRefusal,
  charge: {
    currency: 'money',
    price: (item) => item.price,
    tooDear: (item) => `${item.name} costs ${item.price}`,
  },
  apply({ c, slot, cold, product: item, args }) {
    applyItem(c, slot, item);
    const owned = (cold.inventory[item.id] ?? 0) + 1;
    cold.inventory[item.id] = owned;
    return {
      result: {
        purchaseId: args.purchaseId,
        itemId: item.id,
        price: item.price,
        money: c.money[slot]!,
        owned,
      },
      paid: item.price,
    };
  },
};

/**
 * An energy refill, paid in diamonds: the bar and the reserve are the
 * rules' (sim/energy.ts); an unlimited day waives energy costs until a
 * wall-clock time kept in the cold state (commands/core.ts energyWaived).
 */
const ENERGY_PURCHASE: KindOf<'purchaseEnergyRefill', EnergyRefill> = {
  ledger: 'energy',
  item: (args) => args.tier,
  find: (args) => ENERGY_REFILLS[args.tier],
  notFound: (args) => `no energy refill ${args.tier}`,
  needsLife: true,
  refusal: refillRefusal,
  charge: {
    currency: 'diamonds',
    price: (refill) => refill.diamonds,
    tooDear: (refill) => `the ${refill.tier} refill costs ${refill.diamonds} diamonds`,
  },
  apply({ c, slot, cold, product: refill, args, now }) {
    if (refill.unlimitedHours > 0)
      cold.unlimitedEnergyUntil = unlimitedUntil(cold.unlimitedEnergyUntil, now, refill);
    applyRefill(c, slot, refill);
    return {
      result: {
        purchaseId: args.purchaseId,
        tier: refill.tier,
        price: refill.diamonds,
        energy: c.energy[slot]!,
        energyReserve: c.energyReserve[slot]!,
        unlimitedUntil: refill.unlimitedHours > 0 ? cold.unlimitedEnergyUntil : 0,
      },
      paid: refill.diamonds,
    };
  },
};

/**
 * A time skip, paid in diamonds: the life runs forward through the rules
 * (sim/time-skip.ts), and what happened on the way is the answer.
 */
const TIME_SKIP_PURCHASE: KindOf<'purchaseTimeSkip', TimeSkip> = {
  ledger: 'timeSkip',
  item: (args) => args.duration,
  find: (args) => TIME_SKIPS[args.duration],
  notFound: (args) => `no time skip ${args.duration}`,
  needsLife: true,
  refusal: skipRefusal,
  charge: {
    currency: 'diamonds',
    price: (skip) => skip.diamonds,
    tooDear: (skip) => `a ${skip.duration} skip costs ${skip.diamonds} diamonds`,
  },
  apply({ ctx, c, slot, cold, product: skip, args }) {
    const run = runTimeSkip(c, slot, ctx.engine.catalog, skip);
    for (const reward of run.rewards) holdReward(cold, reward);
    // The question that stopped the clock goes to the client as if it had
    // fired in a tick; the answer command takes it from there.
    if (run.question >= 0) ctx.sendEvent(run.question);
    return {
      result: {
        purchaseId: args.purchaseId,
        duration: skip.duration,
        price: run.price,
        refunded: run.refunded,
        minutes: skip.minutes,
        minutesPassed: run.minutesPassed,
        events: run.events,
        eventCount: run.eventCount,
        achievements: run.achievements,
        stoppedBy: run.stoppedBy,
        before: run.before,
        after: run.after,
      },
      paid: run.price,
    };
  },
};

/**
 * The shop: what is for sale, and the four kinds of purchase, each through
 * the one purchase pipeline (purchase.ts). Every purchase carries the
 * client's purchase id and goes through the ledger (ledger.ts).
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
  purchaseItem: (ctx, args) => purchase(ctx, ITEM_PURCHASE, args),
  purchaseInAppItem: (ctx, args) => purchase(ctx, IN_APP_PURCHASE, args),
  purchaseEnergyRefill: (ctx, args) => purchase(ctx, ENERGY_PURCHASE, args),
  purchaseTimeSkip: (ctx, args) => purchase(ctx, TIME_SKIP_PURCHASE, args),
};
