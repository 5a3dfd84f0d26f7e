import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { NatsControl } from './nats-control.ts';

const nats = await NatsControl.launch();
if (!nats) console.warn('SKIPPING NatsControl tests: no nats-server binary');

function connects(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

describe.skipIf(!nats)('NatsControl: the fault test’s own NATS', () => {
  afterAll(async () => {
    await nats?.stop();
  });

  it('runs on a port of its own, not the shared 4222', async () => {
    expect(nats!.port).not.toBe(4222);
    expect(nats!.url).toBe(`nats://127.0.0.1:${nats!.port}`);
    expect(await connects(nats!.port)).toBe(true);
  });

  it('stops (connections refused) and starts again on the same port', async () => {
    await nats!.stop();
    expect(nats!.running).toBe(false);
    expect(await connects(nats!.port)).toBe(false);
    await nats!.start();
    expect(nats!.running).toBe(true);
    expect(await connects(nats!.port)).toBe(true);
  });
});
