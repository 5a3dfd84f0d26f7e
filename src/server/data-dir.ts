import { mkdirSync, statSync } from 'node:fs';

/**
 * Make sure the data dir exists, and say whether others can look inside.
 *
 * It holds the token secret, the SQLite database (player state, chats,
 * purchases) and the command log: nothing for other users of the machine,
 * so a directory made here is mode 0700. One that already exists is left as
 * the operator made it (a mounted volume, or shared on purpose), but when
 * its group or others have any access the returned warning says so.
 *
 * @returns a warning for the log, or undefined when the directory is private.
 */
export function ensureDataDir(dir: string): string | undefined {
  const created = mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (created !== undefined) return undefined;
  const mode = statSync(dir).mode & 0o777;
  if ((mode & 0o077) === 0) return undefined;
  return `data dir ${dir} is open to other users (mode ${mode.toString(8).padStart(4, '0')}); it holds the token secret and the database: chmod 700 it`;
}
