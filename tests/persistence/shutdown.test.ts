import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.ts';
import { createLogger } from '../../src/ops/log.ts';
import type { PlayerStore } from '../../src/persistence/player-store.ts';
import { blockColumn } from '../../src/persistence/raw-rows.ts';
import { WriteBehindWriter } from '../../src/persistence/writer.ts';
import { mintPlayerToken, secretKey } from '../../src/server/auth.ts';
import {
  type ChildServer,
  exitWithin,
  killAllServers,
  killHard,
  spawnServer,
} from '../helpers/child-server.ts';
import { RawClient } from '../helpers/raw-client.ts';
import { readSqlitePlayers } from '../helpers/saved-players.ts';

/** Resolves with `value` after `ms`: a bound that turns a hang into a message (unref'd: it holds nothing open). */
function deadline<T>(ms: number, value: T): Promise<T> {
  return new Promise((resolve) => setTimeout(resolve, ms, value).unref());
}

const PLAYERS = 1000;
const BATCH = 100;

let server: ChildServer | undefined;
const clients: RawClient[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.terminate();
  await killHard(server);
  await killAllServers();
  server = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('graceful shutdown (SQLite, SIGTERM)', () => {
  it(`saves what ${PLAYERS} connected players were acked, closes them with 1001 and exits 0 within 10 s`, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lifetick-shutdown-'));
    dirs.push(dir);
    const secret = randomBytes(24).toString('base64url');
    const key = secretKey(secret);
    server = await spawnServer({
      LIFETICK_DATA_DIR: dir,
      LIFETICK_SECRET: secret,
      // No periodic flush comes during the test: every row must come from
      // the final flush that SIGTERM triggers.
      LIFETICK_FLUSH_MS: '600000',
    });
    const ids = Array.from({ length: PLAYERS }, (_, i) => `quit-${i}`);
    const tokens = await Promise.all(ids.map((id) => mintPlayerToken(id, key, 3600)));

    // Ramp up in batches; every player must be welcomed.
    const rampStarted = Date.now();
    for (let start = 0; start < PLAYERS; start += BATCH) {
      const batch = await Promise.all(
        ids.slice(start, start + BATCH).map(async (id, k) => {
          const client = await RawClient.open(server!.url);
          clients.push(client);
          const welcome = await client.hello(tokens[start + k]!);
          expect(welcome, id).toMatchObject({ t: 'welcome', playerId: id });
          return client;
        }),
      );
      expect(batch).toHaveLength(Math.min(BATCH, PLAYERS - start));
    }
    const rampMs = Date.now() - rampStarted;
    expect(clients).toHaveLength(PLAYERS);

    // Every player picks a speed (0..5, so neighbours differ) and waits for the ack.
    const level = (i: number) => i % 6;
    const sentAt: number[] = [];
    const acks = await Promise.all(
      clients.map((client, i) => {
        sentAt[i] = Date.now();
        return client.command(1, 'setSpeed', { level: level(i) });
      }),
    );
    for (const [i, ack] of acks.entries())
      expect(ack, ids[i]).toMatchObject({ t: 'ack', id: 1, result: { speed: level(i) } });

    // Right after the last ack.
    const termAt = Date.now();
    server.child.kill('SIGTERM');
    const exit = await exitWithin(server, 10_000);
    const exitMs = Date.now() - termAt;
    expect(exit, `no exit within 10 s of SIGTERM:\n${server.lines.slice(-20).join('\n')}`).toEqual({
      code: 0,
      signal: null,
    });
    const closes = await Promise.all(clients.map((c) => c.closed));
    const codes = new Map<number, number>();
    for (const { code } of closes) codes.set(code, (codes.get(code) ?? 0) + 1);
    expect(Object.fromEntries(codes)).toEqual({ 1001: PLAYERS });
    const flushed = server.logged('final flush done')[0];
    expect(flushed?.rows).toBe(PLAYERS);
    expect(server.logged('stopped')).toHaveLength(1);

    const { integrity, players } = readSqlitePlayers(path.join(dir, 'lifetick.db'));
    expect(integrity).toBe('ok');
    expect(players.size).toBe(PLAYERS);
    const wrong: string[] = [];
    for (const [i, id] of ids.entries()) {
      const row = players.get(id);
      if (!row) wrong.push(`${id}: no row`);
      else if (row.fields.speed !== level(i))
        wrong.push(`${id}: saved speed ${row.fields.speed}, acked ${level(i)}`);
      else if (row.updatedAt < sentAt[i]!)
        wrong.push(`${id}: saved state is from before its setSpeed was sent`);
    }
    expect(wrong).toEqual([]);
    console.info(
      `shutdown: ramp ${rampMs} ms for ${PLAYERS} players, SIGTERM to exit ${exitMs} ms, ${String(flushed?.rows)} rows saved (all by the final flush)`,
    );
  });
});

