import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../src/commands/context.ts';
import { runCommand } from '../../src/commands/handlers.ts';
import { DAY_MS } from '../../src/commands/login-streak.ts';
import { questsFor } from '../../src/commands/quest-board.ts';
import { ACHIEVEMENTS } from '../../src/content/achievements.ts';
import { DAILY_REWARDS } from '../../src/content/daily-rewards.ts';
import { QUEST_TEMPLATES, QUESTS_PER_DAY } from '../../src/content/quests.ts';
import { Engine } from '../../src/engine/engine.ts';
import { ACHIEVEMENTS_PER_DAY, dailyAchievements } from '../../src/sim/achievements.ts';
import { answer, skipTime } from '../../src/sim/actions.ts';
import { ageYears, type FiredEvents } from '../../src/sim/events.ts';
import { GameError } from '../../src/sim/game-error.ts';
import { type ColdState, coldStateFrom } from '../../src/world/cold.ts';
import type { Columns } from '../../src/world/columns.ts';
import { Flag } from '../../src/world/life.ts';
import { NPC_SLOTS } from '../../src/world/schema.ts';
import { testCommandContext } from '../helpers/command-context.ts';

let engine: Engine;
let players = 0;
beforeAll(() => {
  engine = new Engine({ capacity: 32, workers: 1, tickHz: 20 });
});
afterAll(async () => {
  await engine.close();
});

type Ctx = CommandContext & { readonly events: number[]; coldChanges: number };

/** A fresh player of `ageYears` with their own cold state and a test clock. */
function player(ageYears = 30, playerId = `p${++players}`) {
  const slot = engine.slotOf(engine.spawn({ seed: 9, player: ++players, ageYears }));
  const clock = { now: Date.UTC(2026, 2, 10, 12) };
  const cold = coldStateFrom({});
  const ctx = testCommandContext(engine, slot, { clock, cold, playerId }) as Ctx;
  return { ctx, slot, clock, cold, c: engine.world.columns };
}

/** Run a command as the server would (arguments checked by its schema). */
function run(ctx: CommandContext, name: string, args: unknown = {}): Record<string, unknown> {
  return runCommand(ctx, name as never, args) as Record<string, unknown>;
}

/** The error code a command is refused with, checking that nothing changed. */
function refused(
  ctx: Ctx,
  c: Columns,
  slot: number,
  name: string,
  args: unknown = {},
): string | undefined {
  const before = {
    money: c.money[slot],
    diamonds: c.diamonds[slot],
    energy: c.energy[slot],
    energyReserve: c.energyReserve[slot],
    achievements: c.achievements[slot],
    cold: JSON.stringify(ctx.cold),
    coldChanges: ctx.coldChanges,
  };
  try {
    run(ctx, name, args);
    return undefined;
  } catch (error) {
    if (!(error instanceof GameError)) throw error;
    expect({
      money: c.money[slot],
      diamonds: c.diamonds[slot],
      energy: c.energy[slot],
      energyReserve: c.energyReserve[slot],
      achievements: c.achievements[slot],
      cold: JSON.stringify(ctx.cold),
      coldChanges: ctx.coldChanges,
    }).toEqual(before);
    return error.code;
  }
}

/** Run the daily achievement rule over enough days to look at every achievement. */
function unlockByRules(c: Columns, slot: number): FiredEvents {
  const out: FiredEvents = [];
  const days = Math.ceil(ACHIEVEMENTS.defs.length / ACHIEVEMENTS_PER_DAY);
  for (let d = 0; d < days; d++) {
    c.ageDays[slot]!++;
    dailyAchievements(c, slot, ageYears(c, slot), out);
  }
  return out;
}

