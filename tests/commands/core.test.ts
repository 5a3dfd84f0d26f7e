import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../src/commands/handlers.ts';
import { defaultCatalog } from '../../src/content/default-catalog.ts';
import { Engine } from '../../src/engine/engine.ts';
import { explainEvents } from '../../src/sim/explain.ts';
import { GameError } from '../../src/sim/game-error.ts';
import { DAYS_PER_YEAR } from '../../src/world/life.ts';
import { NPC_SLOTS } from '../../src/world/schema.ts';
import { snapshot } from '../helpers/columns.ts';
import { testCommandContext } from '../helpers/command-context.ts';
import { lives } from '../helpers/world.ts';

let engine: Engine;
let player = 0;
beforeAll(() => {
  engine = new Engine({ capacity: 64, workers: 1, tickHz: 20 });
});
afterAll(async () => {
  await engine.close();
});

function newPlayer(ageYears: number, env: 'development' | 'production' = 'development') {
  const slot = engine.slotOf(engine.spawn({ seed: 9, player: player++, ageYears }));
  return testCommandContext(engine, slot, { config: { env } });
}

/** Run a command and return the GameError code it was refused with. */
function refusal(ctx: ReturnType<typeof newPlayer>, name: string, args: unknown): string {
  try {
    runCommand(ctx, name as never, args);
  } catch (error) {
    if (error instanceof GameError) return error.code;
    throw error;
  }
  return 'accepted';
}

describe('core commands', () => {
  it('characterSetup names a character in its first year, and only then', () => {
    const baby = newPlayer(0);
    expect(
      runCommand(baby, 'characterSetup', { firstName: ' Ada ', lastName: 'Tick', sex: 'female' }),
    ).toEqual({ firstName: 'Ada', lastName: 'Tick', sex: 'female', pronoun: 'she' });
    expect(baby.cold.profile).toMatchObject({ firstName: 'Ada', pronoun: 'she' });
    expect(baby.coldChanges).toBe(1);
    const grown = newPlayer(5);
    expect(refusal(grown, 'characterSetup', { firstName: 'A', lastName: 'B', sex: 'male' })).toBe(
      'CONFLICT',
    );
    expect(grown.cold.profile).toBeNull();
    expect(refusal(baby, 'characterSetup', { firstName: '', lastName: 'B', sex: 'male' })).toBe(
      'INVALID_ARGS',
    );
    expect(engine.world.columns.ageDays[grown.slot]).toBeGreaterThanOrEqual(5 * DAYS_PER_YEAR);
  });

  it('claimEvent pays a waiting reward once; an unknown or claimed one changes nothing', () => {
    const ctx = newPlayer(30);
    const cat = defaultCatalog();
    const rewarded = cat.defs.find((d) => d.reward?.diamonds)!;
    ctx.cold.claimable.push(rewarded.id);
    const c = engine.world.columns;
    const diamonds = c.diamonds[ctx.slot]!;
    expect(runCommand(ctx, 'claimEvent', { eventId: rewarded.id })).toMatchObject({
      eventId: rewarded.id,
    });
    expect(c.diamonds[ctx.slot]).toBe(diamonds + rewarded.reward!.diamonds!);
    const before = snapshot(c, ctx.slot);
    expect(refusal(ctx, 'claimEvent', { eventId: rewarded.id })).toBe('NOT_FOUND');
    expect(refusal(ctx, 'claimEvent', { eventId: 'no.such.event' })).toBe('NOT_FOUND');
    expect(snapshot(c, ctx.slot)).toEqual(before);
    expect(ctx.cold.claimable).toEqual([]);
  });

  it('deviceToken keeps one entry per token and at most five devices', () => {
    const ctx = newPlayer(20);
    for (let k = 0; k < 7; k++)
      runCommand(ctx, 'deviceToken', { platform: 'ios', token: `token-${k}-abcdef` });
    expect(runCommand(ctx, 'deviceToken', { platform: 'ios', token: 'token-6-abcdef' })).toEqual({
      devices: 5,
    });
    expect(ctx.cold.deviceTokens.map((d) => d.token)).toEqual([
      'token-2-abcdef',
      'token-3-abcdef',
      'token-4-abcdef',
      'token-5-abcdef',
      'token-6-abcdef',
    ]);
  });

  it('markConversationAsRead records when, for an NPC the player knows', () => {
    const ctx = newPlayer(20);
    const c = engine.world.columns;
    const known = Array.from({ length: NPC_SLOTS }, (_, k) => k).find(
      (k) => c.npcRole[ctx.slot * NPC_SLOTS + k] !== 0,
    )!;
    expect(runCommand(ctx, 'markConversationAsRead', { npcId: known })).toEqual({
      npcId: known,
      readAt: ctx.now(),
    });
    expect(ctx.cold.readAt[String(known)]).toBe(ctx.now());
    const unknown = Array.from({ length: NPC_SLOTS }, (_, k) => k).find(
      (k) => c.npcRole[ctx.slot * NPC_SLOTS + k] === 0,
    )!;
    expect(refusal(ctx, 'markConversationAsRead', { npcId: unknown })).toBe('NOT_FOUND');
  });

  it('getPlayerStatistics reads the life from the columns and the counters', () => {
    const ctx = newPlayer(40);
    ctx.cold.counters.dates = 3;
    const stats = runCommand(ctx, 'getPlayerStatistics', {}) as Record<string, unknown>;
    expect(stats.ageYears).toBe(40);
    expect(stats.money).toBe(engine.world.columns.money[ctx.slot]);
    expect(stats.counters).toEqual({ dates: 3 });
    expect(stats.education).toHaveProperty('highestFinished');
  });
});

