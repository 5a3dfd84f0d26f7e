import { describe, expect, it } from 'vitest';
import {
  BREAK_UP_AFFINITY_DROP,
  DIVORCE_AFFINITY_DROP,
  DIVORCE_FEE,
} from '../../src/sim/relationships.ts';
import { Flag } from '../../src/world/life.ts';
import { c, expectRefused, player, run, useLoveEngine } from '../helpers/love-players.ts';

useLoveEngine();

describe('breakUp', () => {
  it('the partner becomes an ex, and the couple flags go', () => {
    const { ctx, s } = player({
      npcs: [['partner', 60]],
      flags: Flag.hasPartner | Flag.engaged | Flag.tryingForChild | Flag.hasJob,
    });
    const result = run(ctx, 'breakUp', { npcId: 2 });
    expect(result.npc).toMatchObject({ role: 'ex', affinity: 60 - BREAK_UP_AFFINITY_DROP });
    expect(c.flags[s]).toBe(Flag.hasJob);
    expect(ctx.cold.counters.breakUps).toBe(1);
    // Single again: swiping is open.
    expect(run(ctx, 'getSwipeCharacter').candidateId).toBeTypeOf('number');
  });

  it('is refused with a spouse, and with anyone but the partner', () => {
    const married = player({ npcs: [['partner', 60]], flags: Flag.hasPartner | Flag.married });
    expectRefused(married.ctx, married.s, 'breakUp', { npcId: 2 }, 'CONFLICT');
    const friend = player({ npcs: [['friend', 60]] });
    expectRefused(friend.ctx, friend.s, 'breakUp', { npcId: 2 }, 'CONFLICT');
    expectRefused(friend.ctx, friend.s, 'breakUp', { npcId: 3 }, 'NOT_FOUND');
  });
});

describe('divorce', () => {
  it('costs the fee and half the savings above the floor; the spouse becomes an ex', () => {
    const { ctx, s } = player({
      npcs: [['partner', 60]],
      flags: Flag.hasPartner | Flag.married | Flag.tryingForChild,
      money: 10_000,
    });
    const result = run(ctx, 'divorce', { npcId: 2 });
    expect(result).toMatchObject({ fee: DIVORCE_FEE, settlement: 4000 });
    expect(result.npc).toMatchObject({ role: 'ex', affinity: 60 - DIVORCE_AFFINITY_DROP });
    expect(c.money[s]).toBe(5000);
    expect(c.flags[s]).toBe(Flag.divorced);
    expect(ctx.cold.counters.divorces).toBe(1);
  });

  it('never takes more than half, and never leaves a debt', () => {
    for (const money of [DIVORCE_FEE, 1500, 2000, 2001, 3333, 1e6]) {
      const { ctx, s } = player({
        npcs: [['partner', 60]],
        flags: Flag.hasPartner | Flag.married,
        money,
      });
      const { fee, settlement } = run(ctx, 'divorce', { npcId: 2 });
      expect(c.money[s]).toBe(money - fee - settlement);
      expect(c.money[s]).toBeGreaterThanOrEqual(0);
      // Half at most; below twice the fee, the fee alone.
      expect(fee + settlement).toBeLessThanOrEqual(Math.max(money / 2, DIVORCE_FEE));
    }
  });

  it('is refused unmarried, without the fee, and with anyone but the spouse', () => {
    const unmarried = player({ npcs: [['partner', 60]], flags: Flag.hasPartner, money: 5000 });
    expectRefused(unmarried.ctx, unmarried.s, 'divorce', { npcId: 2 }, 'CONFLICT');
    const poor = player({
      npcs: [['partner', 60]],
      flags: Flag.hasPartner | Flag.married,
      money: DIVORCE_FEE - 1,
    });
    expectRefused(poor.ctx, poor.s, 'divorce', { npcId: 2 }, 'INSUFFICIENT_FUNDS');
    expectRefused(poor.ctx, poor.s, 'divorce', { npcId: 0 }, 'CONFLICT');
  });
});
