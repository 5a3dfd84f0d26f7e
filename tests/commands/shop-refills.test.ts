import { describe, expect, it } from 'vitest';
import { energyWaived } from '../../src/commands/core.ts';
import { ENERGY_REFILLS } from '../../src/content/energy-refills.ts';
import { TIME_SKIPS } from '../../src/content/time-skips.ts';
import { DAYS_PER_YEAR } from '../../src/world/life.ts';
import {
  c,
  DAY_MS,
  engine,
  NOW,
  player,
  refused,
  run,
  useShopEngine,
} from '../helpers/shop-players.ts';

useShopEngine();

describe('purchaseEnergyRefill', () => {
  it('fills the bar and keeps what is beyond its peak in the reserve', async () => {
    const p = player();
    c().peakEnergy[p.s] = 100;
    c().energy[p.s] = 80;
    c().energyReserve[p.s] = 0;
    const diamonds = c().diamonds[p.s]!;
    const result = await run(p, 'purchaseEnergyRefill', { tier: 'small', purchaseId: 'e1' });
    expect(result).toEqual({
      purchaseId: 'e1',
      tier: 'small',
      price: ENERGY_REFILLS.small.diamonds,
      energy: 100,
      energyReserve: 80,
      unlimitedUntil: 0,
    });
    expect(c().diamonds[p.s]).toBe(diamonds - ENERGY_REFILLS.small.diamonds);
    expect(await run(p, 'purchaseEnergyRefill', { tier: 'small', purchaseId: 'e1' })).toEqual(
      result,
    );
    expect(c().energyReserve[p.s]).toBe(80);
    expect(p.records.audit.map((a) => [a.item, a.amount, a.currency])).toEqual([
      ['energy:small', ENERGY_REFILLS.small.diamonds, 'diamonds'],
    ]);
  });

  it('unlimited: fills the bar and waives energy costs for 24 hours, extending a running one', async () => {
    const p = player();
    c().peakEnergy[p.s] = 90;
    c().energy[p.s] = 10;
    const result = await run(p, 'purchaseEnergyRefill', { tier: 'unlimited', purchaseId: 'u1' });
    expect(result.unlimitedUntil).toBe(NOW + DAY_MS);
    expect(c().energy[p.s]).toBe(90);
    expect(energyWaived(p.cold, NOW + DAY_MS - 1)).toBe(true);
    expect(energyWaived(p.cold, NOW + DAY_MS)).toBe(false);
    p.clock.now = NOW + 3_600_000;
    await run(p, 'purchaseEnergyRefill', { tier: 'unlimited', purchaseId: 'u2' });
    expect(p.cold.unlimitedEnergyUntil).toBe(NOW + 2 * DAY_MS);
  });

  it('refuses without the diamonds, with a full reserve, or after death: nothing changes', async () => {
    const poor = player(30, { diamonds: 4 });
    await refused(
      poor,
      'purchaseEnergyRefill',
      { tier: 'instant', purchaseId: 'e1' },
      'INSUFFICIENT_FUNDS',
    );
    await refused(poor, 'purchaseEnergyRefill', { tier: 'huge', purchaseId: 'e2' }, 'INVALID_ARGS');
    const full = player();
    c().energy[full.s] = c().peakEnergy[full.s]!;
    c().energyReserve[full.s] = 65_500;
    await refused(full, 'purchaseEnergyRefill', { tier: 'large', purchaseId: 'e3' }, 'CONFLICT');
    const dead = player();
    c().alive[dead.s] = 0;
    await refused(dead, 'purchaseEnergyRefill', { tier: 'small', purchaseId: 'e4' }, 'CONFLICT');
  });
});

