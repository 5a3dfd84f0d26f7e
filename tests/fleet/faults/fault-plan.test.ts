import { describe, expect, it } from 'vitest';
import { FAULT_KINDS, planFaults } from './fault-plan.ts';

describe('planFaults', () => {
  it('is the same for the same seed and differs for another', () => {
    expect(planFaults(7, 20, 3)).toEqual(planFaults(7, 20, 3));
    expect(planFaults(7, 20, 3)).not.toEqual(planFaults(8, 20, 3));
  });

  it('plans every kind about equally often, on processes in range', () => {
    const plan = planFaults(42, 200, 3);
    expect(plan).toHaveLength(200);
    for (const kind of FAULT_KINDS) {
      const n = plan.filter((f) => f.kind === kind).length;
      expect(n).toBeGreaterThanOrEqual(Math.floor(200 / FAULT_KINDS.length));
    }
    expect(plan.every((f) => f.target >= 0 && f.target < 3)).toBe(true);
    expect(plan.map((f) => f.index)).toEqual([...Array(200).keys()]);
  });

  it('covers each kind once in a short run', () => {
    const kinds = new Set(planFaults(1, 20, 3).map((f) => f.kind));
    expect(kinds.size).toBe(FAULT_KINDS.length);
  });

  it('refuses a bad count', () => {
    expect(() => planFaults(1, -1, 3)).toThrow(RangeError);
    expect(() => planFaults(1, 5, 0)).toThrow(RangeError);
  });
});
