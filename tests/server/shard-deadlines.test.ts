import { describe, expect, it } from 'vitest';
import { ShardDeadlines } from '../../src/server/shard-deadlines.ts';

describe('ShardDeadlines', () => {
  it('holds a mark until its moment, then forgets it', () => {
    const marks = new ShardDeadlines();
    marks.mark([3, 7], 60_000);
    marks.mark([9], 0);
    expect(marks.has(3)).toBe(true);
    expect(marks.has(7)).toBe(true);
    expect(marks.has(9)).toBe(false); // its moment has passed already
    expect(marks.has(4)).toBe(false);
    marks.delete(3);
    expect(marks.has(3)).toBe(false);
  });
});
