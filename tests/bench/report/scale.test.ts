import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatNumber, formatValue, tickFormatter } from '../../../bench/report/format.ts';
import {
  buildAxis,
  linearScale,
  logScale,
  logTicks,
  niceNumber,
  niceTicks,
} from '../../../bench/report/scale.ts';

/** A 1-2-5 step: 1, 2 or 5 times a power of ten. */
function isNiceStep(step: number): boolean {
  const f = step / 10 ** Math.floor(Math.log10(step) + 1e-9);
  return [1, 2, 5, 10].some((m) => Math.abs(f - m) < 1e-6);
}

describe('chart maths', () => {
  it('rounds to nice numbers', () => {
    expect(niceNumber(23, true)).toBe(20);
    expect(niceNumber(23, false)).toBe(50);
    expect(niceNumber(0.8, true)).toBe(1);
    expect(niceNumber(0.0031, true)).toBeCloseTo(0.005, 12);
    expect(niceNumber(140, false)).toBe(200);
  });

  it('picks nice ticks that cover the data without float noise', () => {
    expect(niceTicks(0, 97).ticks).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(0.013, 0.87).ticks).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0.1, 0.3, 3).ticks).toEqual([0.1, 0.2, 0.3]);
    const negative = niceTicks(-3.2, 7.9);
    expect(negative.ticks).toContain(0);
    expect(negative.min).toBeLessThanOrEqual(-3.2);
    expect(negative.max).toBeGreaterThanOrEqual(7.9);
  });

  it('gives whole-number ticks on integer axes and widens a single value', () => {
    expect(niceTicks(1, 2, 5, true).ticks).toEqual([1, 2]);
    expect(niceTicks(0, 3, 5, true).ticks).toEqual([0, 1, 2, 3]);
    const one = niceTicks(5, 5);
    expect(one.min).toBeLessThan(5);
    expect(one.max).toBeGreaterThan(5);
    expect(niceTicks(2, 2, 5, true).ticks).toEqual([1, 2, 3]);
  });

  it('covers any range with a few evenly spaced 1-2-5 ticks', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e9, max: 1e9, noNaN: true }),
        fc.double({ min: 1e-6, max: 1e9, noNaN: true }),
        (min, span) => {
          const max = min + span;
          fc.pre(max > min);
          const t = niceTicks(min, max);
          expect(t.ticks[0]).toBeLessThanOrEqual(min);
          expect(t.ticks.at(-1)).toBeGreaterThanOrEqual(max);
          expect(t.ticks.length).toBeGreaterThanOrEqual(2);
          expect(t.ticks.length).toBeLessThanOrEqual(12);
          expect(isNiceStep(t.step)).toBe(true);
          for (let i = 1; i < t.ticks.length; i++)
            expect(t.ticks[i]! - t.ticks[i - 1]!).toBeCloseTo(t.step, 6);
        },
      ),
    );
  });

  it('puts log ticks at 1-2-5 values, or at powers of ten over many decades', () => {
    const few = logTicks(20, 300);
    expect(few.ticks).toEqual([20, 50, 100, 200, 500]);
    expect([few.min, few.max]).toEqual([20, 500]);
    expect(logTicks(1000, 1e7).ticks).toEqual([1e3, 1e4, 1e5, 1e6, 1e7]);
    expect(logTicks(10_000, 100_000).ticks).toEqual([10_000, 20_000, 50_000, 100_000]);
    // Non-positive input never yields NaN or an empty axis.
    expect(logTicks(0, 0).ticks.length).toBeGreaterThan(0);
  });

  it('maps values to pixels on linear and log scales', () => {
    const x = linearScale([0, 10], [100, 200]);
    expect(x(0)).toBe(100);
    expect(x(5)).toBe(150);
    expect(x(10)).toBe(200);
    // A y axis: larger values higher up, i.e. smaller pixel y.
    const y = linearScale([0, 50], [300, 50]);
    expect(y(50)).toBe(50);
    expect(y(25)).toBe(175);
    const log = logScale([10, 1000], [0, 100]);
    expect(log(10)).toBeCloseTo(0, 9);
    expect(log(100)).toBeCloseTo(50, 9);
    expect(log(1000)).toBeCloseTo(100, 9);
  });

  it('builds axes from data: zero-based, all zeros, log without the non-positive values', () => {
    expect(buildAxis([3, 7], [0, 100], { kind: 'linear', zero: true }).domain).toEqual([0, 8]);
    expect(buildAxis([0, 0], [0, 100], { kind: 'linear', zero: true }).domain).toEqual([0, 1]);
    const log = buildAxis([0, 20, 300], [0, 100], { kind: 'log' });
    expect(log.domain).toEqual([20, 500]);
    expect(log.at(20)).toBeCloseTo(0, 9);
  });

  it('formats ticks with one suffix and decimals for the whole axis', () => {
    const k = tickFormatter([0, 25_000, 50_000], 25_000);
    expect([0, 25_000, 50_000].map(k)).toEqual(['0', '25k', '50k']);
    const small = tickFormatter([0, 0.5, 1], 0.5);
    expect([0, 0.5, 1].map(small)).toEqual(['0', '0.5', '1.0']);
    expect(formatNumber(12_345)).toBe('12.3k');
    expect(formatNumber(1234)).toBe('1234');
    expect(formatNumber(3_420_000)).toBe('3.42M');
    expect(formatNumber(0.000123)).toBe('0.00012');
    expect(formatValue(1.876, 'x')).toBe('1.88x');
    expect(formatValue(0.0042, '$')).toBe('$0.004200');
    expect(formatValue(undefined, 'ms')).toBe('–');
  });
});
