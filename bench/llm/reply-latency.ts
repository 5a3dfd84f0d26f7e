/**
 * Reply times as the `llm` bench's bots record them: from the talk sent to
 * its chat frame, in microseconds up to HIGHEST_MICROS, read back as
 * p50, p99 and max in milliseconds.
 */
import type * as hdr from 'hdr-histogram-js';
import { latencyHistogram } from '../../src/kit/latency-histogram.ts';
import type { ReplyLatency } from './messages.ts';

/** Two minutes, far past the reply deadline (8 s by default): a later reply is recorded as two minutes. */
const HIGHEST_MICROS = 120_000_000;

export function histogram(): hdr.Histogram {
  return latencyHistogram(HIGHEST_MICROS);
}

export function record(h: hdr.Histogram, ms: number): void {
  h.recordValue(Math.max(1, Math.min(HIGHEST_MICROS, Math.round(ms * 1000))));
}

export function latency(h: hdr.Histogram): ReplyLatency {
  if (h.totalCount === 0) return { count: 0, p50Ms: 0, p99Ms: 0, maxMs: 0 };
  return {
    count: h.totalCount,
    p50Ms: h.getValueAtPercentile(50) / 1000,
    p99Ms: h.getValueAtPercentile(99) / 1000,
    maxMs: h.maxValue / 1000,
  };
}
