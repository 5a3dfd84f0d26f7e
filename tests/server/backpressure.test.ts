import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame } from '../helpers/raw-client.ts';
import { RawClient } from '../helpers/raw-client.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { ticks, tickUntil } from '../helpers/ticks.ts';

let ts: TestServer;
beforeAll(async () => {
  // A generous rate limit, so the test can make the server write faster than
  // the client reads.
  ts = await startTestServer({ LIFETICK_RATE_LIMIT: '100000', LIFETICK_RATE_BURST: '100000' });
});
afterAll(async () => {
  await ts.close();
});

/** A counter's value summed over its labels. */
async function total(metric: {
  get(): Promise<{ values: readonly { value: number }[] }>;
}): Promise<number> {
  return (await metric.get()).values.reduce((sum, v) => sum + v.value, 0);
}

const skipped = () => total(ts.server.metrics.updatesSkipped);

/** getState answers (about 640 bytes each) sent on top once the server holds updates back. */
const MARGIN_FRAMES = 300;
/** Ticks the server holds the stalled client's changes back for, while watching what it sends. */
const HELD_TICKS = 20;

describe('a client that stops reading', () => {
  it('has its updates held back (bounded memory), then gets the merged changes when it reads again', async () => {
    const client = await RawClient.open(ts.url);
    const welcome = await client.hello(await ts.token('sleepy'));
    const fields = welcome.fields as string[];
    await client.command(1, 'setSpeed', { level: 5 });
    const engine = ts.server.engine;
    const c = engine.world.columns;
    const slot = ts.server.players.slotOf('sleepy');
    const before = await skipped();
    client.socket.pause(); // stop reading: the kernel buffers fill, then the server's
    let skippedNow = before;
    engine.onTick(() => {
      void skipped().then((v) => {
        skippedNow = v;
      });
    });
    // Make the server write: each getState answer is about a kilobyte.
    for (let round = 0; round < 40 && skippedNow === before; round++) {
      for (let i = 0; i < 400; i++)
        client.send({ t: 'cmd', id: round * 1000 + i + 10, name: 'getState', args: {} });
      await ticks(engine, 2);
    }
    expect(skippedNow).toBeGreaterThan(before);

    // Fill the server's buffer well past the threshold (still far below the
    // 1 MiB at which it would close the socket), so the little the kernel
    // still takes in while the client sleeps cannot empty it. Then stop the
    // life (the client sends; it only does not read), so that what is held
    // back stops changing and the client's copy can be checked against it.
    // The speed change itself is held back too.
    for (let i = 0; i < MARGIN_FRAMES; i++)
      client.send({ t: 'cmd', id: 500_000 + i, name: 'getState', args: {} });
    client.send({ t: 'cmd', id: 2, name: 'setSpeed', args: { level: 0 } });
    // Commands run in order: once the speed is 0, every answer above is written.
    await tickUntil(engine, () => c.speed[slot] === 0);
    const bytesHeld = await total(ts.server.metrics.bytesOut);
    const framesHeld = await total(ts.server.metrics.framesOut);
    const skippedHeld = await skipped();
    await ticks(engine, HELD_TICKS);
    // Bounded: each tick the changes stay owed (a few mask words) instead of
    // becoming frames; nothing more is written to a client that does not read.
    expect(await skipped()).toBeGreaterThanOrEqual(skippedHeld + HELD_TICKS);
    expect(await total(ts.server.metrics.bytesOut)).toBe(bytesHeld);
    expect(await total(ts.server.metrics.framesOut)).toBe(framesHeld);
    const resumedAt = engine.tickNumber;

    client.socket.resume();
    // Reading again: everything buffered arrives, then one update carries
    // every change held back, merged.
    const merged = await client.next((f) => f.t === 'update' && (f.tick as number) > resumedAt);
    const final = (await client.command(3, 'getState')).result as Record<string, number>;
    await ticks(engine, 2); // room for a second update, were one (wrongly) owed
    expect(client.socket.readyState).toBe(client.socket.OPEN);

    // The client's copy: the welcome state with every update folded in, in order.
    const view = { ...(welcome.state as Record<string, number>) };
    const fold = (f: Frame) => {
      for (const [k, v] of Object.entries(f.d as Record<number, number>))
        view[fields[Number(k)]!] = v;
    };
    const updates = client.frames.filter((f) => f.t === 'update');
    const at = updates.indexOf(merged);
    for (const f of updates.slice(0, at)) fold(f);
    const differed = fields.filter((name) => view[name] !== final[name]);
    // The speed change was held back, and the clock of the ticks before it.
    const clock = (x: Record<string, number>) => x.ageDays! * 1440 + x.minuteOfDay!;
    expect(differed).toContain('speed');
    expect(clock(view)).toBeLessThan(clock(final));
    fold(merged);
    for (const name of fields) expect(view[name], name).toBe(final[name]);
    // Merged into that one update: every field that differed rides in it,
    // and no other update for the held ticks follows.
    const mergedFields = Object.keys(merged.d as object).map((k) => fields[Number(k)]);
    for (const name of differed) expect(mergedFields).toContain(name);
    expect(updates.slice(at + 1)).toEqual([]);
    client.close();
  });
});