describe('explainEvents', () => {
  it('lists this hour’s candidates with each condition and a score, and changes nothing', () => {
    const ctx = newPlayer(16);
    const c = engine.world.columns;
    const before = snapshot(c, ctx.slot);
    const result = runCommand(ctx, 'explainEvents', {}) as {
      age: number;
      candidates: {
        id: string;
        eligible: boolean;
        checks: { condition: string; passed: boolean }[];
        score: number;
        weight: number;
        chance: number;
      }[];
    };
    expect(snapshot(c, ctx.slot)).toEqual(before);
    expect(result.age).toBe(16);
    expect(result.candidates.length).toBeGreaterThan(10);
    for (const candidate of result.candidates) {
      expect(candidate.checks.length).toBeGreaterThan(0);
      expect(candidate.eligible).toBe(candidate.checks.every((k) => k.passed));
      expect(candidate.score).toBeCloseTo(
        candidate.eligible ? candidate.chance * candidate.weight : 0,
      );
    }
    // Some pass, some fail (a 16-year-old is not retired, has no job offer at 65...).
    expect(result.candidates.some((k) => k.eligible)).toBe(true);
    expect(result.candidates.some((k) => !k.eligible)).toBe(true);
  });

  it('spells out exactly the verdict of the hourly check, for people of every age', () => {
    const c = lives(400, { seed: 17, speed: 1 });
    const cat = defaultCatalog();
    let eligible = 0;
    for (let s = 0; s < 400; s++) {
      for (const candidate of explainEvents(c, s, cat)) {
        expect(
          candidate.checks.every((k) => k.passed),
          candidate.id,
        ).toBe(candidate.eligible);
        if (candidate.eligible) eligible++;
      }
    }
    expect(eligible).toBeGreaterThan(400);
  });

  it('weighs a liked tag up and a disliked one down', () => {
    const ctx = newPlayer(30);
    const c = engine.world.columns;
    const cat = defaultCatalog();
    const tagged = cat.defs.findIndex(
      (d, i) =>
        cat.tagMask[i] !== 0 &&
        d.when?.day === undefined &&
        d.when !== undefined &&
        cat.minAge[i]! <= 30 &&
        cat.maxAge[i]! >= 30,
    );
    expect(tagged).toBeGreaterThanOrEqual(0);
    c.interests[ctx.slot] = cat.tagMask[tagged]!;
    c.dislikes[ctx.slot] = 0;
    const liked = (
      runCommand(ctx, 'explainEvents', {}) as { candidates: { id: string; weight: number }[] }
    ).candidates.find((k) => k.id === cat.defs[tagged]!.id);
    c.interests[ctx.slot] = 0;
    c.dislikes[ctx.slot] = cat.tagMask[tagged]!;
    const disliked = (
      runCommand(ctx, 'explainEvents', {}) as { candidates: { id: string; weight: number }[] }
    ).candidates.find((k) => k.id === cat.defs[tagged]!.id);
    expect(liked!.weight).toBeGreaterThan(1);
    expect(disliked!.weight).toBeLessThan(1);
  });

  it('does not exist on a production server', () => {
    const ctx = newPlayer(20, 'production');
    expect(refusal(ctx, 'explainEvents', {})).toBe('UNKNOWN_COMMAND');
  });
});
