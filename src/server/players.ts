import type { Engine } from '../engine/engine.ts';
import { fnv1a } from '../kit/fnv1a.ts';
import { shardOf } from '../kit/shard-of.ts';
import { HISTORY_LIMIT, type Turn } from '../llm/conversation.ts';
import type { Logger } from '../ops/log.ts';
import type { PlayerStore } from '../persistence/player-store.ts';
import { copyRowToSlot } from '../persistence/row-codec.ts';
import type { WriteBehindWriter } from '../persistence/writer.ts';
import { skipTime } from '../sim/actions.ts';
import { createLife } from '../sim/birth.ts';
import { SPEED_MINUTES_PER_SECOND } from '../sim/clock.ts';
import { markAllDirty } from '../sim/dirty.ts';
import { clampAffinity, clampFamiliarity } from '../sim/npc.ts';
import { holdReward } from '../world/cold.ts';
import { NPC_SLOTS } from '../world/schema.ts';
import { CapacityError, type PlayerHandle } from '../world/store.ts';
import type { ColdStates } from './cold-states.ts';

/** A 32-bit FNV-1a hash of a player id: the player number their life's randomness is seeded from. */
export function playerNumber(playerId: string): number {
  return fnv1a(playerId);
}

export interface DirectoryOptions {
  readonly engine: Engine;
  readonly store: Pick<PlayerStore, 'load' | 'chatHistory'>;
  readonly writer: Pick<WriteBehindWriter, 'track' | 'untrack' | 'isClean' | 'noteChange'>;
  readonly cold: ColdStates;
  readonly logger: Logger;
  readonly seed: number;
  /** Whether new lives get the tutorial sequence. */
  readonly tutorial: boolean;
  /** Most game minutes caught up for time away. */
  readonly catchUpCapMinutes: number;
  /** Share of the player's own speed that time away runs at (1: as if they had stayed). */
  readonly catchUpRate: number;
  /** A disconnected player is saved and evicted after this long. */
  readonly evictAfterMs: number;
  /** Whether a player has a live session now. */
  readonly isLive: (playerId: string) => boolean;
  /** The server's wall clock: when players leave, and how long they were away. */
  readonly clock: () => number;
}

/** A loaded player's saved conversation with one NPC, on its way back into memory. */
export type ConversationLoaded = (playerId: string, npcId: number, turns: readonly Turn[]) => void;

/** What happened while a player was away, told in `welcome`. */
export interface AwaySummary {
  readonly minutes: number;
  /** Catalog indices of the events that fired, in order. */
  readonly events: readonly number[];
}

const ALL_NPCS = Array.from({ length: NPC_SLOTS }, (_, k) => k);

interface Resident {
  readonly handle: PlayerHandle;
  /**
   * The player's fleet shard, hashed once when it became resident: a
   * handoff looks up its shards' players with the engine idle, and hashing
   * every resident's id there would hold the tick back at a million players.
   */
  readonly shard: number;
  /** When the player left (ms); 0 while connected. */
  awaySince: number;
}

/**
 * Resident players by id: loads them (or creates a new life), parks them
 * when they disconnect, catches them up when they return, and evicts them
 * when they have been gone a while or room is needed.
 *
 * A player's clock runs only while they are connected; on return, the time
 * away is caught up through `advance` at the player's speed (times
 * catchUpRate), capped, whether they stayed resident or were evicted and
 * loaded again.
 */
export class PlayerDirectory {
  readonly #o: DirectoryOptions;
  readonly #residents = new Map<string, Resident>();
  readonly #loading = new Map<string, Promise<number>>();
  #sweeper: NodeJS.Timeout | undefined;
  #conversationLoaded: ConversationLoaded = () => {};

  constructor(options: DirectoryOptions) {
    this.#o = options;
  }

  /**
   * Where a loaded player's saved conversations go (the chat service's
   * memory). Registered after construction, not passed in: the chat service
   * is built with this directory (an NPC's reply moves the relationship,
   * applyChatEffect), so one of the two must meet the other late. Register
   * before `start`; a later call replaces the earlier.
   */
  onConversationLoaded(listener: ConversationLoaded): void {
    this.#conversationLoaded = listener;
  }

  get size(): number {
    return this.#residents.size;
  }

  /** The player's slot while they are resident, else -1. */
  slotOf(playerId: string): number {
    const resident = this.#residents.get(playerId);
    return resident ? this.#o.engine.world.resolve(resident.handle) : -1;
  }

