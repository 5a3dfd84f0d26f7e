import type { LeaseAuditRow } from './write-audit.ts';

interface OwnerChange {
  readonly id: number;
  readonly at: number;
  readonly owner: string | null;
}

/**
 * Each shard's owners over time, from the lease audit: the moments a
 * lease row changed owner or epoch (fence bumps and renewals left out).
 */
export class LeaseHistory {
  readonly #changes = new Map<number, OwnerChange[]>();
  readonly #rows = new Map<number, LeaseAuditRow[]>();

  constructor(rows: readonly LeaseAuditRow[]) {
    for (const r of rows) {
      let all = this.#rows.get(r.shard);
      if (!all) {
        all = [];
        this.#rows.set(r.shard, all);
      }
      all.push(r);
      if (r.fenceBump) continue;
      let list = this.#changes.get(r.shard);
      if (!list) {
        list = [];
        this.#changes.set(r.shard, list);
      }
      list.push({ id: r.id, at: r.at, owner: r.newOwner });
    }
    for (const list of this.#rows.values()) list.sort((a, b) => a.id - b.id);
    for (const list of this.#changes.values()) list.sort((a, b) => a.id - b.id);
  }

  /** The shard's owner at `at` (null: released; undefined: no lease row seen yet). */
  ownerAt(shard: number, at: number): string | null | undefined {
    const list = this.#changes.get(shard);
    if (!list) return undefined;
    let found: OwnerChange | undefined;
    for (const c of list) {
      if (c.at > at) break;
      found = c;
    }
    return found ? found.owner : undefined;
  }

  /**
   * Every owner the shard had at some moment of [from, to] (null: none):
   * the owner at `from` and every change up to `to`.
   */
  ownersDuring(shard: number, from: number, to: number): (string | null | undefined)[] {
    const owners: (string | null | undefined)[] = [this.ownerAt(shard, from)];
    for (const c of this.#changes.get(shard) ?? []) {
      if (c.at > to) break;
      if (c.at > from) owners.push(c.owner);
    }
    return owners;
  }

  /** The last audit row of the shard (fence bumps included) written before audit id `id`. */
  lastBefore(shard: number, id: number): LeaseAuditRow | undefined {
    const list = this.#rows.get(shard);
    if (!list) return undefined;
    let lo = 0;
    let hi = list.length - 1;
    let found: LeaseAuditRow | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]!.id < id) {
        found = list[mid];
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }
}