describe('final flush (in process)', () => {
  let engine: Engine | undefined;
  afterEach(async () => {
    await engine?.close();
    engine = undefined;
  });

  it('saves every player when shutdown lands between two chunks of one flush cycle', async () => {
    // 2,500 players changing every tick: a flush cycle copies them in two
    // chunks (2,000 a tick), one tick apart. The shutdown stops the ticks
    // right after the first chunk, so the second chunk can only be saved by
    // the final flush itself. (The 1,000-player test above fits one chunk.)
    const players = 2500;
    engine = new Engine({ capacity: 4096, workers: 1, tickHz: 20 });
    const e = engine;
    const saved = new Map<string, number>();
    const savedAfterStop = new Set<string>();
    let firstChunks = 0;
    let stopAfterFirstChunk: Promise<void> | undefined;
    // Resolves with the stop under way (wrapped: a promise would be adopted, not handed over).
    let stopStarted: (stop: { stopped: Promise<void> }) => void = () => {};
    const stopping = new Promise<{ stopped: Promise<void> }>((resolve) => {
      stopStarted = resolve;
    });
    let writer: WriteBehindWriter | undefined;
    const store = {
      async save(
        ids: readonly string[],
        _versions: Float64Array,
        _at: Float64Array,
        blocks: ArrayBuffer,
      ) {
        const afterStop = stopAfterFirstChunk !== undefined;
        const minutes = blockColumn(blocks, ids.length, 'minuteOfDay');
        ids.forEach((id, i) => {
          saved.set(id, minutes[i]!);
          if (afterStop) savedAfterStop.add(id);
        });
        // The third cycle's first chunk (by then every player is dirty every
        // cycle): the signal arrives during its phase 2, as SIGTERM may.
        if (!afterStop && ids.length === 2000 && ids[0] === 'p0' && ++firstChunks === 3) {
          stopAfterFirstChunk = e.stop().then(() => writer!.flushAll());
          stopStarted({ stopped: stopAfterFirstChunk });
        }
        return { written: ids.length, encodeMs: 0, writeMs: 0 };
      },
    } as unknown as PlayerStore;
    writer = new WriteBehindWriter({
      source: e.world,
      store,
      logger: createLogger('silent'),
      flushMs: 50,
      // Fixed 2,000-player chunks (no time budget cut), so the cycle has two.
      batchSize: 2000,
      snapshotBudgetMs: 1000,
    });
    e.onPublish(() => writer.phase2());
    const slots: number[] = [];
    for (let i = 0; i < players; i++) {
      slots.push(e.world.resolve(e.spawn({ seed: 1, player: i, ageYears: 20, speed: 3 })));
      writer.track(slots[i]!, `p${i}`, 0);
    }
    writer.start();
    e.start();
    // Wait on the stop itself; the timers only turn a hang into a message.
    const done = await Promise.race([
      stopping.then(({ stopped }) =>
        Promise.race([
          stopped.then(() => 'flushed'),
          deadline(5000, 'flushAll still waiting after 5 s'),
        ]),
      ),
      deadline(20_000, 'no two-chunk cycle seen in 20 s'),
    ]);
    writer.stop();
    expect(done).toBe('flushed');
    expect(saved.size).toBe(players);
    // The players the interrupted cycle had not copied yet were saved by the final flush.
    expect(savedAfterStop.has(`p${players - 1}`)).toBe(true);
    expect(writer.status().unflushed).toBe(0);
    // What was saved last is what the columns hold now that ticks have stopped.
    const c = e.world.columns;
    const stale = slots.filter((slot, i) => saved.get(`p${i}`) !== c.minuteOfDay[slot]);
    expect(stale).toEqual([]);
  });
});
