import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureDataDir } from '../../src/server/data-dir.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lifetick-datadir-'));
  dirs.push(dir);
  return dir;
}

const mode = (dir: string) => statSync(dir).mode & 0o777;

describe('ensureDataDir', () => {
  it('creates a missing data dir (and its parents) with mode 0700, quietly', () => {
    const dir = path.join(tempDir(), 'a', 'data');
    expect(ensureDataDir(dir)).toBeUndefined();
    expect(mode(dir)).toBe(0o700);
    expect(mode(path.dirname(dir))).toBe(0o700);
    expect(ensureDataDir(dir)).toBeUndefined();
  });

  it('warns about an existing data dir others can enter, and leaves its mode alone', () => {
    const dir = path.join(tempDir(), 'data');
    mkdirSync(dir);
    chmodSync(dir, 0o755);
    const warning = ensureDataDir(dir);
    expect(warning).toContain(dir);
    expect(warning).toContain('0755');
    expect(warning).toContain('chmod 700');
    expect(mode(dir)).toBe(0o755);
  });
});
