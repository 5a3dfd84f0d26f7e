import { describe, expect, it } from 'vitest';
import { newSession, type Session } from '../../src/server/session.ts';
import { SessionRegistry } from '../../src/server/session-registry.ts';

function session(playerId: string, slot: number): Session {
  const s = newSession(30, 60, 0, '127.0.0.1');
  s.playerId = playerId;
  s.slot = slot;
  return s;
}

describe('SessionRegistry', () => {
  it('binds a live session by player and slot, and a newer one takes over', () => {
    const sessions = new SessionRegistry();
    const first = session('ann', 3);
    sessions.add(first);
    expect(sessions.bind(first)).toBeUndefined();
    expect(sessions.bind(first)).toBeUndefined(); // again: nothing taken over
    expect(sessions.liveOf('ann')).toBe(first);
    expect(sessions.atSlot(3)).toBe(first);

    const second = session('ann', 3);
    sessions.add(second);
    expect(sessions.bind(second)).toBe(first);
    expect(sessions.liveOf('ann')).toBe(second);
    expect(sessions.atSlot(3)).toBe(second);
    expect(sessions.liveCount).toBe(1);
    expect(sessions.openCount).toBe(2);

    // The replaced session's close finds it no longer live, and leaves the new one be.
    expect(sessions.unbind(first)).toBe(false);
    expect(sessions.atSlot(3)).toBe(second);
    sessions.remove(first);
    expect(sessions.openSessions()).toEqual([second]);
  });

  it('unbinds a live session once, freeing its player and slot', () => {
    const sessions = new SessionRegistry();
    const s = session('bo', 7);
    sessions.add(s);
    sessions.bind(s);
    expect(sessions.unbind(s)).toBe(true);
    expect(sessions.unbind(s)).toBe(false);
    expect(sessions.isLive('bo')).toBe(false);
    expect(sessions.atSlot(7)).toBeUndefined();
    expect([...sessions.liveSessions()]).toEqual([]);
    expect(sessions.openCount).toBe(1);
  });
});
