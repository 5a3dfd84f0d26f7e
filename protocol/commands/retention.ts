import { z } from 'zod';
import { achievementView } from '../frames.ts';

/** A reward: any of money, diamonds and energy. */
const reward = z.object({
  money: z.number().int().optional(),
  diamonds: z.number().int().optional(),
  energy: z.number().int().optional(),
});

const questView = z.object({
  id: z.string(),
  title: z.string(),
  target: z.number(),
  /** Progress since the quest was given, capped at `target`. */
  progress: z.number(),
  done: z.boolean(),
  claimed: z.boolean(),
  reward,
});

/** Achievements, daily login rewards and daily quests. */
export const RETENTION_COMMANDS = {
  getAchievements: {
    summary:
      'Every achievement, with whether it is unlocked and whether its reward was collected (acknowledgeAchievement).',
    args: z.object({}).strict(),
    result: z.object({
      achievements: z.array(
        achievementView.extend({ unlocked: z.boolean(), acknowledged: z.boolean() }),
      ),
      unlocked: z.number().int(),
      total: z.number().int(),
    }),
    errors: [],
  },
  acknowledgeAchievement: {
    summary:
      'Acknowledge an unlocked achievement and collect its diamonds, once. NOT_FOUND: no such achievement; CONFLICT: not unlocked yet, or already acknowledged.',
    args: z.object({ achievementId: z.string().min(1).max(64) }).strict(),
    result: z.object({
      achievementId: z.string(),
      reward: z.object({ diamonds: z.number().int() }),
    }),
    errors: ['INVALID_ARGS', 'NOT_FOUND', 'CONFLICT'],
  },
  getDailyRewards: {
    summary:
      "The daily login reward cycle, the current streak, whether today's reward (UTC day) can be claimed and what it is.",
    args: z.object({}).strict(),
    result: z.object({
      /** The cycle, day 1 first. */
      cycle: z.array(z.object({ day: z.number().int(), reward })),
      /** Consecutive UTC days claimed, counting the last claim; 0 when the streak is broken. */
      streak: z.number().int(),
      claimable: z.boolean(),
      /** Day of the cycle (1-based) the next claim pays, and what it pays. */
      nextDay: z.number().int(),
      nextReward: reward,
      /** Milliseconds since the Unix epoch when the next claim opens (0: now). */
      nextClaimAt: z.number(),
    }),
    errors: [],
  },
  claimDailyReward: {
    summary:
      "Claim today's login reward (once per UTC day; CONFLICT when already claimed). A missed day starts the streak over at day 1.",
    args: z.object({}).strict(),
    result: z.object({ streak: z.number().int(), day: z.number().int(), reward }),
    errors: ['CONFLICT'],
  },
  getDailyQuests: {
    summary: "Today's quests (three a UTC day, new ones each day) with their progress and rewards.",
    args: z.object({}).strict(),
    result: z.object({
      /** The UTC day (days since the Unix epoch) the quests belong to. */
      day: z.number().int(),
      quests: z.array(questView),
    }),
    errors: [],
  },
  claimQuestReward: {
    summary:
      "Collect the reward of one of today's quests that is done. NOT_FOUND: not one of today's quests; CONFLICT: not done yet, or already claimed.",
    args: z.object({ questId: z.string().min(1).max(64) }).strict(),
    result: z.object({ questId: z.string(), reward }),
    errors: ['INVALID_ARGS', 'NOT_FOUND', 'CONFLICT'],
  },
} as const;