describe('achievements', () => {
  it('lists every achievement, none unlocked for a newborn', () => {
    const { ctx } = player(0);
    const r = run(ctx, 'getAchievements') as {
      achievements: { id: string; unlocked: boolean; acknowledged: boolean }[];
      unlocked: number;
      total: number;
    };
    expect(r.total).toBe(ACHIEVEMENTS.defs.length);
    expect(r.unlocked).toBe(0);
    expect(r.achievements.map((a) => a.id)).toEqual(ACHIEVEMENTS.defs.map((d) => d.id));
    expect(r.achievements.every((a) => !a.unlocked && !a.acknowledged)).toBe(true);
  });

  it('acknowledging an unlocked achievement grants its diamonds once', () => {
    const { ctx, slot, c } = player(30);
    c.flags[slot] = (c.flags[slot]! | Flag.hasPet) >>> 0;
    expect(refused(ctx, c, slot, 'acknowledgeAchievement', { achievementId: 'pet_owner' })).toBe(
      'CONFLICT',
    ); // not unlocked yet
    unlockByRules(c, slot);

    const listed = run(ctx, 'getAchievements') as {
      achievements: { id: string; unlocked: boolean; acknowledged: boolean }[];
    };
    expect(listed.achievements.find((a) => a.id === 'pet_owner')).toMatchObject({
      unlocked: true,
      acknowledged: false,
    });

    const diamonds = c.diamonds[slot]!;
    const reward = ACHIEVEMENTS.defs[ACHIEVEMENTS.indexById.get('pet_owner')!]!.diamonds;
    expect(run(ctx, 'acknowledgeAchievement', { achievementId: 'pet_owner' })).toEqual({
      achievementId: 'pet_owner',
      reward: { diamonds: reward },
    });
    expect(c.diamonds[slot]).toBe(diamonds + reward);
    expect(ctx.cold.counters.rewardsClaimed).toBe(1);
    expect(
      (
        run(ctx, 'getAchievements') as { achievements: { id: string; acknowledged: boolean }[] }
      ).achievements.find((a) => a.id === 'pet_owner')!.acknowledged,
    ).toBe(true);

    expect(refused(ctx, c, slot, 'acknowledgeAchievement', { achievementId: 'pet_owner' })).toBe(
      'CONFLICT',
    );
    expect(c.diamonds[slot]).toBe(diamonds + reward);
    expect(refused(ctx, c, slot, 'acknowledgeAchievement', { achievementId: 'no_such' })).toBe(
      'NOT_FOUND',
    );
    expect(refused(ctx, c, slot, 'acknowledgeAchievement', { achievementId: '' })).toBe(
      'INVALID_ARGS',
    );
    expect(refused(ctx, c, slot, 'acknowledgeAchievement', {})).toBe('INVALID_ARGS');
  });
});

describe('daily login rewards', () => {
  it('counts a streak over UTC days: once a day, +1 the next day, back to 1 after a gap', () => {
    const { ctx, slot, c, clock } = player(30);
    const status = () =>
      run(ctx, 'getDailyRewards') as {
        streak: number;
        claimable: boolean;
        nextDay: number;
        nextClaimAt: number;
        cycle: unknown[];
      };
    expect(status()).toMatchObject({ streak: 0, claimable: true, nextDay: 1, nextClaimAt: 0 });
    expect(status().cycle).toHaveLength(DAILY_REWARDS.length);

    const money = c.money[slot]!;
    expect(run(ctx, 'claimDailyReward')).toEqual({
      streak: 1,
      day: 1,
      reward: DAILY_REWARDS[0],
    });
    expect(c.money[slot]).toBe(money + DAILY_REWARDS[0]!.money!);
    expect(refused(ctx, c, slot, 'claimDailyReward')).toBe('CONFLICT');
    const today = Math.floor(clock.now / DAY_MS);
    expect(status()).toMatchObject({
      streak: 1,
      claimable: false,
      nextDay: 2,
      nextClaimAt: (today + 1) * DAY_MS,
    });

    // Late the same UTC day: still claimed.
    clock.now = (today + 1) * DAY_MS - 1;
    expect(refused(ctx, c, slot, 'claimDailyReward')).toBe('CONFLICT');
    // Just after midnight UTC: the next day of the streak.
    clock.now = (today + 1) * DAY_MS;
    expect(status()).toMatchObject({ streak: 1, claimable: true, nextDay: 2 });
    expect(run(ctx, 'claimDailyReward')).toMatchObject({ streak: 2, day: 2 });

    // A whole day missed: the streak is broken and starts over.
    clock.now += 2 * DAY_MS;
    expect(status()).toMatchObject({ streak: 0, claimable: true, nextDay: 1 });
    expect(run(ctx, 'claimDailyReward')).toMatchObject({ streak: 1, day: 1 });
    expect(ctx.cold.counters.rewardsClaimed).toBe(3);
  });

  it('wraps over the cycle while the streak keeps counting', () => {
    const { ctx, slot, c, clock } = player(30);
    const diamonds = c.diamonds[slot]!;
    let paid = 0;
    for (let d = 1; d <= DAILY_REWARDS.length + 1; d++) {
      const r = run(ctx, 'claimDailyReward') as { streak: number; day: number };
      expect(r).toMatchObject({ streak: d, day: ((d - 1) % DAILY_REWARDS.length) + 1 });
      paid += DAILY_REWARDS[r.day - 1]!.diamonds ?? 0;
      clock.now += DAY_MS;
    }
    expect(c.diamonds[slot]).toBe(diamonds + paid);
  });

  it('puts energy beyond a full bar in the reserve', () => {
    const { ctx, slot, c, clock } = player(30);
    const energyDay = DAILY_REWARDS.findIndex((r) => r.energy !== undefined);
    for (let d = 0; d < energyDay; d++) {
      run(ctx, 'claimDailyReward');
      clock.now += DAY_MS;
    }
    c.energy[slot] = 100;
    c.energyReserve[slot] = 0;
    run(ctx, 'claimDailyReward');
    expect(c.energy[slot]).toBe(100);
    expect(c.energyReserve[slot]).toBe(DAILY_REWARDS[energyDay]!.energy);
  });
});

