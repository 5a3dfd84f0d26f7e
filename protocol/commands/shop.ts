import { z } from 'zod';

/**
 * The client's id for one purchase. Sending the same id again (a retry after
 * a lost ack, a reconnect, a restart of the server) returns the first
 * result and changes nothing; the same id for a different purchase is
 * CONFLICT. A UUID or the store's order id is a good choice.
 */
const purchaseId = z
  .string()
  .max(128)
  .regex(/^[A-Za-z0-9_-]{1,128}$/, 'purchaseId is 1-128 characters of [A-Za-z0-9_-]');

/** The energy refill tiers (the original game's); src/content/energy-refills.ts prices them. */
export const ENERGY_TIER_NAMES = ['instant', 'small', 'medium', 'large', 'unlimited'] as const;
/** Time skip lengths: an hour, 12 hours, a day, a week, a month of 30 game days. */
export const SKIP_DURATION_NAMES = ['1h', '12h', '1d', '1w', '1m'] as const;

const eventSummary = z.object({
  id: z.string(),
  title: z.string(),
  kind: z.enum(['message', 'question', 'dilemma']),
});

/** The parts of a life a time skip moves, before and after it. */
const lifeSnapshot = z.object({
  ageYears: z.number().int(),
  ageDays: z.number().int(),
  money: z.number(),
  energy: z.number().int(),
  happiness: z.number().int(),
  health: z.number().int(),
  /** Job id (content/jobs.ts), null when not working. */
  job: z.string().nullable(),
  alive: z.boolean(),
});

const PURCHASE_ERRORS = ['INVALID_ARGS', 'NOT_FOUND', 'CONFLICT', 'INSUFFICIENT_FUNDS'] as const;

/** Purchases: items, in-app, energy, time skips. */
export const SHOP_COMMANDS = {
  getStore: {
    summary:
      'Everything for sale and its price: items (money), energy refills and time skips (diamonds), diamond packs (real money).',
    args: z.object({}).strict(),
    result: z.object({
      items: z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          category: z.string(),
          price: z.number().int(),
          minAge: z.number().int(),
          /** Stat changes the item makes, by hot field name. */
          stats: z.record(z.string(), z.number()),
          setFlags: z.array(z.string()),
          /** Bought at most once a life; true when the player already has it. */
          once: z.boolean(),
          owned: z.number().int(),
        }),
      ),
      energyRefills: z.array(
        z.object({
          tier: z.enum(ENERGY_TIER_NAMES),
          energy: z.number().int(),
          unlimitedHours: z.number().int(),
          diamonds: z.number().int(),
        }),
      ),
      timeSkips: z.array(
        z.object({
          duration: z.enum(SKIP_DURATION_NAMES),
          minutes: z.number().int(),
          diamonds: z.number().int(),
        }),
      ),
      products: z.array(
        z.object({
          productId: z.string(),
          name: z.string(),
          diamonds: z.number().int(),
          priceUsdCents: z.number().int(),
        }),
      ),
    }),
    errors: [],
  },
  purchaseItem: {
    summary:
      'Buy an item with money (getStore lists them). NOT_FOUND: no such item; CONFLICT: too young, already owned (once-a-life items), the life has ended, or the purchaseId was used for something else; INSUFFICIENT_FUNDS: not enough money.',
    args: z.object({ itemId: z.string().min(1).max(64), purchaseId }).strict(),
    result: z.object({
      purchaseId: z.string(),
      itemId: z.string(),
      /** Money paid. */
      price: z.number().int(),
      /** Money left after the purchase. */
      money: z.number(),
      /** How many of this item the player has bought. */
      owned: z.number().int(),
    }),
    errors: PURCHASE_ERRORS,
  },
  purchaseInAppItem: {
    summary:
      'Redeem a store receipt for a diamond pack. The receipt is verified with the store first (INVALID_ARGS when it is not valid for the product); CONFLICT: the purchaseId or the receipt was already used for another purchase.',
    args: z
      .object({
        productId: z.string().min(1).max(64),
        platform: z.enum(['ios', 'android', 'dev']),
        receipt: z.string().min(1).max(12_000),
        purchaseId,
      })
      .strict(),
    result: z.object({
      purchaseId: z.string(),
      productId: z.string(),
      /** The store's transaction id from the verified receipt. */
      transactionId: z.string(),
      /** Diamonds granted. */
      diamonds: z.number().int(),
      /** Diamonds held after the purchase. */
      balance: z.number().int(),
    }),
    errors: PURCHASE_ERRORS,
  },
  purchaseEnergyRefill: {
    summary:
      "Buy energy with diamonds: instant 50, small 100, medium 200, large 500 (energy above the bar's peak waits in energyReserve), or unlimited: the bar filled and energy costs waived for 24 h. CONFLICT: the reserve cannot hold that much more, or the life has ended.",
    args: z.object({ tier: z.enum(ENERGY_TIER_NAMES), purchaseId }).strict(),
    result: z.object({
      purchaseId: z.string(),
      tier: z.enum(ENERGY_TIER_NAMES),
      /** Diamonds paid. */
      price: z.number().int(),
      energy: z.number().int(),
      energyReserve: z.number().int(),
      /** Wall-clock ms until which energy costs are waived (0: not unlimited). */
      unlimitedUntil: z.number(),
    }),
    errors: PURCHASE_ERRORS,
  },
  purchaseTimeSkip: {
    summary:
      "Fast-forward the player's life by 1h, 12h, 1d, 1w or 1m (30 game days) for diamonds, and say what happened. A question that fires on the way stops the clock (stoppedBy); it waits for an answer as usual, and the part of the price for the time that did not run is given back. CONFLICT: a question is already waiting, or the life has ended.",
    args: z.object({ duration: z.enum(SKIP_DURATION_NAMES), purchaseId }).strict(),
    result: z.object({
      purchaseId: z.string(),
      duration: z.enum(SKIP_DURATION_NAMES),
      /** Diamonds paid: the skip's price for the part of it that ran, rounded up. */
      price: z.number().int(),
      /** Diamonds given back because the skip stopped early. */
      refunded: z.number().int(),
      /** Game minutes bought, and how many passed before the clock stopped. */
      minutes: z.number().int(),
      minutesPassed: z.number().int(),
      /** Events that fired on the way, in order (the first 32). */
      events: z.array(eventSummary),
      /** How many events fired in all. */
      eventCount: z.number().int(),
      /** Ids of the achievements unlocked on the way (getAchievements has the rest). */
      achievements: z.array(z.string()),
      /** The question that stopped the clock, if one did. */
      stoppedBy: eventSummary.nullable(),
      before: lifeSnapshot,
      after: lifeSnapshot,
    }),
    errors: PURCHASE_ERRORS,
  },
} as const;
