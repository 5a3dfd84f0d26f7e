import { describe, expect, it } from 'vitest';
import { ServerLifecycle, ServerPhase } from '../../src/server/lifecycle.ts';

describe('ServerLifecycle', () => {
  it('goes from starting to ready to stopping, and never back', () => {
    const life = new ServerLifecycle();
    expect(life.phase).toBe(ServerPhase.starting);
    expect(life.accepting).toBe(true);
    life.ready();
    expect(life.phase).toBe(ServerPhase.ready);
    life.stopping();
    expect(life.phase).toBe(ServerPhase.stopping);
    expect(life.accepting).toBe(false);
    life.ready();
    expect(life.phase).toBe(ServerPhase.stopping);
  });
});
