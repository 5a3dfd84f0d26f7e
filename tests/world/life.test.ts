import { describe, expect, it } from 'vitest';
import { ageInYears, DAYS_PER_YEAR } from '../../src/world/life.ts';

describe('ageInYears', () => {
  it('counts a year at each birthday, every DAYS_PER_YEAR days, and not a day before', () => {
    expect(DAYS_PER_YEAR).toBe(365);
    expect(ageInYears(0)).toBe(0);
    expect(ageInYears(364)).toBe(0);
    expect(ageInYears(365)).toBe(1);
    expect(ageInYears(30 * 365 - 1)).toBe(29);
    expect(ageInYears(30 * 365)).toBe(30);
  });
});