describe('purchaseTimeSkip', () => {
  it('runs the clock forward through the rules and says what happened', async () => {
    const p = player(20);
    c().pendingEvent[p.s] = 0;
    const ageDays = c().ageDays[p.s]!;
    const diamonds = c().diamonds[p.s]!;
    const gameMinute = () => c().ageDays[p.s]! * 1440 + c().minuteOfDay[p.s]!;
    const start = gameMinute();
    const result = await run(p, 'purchaseTimeSkip', { duration: '1d', purchaseId: 't1' });
    expect(result).toMatchObject({ purchaseId: 't1', duration: '1d', minutes: 1440 });
    const passed = result.minutesPassed as number;
    // The whole day, unless a question stopped the clock on the way.
    expect(passed === 1440 || result.stoppedBy !== null).toBe(true);
    expect(gameMinute() - start).toBe(passed);
    expect((result.price as number) + (result.refunded as number)).toBe(TIME_SKIPS['1d'].diamonds);
    expect(c().diamonds[p.s]).toBe(diamonds - (result.price as number));
    const before = result.before as { ageDays: number; ageYears: number; alive: boolean };
    expect(before).toMatchObject({ ageDays, ageYears: Math.floor(ageDays / DAYS_PER_YEAR) });
    expect(before.alive).toBe(true);
    expect((result.after as { ageDays: number }).ageDays).toBe(c().ageDays[p.s]);
    // Retried: the same summary, and the clock did not move again.
    const clock = gameMinute();
    expect(await run(p, 'purchaseTimeSkip', { duration: '1d', purchaseId: 't1' })).toEqual(result);
    expect(gameMinute()).toBe(clock);
  });

  it('lists the achievements unlocked on the way', async () => {
    const p = player(0);
    // Two weeks before a first birthday; the daily check takes a few days
    // to reach each locked achievement, so allow a few weeks past it.
    c().ageDays[p.s] = DAYS_PER_YEAR - 14;
    const unlocked: string[] = [];
    for (let k = 0; k < 6 && !unlocked.includes('first_birthday'); k++) {
      c().pendingEvent[p.s] = 0;
      const r = await run(p, 'purchaseTimeSkip', { duration: '1w', purchaseId: `a${k}` });
      unlocked.push(...(r.achievements as string[]));
    }
    expect(unlocked).toContain('first_birthday');
  });

  it('stops at a question, sends it, and refuses to skip while it waits', async () => {
    const p = player(16);
    let stopped: Record<string, unknown> | undefined;
    for (let k = 0; k < 24 && !stopped; k++) {
      c().pendingEvent[p.s] = 0;
      c().alive[p.s] = 1;
      const r = await run(p, 'purchaseTimeSkip', { duration: '1m', purchaseId: `m${k}` });
      if (r.stoppedBy) stopped = r;
      else expect(r.minutesPassed).toBe(30 * 1440);
      expect((r.events as unknown[]).length).toBe(Math.min(r.eventCount as number, 32));
    }
    expect(stopped).toBeDefined();
    const pending = c().pendingEvent[p.s]! - 1;
    expect(pending).toBeGreaterThanOrEqual(0);
    const def = engine.catalog.defs[pending]!;
    expect(stopped!.stoppedBy).toEqual({ id: def.id, title: def.title, kind: def.kind });
    expect(stopped!.minutesPassed as number).toBeLessThan(30 * 1440);
    // Paid for the part that ran, rounded up; the rest given back.
    const ran = Math.ceil(
      (TIME_SKIPS['1m'].diamonds * (stopped!.minutesPassed as number)) / (30 * 1440),
    );
    expect(stopped).toMatchObject({ price: ran, refunded: TIME_SKIPS['1m'].diamonds - ran });
    expect(p.ctx.events.at(-1)).toBe(pending);
    await refused(p, 'purchaseTimeSkip', { duration: '1d', purchaseId: 'blocked' }, 'CONFLICT');
  });

  it('refuses without the diamonds, a bad length, or after death: nothing changes', async () => {
    const poor = player(30, { diamonds: 0 });
    c().pendingEvent[poor.s] = 0;
    await refused(
      poor,
      'purchaseTimeSkip',
      { duration: '1w', purchaseId: 's1' },
      'INSUFFICIENT_FUNDS',
    );
    await refused(poor, 'purchaseTimeSkip', { duration: '2h', purchaseId: 's2' }, 'INVALID_ARGS');
    const dead = player();
    c().alive[dead.s] = 0;
    await refused(dead, 'purchaseTimeSkip', { duration: '1h', purchaseId: 's3' }, 'CONFLICT');
  });
});
