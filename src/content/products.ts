/**
 * In-app products: diamond packs bought with real money through the App
 * Store or Google Play (purchaseInAppItem). The store sets the real price
 * per country; `priceUsdCents` is the reference price shown by getStore
 * and written to the purchase log. Product ids are what the stores know the
 * products by, so they never change once published.
 */
export interface Product {
  readonly productId: string;
  readonly name: string;
  /** Diamonds the pack grants. */
  readonly diamonds: number;
  /** Reference price in US cents. */
  readonly priceUsdCents: number;
}

// Bigger packs give more diamonds a dollar (about 101, 110 and 120), the
// usual store ladder that makes the middle pack the one most people buy.
export const PRODUCTS: readonly Product[] = [
  { productId: 'diamonds_100', name: '100 diamonds', diamonds: 100, priceUsdCents: 99 },
  { productId: 'diamonds_550', name: '550 diamonds', diamonds: 550, priceUsdCents: 499 },
  { productId: 'diamonds_1200', name: '1200 diamonds', diamonds: 1200, priceUsdCents: 999 },
];

/** Products by id. */
export const PRODUCT_BY_ID: ReadonlyMap<string, Product> = new Map(
  PRODUCTS.map((p) => [p.productId, p]),
);
