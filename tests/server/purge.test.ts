import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../../protocol/close-codes.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/ops/log.ts';
import { SqliteRepository } from '../../src/persistence/sqlite-repository.ts';
import { mintPlayerToken, secretKey } from '../../src/server/auth.ts';
import { PurgeJob } from '../../src/server/purge.ts';
import { LifetickServer } from '../../src/server/server.ts';
import { type ColdState, coldStateFrom } from '../../src/world/cold.ts';
import { type Frame, RawClient } from '../helpers/raw-client.ts';

/**
 * The account purge end to end: real servers on one SQLite data dir, a wall
 * clock the test moves (30 days pass in a line), and the purge run through
 * the method the server exposes for it, awaited, never waited for by sleeping.
 */

const DAY_MS = 86_400_000;
const dir = mkdtempSync(path.join(tmpdir(), 'lifetick-purge-'));
const secret = randomBytes(24).toString('base64url');
const clock = { now: Date.UTC(2026, 0, 1) };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function start(): Promise<LifetickServer> {
  const config = loadConfig({
    LIFETICK_PORT: '0',
    LIFETICK_HOST: '127.0.0.1',
    LIFETICK_DATA_DIR: dir,
    LIFETICK_SECRET: secret,
    LIFETICK_LOG_LEVEL: 'silent',
    LIFETICK_WORKERS: '1',
    LIFETICK_CAPACITY: '64',
    LIFETICK_COMMAND_LOG: 'off',
  });
  return LifetickServer.start(config, { clock: () => clock.now });
}

async function connect(
  server: LifetickServer,
  playerId: string,
): Promise<{ client: RawClient; welcome: Frame }> {
  const client = await RawClient.open(`ws://127.0.0.1:${server.port}/ws`);
  const welcome = await client.hello(await mintPlayerToken(playerId, secretKey(secret), 3600));
  expect(welcome.t).toBe('welcome');
  return { client, welcome };
}

let nextId = 1;
async function call(
  client: RawClient,
  name: string,
  args: unknown = {},
): Promise<Record<string, unknown>> {
  const reply = await client.command(nextId++, name, args);
  if (reply.t !== 'ack') throw new Error(`${name}: ${String(reply.code)} ${String(reply.message)}`);
  return reply.result as Record<string, unknown>;
}

/** Leave something of everything in the database: a purchase, chat lines, the state. */
async function liveALittle(client: RawClient, welcome: Frame, tag: string): Promise<void> {
  const npcId = (welcome.state as { npcs: { id: number }[] }).npcs[0]!.id;
  await call(client, 'talk', { npcId, text: `a secret of ${tag}` });
  await client.next((f) => f.t === 'chat');
  await call(client, 'purchaseInAppItem', {
    productId: 'diamonds_100',
    platform: 'dev',
    receipt: `dev:diamonds_100:tx-${tag}`,
    purchaseId: `buy-${tag}`,
  });
}

describe('the account purge', () => {
  it('deletes everything of accounts past their grace period, and only theirs', async () => {
    // -- a first server: three players live a little; two ask to be deleted
    let server = await start();
    const requestedAt = clock.now;
    for (const id of ['stayer', 'online', 'offline', 'changed-mind']) {
      const { client, welcome } = await connect(server, id);
      await liveALittle(client, welcome, id);
      if (id !== 'stayer')
        expect((await call(client, 'deleteAccount')).requestedAt).toBe(requestedAt);
      if (id === 'changed-mind') await call(client, 'cancelDeletion');
      client.close();
    }
    await server.close();

    // -- a second server on the same data: 'offline' is not in memory at all
    server = await start();
    const online = await connect(server, 'online');
    expect((online.welcome.state as { deletion: unknown }).deletion).toMatchObject({ requestedAt });
    expect((online.welcome.state as { conversations: unknown[] }).conversations).not.toEqual([]);

    clock.now = requestedAt + 30 * DAY_MS - 1;
    expect(await server.runPurge()).toEqual([]);
    expect(online.client.socket.readyState).toBe(online.client.socket.OPEN);

    clock.now = requestedAt + 30 * DAY_MS;
    expect([...(await server.runPurge())].sort()).toEqual(['offline', 'online']);
    // The connected player is told, and their connection closed.
    const closed = await online.client.closed;
    expect(closed.code).toBe(CloseCode.AUTH_FAILED);
    expect(await server.runPurge()).toEqual([]);

    // A hello with a purged id starts a new life: nothing of the old one is left.
    for (const id of ['online', 'offline']) {
      const again = await connect(server, id);
      const fresh = again.welcome.state as Record<string, unknown>;
      expect(fresh.ageDays).toBeLessThan(2);
      expect(fresh.deletion).toBeNull();
      expect(fresh.conversations).toEqual([]);
      const exported = await call(again.client, 'exportData');
      expect(exported.chat).toEqual([]);
      expect(exported.purchases).toEqual([]);
      expect(exported.ledger).toEqual([]);
      expect(exported.cold).toMatchObject({ counters: {}, inventory: {} });
      // The old purchase id means nothing to the new life's ledger.
      const bought = await call(again.client, 'purchaseInAppItem', {
        productId: 'diamonds_100',
        platform: 'dev',
        receipt: `dev:diamonds_100:new-tx-${id}`,
        purchaseId: `buy-${id}`,
      });
      expect(bought.balance).toBe(100);
      again.client.close();
    }
    // The players who stayed are untouched.
    const stayer = await connect(server, 'stayer');
    const kept = await call(stayer.client, 'exportData');
    expect((kept.chat as unknown[]).length).toBeGreaterThanOrEqual(2);
    expect(kept.purchases).toHaveLength(1);
    stayer.client.close();
    online.client.close();
    await server.close();

    // -- the database itself: no rows of the old lives are left
    const repo = new SqliteRepository(path.join(dir, 'lifetick.db'));
    try {
      expect(await repo.dueDeletions(Number.MAX_SAFE_INTEGER, 100)).toEqual([]);
      for (const id of ['online', 'offline']) {
        const chat = await repo.chatPage(id, 0, 1000);
        expect(chat.some((l) => l.text.startsWith('a secret'))).toBe(false);
        expect((await repo.purchasePage(id, 0, 1000)).map((p) => [p.purchaseId, p.at])).toEqual([
          [`buy-${id}`, requestedAt + 30 * DAY_MS],
        ]);
      }
      for (const id of ['stayer', 'changed-mind']) {
        expect(await repo.load(id)).toBeDefined();
        expect((await repo.chatPage(id, 0, 1000)).some((l) => l.text === `a secret of ${id}`)).toBe(
          true,
        );
        expect(await repo.purchasePage(id, 0, 1000)).toHaveLength(1);
      }
    } finally {
      await repo.close();
    }
  });
});

