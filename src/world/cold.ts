import { z } from 'zod';

/**
 * A player's cold state: what the rules never read in the hot path, kept on
 * the main thread as one plain object per resident player and saved beside
 * the hot row (players.cold, MessagePack). Commands read and change it;
 * workers never see it.
 *
 * Every field has a default, so a document saved by an older version (or
 * an empty one) loads as a complete state, and a field added here needs no
 * migration. Lists are bounded: each says what happens when it is full.
 */

/** Purchase ids remembered for exactly-once application; the oldest is forgotten past this. */
export const LEDGER_LIMIT = 500;
/** Unclaimed event rewards held; past this the oldest reward is dropped. */
export const CLAIMABLE_LIMIT = 32;
/** Push tokens kept per player (one per device); a new one past this replaces the oldest. */
export const DEVICE_TOKEN_LIMIT = 5;

const ledgerEntry = z.object({
  /** The client's purchase id. */
  id: z.string(),
  /** What was bought: an item id, an energy tier, a skip length, a product id. */
  item: z.string(),
  kind: z.enum(['item', 'inApp', 'energy', 'timeSkip', 'gift']),
  /** Price paid, in the currency named. */
  price: z.number(),
  currency: z.enum(['money', 'diamonds', 'real']),
  at: z.number(),
  /** The result the purchase was acked with, returned again on a retry. */
  result: z.record(z.string(), z.unknown()).optional(),
});
export type LedgerEntry = z.infer<typeof ledgerEntry>;

const quest = z.object({
  id: z.string(),
  target: z.number(),
  progress: z.number(),
  /** The measure's value when the quest was given (a counter, or a column such as days lived); progress counts from it. */
  baseline: z.number().default(0),
  claimed: z.boolean().default(false),
});
export type QuestState = z.infer<typeof quest>;

export const coldStateSchema = z.object({
  profile: z
    .object({
      firstName: z.string(),
      lastName: z.string(),
      sex: z.enum(['female', 'male', 'nonbinary']),
      pronoun: z.enum(['she', 'he', 'they']),
      appearance: z.record(z.string(), z.string()).default({}),
    })
    .nullable()
    .default(null),
  ledger: z.array(ledgerEntry).default([]),
  /** Ids of fired message events whose reward waits for claimEvent, oldest first. */
  claimable: z.array(z.string()).default([]),
  /** Achievement bits the player has acknowledged (and been rewarded for). */
  achievementsAcknowledged: z.number().default(0),
  daily: z
    .object({
      /** Day number (UTC days since the Unix epoch) of the last claim, -1 never. */
      lastClaimDay: z.number().default(-1),
      streak: z.number().default(0),
    })
    .default({ lastClaimDay: -1, streak: 0 }),
  quests: z
    .object({ day: z.number().default(-1), list: z.array(quest).default([]) })
    .default({ day: -1, list: [] }),
  deviceTokens: z
    .array(z.object({ platform: z.string(), token: z.string(), at: z.number() }))
    .default([]),
  /** An account deletion waiting out its grace period. */
  deletion: z.object({ requestedAt: z.number(), purgeAfter: z.number() }).nullable().default(null),
  /** Wall-clock ms until which energy costs are waived (the unlimited refill). */
  unlimitedEnergyUntil: z.number().default(0),
  /** The dating candidate last shown by getSwipeCharacter. */
  swipe: z.object({ candidate: z.number(), at: z.number() }).nullable().default(null),
  /** Items owned, by item id. */
  inventory: z.record(z.string(), z.number()).default({}),
  /** When the player last read each NPC's conversation (ms), by NPC id. */
  readAt: z.record(z.string(), z.number()).default({}),
  /** Lifetime counters for getPlayerStatistics and quests, by name. */
  counters: z.record(z.string(), z.number()).default({}),
  /** When the player's last data export began (ms; 0 never): exportData's cooldown. */
  exportStartedAt: z.number().default(0),
});
export type ColdState = z.infer<typeof coldStateSchema>;

/** A complete cold state from whatever was saved (missing or unreadable fields take defaults). */
export function coldStateFrom(saved: unknown): ColdState {
  const parsed = coldStateSchema.safeParse(saved ?? {});
  return parsed.success ? parsed.data : coldStateSchema.parse({});
}

/** Add to a lifetime counter. */
export function count(cold: ColdState, name: string, by = 1): void {
  cold.counters[name] = (cold.counters[name] ?? 0) + by;
}

/** A fired event's reward now waits for claimEvent; past CLAIMABLE_LIMIT the oldest unclaimed one is dropped. */
export function holdReward(cold: ColdState, eventId: string): void {
  cold.claimable.push(eventId);
  if (cold.claimable.length > CLAIMABLE_LIMIT) cold.claimable.shift();
}
