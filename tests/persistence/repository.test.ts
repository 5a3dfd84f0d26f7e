import { expect } from 'vitest';
import { SCHEMA_VERSION } from '../../src/persistence/migrations.ts';
import { CHAT_LINES_KEPT_PER_NPC, type ChatLine } from '../../src/persistence/repository.ts';
import { allChat, describeRepositories, record, text } from '../helpers/repositories.ts';

describeRepositories((r, maybe) => {
  maybe('migrates idempotently', async () => {
    expect(await r().migrate()).toBe(SCHEMA_VERSION);
    expect(await r().migrate()).toBe(SCHEMA_VERSION);
  });

  maybe('saves and loads a player', async () => {
    expect(await r().load('nobody')).toBeUndefined();
    expect(await r().saveBatch([record('alice', 1, 'a1')])).toBe(1);
    const loaded = await r().load('alice');
    expect(loaded).toMatchObject({ id: 'alice', version: 1, updatedAt: 1001 });
    expect(text(loaded!.hot)).toBe('a1');
    expect(text(loaded!.cold)).toBe('cold-a1');
  });

  maybe(
    'never lets an older or equal version overwrite a newer one (replayed or reordered batches)',
    async () => {
      await r().saveBatch([record('bob', 5, 'b5'), record('carol', 1, 'c1')]);
      // A reordered batch: bob's older state arrives late, carol's newer one with it.
      const written = await r().saveBatch([
        record('bob', 3, 'b3'),
        record('carol', 2, 'c2'),
        record('bob', 5, 'b5-replay'),
      ]);
      expect(written).toBe(1);
      expect(text((await r().load('bob'))!.hot)).toBe('b5');
      expect((await r().load('bob'))!.version).toBe(5);
      expect(text((await r().load('carol'))!.hot)).toBe('c2');
      expect(await r().saveBatch([record('bob', 6, 'b6')])).toBe(1);
      expect(text((await r().load('bob'))!.hot)).toBe('b6');
      expect((await r().load('bob'))!.updatedAt).toBe(1006);
    },
  );

  maybe('writes large batches in one go', async () => {
    const batch = Array.from({ length: 3000 }, (_, i) => record(`bulk-${i}`, 1, `x${i}`));
    expect(await r().saveBatch(batch)).toBe(3000);
    expect(text((await r().load('bulk-2999'))!.hot)).toBe('x2999');
    const next = batch.map((b) => ({
      ...b,
      version: 2,
      hot: new TextEncoder().encode(`y-${b.id}`),
    }));
    expect(await r().saveBatch(next)).toBe(3000);
    expect(text((await r().load('bulk-7'))!.hot)).toBe('y-bulk-7');
  });

  maybe('keeps the stored cold state when a save leaves it out', async () => {
    await r().saveBatch([record('cora', 1, 'c1')]);
    const hotOnly = { ...record('cora', 2, 'c2'), cold: undefined };
    // A player stored for the first time without cold state gets the empty map.
    const fresh = { ...record('finn', 1, 'f1'), cold: undefined };
    expect(await r().saveBatch([hotOnly, fresh])).toBe(2);
    const cora = await r().load('cora');
    expect(text(cora!.hot)).toBe('c2');
    expect(cora!.hotLayout).toBe(7);
    expect(text(cora!.cold)).toBe('cold-c1');
    expect([...(await r().load('finn'))!.cold]).toEqual([0x80]);
    // An older version leaves both as they are.
    await r().saveBatch([record('cora', 1, 'old')]);
    expect(text((await r().load('cora'))!.cold)).toBe('cold-c1');
  });

  maybe('describes the hot layouts registered, and not others', async () => {
    await r().registerLayout(7, 'money:f64:1');
    await r().registerLayout(7, 'money:f64:1');
    await r().saveBatch([{ ...record('lou', 1, 'l1'), hotLayout: 8 }]);
    expect((await r().load('cora'))!.layoutDescription).toBe('money:f64:1');
    expect((await r().load('lou'))!.layoutDescription).toBeUndefined();
  });

  maybe('keeps chat history per player and NPC', async () => {
    for (let i = 0; i < 5; i++)
      await r().appendChat('dan', { npcId: 1, fromNpc: i % 2 === 1, text: `line ${i}`, at: i });
    await r().appendChat('dan', { npcId: 2, fromNpc: false, text: 'other', at: 9 });
    const last3 = await r().chatHistory('dan', 1, 3);
    expect(last3.map((l) => l.text)).toEqual(['line 2', 'line 3', 'line 4']);
    expect(last3[1]).toMatchObject({ npcId: 1, fromNpc: true });
  });

  maybe('appends many chat lines in one go', async () => {
    await r().appendChatBatch(
      Array.from({ length: 30 }, (_, i) => ({
        playerId: 'gus',
        line: { npcId: i % 2, fromNpc: i % 3 === 0, text: `batch ${i}`, at: i },
      })),
    );
    const npc1 = await r().chatHistory('gus', 1, 50);
    expect(npc1).toHaveLength(15);
    expect(npc1.at(-1)!.text).toBe('batch 29');
  });

  maybe('lists every chat line of a player, oldest first, across NPCs', async () => {
    const lines = Array.from({ length: 7 }, (_, i) => ({
      npcId: i % 3,
      fromNpc: i % 2 === 1,
      text: `all ${i} ✓`,
      at: 100 + i,
    }));
    await r().appendChatBatch(lines.map((line) => ({ playerId: 'hal', line })));
    await r().appendChat('hal-other', { npcId: 0, fromNpc: false, text: 'not hal', at: 1 });
    expect(await allChat(r(), 'hal')).toEqual(lines);
    expect(await allChat(r(), 'nobody')).toEqual([]);
    // In pages: each starts after the last line of the one before.
    const first = await r().chatPage('hal', 0, 3);
    expect(first.map((l) => l.text)).toEqual(lines.slice(0, 3).map((l) => l.text));
    const second = await r().chatPage('hal', first.at(-1)!.seq, 3);
    expect(second.map((l) => l.text)).toEqual(lines.slice(3, 6).map((l) => l.text));
    const last = await r().chatPage('hal', second.at(-1)!.seq, 3);
    expect(last.map((l) => l.text)).toEqual([lines[6]!.text]);
    expect(await r().chatPage('hal', last[0]!.seq, 3)).toEqual([]);
  });

  maybe(
    `keeps the newest ${CHAT_LINES_KEPT_PER_NPC} lines per player and NPC as it writes`,
    async () => {
      const line = (npcId: number, i: number): ChatLine => ({
        npcId,
        fromNpc: i % 2 === 1,
        text: `kept? ${i}`,
        at: i,
      });
      const over = CHAT_LINES_KEPT_PER_NPC + 30;
      // One batch past the bound, for two players and two NPCs; then single lines.
      await r().appendChatBatch([
        ...Array.from({ length: over - 10 }, (_, i) => ({ playerId: 'ivan', line: line(1, i) })),
        ...Array.from({ length: 5 }, (_, i) => ({ playerId: 'ivan', line: line(2, i) })),
        ...Array.from({ length: over }, (_, i) => ({ playerId: 'jill', line: line(1, i) })),
      ]);
      for (let i = over - 10; i < over; i++) await r().appendChat('ivan', line(1, i));
      const ivan1 = await r().chatHistory('ivan', 1, 10_000);
      expect(ivan1.map((l) => l.text)).toEqual(
        Array.from(
          { length: CHAT_LINES_KEPT_PER_NPC },
          (_, i) => `kept? ${over - CHAT_LINES_KEPT_PER_NPC + i}`,
        ),
      );
      expect(await r().chatHistory('ivan', 2, 10_000)).toHaveLength(5);
      expect(await r().chatHistory('jill', 1, 10_000)).toHaveLength(CHAT_LINES_KEPT_PER_NPC);
      expect((await r().chatHistory('jill', 1, 1))[0]!.text).toBe(`kept? ${over - 1}`);
      expect(await allChat(r(), 'ivan')).toHaveLength(CHAT_LINES_KEPT_PER_NPC + 5);
    },
  );

  maybe('answers ping', async () => {
    await r().ping();
  });
});
