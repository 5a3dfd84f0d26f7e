/**
 * Shards marked until a moment (performance.now() milliseconds): a mark
 * reads as present until its moment passes, and is forgotten then. At most
 * one entry per shard, so it is bounded by the shard count.
 */
export class ShardDeadlines {
  readonly #until = new Map<number, number>();

  /** Mark `shards` for the next `ms` milliseconds. */
  mark(shards: readonly number[], ms: number): void {
    const until = performance.now() + ms;
    for (const s of shards) this.#until.set(s, until);
  }

  /** Whether `shard` is marked and its moment has not passed. */
  has(shard: number): boolean {
    const until = this.#until.get(shard);
    if (until === undefined) return false;
    if (performance.now() < until) return true;
    this.#until.delete(shard);
    return false;
  }

  delete(shard: number): void {
    this.#until.delete(shard);
  }
}
