/**
 * The process `crash-loss.ts` kills: a populated engine on the standard
 * speed mix at 20 Hz, the write-behind writer saving it into SQLite through
 * the real persistence worker, pass after pass. It prints one JSON line
 * when every player's first save is in (`ready`), then one a second with
 * the writer's status, until it is killed. Configured by LIFETICK_CRASH_CHILD.
 */
import { pino } from 'pino';
import { Engine } from '../../src/engine/engine.ts';
import { populate } from '../../src/engine/population.ts';
import { PlayerStore } from '../../src/persistence/player-store.ts';
import { WriteBehindWriter } from '../../src/persistence/writer.ts';

export interface CrashChildConfig {
  readonly players: number;
  readonly seed: number;
  readonly workers: number;
  readonly dataDir: string;
  /** The writer's flush interval (the server's default is 1000). */
  readonly flushMs: number;
}

const config = JSON.parse(process.env.LIFETICK_CRASH_CHILD ?? '') as CrashChildConfig;
const say = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(line)}\n`);

const engine = new Engine({ capacity: config.players, workers: config.workers, tickHz: 20 });
const store = await PlayerStore.open({ databaseUrl: undefined, dataDir: config.dataDir });
const writer = new WriteBehindWriter({
  source: engine.world,
  store,
  logger: pino({ level: 'warn' }, pino.destination(2)),
  flushMs: config.flushMs,
});
engine.onPublish(() => writer.phase2());
const handles = populate(engine, { players: config.players, seed: config.seed });
handles.forEach((h, player) => {
  writer.track(engine.slotOf(h), `p${player}`, 0);
});
await engine.tick();
await writer.flushAll();
say({ type: 'ready', at: Date.now() });
engine.start();
writer.start();
setInterval(() => {
  const s = writer.status();
  say({
    type: 'status',
    at: Date.now(),
    oldestUnsavedMs: s.oldestUnsavedMs,
    unflushed: s.unflushed,
    rowsSaved: s.rowsSaved,
  });
}, 1000);
