import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';

export interface PersistSuiteOptions {
  /** Rows in the table for the batch runs, and players in the flush runs. */
  readonly players: number;
  readonly batchSizes: readonly number[];
  /** Time inside saveBatch per upsert measurement (and the encode measurement). */
  readonly seconds: number;
  /** Engine worker threads in the flush runs. */
  readonly workers: number;
  readonly seed: number;
  /** MySQL/MariaDB server, without a database: the suite creates its own and drops it. */
  readonly mysqlUrl: string;
}

/** The targets, reported against, never assumed. */

/** A flush that has not finished in this time failed (the writer retries forever). */
export const FLUSH_TIMEOUT_MS = 180_000;
/** The writer's chunk size when none is given (writer.ts); reported in every flush row. */
export const WRITER_BATCH = 20_000;

export const log = (line: string) => process.stderr.write(`persist: ${line}\n`);

// -- clean-up ------------------------------------------------------------------------------

/**
 * What to undo, newest first: run at the end, on failure, and on SIGINT or
 * SIGTERM, so no temp file, database or worker outlives the suite.
 */
export class Cleanups {
  readonly #steps: { name: string; run: () => unknown }[] = [];

  /** Register `run`; the returned function runs it now (once) and forgets it. */
  defer(name: string, run: () => unknown): () => Promise<void> {
    const step = { name, run };
    this.#steps.push(step);
    return async () => {
      const i = this.#steps.indexOf(step);
      if (i < 0) return;
      this.#steps.splice(i, 1);
      await step.run();
    };
  }

  #draining: Promise<void> | undefined;

  /** Run every step; a second caller meanwhile waits for the same run. */
  runAll(): Promise<void> {
    this.#draining ??= this.#drain().finally(() => {
      this.#draining = undefined;
    });
    return this.#draining;
  }

  async #drain(): Promise<void> {
    while (this.#steps.length > 0) {
      const step = this.#steps.pop()!;
      try {
        await step.run();
      } catch (error) {
        log(`clean-up "${step.name}" failed: ${(error as Error).message}`);
      }
    }
  }
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** `promise`, or a rejection after `ms` with `message()`; the timer never outlives it. */
export async function withTimeout<T>(
  promise: Promise<T>,
  ms: number,
  message: () => string,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(message())), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
// -- MySQL ----------------------------------------------------------------------------------

/** A new database `lifetick_bench_<pid>_<hex>` on the server, or undefined when none answers. */
export async function createDatabase(
  adminUrl: string,
  cleanups: Cleanups,
): Promise<{ url: string; drop: () => Promise<void> } | undefined> {
  const name = `lifetick_bench_${process.pid}_${randomBytes(4).toString('hex')}`;
  let admin: mysql.Connection;
  try {
    admin = await mysql.createConnection({ uri: adminUrl, connectTimeout: 3000 });
  } catch (error) {
    log(`no MySQL at ${adminUrl} (${(error as Error).message}): MySQL rows skipped`);
    return undefined;
  }
  try {
    await admin.query(`CREATE DATABASE \`${name}\``);
  } finally {
    await admin.end();
  }
  const drop = cleanups.defer(`drop database ${name}`, async () => {
    const c = await mysql.createConnection({ uri: adminUrl, connectTimeout: 3000 });
    try {
      await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
    } finally {
      await c.end();
    }
  });
  return { url: `${adminUrl.replace(/\/+$/, '')}/${name}`, drop };
}
