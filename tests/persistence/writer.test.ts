import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.ts';
import { createLogger } from '../../src/ops/log.ts';
import type { PlayerStore } from '../../src/persistence/player-store.ts';
import { WriteBehindWriter } from '../../src/persistence/writer.ts';

/**
 * The writer's side of a purchase saved before its ack (claimSave): the
 * copy's version comes before every later flush's, the player counts as
 * saving meanwhile, a failed save leaves them unsaved, and a held player is
 * not copied by a flush until the claim settles. The store is a recorder
 * (the writer's own edge); the real save path runs in
 * tests/server/purchase-saver.test.ts.
 */

interface Saved {
  readonly ids: readonly string[];
  readonly versions: readonly number[];
}

let engine: Engine;
let writer: WriteBehindWriter;
let saves: Saved[];
let onSave: (() => void)[];
beforeEach(() => {
  engine = new Engine({ capacity: 64, workers: 1, tickHz: 20 });
  saves = [];
  onSave = [];
  const store = {
    async save(ids: readonly string[], versions: Float64Array) {
      saves.push({ ids: [...ids], versions: [...versions] });
      for (const resolve of onSave.splice(0)) resolve();
      return { written: ids.length, encodeMs: 0, writeMs: 0 };
    },
  } as unknown as PlayerStore;
  const w = new WriteBehindWriter({
    source: engine.world,
    store,
    logger: createLogger('silent'),
    flushMs: 50,
  });
  engine.onPublish(() => w.phase2());
  writer = w;
});
afterEach(async () => {
  writer.stop();
  await engine.close();
});

function player(id: string, version: number): number {
  const slot = engine.world.resolve(engine.spawn({ seed: 1, player: version, ageYears: 20 }));
  writer.track(slot, id, version);
  return slot;
}

/** Versions at which `id` was saved, in order. */
const versionsOf = (id: string) =>
  saves.flatMap((s) => s.ids.flatMap((x, i) => (x === id ? [s.versions[i]!] : [])));

describe('a save claimed outside the flush', () => {
  it('takes the next version; flushes after it write newer ones', async () => {
    const s = player('ann', 5);
    writer.noteChange(s);
    const claim = writer.claimSave(s, false);
    expect(claim.version).toBe(6);
    // Saving: its changes are covered by the copy, and it is not evictable.
    expect(writer.isClean(s)).toBe(false);
    expect(writer.status().unflushed).toBe(1);
    claim.settle(true);
    expect(writer.isClean(s)).toBe(true);
    expect(writer.status().unflushed).toBe(0);
    writer.noteChange(s);
    await writer.flushAll();
    expect(versionsOf('ann')).toEqual([7]);
  });

  it('leaves the player unsaved when the save fails', async () => {
    const s = player('bea', 0);
    writer.noteChange(s);
    const claim = writer.claimSave(s, false);
    claim.settle(false);
    claim.settle(true); // settling twice changes nothing
    expect(writer.isClean(s)).toBe(false);
    expect(writer.status().unflushed).toBe(1);
    await writer.flushAll();
    expect(versionsOf('bea')).toEqual([2]);
  });

  it('holds a player out of every flush until the claim settles', async () => {
    const held = player('cal', 0);
    const other = player('dee', 0);
    writer.noteChange(held);
    const claim = writer.claimSave(held, true);
    writer.noteChange(held);
    writer.noteChange(other);
    writer.start();
    engine.start();
    // A flush goes by: it saves the other player, not the held one.
    while (versionsOf('dee').length === 0) await new Promise<void>((r) => onSave.push(r));
    expect(versionsOf('cal')).toEqual([]);
    // Shutdown's flush waits for the claim, then saves the held player too.
    await engine.stop();
    let flushed = false;
    const flushing = writer.flushAll().then(() => {
      flushed = true;
    });
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(flushed).toBe(false);
    claim.settle(true);
    await flushing;
    expect(versionsOf('cal')).toEqual([2]);
  });
});
