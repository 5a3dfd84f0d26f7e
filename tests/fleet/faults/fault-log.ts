import type { FaultKind } from './fault-plan.ts';

/** One fault as it was injected: when, on which process, and how the fleet came back. */
export interface FaultRecord {
  readonly index: number;
  readonly kind: FaultKind;
  /** Node id of the process hit (the joining one for `join`; empty for stopNats). */
  readonly node: string;
  /** The fault's moment: SIGKILL, SIGSTOP, cut, NATS stopped, SIGTERM, or the joiner listening. */
  startedAt: number;
  /** When it was undone: restarted, SIGCONT, restored, NATS back, or the joiner's SIGTERM (sent). */
  healedAt?: number;
  /** When every bot was served again after healing. */
  settledAt?: number;
  /** join: share of all shards the joiner held 10 s after it started listening. */
  joinShare?: number;
  /** term: whether the process exited by itself within the grace period. */
  graceful?: boolean;
  /** What went wrong injecting or settling (the run goes on). */
  problem?: string;
}
