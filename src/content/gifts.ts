/**
 * Gifts a player can give an NPC (partnerGift). Prices are in money; the
 * affinity is what the gift is worth to a partner, and half of it to anyone
 * else (sim/relationships.ts giftAffinity). Ids are part of the protocol:
 * rename none, append new ones.
 */
export interface Gift {
  readonly id: string;
  readonly name: string;
  /** Money it costs. */
  readonly price: number;
  /** Affinity it earns with a partner. */
  readonly affinity: number;
}

// Affinity grows slower than price: a cheap gift is a kind thought, an
// expensive one is not worth ten of them. The prices sit against a weekly
// living cost of 150 (sim/weekly.ts), the range of GAME.md's positive
// interactions (+5..20) and its dating bonus (up to +40).
export const GIFTS: readonly Gift[] = [
  { id: 'chocolates', name: 'Box of chocolates', price: 15, affinity: 3 },
  { id: 'book', name: 'A book they wanted', price: 20, affinity: 4 },
  { id: 'flowers', name: 'Bouquet of flowers', price: 25, affinity: 5 },
  { id: 'perfume', name: 'Perfume', price: 80, affinity: 10 },
  { id: 'concert_tickets', name: 'Concert tickets', price: 150, affinity: 15 },
  { id: 'jewelry', name: 'Jewelry', price: 500, affinity: 25 },
  { id: 'watch', name: 'A fine watch', price: 1200, affinity: 35 },
];

export const GIFT_BY_ID: ReadonlyMap<string, Gift> = new Map(GIFTS.map((g) => [g.id, g]));
