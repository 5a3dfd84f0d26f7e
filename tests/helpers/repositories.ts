import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { MysqlRepository } from '../../src/persistence/mysql-repository.ts';
import type { ChatLine, PlayerRecord, PlayerRepository } from '../../src/persistence/repository.ts';
import { SqliteRepository } from '../../src/persistence/sqlite-repository.ts';
import { createTestDatabase, type TestDatabase } from './mysql.ts';

export const record = (id: string, version: number, payload: string): PlayerRecord => ({
  id,
  version,
  updatedAt: 1_000 + version,
  hot: new TextEncoder().encode(payload),
  // The repository stores the layout id as given; these rows are never decoded.
  hotLayout: 7,
  cold: new TextEncoder().encode(`cold-${payload}`),
});
export const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
/** Every chat line of a player, oldest first, without the paging numbers. */
export const allChat = async (repo: PlayerRepository, playerId: string): Promise<ChatLine[]> =>
  (await repo.chatPage(playerId, 0, 10_000)).map(({ seq: _, ...line }) => line);

interface Backend {
  name: string;
  open(): Promise<PlayerRepository | undefined>;
  cleanup(): Promise<void>;
}

/** A case that runs where its backend is reachable (MySQL may be absent outside CI), skipped elsewhere. */
export type MaybeTest = (name: string, fn: () => Promise<void>) => void;

/**
 * The same cases against every repository: SQLite in a temporary directory
 * and MySQL in a database of its own. `body` declares the cases with
 * `maybe`, reaching the migrated repository through `r()`; the cases of one
 * call share that repository, in order.
 */
export function describeRepositories(
  body: (r: () => PlayerRepository, maybe: MaybeTest) => void,
): void {
  let dir = '';
  let database: TestDatabase | undefined;
  const backends: Backend[] = [
    {
      name: 'sqlite',
      async open() {
        dir ||= mkdtempSync(path.join(tmpdir(), 'lifetick-repo-'));
        return new SqliteRepository(path.join(dir, `repo-${Math.random()}.db`));
      },
      async cleanup() {
        if (dir) rmSync(dir, { recursive: true, force: true });
      },
    },
    {
      name: 'mysql',
      async open() {
        database ??= await createTestDatabase();
        return database ? new MysqlRepository({ url: database.url }) : undefined;
      },
      async cleanup() {
        await database?.drop();
      },
    },
  ];

  describe.each(backends)('$name repository', (backend) => {
    let repo: PlayerRepository | undefined;
    beforeAll(async () => {
      repo = await backend.open();
      await repo?.migrate();
    });
    afterAll(async () => {
      await repo?.close();
      await backend.cleanup();
    });
    const r = () => {
      if (!repo) throw new Error('unreachable');
      return repo;
    };
    const maybe = (name: string, fn: () => Promise<void>) =>
      it(name, async (ctx) => {
        if (!repo) ctx.skip();
        await fn();
      });

    body(r, maybe);
  });
}
