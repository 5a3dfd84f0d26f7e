import { SeededRandom } from './seeded-random.ts';

/** The faults the test injects (issue 14, "A fault-injection test"). */
export const FaultKind = {
  /** SIGKILL a process, wait for the survivors to welcome its players, restart it. */
  kill: 'kill',
  /** SIGSTOP a process for twice the lease ttl, then SIGCONT. */
  stall: 'stall',
  /** Cut a process off from the database (its relay) for twice the ttl, then restore. */
  cutDb: 'cutDb',
  /** Stop the fleet's NATS, let the fleet run without it, start it again. */
  stopNats: 'stopNats',
  /** SIGTERM a process (it hands its shards off), then restart it. */
  term: 'term',
  /** A fourth process joins, takes its share, then leaves with SIGTERM. */
  join: 'join',
} as const;
export type FaultKind = (typeof FaultKind)[keyof typeof FaultKind];

export const FAULT_KINDS: readonly FaultKind[] = Object.values(FaultKind);

/** One planned fault: what, and which of the fleet's processes it hits (unused by stopNats and join). */
export interface PlannedFault {
  readonly index: number;
  readonly kind: FaultKind;
  readonly target: number;
}

/**
 * `count` faults in a seeded random order over `processes` processes.
 * Every kind comes about equally often (each kind at least once when
 * `count` allows), so a short run still covers them all; the order and the
 * targets are random.
 */
export function planFaults(
  seed: number,
  count: number,
  processes: number,
  kinds: readonly FaultKind[] = FAULT_KINDS,
): PlannedFault[] {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`bad fault count ${count}`);
  if (!Number.isInteger(processes) || processes < 1)
    throw new RangeError(`bad process count ${processes}`);
  if (kinds.length === 0) throw new RangeError('no fault kinds to plan');
  const random = new SeededRandom(seed);
  const bag = Array.from({ length: count }, (_, i) => kinds[i % kinds.length]!);
  return random.shuffled(bag).map((kind, index) => ({
    index,
    kind,
    target: random.below(processes),
  }));
}
