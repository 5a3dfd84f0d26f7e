import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteRepository } from '../../src/persistence/sqlite-repository.ts';

describe('sqlite file', () => {
  it('refuses a second process (connection) on the same file, and passes integrity_check', () => {
    const d = mkdtempSync(path.join(tmpdir(), 'lifetick-lock-'));
    const file = path.join(d, 'one.db');
    const first = new SqliteRepository(file);
    expect(() => new SqliteRepository(file)).toThrow(/in use by another lifetick process/);
    expect(first.integrityCheck()).toBe('ok');
    void first.close();
    const again = new SqliteRepository(file);
    void again.close();
    rmSync(d, { recursive: true, force: true });
  });
});