describe('PurgeJob', () => {
  const NOW = 1_000_000;
  const due = { requestedAt: 0, purgeAfter: NOW };

  /** The job over fakes: a database of requests and rows, and residents by id. */
  function harness() {
    const requests = new Map<string, number>();
    const rows = new Set<string>();
    const residents = new Map<string, ColdState>();
    const log: string[] = [];
    let duringPurge: (() => void) | undefined;
    const colds: ColdState[] = [];
    const job = new PurgeJob({
      store: {
        dueDeletions: async (now, limit) =>
          [...requests]
            .filter(([, at]) => at <= now)
            .map(([id]) => id)
            .slice(0, limit),
        purgeDue: async (now) => {
          const ids = [...requests].filter(([, at]) => at <= now).map(([id]) => id);
          for (const id of ids) {
            requests.delete(id);
            rows.delete(id);
          }
          log.push(`purge ${ids.join(',')}`);
          duringPurge?.();
          duringPurge = undefined;
          return ids;
        },
        requestDeletion: async (id, _at, purgeAfter) => {
          log.push(`request ${id}`);
          requests.set(id, purgeAfter);
        },
      },
      players: {
        drop: async (id, confirm = () => true) => {
          const cold = residents.get(id);
          if (!cold) return false;
          colds.push(cold);
          if (!confirm(colds.length - 1)) return false;
          residents.delete(id);
          log.push(`drop ${id}`);
          return true;
        },
      },
      cold: { has: (slot) => colds[slot] !== undefined, get: (slot) => colds[slot]! },
      chatLog: { flush: async () => void log.push('flush') },
      chat: { forget: (id) => log.push(`forget ${id}`) },
      sessions: {
        close: (id) => log.push(`close ${id}`),
        closeStale: (id) => log.push(`stale ${id}`),
      },
      clock: () => NOW,
      intervalMs: 0,
      logger: createLogger('silent'),
    });
    const resident = (id: string, deletion: typeof due | null) =>
      residents.set(id, coldStateFrom({ deletion }));
    return {
      job,
      requests,
      rows,
      residents,
      log,
      resident,
      racing: (fn: () => void) => {
        duringPurge = fn;
      },
    };
  }

  it('drops the due players, flushes the chat log, purges, forgets, closes stale sessions', async () => {
    const h = harness();
    h.requests.set('a', NOW);
    h.requests.set('later', NOW + 1);
    h.resident('a', due);
    expect(await h.job.run()).toEqual(['a']);
    expect(h.log).toEqual(['close a', 'drop a', 'flush', 'purge a', 'forget a', 'stale a']);
    expect(h.requests.has('later')).toBe(true);
  });

  it('keeps a resident whose deletion was cancelled meanwhile, and a new life', async () => {
    const h = harness();
    h.requests.set('cancelling', NOW);
    h.resident('cancelling', null);
    await h.job.run();
    expect(h.log).not.toContain('drop cancelling');
    expect(h.residents.has('cancelling')).toBe(true);
  });

  it('drops again, and purges again, a player whose hello raced the purge back into the old life', async () => {
    const h = harness();
    h.requests.set('racer', NOW);
    h.rows.add('racer');
    h.racing(() => {
      // The hello's load read the row before the purge; its save writes it again.
      h.resident('racer', due);
      h.rows.add('racer');
    });
    expect(await h.job.run()).toEqual(['racer']);
    expect(h.log).toEqual([
      'flush',
      'purge racer',
      'forget racer',
      'close racer',
      'drop racer',
      'request racer',
      'flush',
      'purge racer',
      'forget racer',
      'stale racer',
    ]);
    expect(h.rows.has('racer')).toBe(false);
    expect(h.requests.size).toBe(0);
  });

  it('leaves a new life that started after the purge alone', async () => {
    const h = harness();
    h.requests.set('reborn', NOW);
    h.racing(() => h.resident('reborn', null));
    expect(await h.job.run()).toEqual(['reborn']);
    expect(h.residents.has('reborn')).toBe(true);
    expect(h.log).not.toContain('drop reborn');
  });

  it('runs one after another when asked twice at once', async () => {
    const h = harness();
    h.requests.set('a', NOW);
    const [first, second] = await Promise.all([h.job.run(), h.job.run()]);
    expect(first).toEqual(['a']);
    expect(second).toEqual([]);
  });
});
