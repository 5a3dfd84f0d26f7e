import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.ts';
import { DAYS_PER_YEAR, Flag, Stage } from '../../src/world/life.ts';
import { type Frame, RawClient } from '../helpers/raw-client.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer();
});
afterAll(async () => {
  await ts.close();
});

/** The slot of the only player alive in this server. */
function onlySlot(engine: Engine): number {
  const alive = engine.world.columns.alive;
  const slots: number[] = [];
  for (let s = 0; s < engine.world.highWater; s++) if (alive[s] === 1) slots.push(s);
  expect(slots).toHaveLength(1);
  return slots[0]!;
}

describe('dating through the protocol', () => {
  it('a grown-up swipes until a match, and the partner shows up in the state and the updates', async () => {
    const client = await RawClient.open(ts.url);
    const welcome = await client.hello(await ts.token('swiper'));
    expect(welcome.t).toBe('welcome');
    const fields = welcome.fields as string[];
    const flagsId = fields.indexOf('flags');
    let id = 0;
    expect(await client.command(++id, 'setSpeed', { level: 0 })).toMatchObject({ t: 'ack' });

    // A newborn does not date.
    expect(await client.command(++id, 'getSwipeCharacter')).toMatchObject({
      t: 'error',
      code: 'CONFLICT',
    });

    // Skip the childhood: make them a cheerful, sociable 25-year-old with savings.
    const engine = ts.server.engine;
    await engine.submit(() => {
      const c = engine.world.columns;
      const s = onlySlot(engine);
      c.ageDays[s] = 25 * DAYS_PER_YEAR;
      c.stage[s] = Stage.adult;
      c.social[s] = 100;
      c.happiness[s] = 100;
      c.money[s] = 1000;
    });

    const wrong = await client.command(++id, 'swipeMatch', { candidateId: 12345, like: true });
    expect(wrong).toMatchObject({ t: 'error', code: 'NOT_FOUND' });

    let matched: Record<string, unknown> | undefined;
    let shown: Record<string, unknown> = {};
    for (let k = 0; k < 50 && !matched; k++) {
      const ack = await client.command(++id, 'getSwipeCharacter');
      expect(ack.t).toBe('ack');
      shown = ack.result as Record<string, unknown>;
      expect(shown.age).toBeGreaterThanOrEqual(21);
      expect(shown.age).toBeLessThanOrEqual(29);
      const answer = await client.command(++id, 'swipeMatch', {
        candidateId: shown.candidateId,
        like: true,
      });
      expect(answer.t).toBe('ack');
      const result = answer.result as Record<string, unknown>;
      if (result.matched) matched = result;
    }
    expect(matched).toBeDefined();
    const partner = matched!.npc as { id: number; role: string; age: number };
    expect(partner).toMatchObject({ role: 'partner', age: shown.age });

    // The flags change reaches the client as an update (hasPartner set).
    const update = await client.next(
      (f: Frame) =>
        f.t === 'update' &&
        typeof (f.d as Record<number, number>)[flagsId] === 'number' &&
        ((f.d as Record<number, number>)[flagsId]! & Flag.hasPartner) !== 0,
    );
    expect(update.t).toBe('update');

    // The snapshot lists the new partner; with a partner, swiping is closed.
    const state = (await client.command(++id, 'getState')).result as {
      npcs: { id: number; role: string }[];
    };
    expect(state.npcs).toContainEqual(expect.objectContaining({ id: partner.id, role: 'partner' }));
    expect(await client.command(++id, 'getSwipeCharacter')).toMatchObject({
      t: 'error',
      code: 'CONFLICT',
    });

    // A date night, then a break-up: the partner becomes an ex.
    const date = await client.command(++id, 'dateNight', { npcId: partner.id });
    expect(date).toMatchObject({ t: 'ack', result: { npc: { id: partner.id, role: 'partner' } } });
    const parted = await client.command(++id, 'breakUp', { npcId: partner.id });
    expect(parted).toMatchObject({ t: 'ack', result: { npc: { id: partner.id, role: 'ex' } } });
    expect(await client.command(++id, 'swipeMatch', { candidateId: 1 })).toMatchObject({
      t: 'error',
      code: 'INVALID_ARGS',
    });
    client.close();
  });
});
