/**
 * One line of a bench result. The field names and their meaning are the
 * stable output format: add fields, never rename or repurpose one, so runs
 * from different days and machines stay comparable.
 */
export interface BenchRow {
  /** "lifetick" or "baseline". */
  readonly engine: 'lifetick' | 'baseline';
  readonly workers: number;
  readonly players: number;
  /** Game minutes advanced per real second, summed over all players. */
  readonly playerMinutesPerSec: number;
  readonly tickP50Ms: number;
  readonly tickP99Ms: number;
  readonly ticks: number;
  /** Bytes of hot state per player (lifetick: shared columns; baseline: not measured, 0). */
  readonly bytesPerPlayer: number;
  /** Process resident set size at the end of the run, where measured. */
  readonly rssMB?: number;
  /** Tick periods merged into a later tick or dropped (real-time runs only). */
  readonly lateTicks?: number;
}

export interface BenchResult {
  readonly suite: string;
  readonly machine: import('./machine.ts').MachineInfo;
  readonly rows: readonly BenchRow[];
  /** Ratios measured side by side in this run, named after what they compare. */
  readonly ratios: Readonly<Record<string, number>>;
}
