/**
 * Chart maths: "nice" tick values (1, 2 or 5 times a power of ten) and the
 * linear and logarithmic scales that map data values to pixels.
 */

/** An axis ready to draw: its (nice) domain, tick values, and data value to pixel. */
export interface Axis {
  readonly kind: 'linear' | 'log';
  readonly domain: readonly [number, number];
  readonly range: readonly [number, number];
  readonly ticks: readonly number[];
  /** Pixel position of a data value (log: of a positive one). */
  readonly at: (value: number) => number;
}

/**
 * The nice number closest to `x` (round) or the smallest one at or above it
 * (ceiling): 1, 2, 5 or 10 times a power of ten (Heckbert, Graphics Gems I).
 */
export function niceNumber(x: number, round: boolean): number {
  if (!(x > 0) || !Number.isFinite(x)) return 1;
  const exponent = Math.floor(Math.log10(x));
  const power = 10 ** exponent;
  const fraction = x / power;
  let nice: number;
  if (round) {
    // The midpoints (geometric-ish) between 1, 2, 5 and 10.
    nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10;
  } else {
    nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  }
  return nice * power;
}

/** Decimal places that show every multiple of `step` exactly (0.25 -> 2, 5 -> 0). */
export function stepDecimals(step: number): number {
  if (!(step > 0)) return 0;
  // 1e-9: log10 of 0.1 is -0.9999999999999999 on some inputs.
  let decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  // A 2.5 or 0.25 step needs one more place than its power of ten.
  while (
    decimals < 12 &&
    Math.abs(Math.round(step * 10 ** decimals) - step * 10 ** decimals) > 1e-6
  )
    decimals++;
  return decimals;
}

/** Tick values and the domain they span; `step` is 0 for log ticks. */
export interface LinearTicks {
  readonly min: number;
  readonly max: number;
  readonly step: number;
  readonly ticks: readonly number[];
}

/**
 * Nice ticks covering [min, max]: about `target` of them, the domain widened
 * to the first tick at or below `min` and the last at or above `max`. With
 * `integer`, the step is a whole number (worker counts, clients). A domain of
 * one value is widened around it, so a single point still gets an axis.
 */
export function niceTicks(min: number, max: number, target = 5, integer = false): LinearTicks {
  if (!Number.isFinite(min) || !Number.isFinite(max)) {
    min = 0;
    max = 1;
  }
  if (min > max) [min, max] = [max, min];
  if (min === max) {
    // One value: a unit either side, or 10% of it when that is wider.
    const pad = Math.max(integer ? 1 : 0, Math.abs(min) * 0.1) || 1;
    min -= pad;
    max += pad;
  }
  const range = niceNumber(max - min, false);
  let step = niceNumber(range / Math.max(1, target - 1), true);
  if (integer) step = Math.max(1, Math.round(step));
  const decimals = stepDecimals(step);
  const round = (v: number) => Number(v.toFixed(decimals));
  // The 1e-9 keeps 0.3 / 0.1 = 2.9999999999999996 from adding a tick; the checks after it
  // step out once more where that rounding left min or max just outside.
  let first = Math.floor(min / step + 1e-9);
  let last = Math.ceil(max / step - 1e-9);
  if (round(first * step) > min) first--;
  if (round(last * step) < max) last++;
  const ticks: number[] = [];
  // Computed from the index, then rounded: repeated adding would drift (0.1 + 0.2).
  for (let i = first; i <= last; i++) ticks.push(round(i * step));
  return { min: ticks[0]!, max: ticks.at(-1)!, step, ticks };
}

/** The 1-2-5 values at or below / at or above a positive number. */
function niceLogFloor(x: number): number {
  const power = 10 ** Math.floor(Math.log10(x) + 1e-9);
  const f = x / power;
  return (f >= 5 - 1e-9 ? 5 : f >= 2 - 1e-9 ? 2 : 1) * power;
}

function niceLogCeil(x: number): number {
  const power = 10 ** Math.floor(Math.log10(x) + 1e-9);
  const f = x / power;
  return (f <= 1 + 1e-9 ? 1 : f <= 2 + 1e-9 ? 2 : f <= 5 + 1e-9 ? 5 : 10) * power;
}

/**
 * Ticks for a log axis over positive [min, max]: the domain snapped out to
 * 1-2-5 values; ticks at every 1-2-5 value inside it when it spans three
 * decades or less, otherwise at the powers of ten only (more would crowd).
 */
export function logTicks(min: number, max: number): LinearTicks {
  if (!(min > 0) || !Number.isFinite(min)) min = max > 0 ? max / 10 : 1;
  if (!(max > 0) || !Number.isFinite(max)) max = min * 10;
  if (min > max) [min, max] = [max, min];
  if (min === max) {
    min /= 2;
    max *= 2;
  }
  const lo = niceLogFloor(min);
  const hi = niceLogCeil(max);
  const decades = Math.log10(hi / lo);
  const multiples = decades <= 3 ? [1, 2, 5] : [1];
  const ticks: number[] = [];
  for (let e = Math.floor(Math.log10(lo) + 1e-9); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of multiples) {
      const v = Number((m * 10 ** e).toPrecision(12));
      if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) ticks.push(v);
    }
  }
  return { min: lo, max: hi, step: 0, ticks };
}

/** Pixel of `value` on a linear scale from domain [d0, d1] to range [r0, r1]. */
export function linearScale(
  domain: readonly [number, number],
  range: readonly [number, number],
): (value: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0 || 1;
  return (value) => r0 + ((value - d0) / span) * (r1 - r0);
}

/** Pixel of a positive `value` on a base-10 log scale from domain [d0, d1] to range [r0, r1]. */
export function logScale(
  domain: readonly [number, number],
  range: readonly [number, number],
): (value: number) => number {
  const inner = linearScale([Math.log10(domain[0]), Math.log10(domain[1])], range);
  return (value) => inner(Math.log10(value));
}

/** How `buildAxis` reads the data. */
export interface AxisOptions {
  readonly kind: 'linear' | 'log';
  /** Linear axes: start at zero (rates, times) rather than at the data's minimum. */
  readonly zero?: boolean;
  /** Linear axes: whole-number steps only. */
  readonly integer?: boolean;
  /** About how many ticks on a linear axis. */
  readonly target?: number;
}

/** An axis over `values` (non-positive values are ignored on a log axis), drawn across `range`. */
export function buildAxis(
  values: readonly number[],
  range: readonly [number, number],
  options: AxisOptions,
): Axis {
  const usable = values.filter((v) => Number.isFinite(v) && (options.kind === 'linear' || v > 0));
  if (options.kind === 'log') {
    const t = logTicks(Math.min(...usable), Math.max(...usable));
    return {
      kind: 'log',
      domain: [t.min, t.max],
      range,
      ticks: t.ticks,
      at: logScale([t.min, t.max], range),
    };
  }
  let min = usable.length > 0 ? Math.min(...usable) : 0;
  let max = usable.length > 0 ? Math.max(...usable) : 1;
  if (options.zero) {
    min = Math.min(0, min);
    max = Math.max(0, max);
    // All zeros: still a 0..1 axis rather than one around zero.
    if (min === 0 && max === 0) max = 1;
  }
  const t = niceTicks(min, max, options.target ?? 5, options.integer ?? false);
  return {
    kind: 'linear',
    domain: [t.min, t.max],
    range,
    ticks: t.ticks,
    at: linearScale([t.min, t.max], range),
  };
}
