import { z } from 'zod';
import { Flag, type FlagName } from '../world/life.ts';
import { STAT_FIELDS, type StatField } from './event-schema.ts';

/**
 * The shop's items: bought with in-game money (purchaseItem), each with what
 * it does to the buyer. Items are data, checked with zod when this module
 * loads, so a typo stops start-up with the item's id; the rules that apply
 * them live in sim/items.ts and never special-case an item.
 */

const keysOf = <T extends Record<string, unknown>>(o: T) =>
  Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];

/** What kind of thing an item is (the store groups them so). */
export const ITEM_CATEGORIES = [
  'food',
  'clothes',
  'phone',
  'fitness',
  'books',
  'games',
  'vehicle',
  'home',
  'pet',
] as const;
export type ItemCategory = (typeof ITEM_CATEGORIES)[number];

const itemSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9_]{1,48}$/, 'item ids are 1-48 of [a-z0-9_]'),
    name: z.string().min(1).max(64),
    category: z.enum(ITEM_CATEGORIES),
    /** Price in whole units of in-game money. */
    price: z.number().int().positive(),
    /** Youngest age (years) that may buy it. */
    minAge: z.number().int().min(0).max(120).default(0),
    /** Hot stats moved by the purchase (clamped to each field's bounds). */
    stats: z.partialRecord(z.enum(STAT_FIELDS), z.number().int()).default({}),
    /** Flags the purchase sets (a car sets ownsCar). */
    setFlags: z.array(z.enum(keysOf(Flag))).default([]),
    /**
     * Bought at most once a life: refused while this flag is set (a second
     * house is not a thing this game sells).
     */
    onceFlag: z.enum(keysOf(Flag)).optional(),
    /** The purchase brings a pet into the player's life (an NPC with the pet role). */
    pet: z.boolean().default(false),
  })
  .strict();

/** An item as the shop sells it. */
export type Item = z.output<typeof itemSchema>;

// Prices are in the money column's units; a starting adult has about
// 200 + 40 x age (sim/birth.ts), a first full-time job pays a few hundred a
// week (content/jobs.ts). Small things cost a day's pocket money, a car
// about a year of entry-level savings, a home a career's.
const RAW_ITEMS: readonly z.input<typeof itemSchema>[] = [
  // -- food ---------------------------------------------------------------------
  {
    id: 'snack',
    name: 'Snack',
    category: 'food',
    price: 5,
    stats: { hunger: -20, happiness: 1 },
  },
  {
    id: 'groceries',
    name: 'Week of groceries',
    category: 'food',
    price: 60,
    minAge: 16,
    stats: { hunger: -50, health: 2 },
  },
  {
    id: 'restaurant_dinner',
    name: 'Restaurant dinner',
    category: 'food',
    price: 80,
    minAge: 14,
    stats: { hunger: -60, happiness: 5, social: 4 },
  },
  // -- clothes ----------------------------------------------------------------------
  {
    id: 'clothes',
    name: 'New clothes',
    category: 'clothes',
    price: 50,
    minAge: 8,
    stats: { happiness: 3, social: 2 },
  },
  {
    id: 'designer_outfit',
    name: 'Designer outfit',
    category: 'clothes',
    price: 400,
    minAge: 14,
    stats: { happiness: 8, social: 6 },
  },
  // -- phone ------------------------------------------------------------------------
  {
    id: 'phone',
    name: 'Smartphone',
    category: 'phone',
    price: 600,
    minAge: 10,
    stats: { social: 10, happiness: 4 },
  },
  // -- fitness ----------------------------------------------------------------------
  {
    id: 'gym_pass',
    name: 'Gym pass',
    category: 'fitness',
    price: 45,
    minAge: 14,
    stats: { health: 3, stress: -5 },
    setFlags: ['exercises'],
  },
  // -- books ------------------------------------------------------------------------
  {
    id: 'book',
    name: 'Book',
    category: 'books',
    price: 15,
    minAge: 4,
    stats: { schoolPerformance: 2, stress: -2, happiness: 1 },
  },
  {
    id: 'textbook_set',
    name: 'Set of textbooks',
    category: 'books',
    price: 120,
    minAge: 12,
    stats: { schoolPerformance: 6, stress: 2 },
  },
  // -- games ------------------------------------------------------------------------
  {
    id: 'video_game',
    name: 'Video game',
    category: 'games',
    price: 60,
    minAge: 6,
    stats: { happiness: 8, stress: -6, schoolPerformance: -1 },
  },
  {
    id: 'board_game',
    name: 'Board game',
    category: 'games',
    price: 30,
    minAge: 4,
    stats: { happiness: 4, social: 4 },
  },
  // -- big things ---------------------------------------------------------------------
  {
    id: 'car',
    name: 'Car',
    category: 'vehicle',
    price: 15_000,
    minAge: 16,
    stats: { happiness: 10, stress: -3 },
    setFlags: ['ownsCar'],
    onceFlag: 'ownsCar',
  },
  {
    id: 'home',
    name: 'Home',
    category: 'home',
    price: 250_000,
    minAge: 18,
    stats: { happiness: 20, stress: -10 },
    setFlags: ['ownsHome'],
    onceFlag: 'ownsHome',
  },
  {
    id: 'pet',
    name: 'Pet',
    category: 'pet',
    price: 300,
    minAge: 6,
    stats: { happiness: 8, stress: -4 },
    setFlags: ['hasPet'],
    onceFlag: 'hasPet',
    pet: true,
  },
];

/** Check raw item data; throws naming the first bad item. */
export function parseItems(raw: readonly unknown[]): readonly Item[] {
  const seen = new Set<string>();
  return raw.map((entry, i) => {
    const parsed = itemSchema.safeParse(entry);
    const name = (entry as { id?: unknown })?.id ?? `#${i}`;
    if (!parsed.success) {
      const problem = parsed.error.issues
        .map((issue) => `${issue.path.join('.') || 'item'}: ${issue.message}`)
        .join('; ');
      throw new Error(`item ${String(name)}: ${problem}`);
    }
    if (seen.has(parsed.data.id)) throw new Error(`item ${parsed.data.id}: duplicate id`);
    seen.add(parsed.data.id);
    return parsed.data;
  });
}

/** Every item the shop sells, in store order. */
export const ITEMS: readonly Item[] = parseItems(RAW_ITEMS);

/** Items by id. */
export const ITEM_BY_ID: ReadonlyMap<string, Item> = new Map(ITEMS.map((item) => [item.id, item]));

/** The bits of a list of flag names. */
export function flagBits(names: readonly FlagName[]): number {
  let bits = 0;
  for (const name of names) bits |= Flag[name];
  return bits >>> 0;
}

/** The stat deltas of an item, as [field, delta] pairs in a stable order. */
export function itemStats(item: Item): [StatField, number][] {
  return STAT_FIELDS.flatMap((f) => {
    const delta = item.stats[f];
    return delta === undefined || delta === 0 ? [] : [[f, delta] as [StatField, number]];
  });
}
