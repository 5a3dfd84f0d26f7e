import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Frame, RawClient } from '../helpers/raw-client.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer();
});
afterAll(async () => {
  await ts.close();
});

/** Scheduled for every child on day 31 at 18:00 (src/content/events/holidays.ts). */
const LUNAR_NEW_YEAR = 'holiday.lunar_new_year';

describe('updates and events', () => {
  it('sends at most one update per tick, with integer field ids, and event frames as events fire', async () => {
    // Lunar New Year (day 31, 18:00, every child, chance 1) is certain within
    // a child's first year, so an event frame must come. A development time
    // scale runs that year in about two seconds at the top speed level.
    const fast = await startTestServer({ LIFETICK_TIME_SCALE: '50' });
    try {
      const client = await RawClient.open(fast.url);
      const welcome = await client.hello(await fast.token('fast'));
      expect(welcome.t).toBe('welcome');
      await client.command(1, 'setSpeed', { level: 5 });
      const fields = welcome.fields as string[];
      const AGE_DAYS = fields.indexOf('ageDays');
      let ageDays = (welcome.state as Record<string, number>).ageDays!;
      const ticks: number[] = [];
      const events: string[] = [];
      let id = 100;
      // A year and a day: the certain holiday lies inside it, wherever the year began.
      while (ageDays <= 366 && !(events.includes(LUNAR_NEW_YEAR) && ticks.length > 10)) {
        const f = await client.next((x) => x.t === 'update' || x.t === 'event');
        if (f.t === 'event') {
          const event = f.event as { id: string; kind: string; options?: { id: string }[] };
          events.push(event.id);
          // A question stops the clock until it is answered: answer with the
          // first option (from the last) the player can afford.
          if (event.kind !== 'message') {
            let reply: Frame | undefined;
            for (const option of [...event.options!].reverse()) {
              reply = await client.command(++id, 'answer', {
                eventId: event.id,
                optionId: option.id,
              });
              if (reply.t === 'ack') break;
            }
            expect(reply?.t, `an affordable answer to ${event.id}`).toBe('ack');
          }
          continue;
        }
        ticks.push(f.tick as number);
        const d = f.d as Record<string, number>;
        for (const key of Object.keys(d)) expect(fields[Number(key)]).toBeDefined();
        ageDays = d[AGE_DAYS] ?? ageDays;
      }
      // One update at most per tick: their ticks strictly increase.
      for (let i = 1; i < ticks.length; i++) expect(ticks[i]!).toBeGreaterThan(ticks[i - 1]!);
      const updateIndices = client.frames
        .map((f, i) => (f.t === 'update' ? i : -1))
        .filter((i) => i >= 0);
      for (const i of updateIndices) {
        // Map keys of an update: the frame's string keys and d's integer keys.
        expect([...client.keyTypes[i]!].sort()).toEqual(['number', 'string']);
      }
      expect(ticks.length).toBeGreaterThan(10);
      expect(events).toContain(LUNAR_NEW_YEAR);
      client.close();
    } finally {
      await fast.close();
    }
  });

  it('does not send the clock every tick: at speed 1 updates come about once per game hour', async () => {
    const client = await RawClient.open(ts.url);
    expect((await client.hello(await ts.token('slow'))).t).toBe('welcome');
    await client.command(1, 'setSpeed', { level: 1 });
    const before = (await client.command(2, 'getState')).result as Record<string, number>;
    const start = client.frames.length;
    // 40 tick periods at speed 1 are 10 game minutes (a late tick covering
    // several periods adds at most 9 more): the clock moved at least 10
    // times, but crossed at most one game hour boundary. Counted in periods,
    // not ticks, since a late tick covers several.
    let periods = 0;
    await new Promise<void>((resolve) => {
      ts.server.engine.onTick((r) => {
        periods += r.quanta;
        if (periods >= 40) resolve();
      });
    });
    const after = (await client.command(3, 'getState')).result as Record<string, number>;
    const lived = (x: Record<string, number>) => x.ageDays! * 1440 + x.minuteOfDay!;
    expect(lived(after) - lived(before)).toBeGreaterThanOrEqual(10);
    const updates = client.frames.slice(start).filter((f) => f.t === 'update').length;
    expect(updates).toBeLessThanOrEqual(2);
    client.close();
  });
});