describe('daily quests', () => {
  /** The first UTC day from `from` on whose quests for this player include `questId`. */
  function dayWith(playerId: string, questId: string, from: number, years = 30): number {
    for (let day = from; day < from + 1000; day++) {
      if (questsFor(playerId, day, years).some((t) => t.id === questId)) return day;
    }
    throw new Error(`no day gives ${questId}`);
  }

  type Quests = {
    day: number;
    quests: { id: string; progress: number; target: number; done: boolean; claimed: boolean }[];
  };

  it('gives three distinct quests a day, the same for the same player and day', () => {
    const { ctx, clock } = player(30, 'quest-a');
    const first = run(ctx, 'getDailyQuests') as Quests;
    expect(first.day).toBe(Math.floor(clock.now / DAY_MS));
    expect(first.quests).toHaveLength(QUESTS_PER_DAY);
    expect(new Set(first.quests.map((q) => q.id)).size).toBe(QUESTS_PER_DAY);
    expect(first.quests.map((q) => q.id)).toEqual(
      questsFor('quest-a', first.day, 30).map((t) => t.id),
    );
    expect((run(ctx, 'getDailyQuests') as Quests).quests.map((q) => q.id)).toEqual(
      first.quests.map((q) => q.id),
    );
    // Over a month the board changes from day to day.
    const boards = new Set<string>();
    for (let d = 0; d < 30; d++) {
      clock.now += DAY_MS;
      boards.add(
        (run(ctx, 'getDailyQuests') as Quests).quests
          .map((q) => q.id)
          .sort()
          .join(),
      );
    }
    expect(boards.size).toBeGreaterThan(5);
  });

  it('gives a baby only the quests a baby can do', () => {
    const templates = new Set(QUEST_TEMPLATES.filter((t) => t.minAge === 0).map((t) => t.id));
    for (let day = 20_000; day < 20_100; day++) {
      for (const t of questsFor('baby', day, 0)) expect(templates.has(t.id)).toBe(true);
    }
  });

  it('measures a counter quest from its baseline and pays it once', () => {
    const playerId = 'quest-chat';
    const { ctx, slot, c, clock } = player(30, playerId);
    const day = dayWith(playerId, 'chat_three', Math.floor(clock.now / DAY_MS));
    clock.now = day * DAY_MS + 1000;
    // Messages sent before the quest was given do not count.
    ctx.cold.counters.messagesSent = 10;
    const chat = () =>
      (run(ctx, 'getDailyQuests') as Quests).quests.find((q) => q.id === 'chat_three')!;
    expect(chat()).toMatchObject({ progress: 0, target: 3, done: false, claimed: false });
    expect(refused(ctx, c, slot, 'claimQuestReward', { questId: 'chat_three' })).toBe('CONFLICT');

    const npc = [...Array(NPC_SLOTS).keys()].find((k) => c.npcRole[slot * NPC_SLOTS + k] !== 0)!;
    c.energy[slot] = 100;
    for (let k = 0; k < 3; k++) run(ctx, 'talk', { npcId: npc, text: `hello ${k}` });
    expect(chat()).toMatchObject({ progress: 3, done: true, claimed: false });

    const template = QUEST_TEMPLATES.find((t) => t.id === 'chat_three')!;
    const diamonds = c.diamonds[slot]!;
    expect(run(ctx, 'claimQuestReward', { questId: 'chat_three' })).toEqual({
      questId: 'chat_three',
      reward: template.reward,
    });
    expect(c.diamonds[slot]).toBe(diamonds + (template.reward.diamonds ?? 0));
    expect(chat()).toMatchObject({ claimed: true, done: true });
    expect(refused(ctx, c, slot, 'claimQuestReward', { questId: 'chat_three' })).toBe('CONFLICT');
    expect(refused(ctx, c, slot, 'claimQuestReward', { questId: 'no_such_quest' })).toBe(
      'NOT_FOUND',
    );

    // The next day brings a new board: yesterday's quest is gone unless drawn again.
    clock.now += DAY_MS;
    const tomorrow = (run(ctx, 'getDailyQuests') as Quests).quests;
    if (!tomorrow.some((q) => q.id === 'chat_three')) {
      expect(refused(ctx, c, slot, 'claimQuestReward', { questId: 'chat_three' })).toBe(
        'NOT_FOUND',
      );
    } else {
      expect(tomorrow.find((q) => q.id === 'chat_three')).toMatchObject({ claimed: false });
    }
  });

  it('measures game days lived from the columns', () => {
    const playerId = 'quest-days';
    const { ctx, slot, c, clock } = player(30, playerId);
    const day = dayWith(playerId, 'live_a_day', Math.floor(clock.now / DAY_MS));
    clock.now = day * DAY_MS;
    const quest = () =>
      (run(ctx, 'getDailyQuests') as Quests).quests.find((q) => q.id === 'live_a_day')!;
    expect(quest()).toMatchObject({ progress: 0, done: false });
    // A game day of the player's life, answering any question on the way.
    let lived = 0;
    while (lived < 1440) {
      lived += skipTime(c, slot, engine.catalog, 1440 - lived).minutes;
      const pending = c.pendingEvent[slot]! - 1;
      if (pending >= 0) {
        // Rich enough for any option: the quest measures days, not money.
        c.money[slot] = 1e6;
        c.energy[slot] = 100;
        c.diamonds[slot] = 1000;
        const option = engine.catalog.options[pending]![0]!;
        answer(c, slot, engine.catalog, engine.catalog.defs[pending]!.id, option.id);
      }
    }
    expect(quest()).toMatchObject({ progress: 1, done: true });
    const money = c.money[slot]!;
    run(ctx, 'claimQuestReward', { questId: 'live_a_day' });
    const reward = QUEST_TEMPLATES.find((t) => t.id === 'live_a_day')!.reward;
    expect(c.money[slot]).toBe(money + (reward.money ?? 0));
  });

  it('starts fresh quests at zero: none can be claimed the moment it is given', () => {
    const { ctx, slot, c } = player(30, 'quest-fresh');
    const cold: ColdState = ctx.cold;
    expect(cold.quests.day).toBe(-1);
    const board = (run(ctx, 'getDailyQuests') as Quests).quests;
    // Fresh quests start at zero: none is done the moment it is given.
    for (const q of board) expect(q.progress).toBe(0);
    expect(refused(ctx, c, slot, 'claimQuestReward', { questId: board[0]!.id })).toBe('CONFLICT');
  });
});
