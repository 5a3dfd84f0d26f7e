import { decode } from '@msgpack/msgpack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACHIEVEMENTS } from '../../src/content/achievements.ts';
import { TUTORIAL_EVENTS } from '../../src/content/events/tutorial.ts';
import { Flag } from '../../src/world/life.ts';
import { type Frame, RawClient } from '../helpers/raw-client.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// A server of its own: the test finds its one player's slot by scanning the world.
let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer({ LIFETICK_TUTORIAL: 'on' });
});
afterAll(async () => {
  await ts.close();
});

interface WireEvent {
  id: string;
  kind: string;
  options?: { id: string; cost?: Record<string, number> }[];
}

describe('retention over the wire', () => {
  it('a new player gets the tutorial, then an achievement frame, and collects it once', async () => {
    const client = await RawClient.open(ts.url);
    const welcome = await client.hello(await ts.token('retention-1'));
    expect(welcome.t).toBe('welcome');
    let nextId = 1000;
    // Answer every question as it arrives (with an option that costs nothing),
    // so the clock keeps running, and remember the order events came in.
    const events: string[] = [];
    client.socket.on('message', (data: Buffer) => {
      const frame = decode(data) as Frame;
      if (frame.t !== 'event') return;
      const event = frame.event as WireEvent;
      events.push(event.id);
      if (event.kind !== 'message') {
        client.send({
          t: 'cmd',
          id: nextId++,
          name: 'answer',
          args: {
            eventId: event.id,
            optionId: (event.options!.find((o) => !o.cost) ?? event.options![0]!).id,
          },
        });
      }
    });

    const engine = ts.server.engine;
    const slot = await engine.submit(() => {
      expect(engine.world.count).toBe(1);
      const c = engine.world.columns;
      let s = 0;
      while (s < engine.world.highWater && c.alive[s] !== 1) s++;
      expect(c.ageDays[s]).toBe(0);
      // Something an achievement looks for; the daily rules will notice it.
      c.flags[s] = (c.flags[s]! | Flag.hasPet) >>> 0;
      return s;
    });
    expect(slot).toBeGreaterThanOrEqual(0);
    const diamondsBefore = (welcome.state as Record<string, number>).diamonds!;

    expect(await client.command(1, 'setSpeed', { level: 5 })).toMatchObject({ t: 'ack' });
    const frame = await client.next(
      (f) => f.t === 'achievement' && (f.achievement as { id: string }).id === 'pet_owner',
    );
    expect(await client.command(2, 'setSpeed', { level: 0 })).toMatchObject({ t: 'ack' });
    const def = ACHIEVEMENTS.defs[ACHIEVEMENTS.indexById.get('pet_owner')!]!;
    expect(frame).toEqual({
      t: 'achievement',
      achievement: {
        id: 'pet_owner',
        title: def.title,
        text: def.text,
        reward: { diamonds: def.diamonds },
      },
    });
    // The tutorial came first, in order, one step per game hour from birth.
    expect(events.slice(0, TUTORIAL_EVENTS.length)).toEqual(TUTORIAL_EVENTS.map((e) => e.id));

    const listed = await client.command(3, 'getAchievements');
    const entry = (
      listed.result as { achievements: { id: string; unlocked: boolean; acknowledged: boolean }[] }
    ).achievements.find((a) => a.id === 'pet_owner');
    expect(entry).toMatchObject({ unlocked: true, acknowledged: false });

    const diamondsAt = async (id: number) =>
      ((await client.command(id, 'getState')).result as Record<string, number>).diamonds!;
    const beforeAck = await diamondsAt(4);
    expect(
      await client.command(5, 'acknowledgeAchievement', { achievementId: 'pet_owner' }),
    ).toEqual({
      t: 'ack',
      id: 5,
      result: { achievementId: 'pet_owner', reward: { diamonds: def.diamonds } },
    });
    expect(await diamondsAt(6)).toBe(beforeAck + def.diamonds);
    expect(
      await client.command(7, 'acknowledgeAchievement', { achievementId: 'pet_owner' }),
    ).toMatchObject({ t: 'error', id: 7, code: 'CONFLICT' });
    expect(await diamondsAt(8)).toBe(beforeAck + def.diamonds);
    expect(beforeAck).toBeGreaterThanOrEqual(diamondsBefore);

    // The daily login reward: once per UTC day.
    expect(await client.command(9, 'claimDailyReward')).toMatchObject({
      t: 'ack',
      result: { streak: 1, day: 1 },
    });
    expect(await client.command(10, 'claimDailyReward')).toMatchObject({
      t: 'error',
      code: 'CONFLICT',
    });
    client.close();
  });
});
