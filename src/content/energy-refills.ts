/**
 * Energy refills, bought with diamonds (purchaseEnergyRefill). The tiers and
 * amounts are the original game's: instant 50, small 100,
 * medium 200, large 500, and unlimited energy for 24 hours.
 *
 * Energy beyond the bar's peak is not lost: it waits in the `energyReserve`
 * column and flows back in as energy is spent (sim/hourly.ts
 * drawEnergyReserve).
 */

/** The tiers, cheapest first; the wire names of purchaseEnergyRefill's `tier`. */
export const ENERGY_TIERS = ['instant', 'small', 'medium', 'large', 'unlimited'] as const;
export type EnergyTier = (typeof ENERGY_TIERS)[number];

export interface EnergyRefill {
  readonly tier: EnergyTier;
  /** Energy added (0 for unlimited, which fills the bar and waives costs instead). */
  readonly energy: number;
  /** Hours energy costs are waived (unlimited only). */
  readonly unlimitedHours: number;
  /** Price in diamonds. */
  readonly diamonds: number;
}

// Prices: the bigger the tier, the cheaper each point of energy (10, 11,
// 12.5 and 14 energy a diamond), the usual volume discount; unlimited costs
// what about three large refills would, since a day of free chat and
// actions is worth about that to a heavy player.
export const ENERGY_REFILLS: { readonly [T in EnergyTier]: EnergyRefill } = {
  instant: { tier: 'instant', energy: 50, unlimitedHours: 0, diamonds: 5 },
  small: { tier: 'small', energy: 100, unlimitedHours: 0, diamonds: 9 },
  medium: { tier: 'medium', energy: 200, unlimitedHours: 0, diamonds: 16 },
  large: { tier: 'large', energy: 500, unlimitedHours: 0, diamonds: 35 },
  unlimited: { tier: 'unlimited', energy: 0, unlimitedHours: 24, diamonds: 100 },
};