  start(): void {
    this.#sweeper ??= setInterval(
      () => this.#sweep(),
      Math.max(1000, Math.min(this.#o.evictAfterMs / 2, 10_000)),
    );
  }

  stop(): void {
    if (this.#sweeper) clearInterval(this.#sweeper);
    this.#sweeper = undefined;
  }

  /**
   * The player's slot: resident already, loaded from the database, or a new
   * life. The database read happens off the main thread; concurrent calls
   * for one player share it.
   */
  place(playerId: string): Promise<number> {
    const resident = this.#residents.get(playerId);
    if (resident) {
      const slot = this.#o.engine.world.resolve(resident.handle);
      if (slot >= 0) return Promise.resolve(slot);
      this.#residents.delete(playerId);
    }
    let loading = this.#loading.get(playerId);
    if (!loading) {
      loading = this.#load(playerId).finally(() => this.#loading.delete(playerId));
      this.#loading.set(playerId, loading);
    }
    return loading;
  }

  async #load(playerId: string): Promise<number> {
    const saved = await this.#o.store.load(playerId);
    const lines = saved ? await this.#o.store.chatHistory(playerId, ALL_NPCS, HISTORY_LIMIT) : [];
    const { engine, writer } = this.#o;
    return engine.submit(() => {
      const existing = this.#residents.get(playerId);
      if (existing && engine.world.resolve(existing.handle) >= 0)
        return engine.world.resolve(existing.handle);
      const handle = this.#allocate();
      const slot = engine.world.resolve(handle);
      if (saved) {
        copyRowToSlot(saved.row, 0, engine.world.columns, slot);
        this.#o.cold.set(slot, saved.cold);
        engine.world.columns.away[slot] = 1;
        writer.track(slot, playerId, saved.version);
        markAllDirty(engine.world.columns, slot);
        for (const npcId of ALL_NPCS) {
          const turns = lines
            .filter((l) => l.npcId === npcId)
            .map((l): Turn => ({ from: l.fromNpc ? 'npc' : 'player', text: l.text, at: l.at }));
          if (turns.length > 0) this.#conversationLoaded(playerId, npcId, turns);
        }
        this.#residents.set(playerId, {
          handle,
          shard: shardOf(playerId),
          awaySince: saved.updatedAt,
        });
      } else {
        writer.track(slot, playerId, 0);
        this.#o.cold.set(slot, {});
        this.#residents.set(playerId, {
          handle,
          shard: shardOf(playerId),
          awaySince: this.#o.clock(),
        });
        // A new life: born now, nothing to catch up.
        createLife(engine.world.columns, slot, {
          seed: this.#o.seed,
          player: playerNumber(playerId),
          ageYears: 0,
          speed: 1,
          tutorial: this.#o.tutorial,
        });
        engine.world.columns.away[slot] = 1;
      }
      writer.noteChange(slot);
      return slot;
    });
  }

  /**
   * The player is back: run the clock forward over the time away (capped)
   * and start it again. Call with the engine idle (inside submit).
   */
  resume(playerId: string, slot: number): AwaySummary {
    const resident = this.#residents.get(playerId);
    const c = this.#o.engine.world.columns;
    let summary: AwaySummary = { minutes: 0, events: [] };
    if (resident && c.away[slot] === 1) {
      const awaySeconds =
        resident.awaySince > 0 ? Math.max(0, (this.#o.clock() - resident.awaySince) / 1000) : 0;
      const rate =
        (SPEED_MINUTES_PER_SECOND[c.speed[slot]!] ?? 0) *
        this.#o.engine.timeScale *
        this.#o.catchUpRate;
      const minutes = Math.min(this.#o.catchUpCapMinutes, Math.floor(awaySeconds * rate));
      if (minutes > 0) summary = skipTime(c, slot, this.#o.engine.catalog, minutes);
      // Rewards of messages that fired while away wait for claimEvent, as
      // they would have had the player been here.
      const cat = this.#o.engine.catalog;
      for (const event of summary.events) {
        if (cat.claimable[event] === 1 && this.#o.cold.has(slot))
          holdReward(this.#o.cold.get(slot), cat.defs[event]!.id);
      }
    }
    c.away[slot] = 0;
    if (resident) resident.awaySince = 0;
    this.#o.writer.noteChange(slot);
    return summary;
  }

  /** The player left: their clock stops until they return. Call with the engine idle. */
  park(playerId: string): void {
    const resident = this.#residents.get(playerId);
    if (!resident) return;
    const slot = this.#o.engine.world.resolve(resident.handle);
    if (slot < 0) return;
    this.#o.engine.world.columns.away[slot] = 1;
    resident.awaySince = this.#o.clock();
    this.#o.writer.noteChange(slot);
  }

  /** An NPC reply's effect on the relationship, if the player is still resident. Call with the engine idle. */
  applyChatEffect(
    playerId: string,
    npcId: number,
    effect: { affinity: number; familiarity: number },
  ): void {
    const resident = this.#residents.get(playerId);
    if (!resident) return;
    const slot = this.#o.engine.world.resolve(resident.handle);
    if (slot < 0) return;
    const c = this.#o.engine.world.columns;
    const i = slot * NPC_SLOTS + npcId;
    if (c.npcRole[i] === 0) return;
    c.npcAffinity[i] = clampAffinity(c.npcAffinity[i]! + effect.affinity);
    c.npcFamiliarity[i] = clampFamiliarity(c.npcFamiliarity[i]! + effect.familiarity);
    this.#o.writer.noteChange(slot);
  }

  /**
   * Forget a player WITHOUT saving them (their account is being purged):
   * the writer stops tracking their slot, their cold state goes and the
   * slot is freed, whatever was unsaved. A load of the player already under
   * way is waited for first, so a load that read the database before the
   * purge cannot put them back afterwards. `confirm` runs with the engine
   * idle, just before the drop, with the player's slot; false keeps them.
   * Resolves with whether the player was dropped.
   */
  async drop(playerId: string, confirm: (slot: number) => boolean = () => true): Promise<boolean> {
    await this.#loading.get(playerId)?.catch(() => {});
    return this.#o.engine.submit(() => {
      const resident = this.#residents.get(playerId);
      if (!resident) return false;
      const slot = this.#o.engine.world.resolve(resident.handle);
      if (slot >= 0 && !confirm(slot)) return false;
      this.#evict(playerId);
      return true;
    });
  }

  /** Slots of the resident players whose shard is in `shards`. Call with the engine idle. */
  slotsInShards(shards: ReadonlySet<number>): number[] {
    const slots: number[] = [];
    for (const r of this.#residents.values()) {
      if (!shards.has(r.shard)) continue;
      const slot = this.#o.engine.world.resolve(r.handle);
      if (slot >= 0) slots.push(slot);
    }
    return slots;
  }

  /**
   * Forget every resident player of `shards` WITHOUT saving them (fleet
   * mode: the shards belong to another process now, and so do their rows):
   * the writer stops tracking their slots, their cold state goes and the
   * slots are freed. Call with the engine idle. Returns the dropped ids.
   */
  dropShards(shards: ReadonlySet<number>): string[] {
    const dropped: string[] = [];
    for (const [id, r] of this.#residents) if (shards.has(r.shard)) dropped.push(id);
    for (const id of dropped) this.#evict(id);
    return dropped;
  }

  /** Take a slot; when the world is full, evict the player gone longest whose state is saved. */
  #allocate(): PlayerHandle {
    const world = this.#o.engine.world;
    if (world.count < world.maxCapacity) return world.allocate();
    let victim: string | undefined;
    let oldest = Number.POSITIVE_INFINITY;
    for (const [id, r] of this.#residents) {
      if (r.awaySince === 0 || r.awaySince >= oldest || this.#o.isLive(id)) continue;
      const slot = world.resolve(r.handle);
      if (slot >= 0 && this.#o.writer.isClean(slot)) {
        victim = id;
        oldest = r.awaySince;
      }
    }
    if (victim === undefined)
      throw new CapacityError('world full and no saved, disconnected player to evict');
    this.#evict(victim);
    return world.allocate();
  }

  #evict(playerId: string): void {
    const resident = this.#residents.get(playerId);
    if (!resident) return;
    const slot = this.#o.engine.world.resolve(resident.handle);
    if (slot >= 0) {
      this.#o.writer.untrack(slot);
      this.#o.cold.delete(slot);
    }
    this.#o.engine.world.free(resident.handle);
    this.#residents.delete(playerId);
  }

  /** Evict players gone longer than evictAfterMs whose state is saved. */
  #sweep(): void {
    const now = this.#o.clock();
    const due: string[] = [];
    for (const [id, r] of this.#residents) {
      if (r.awaySince !== 0 && now - r.awaySince >= this.#o.evictAfterMs && !this.#o.isLive(id))
        due.push(id);
    }
    if (due.length === 0) return;
    const sweep = this.#o.engine.submit(() => {
      let evicted = 0;
      for (const id of due) {
        const r = this.#residents.get(id);
        if (!r || r.awaySince === 0 || this.#o.isLive(id)) continue;
        const slot = this.#o.engine.world.resolve(r.handle);
        if (slot >= 0 && !this.#o.writer.isClean(slot)) continue; // saved first, evicted next sweep
        this.#evict(id);
        evicted++;
      }
      if (evicted > 0) this.#o.logger.debug({ evicted }, 'evicted idle players');
    });
    // The engine is stopping, or an eviction failed: the next sweep tries again.
    sweep.catch((error: unknown) => this.#o.logger.warn({ err: error }, 'eviction sweep failed'));
  }
}
