import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawClient } from '../helpers/raw-client.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let ts: TestServer;
beforeAll(async () => {
  // A generous rate limit, so the test can make the server write faster than
  // the client reads.
  ts = await startTestServer({ LIFETICK_RATE_LIMIT: '100000', LIFETICK_RATE_BURST: '100000' });
});
afterAll(async () => {
  await ts.close();
});

/** Resolves at the end of the first tick for which `check` holds. */
function tickWhen(check: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    let done = false;
    ts.server.engine.onTick(() => {
      if (!done && check()) {
        done = true;
        resolve();
      }
    });
  });
}

const skipped = async () => (await ts.server.metrics.updatesSkipped.get()).values[0]?.value ?? 0;

describe('a client that stops reading', () => {
  it('has its updates held back (bounded memory), then gets the merged changes when it reads again', async () => {
    const client = await RawClient.open(ts.url);
    await client.hello(await ts.token('sleepy'));
    await client.command(1, 'setSpeed', { level: 5 });
    const before = await skipped();
    client.socket.pause(); // stop reading: the kernel buffers fill, then the server's
    let skippedNow = before;
    ts.server.engine.onTick(() => {
      void skipped().then((v) => {
        skippedNow = v;
      });
    });
    // Make the server write: each getState answer is about a kilobyte.
    for (let round = 0; round < 40 && skippedNow === before; round++) {
      for (let i = 0; i < 400; i++)
        client.send({ t: 'cmd', id: round * 1000 + i + 10, name: 'getState', args: {} });
      await tickWhen(() => true);
      await tickWhen(() => true);
    }
    expect(skippedNow).toBeGreaterThan(before);
    const framesBefore = client.frames.length;
    client.socket.resume();
    // Reading again: everything buffered arrives, then updates flow again,
    // carrying the changes that were held back.
    const update = await client.next(
      (f) => f.t === 'update' && client.frames.indexOf(f) >= framesBefore,
    );
    expect(Object.keys(update.d as object).length).toBeGreaterThan(0);
    expect(client.socket.readyState).toBe(client.socket.OPEN);
    client.close();
  });
});
