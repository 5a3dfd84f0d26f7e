import mysql, { type Pool, type PoolConnection } from 'mysql2/promise';
import { FencedOutError } from './fence.ts';
import { RepositoryError } from './repository.ts';

export interface MysqlOptions {
  /** mysql://user:pass@host:port/db */
  readonly url: string;
  readonly connectionLimit?: number;
  /** Requests waiting for a connection, at most; beyond it a request fails at once. */
  readonly queueLimit?: number;
  /** How long a request waits for a pooled connection before failing. */
  readonly acquireTimeoutMs?: number;
  /** How long one query may run before it is given up. */
  readonly queryTimeoutMs?: number;
}

// Pool defaults. The persistence worker runs one request at a time
// (workers/persistence.ts), so a few connections are plenty, with room for
// tools and benches that call a repository directly; 64 waiting requests is
// far past that, and a request beyond it fails at once.
const DEFAULT_CONNECTIONS = 4;
const DEFAULT_QUEUE = 64;
const DEFAULT_ACQUIRE_TIMEOUT_MS = 5000;
const DEFAULT_QUERY_TIMEOUT_MS = 10_000;

/**
 * The MySQL repository's connections: a mysql2 pool whose queue is bounded
 * and where a connection that does not come within the acquire timeout
 * fails the request, so a database that is down or frozen turns into
 * errors the write-behind writer retries, never into a growing pile of
 * waiting work. Errors come out as RepositoryError.
 */
export class MysqlConnections {
  /** How long one query may run (pass it as each query's `timeout`). */
  readonly queryTimeoutMs: number;
  readonly #pool: Pool;
  readonly #acquireTimeoutMs: number;

  constructor(options: MysqlOptions) {
    this.#acquireTimeoutMs = options.acquireTimeoutMs ?? DEFAULT_ACQUIRE_TIMEOUT_MS;
    this.queryTimeoutMs = options.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS;
    this.#pool = mysql.createPool({
      uri: options.url,
      connectionLimit: options.connectionLimit ?? DEFAULT_CONNECTIONS,
      queueLimit: options.queueLimit ?? DEFAULT_QUEUE,
      waitForConnections: true,
      connectTimeout: this.#acquireTimeoutMs,
      enableKeepAlive: true,
      supportBigNumbers: true,
      // countWritten() (mysql-player-rows.ts) relies on found-rows semantics for affectedRows.
      flags: ['FOUND_ROWS'],
    });
    // A pool emits errors of idle connections; they surface on the next query.
    this.#pool.on('connection', (c) => c.on('error', () => {}));
  }

  async #connection(): Promise<PoolConnection> {
    let timer: NodeJS.Timeout | undefined;
    const acquiring = this.#pool.getConnection();
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(new RepositoryError(`no database connection within ${this.#acquireTimeoutMs} ms`)),
        this.#acquireTimeoutMs,
      );
    });
    try {
      return await Promise.race([acquiring, timeout]);
    } catch (error) {
      // A connection that arrives after the timeout goes straight back.
      acquiring.then(
        (c) => c.release(),
        () => {},
      );
      throw wrap(error);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Run `work` on a pooled connection. A failure comes out as a
   * RepositoryError, and the connection is dropped rather than reused, which
   * also rolls back a transaction `work` left open.
   */
  async with<T>(work: (c: PoolConnection) => Promise<T>): Promise<T> {
    const c = await this.#connection();
    let ok = false;
    try {
      const result = await work(c);
      ok = true;
      return result;
    } catch (error) {
      throw wrap(error);
    } finally {
      // A connection that failed mid-query may be broken: it is dropped from
      // the pool rather than handed to the next request.
      if (ok) c.release();
      else c.destroy();
    }
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }
}

function wrap(error: unknown): Error {
  // A fenced-out write is not a database failure: it keeps its type, so the
  // writer drops the refused rows instead of retrying them.
  if (error instanceof RepositoryError || error instanceof FencedOutError) return error;
  const e = error as { code?: string; message?: string };
  return new RepositoryError(`mysql: ${e.code ?? 'error'}: ${e.message ?? String(error)}`);
}
