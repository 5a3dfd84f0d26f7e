import { describe, expect, it } from 'vitest';
import type { EnergyRefill } from '../../src/content/energy-refills.ts';
import {
  applyRefill,
  energyToBar,
  RESERVE_MAX,
  refillRefusal,
  unlimitedUntil,
} from '../../src/sim/energy.ts';
import { snapshot } from '../helpers/columns.ts';
import { lives } from '../helpers/world.ts';

// Refills made for these tests, so the rules are checked apart from the shop's prices.
const refill = (energy: number): EnergyRefill => ({
  tier: 'small',
  energy,
  unlimitedHours: 0,
  diamonds: 1,
});
const UNLIMITED: EnergyRefill = { tier: 'unlimited', energy: 0, unlimitedHours: 24, diamonds: 1 };
const HOUR_MS = 3_600_000;

/** One life with its bar at `energy` of `peak` and `reserve` in the reserve. */
function life(energy: number, peak: number, reserve: number) {
  const c = lives(1, { speed: 1 });
  c.energy[0] = energy;
  c.peakEnergy[0] = peak;
  c.energyReserve[0] = reserve;
  return c;
}

describe('the bar and the reserve', () => {
  it('fills the bar up to its peak, and the reserve with the rest', () => {
    const c = life(70, 100, 5);
    expect(energyToBar(c, 0, 20)).toBe(20);
    expect(energyToBar(c, 0, 50)).toBe(30);
    const before = snapshot(c, 0, ['energy', 'energyReserve']);
    applyRefill(c, 0, refill(50));
    expect([c.energy[0], c.energyReserve[0]]).toEqual([100, 25]);
    expect(snapshot(c, 0, ['energy', 'energyReserve'])).toEqual(before);
  });

  it('puts everything in the reserve when the bar is at or over its peak', () => {
    const c = life(100, 90, 0);
    expect(energyToBar(c, 0, 40)).toBe(0);
    applyRefill(c, 0, refill(40));
    expect([c.energy[0], c.energyReserve[0]]).toEqual([100, 40]);
  });

  it('refuses a refill the reserve cannot hold, to the last point', () => {
    const c = life(100, 100, RESERVE_MAX - 50);
    expect(refillRefusal(c, 0, refill(50))).toBeUndefined();
    expect(refillRefusal(c, 0, refill(51))).toBe(
      `the energy reserve holds at most ${RESERVE_MAX}; use some of it first`,
    );
    // What the bar takes does not count against the reserve.
    c.energy[0] = 99;
    expect(refillRefusal(c, 0, refill(51))).toBeUndefined();
    expect(refillRefusal(c, 0, UNLIMITED)).toBeUndefined();
  });
});

describe('unlimited energy', () => {
  it('fills the bar to its peak and leaves the reserve alone', () => {
    const c = life(10, 90, 7);
    applyRefill(c, 0, UNLIMITED);
    expect([c.energy[0], c.energyReserve[0]]).toEqual([90, 7]);
    const full = life(95, 90, 0);
    applyRefill(full, 0, UNLIMITED);
    expect(full.energy[0]).toBe(95);
  });

  it('runs its hours from now, or from the end of the one still running', () => {
    const now = Date.UTC(2026, 5, 1);
    expect(unlimitedUntil(0, now, UNLIMITED)).toBe(now + 24 * HOUR_MS);
    expect(unlimitedUntil(now - 1, now, UNLIMITED)).toBe(now + 24 * HOUR_MS);
    expect(unlimitedUntil(now + 5 * HOUR_MS, now, UNLIMITED)).toBe(now + 29 * HOUR_MS);
  });
});
