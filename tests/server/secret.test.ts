import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSecret, SecretFileError } from '../../src/server/secret.ts';
import { startTestServer } from '../helpers/server.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lifetick-secret-'));
  dirs.push(dir);
  return dir;
}

const mode = (file: string) => statSync(file).mode & 0o777;

describe('loadSecret', () => {
  it('creates the data dir 0700 and the secret 0600, whole, with no temporary file left', () => {
    const dataDir = path.join(tempDir(), 'nested', 'data');
    const secret = loadSecret(dataDir, undefined);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(mode(dataDir)).toBe(0o700);
    const file = path.join(dataDir, 'secret');
    expect(mode(file)).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toBe(`${secret}\n`);
    expect(readdirSync(dataDir)).toEqual(['secret']);
    // The next start (or the token CLI) reads the same one.
    expect(loadSecret(dataDir, undefined)).toBe(secret);
  });

  it('takes LIFETICK_SECRET as it is and touches nothing', () => {
    const dataDir = path.join(tempDir(), 'data');
    expect(loadSecret(dataDir, 'from-the-environment-123')).toBe('from-the-environment-123');
    expect(existsSync(dataDir)).toBe(false);
  });

  it("reads an operator's own secret, trimmed, and closes a file others could read", () => {
    const dataDir = tempDir();
    const file = path.join(dataDir, 'secret');
    writeFileSync(file, '  correct horse battery staple\r\n', { mode: 0o644 });
    chmodSync(file, 0o644);
    expect(loadSecret(dataDir, undefined)).toBe('correct horse battery staple');
    expect(mode(file)).toBe(0o600);
  });

  it.each<[string, string | Buffer | 'directory']>([
    ['empty', ''],
    ['short', 'abc123\n'],
    ['fifteen characters and blanks', '  123456789012345  \n'],
    ['binary', Buffer.concat([randomBytes(20), Buffer.from([0]), randomBytes(20)])],
    ['two lines', 'first-line-of-a-secret\nsecond-line-of-a-secret\n'],
    ['oversized', 'x'.repeat(64 * 1024)],
    ['not a file', 'directory'],
  ])(
    'refuses a %s secret file with an error naming it, and leaves it as it was',
    (_name, content) => {
      const dataDir = tempDir();
      const file = path.join(dataDir, 'secret');
      if (content === 'directory') mkdirSync(file);
      else writeFileSync(file, content, { mode: 0o600 });
      const before = content === 'directory' ? undefined : readFileSync(file);
      let thrown: unknown;
      try {
        loadSecret(dataDir, undefined);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(SecretFileError);
      expect((thrown as Error).message).toContain(file);
      expect((thrown as Error).message).toContain('LIFETICK_SECRET');
      // Left as it was: the same bytes, or still the directory.
      expect(statSync(file).isDirectory()).toBe(content === 'directory');
      expect(content === 'directory' ? undefined : readFileSync(file)).toEqual(before);
      expect(readdirSync(dataDir)).toEqual(['secret']);
    },
  );

  it('a server with a damaged secret file does not start, and says which file', async () => {
    const dataDir = tempDir();
    writeFileSync(path.join(dataDir, 'secret'), 'short\n');
    // An empty LIFETICK_SECRET counts as unset: the file is read.
    const failed = await startTestServer({ LIFETICK_DATA_DIR: dataDir, LIFETICK_SECRET: '' }).then(
      async (ts) => {
        await ts.close();
        return undefined;
      },
      (error: unknown) => error,
    );
    expect(failed).toBeInstanceOf(SecretFileError);
    expect((failed as Error).message).toContain(path.join(dataDir, 'secret'));
    // Refused before the database was opened.
    expect(readdirSync(dataDir)).toEqual(['secret']);
  });
});
