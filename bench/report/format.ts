/**
 * Numbers as people read them in the report: SI suffixes for large values,
 * a sensible number of decimals for small ones, and units.
 */
import { stepDecimals } from './scale.ts';

const SI: readonly (readonly [number, string])[] = [
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'k'],
];

/**
 * A value with an SI suffix from 10,000 up (1234 stays "1234", 12345 is
 * "12.3k"), three significant digits; below that, up to `digits` decimals
 * for small values without trailing zeros.
 */
export function formatNumber(value: number, digits = 2): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  // 10,000 rather than 1,000: four-digit numbers read fine whole (batch 2000, 5000 clients).
  if (abs >= 1e4) {
    for (const [size, suffix] of SI) {
      if (abs >= size) return `${trim((value / size).toPrecision(3))}${suffix}`;
    }
  }
  if (Number.isInteger(value)) return String(value);
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return trim(value.toFixed(Math.min(1, digits)));
  if (abs >= 0.01 || abs === 0) return trim(value.toFixed(digits));
  return trim(value.toPrecision(2));
}

/** "12.50" -> "12.5", "3.00" -> "3", "1.20e+5" untouched. */
function trim(text: string): string {
  if (!text.includes('.') || text.includes('e')) return text;
  return text.replace(/\.?0+$/, '');
}

/**
 * Labels for ticks that share a step: the same suffix and decimals for all
 * of them (0, 2.5k, 5k, 7.5k), so a column of labels lines up. Log axes
 * pass step 0 and get each value on its own.
 */
export function tickFormatter(ticks: readonly number[], step: number): (value: number) => string {
  if (step <= 0) return (v) => formatNumber(v);
  const largest = Math.max(...ticks.map(Math.abs), 0);
  const si = largest >= 1e4 ? SI.find(([size]) => largest >= size) : undefined;
  const divisor = si ? si[0] : 1;
  const decimals = stepDecimals(step / divisor);
  // Zero is zero in any unit ("0", not "0k").
  return (v) => (v === 0 ? '0' : `${(v / divisor).toFixed(decimals)}${si ? si[1] : ''}`);
}

/** Units a figure can carry; each has its own way of being written. */
export type Unit = 'ms' | 's' | 'rows/s' | 'ops/s' | 'min/s' | 'MB' | 'B' | 'x' | '$' | '%' | '';

/** A figure with its unit, as in the report's tables ("12.3k rows/s", "1.88x", "$0.0042"). */
export function formatValue(value: number | undefined, unit: Unit): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  switch (unit) {
    case 'x':
      return `${value.toFixed(2)}x`;
    case '$':
      // Fractions of a cent are the point of the llm figures: show them.
      return `$${value < 0.01 ? value.toFixed(6) : value.toFixed(4)}`;
    case '%':
      return `${value.toFixed(1)}%`;
    case '':
      return formatNumber(value);
    default:
      return `${formatNumber(value)} ${unit}`;
  }
}
