/**
 * The production bench's server: the real server (LifetickServer on its
 * real code path, the writer saving into SQLite), started as `npm start`
 * starts it, then given LIFETICK_BENCH_RESIDENTS resident players on the
 * standard life and speed mix, every one tracked by the writer like a
 * player who is playing (not away: their clocks run). It prints
 * `{"msg":"residents ready"}` when they are in, and stops on SIGTERM.
 * LIFETICK_CAPACITY should hold them and the bots, so the world never grows.
 */
import { loadConfig } from '../../src/config.ts';
import { standardLife } from '../../src/engine/population.ts';
import { createLogger } from '../../src/ops/log.ts';
import { LifetickServer } from '../../src/server/server.ts';

// Lives created per engine command: each batch is one short stall between ticks.
const SPAWN_BATCH = 20_000;

const residents = Number(process.env.LIFETICK_BENCH_RESIDENTS ?? 0);
const config = loadConfig(process.env, []);
const logger = createLogger(config.logLevel);
const server = await LifetickServer.start(config, { logger });
process.on('SIGTERM', () => {
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
const { engine, writer } = server;
for (let done = 0; done < residents; done += SPAWN_BATCH) {
  const count = Math.min(SPAWN_BATCH, residents - done);
  await engine.submit(() => {
    for (let i = 0; i < count; i++) {
      const slot = engine.slotOf(engine.spawn(standardLife(1, done + i)));
      engine.world.columns.away[slot] = 0;
      writer.track(slot, `resident-${done + i}`, 0);
      writer.noteChange(slot);
    }
  });
}
engine.stats.reset();
process.stdout.write(`${JSON.stringify({ level: 30, msg: 'residents ready', residents })}\n`);
