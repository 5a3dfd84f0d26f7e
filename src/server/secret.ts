import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  fchmodSync,
  fstatSync,
  fsyncSync,
  linkSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { ensureDataDir } from './data-dir.ts';

const SECRET_FILE = 'secret';
/** LIFETICK_SECRET's minimum, for the same reason: a guessable HMAC key forges any player's token. */
const MIN_CHARS = 16;
/** Far above the 43 characters written here; a bigger file is not a secret. */
const MAX_CHARS = 1024;
/** One line of printable ASCII (inner spaces allowed, as an operator's passphrase may have). */
const SECRET_FORMAT = /^[\x20-\x7e]+$/;
/** Hard links are refused on this file system: fall back to a plain rename. */
const NO_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

/** The secret file cannot be used: the message names the file and what to do. */
export class SecretFileError extends Error {
  override readonly name = 'SecretFileError';
}

/**
 * The token secret: LIFETICK_SECRET when set; otherwise the one kept in the
 * data dir, generated (32 random bytes) on first start and written with mode
 * 0600 so only the server's user can read it. The token CLI reads the same
 * file, so tokens it mints are accepted by the server. A file that is short,
 * oversized or not one line of text is a SecretFileError, never replaced:
 * replacing it would silently invalidate every token in circulation.
 */
export function loadSecret(dataDir: string, fromEnv: string | undefined): string {
  if (fromEnv) return fromEnv;
  const file = path.join(dataDir, SECRET_FILE);
  const existing = readSecretFile(file);
  if (existing !== undefined) return existing;
  ensureDataDir(dataDir);
  return createSecretFile(dataDir, file);
}

function damaged(file: string, problem: string): SecretFileError {
  return new SecretFileError(
    `token secret ${file} ${problem}. Restore it, or delete it to generate a new one (tokens signed with the old one stop working), or set LIFETICK_SECRET`,
  );
}

/** The secret in `file`, or undefined when there is no such file. */
function readSecretFile(file: string): string | undefined {
  let fd: number;
  try {
    // Non-blocking, so a FIFO in its place cannot hang the start.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw damaged(file, `cannot be opened (${(error as Error).message})`);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw damaged(file, 'is not a regular file');
    // Room for a line ending and some surrounding blanks around the longest secret.
    if (stat.size > MAX_CHARS + 16)
      throw damaged(file, `is ${stat.size} bytes; a secret is at most ${MAX_CHARS} characters`);
    const text = readFileSync(fd, 'latin1').trim();
    if (text.length < MIN_CHARS)
      throw damaged(
        file,
        `holds ${text.length} characters; a secret has at least ${MIN_CHARS} (was a write cut short?)`,
      );
    if (text.length > MAX_CHARS || !SECRET_FORMAT.test(text))
      throw damaged(
        file,
        `is not a secret: expected one line of ${MIN_CHARS} to ${MAX_CHARS} printable ASCII characters`,
      );
    if ((stat.mode & 0o077) !== 0) fchmodSync(fd, 0o600);
    return text;
  } finally {
    closeSync(fd);
  }
}

/**
 * Write a new secret atomically: to a temporary file (0600, fsynced), then
 * linked into place. A link, unlike a rename, never replaces a file, so when
 * another process (a second server, the token CLI) created the secret
 * meanwhile, theirs is kept and used here too; and a crash leaves either no
 * secret or a whole one, never a short one.
 */
function createSecretFile(dataDir: string, file: string): string {
  const secret = randomBytes(32).toString('base64url');
  const temp = path.join(dataDir, `.secret.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(temp, 'wx', 0o600);
  try {
    writeSync(fd, `${secret}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temp, file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code === 'EEXIST') {
      rmSync(temp, { force: true });
      const theirs = readSecretFile(file);
      if (theirs === undefined) throw damaged(file, 'vanished while the server was starting');
      return theirs;
    }
    if (!NO_LINKS.has(code)) {
      rmSync(temp, { force: true });
      throw error;
    }
    // Still atomic; only two processes creating the secret at the same
    // instant could now each keep their own (the later one on disk).
    renameSync(temp, file);
  }
  rmSync(temp, { force: true });
  syncDirectory(dataDir);
  return secret;
}

/** Make the new directory entry durable too (best effort: not every platform can fsync a directory). */
function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // The file itself is fsynced; at worst a power loss in the seconds after
    // the first start loses the new entry, and the next start makes another.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
