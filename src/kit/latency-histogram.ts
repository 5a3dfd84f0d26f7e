import * as hdr from 'hdr-histogram-js';

export type { Histogram } from 'hdr-histogram-js';

/**
 * The largest latency a histogram tracks unless told otherwise, in
 * microseconds: one minute, far past any tick, command or reply worth
 * timing. Values above it are recorded as it.
 */
export const MINUTE_MICROS = 60_000_000;

/**
 * An HDR histogram of latencies in microseconds, from 1 µs to
 * `highestMicros`, at three significant digits: percentiles stay within
 * 0.1% of the exact value at a fixed memory cost however many values go in.
 * Every latency histogram in the project is made here.
 */
export function latencyHistogram(highestMicros: number = MINUTE_MICROS): hdr.Histogram {
  return hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: highestMicros,
    numberOfSignificantValueDigits: 3,
  });
}

/** Record `ms` milliseconds as microseconds, clamped into the histogram's range. */
export function recordMs(h: hdr.Histogram, ms: number): void {
  h.recordValue(Math.max(1, Math.min(h.highestTrackableValue, Math.round(ms * 1000))));
}
