import { describe, expect, it } from 'vitest';
import { noteServed, SERVED_EVERY_MS, SERVED_KEPT, type SessionRecord } from './bot-log.ts';

const session = (): SessionRecord => ({
  bot: 'bot-0',
  node: 'node-1',
  welcomedAt: 0,
  diamonds: 0,
  served: [0],
});

describe('noteServed', () => {
  it('keeps one moment per interval, and always the latest', () => {
    const s = session();
    for (let at = 10; at <= 1000; at += 10) noteServed(s, at);
    expect(s.served.at(-1)).toBe(1000);
    // A kept moment is the last one noted before the interval ran out:
    // within one note (10 ms here) of the interval after the one before.
    for (let i = 2; i < s.served.length - 1; i++)
      expect(s.served[i]! - s.served[i - 1]!).toBeGreaterThanOrEqual(SERVED_EVERY_MS - 10);
    expect(s.served.length).toBeLessThanOrEqual(1000 / SERVED_EVERY_MS + 3);
  });

  it('is bounded: past SERVED_KEPT moments only the latest moves', () => {
    const s = session();
    for (let i = 1; i <= SERVED_KEPT + 100; i++) noteServed(s, i * SERVED_EVERY_MS * 2);
    expect(s.served.length).toBe(SERVED_KEPT);
    expect(s.served.at(-1)).toBe((SERVED_KEPT + 100) * SERVED_EVERY_MS * 2);
  });
});
