import type { EnergyRefill } from '../content/energy-refills.ts';
import type { Columns } from '../world/columns.ts';
import { FIELD_INDEX as F, HOT_FIELDS } from '../world/schema.ts';
import { addToField } from './effects.ts';

/**
 * Bought energy (content/energy-refills.ts): how a refill splits between
 * the bar and the reserve, and the unlimited day. The bar holds up to the
 * life's peak energy; what a refill brings beyond that waits in the
 * reserve column and flows back in as energy is spent (sim/hourly.ts).
 */

/** Most energy the reserve column holds (its u16 bound in world/schema.ts). */
export const RESERVE_MAX = HOT_FIELDS[F.energyReserve]!.max;

const MS_PER_HOUR = 3_600_000;

/** How much of `energy` fits in the bar now; the rest goes to the reserve. */
export function energyToBar(c: Columns, s: number, energy: number): number {
  return Math.min(Math.max(0, c.peakEnergy[s]! - c.energy[s]!), energy);
}

/** Why the life cannot take the refill now (diamonds aside), or undefined when it can. */
export function refillRefusal(c: Columns, s: number, refill: EnergyRefill): string | undefined {
  const toReserve = refill.energy - energyToBar(c, s, refill.energy);
  if (c.energyReserve[s]! + toReserve > RESERVE_MAX)
    return `the energy reserve holds at most ${RESERVE_MAX}; use some of it first`;
  return undefined;
}

/**
 * Put a refill's energy into the life: the bar up to its peak and the rest
 * into the reserve, or, for an unlimited refill, the bar filled to its peak
 * (the waived costs are the player's cold state: see unlimitedUntil). The
 * caller has checked refillRefusal.
 */
export function applyRefill(c: Columns, s: number, refill: EnergyRefill): void {
  const peak = c.peakEnergy[s]!;
  const energy = c.energy[s]!;
  if (refill.unlimitedHours > 0) {
    if (energy < peak) addToField(c, s, F.energy, peak - energy);
    return;
  }
  const toBar = energyToBar(c, s, refill.energy);
  const toReserve = refill.energy - toBar;
  if (toBar > 0) addToField(c, s, F.energy, toBar);
  if (toReserve > 0) addToField(c, s, F.energyReserve, toReserve);
}

/**
 * Until when (wall-clock ms) energy costs are waived after buying an
 * unlimited refill at `now`, when they were waived until `until` before:
 * bought while one is running, the new day starts when the old one ends.
 */
export function unlimitedUntil(until: number, now: number, refill: EnergyRefill): number {
  return Math.max(now, until) + refill.unlimitedHours * MS_PER_HOUR;
}
