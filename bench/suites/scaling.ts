import { freeRunEngine } from '../measure.ts';
import type { BenchRow } from '../row.ts';

export interface ScalingSuiteOptions {
  readonly playerCounts: readonly number[];
  readonly maxWorkers: number;
  readonly seconds: number;
  readonly seed: number;
  /** All clocks in lockstep (the worst case) instead of spread over the day. */
  readonly lockstep?: boolean;
}

/**
 * Suite `scaling`: players x workers on the standard speed mix, ticks back to
 * back. The ratio that matters is each worker count's throughput over one
 * worker's at the same player count.
 */
export async function scalingSuite(options: ScalingSuiteOptions) {
  const rows: BenchRow[] = [];
  const ratios: Record<string, number> = {};
  for (const players of options.playerCounts) {
    let one: BenchRow | undefined;
    for (let workers = 1; workers <= options.maxWorkers; workers++) {
      const row = await freeRunEngine({
        players,
        workers,
        seconds: options.seconds,
        seed: options.seed,
        warmupTicks: 20,
        start: options.lockstep ? 'lockstep' : 'spread',
      });
      rows.push(row);
      one ??= row;
      if (workers > 1)
        ratios[`workers${workers}OverOne@${players}`] =
          row.playerMinutesPerSec / one.playerMinutesPerSec;
    }
  }
  return { rows, ratios };
}
