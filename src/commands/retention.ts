import type { RETENTION_COMMANDS } from '../../protocol/commands/retention.ts';
import { ACHIEVEMENTS } from '../content/achievements.ts';
import { DAILY_REWARDS } from '../content/daily-rewards.ts';
import { addToField } from '../sim/effects.ts';
import { GameError } from '../sim/game-error.ts';
import { count } from '../world/cold.ts';
import { FIELD_INDEX } from '../world/schema.ts';
import { achievementView } from './achievement-view.ts';
import { grantReward } from './grant-reward.ts';
import type { HandlerTable } from './handler.ts';
import {
  currentStreak,
  cycleDay,
  DAY_MS,
  rewardForStreak,
  streakIfClaimed,
  utcDay,
} from './login-streak.ts';
import { questProgress, questsOfDay, questTemplate } from './quest-board.ts';

/**
 * Retention: achievements (unlocked by the daily rules, rewarded here when
 * acknowledged), daily login rewards and daily quests. Real days are UTC
 * days of ctx.now(); their state lives in the cold state.
 */
export const RETENTION_HANDLERS: HandlerTable<keyof typeof RETENTION_COMMANDS> = {
  getAchievements(ctx) {
    const unlocked = ctx.engine.world.columns.achievements[ctx.slot]!;
    const acknowledged = ctx.cold.achievementsAcknowledged;
    let n = 0;
    const achievements = ACHIEVEMENTS.defs.map((_, k) => {
      const bit = (1 << k) >>> 0;
      const isUnlocked = (unlocked & bit) !== 0;
      if (isUnlocked) n++;
      return {
        ...achievementView(k),
        unlocked: isUnlocked,
        acknowledged: (acknowledged & bit) !== 0,
      };
    });
    return { achievements, unlocked: n, total: ACHIEVEMENTS.defs.length };
  },

  acknowledgeAchievement(ctx, { achievementId }) {
    const k = ACHIEVEMENTS.indexById.get(achievementId);
    if (k === undefined) throw new GameError('NOT_FOUND', `no achievement ${achievementId}`);
    const c = ctx.engine.world.columns;
    const bit = (1 << k) >>> 0;
    if ((c.achievements[ctx.slot]! & bit) === 0)
      throw new GameError('CONFLICT', `achievement ${achievementId} is not unlocked yet`);
    if ((ctx.cold.achievementsAcknowledged & bit) !== 0)
      throw new GameError('CONFLICT', `achievement ${achievementId} was already acknowledged`);
    const diamonds = ACHIEVEMENTS.defs[k]!.diamonds;
    if (diamonds > 0) addToField(c, ctx.slot, FIELD_INDEX.diamonds, diamonds);
    ctx.cold.achievementsAcknowledged = (ctx.cold.achievementsAcknowledged | bit) >>> 0;
    count(ctx.cold, 'rewardsClaimed');
    ctx.coldChanged();
    return { achievementId, reward: { diamonds } };
  },

  getDailyRewards(ctx) {
    const today = utcDay(ctx.now());
    const daily = ctx.cold.daily;
    const claimIfToday = streakIfClaimed(daily, today);
    const claimable = claimIfToday > 0;
    // Not claimable: the next claim is the day after the last one, continuing the streak.
    const next = claimable ? claimIfToday : daily.streak + 1;
    return {
      cycle: DAILY_REWARDS.map((reward, k) => ({ day: k + 1, reward: { ...reward } })),
      streak: currentStreak(daily, today),
      claimable,
      nextDay: cycleDay(next),
      nextReward: { ...rewardForStreak(next) },
      nextClaimAt: claimable ? 0 : (daily.lastClaimDay + 1) * DAY_MS,
    };
  },

  claimDailyReward(ctx) {
    const today = utcDay(ctx.now());
    const streak = streakIfClaimed(ctx.cold.daily, today);
    if (streak === 0) {
      throw new GameError(
        'CONFLICT',
        `today's reward was already claimed; the next opens at ${new Date((ctx.cold.daily.lastClaimDay + 1) * DAY_MS).toISOString()}`,
      );
    }
    const reward = rewardForStreak(streak);
    grantReward(ctx.engine.world.columns, ctx.slot, reward);
    ctx.cold.daily = { lastClaimDay: today, streak };
    count(ctx.cold, 'rewardsClaimed');
    ctx.coldChanged();
    return { streak, day: cycleDay(streak), reward: { ...reward } };
  },

  getDailyQuests(ctx) {
    const c = ctx.engine.world.columns;
    const day = utcDay(ctx.now());
    const { list, fresh } = questsOfDay(ctx.cold, c, ctx.slot, ctx.playerId, day);
    let changed = fresh;
    const quests = [];
    for (const q of list) {
      const t = questTemplate(q.id);
      if (!t) continue; // a template retired since the quest was given
      const progress = q.claimed ? q.target : questProgress(q, t, ctx.cold, c, ctx.slot);
      if (progress !== q.progress) {
        q.progress = progress;
        changed = true;
      }
      quests.push({
        id: q.id,
        title: t.title,
        target: q.target,
        progress,
        done: progress >= q.target,
        claimed: q.claimed,
        reward: { ...t.reward },
      });
    }
    if (changed) {
      ctx.cold.quests = { day, list };
      ctx.coldChanged();
    }
    return { day, quests };
  },

  claimQuestReward(ctx, { questId }) {
    const c = ctx.engine.world.columns;
    const day = utcDay(ctx.now());
    const { list } = questsOfDay(ctx.cold, c, ctx.slot, ctx.playerId, day);
    const q = list.find((x) => x.id === questId);
    const t = questTemplate(questId);
    if (!q || !t) throw new GameError('NOT_FOUND', `${questId} is not one of today's quests`);
    if (q.claimed) throw new GameError('CONFLICT', `quest ${questId} was already claimed`);
    const progress = questProgress(q, t, ctx.cold, c, ctx.slot);
    if (progress < q.target)
      throw new GameError('CONFLICT', `quest ${questId} is not done (${progress}/${q.target})`);
    grantReward(c, ctx.slot, t.reward);
    q.progress = q.target;
    q.claimed = true;
    ctx.cold.quests = { day, list };
    ctx.coldChanged();
    return { questId, reward: { ...t.reward } };
  },
};
