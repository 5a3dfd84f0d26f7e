import path from 'node:path';
import { MysqlRepository } from './mysql-repository.ts';
import { type PlayerRepository, RepositoryError } from './repository.ts';
import { SqliteRepository } from './sqlite-repository.ts';

/** The SQLite file used when no database URL is configured. */
export const DEFAULT_SQLITE_FILE = 'lifetick.db';

/**
 * Open the repository a database URL names: `mysql://user:pass@host:port/db`,
 * `sqlite:///absolute/path.db` or `sqlite:relative.db` (relative to the data
 * dir), or SQLite in the data dir when unset.
 */
export function openRepository(databaseUrl: string | undefined, dataDir: string): PlayerRepository {
  if (!databaseUrl) return new SqliteRepository(path.join(dataDir, DEFAULT_SQLITE_FILE));
  if (databaseUrl.startsWith('mysql://')) return new MysqlRepository({ url: databaseUrl });
  if (databaseUrl.startsWith('sqlite:')) {
    const rest = databaseUrl.slice('sqlite:'.length).replace(/^\/\//, '');
    return new SqliteRepository(path.isAbsolute(rest) ? rest : path.join(dataDir, rest));
  }
  throw new RepositoryError(
    `unsupported database URL ${databaseUrl.replace(/\/\/[^@]*@/, '//***@')}: use mysql:// or sqlite:`,
  );
}
