/**
 * Daily quest templates. Each UTC day a player gets QUESTS_PER_DAY of them,
 * picked deterministically from their id and the day (commands/quest-board.ts).
 *
 * A quest measures progress from a baseline taken when it is assigned:
 * - `counter`: a lifetime counter in the cold state (world/cold.ts
 *   `counters`, bumped with count()). The counters the handlers keep:
 *   - `messagesSent`     talk (commands/core.ts)
 *   - `eventsAnswered`   answer (commands/core.ts)
 *   - `rewardsClaimed`   claimEvent, claimDailyReward, acknowledgeAchievement
 *   - `dates`            a date with a partner or match (commands/love.ts)
 *   - `jobApplications`  applying for a job (commands/career.ts)
 *   - `purchases`        any purchase in the shop (commands/purchase.ts)
 *   A quest naming a counter no handler bumps can never be done, so a new
 *   counter is added here and in its handler together.
 * - `column`: a hot column: `ageDays` (game days lived) or `money` (net money
 *   gained; spending counts against it).
 */

/** Where a quest's progress comes from. */
export type QuestMeasure =
  | {
      readonly counter:
        | 'messagesSent'
        | 'eventsAnswered'
        | 'rewardsClaimed'
        | 'dates'
        | 'jobApplications'
        | 'purchases';
    }
  | { readonly column: 'ageDays' | 'money' };

export interface QuestTemplate {
  readonly id: string;
  readonly title: string;
  readonly measure: QuestMeasure;
  readonly target: number;
  readonly reward: {
    readonly money?: number;
    readonly diamonds?: number;
    readonly energy?: number;
  };
  /** Youngest age (game years) the quest makes sense at; younger players are not given it. */
  readonly minAge: number;
}

/** Quests given each UTC day. */
export const QUESTS_PER_DAY = 3;

/** The templates; ids are what getDailyQuests shows and claimQuestReward takes. */
export const QUEST_TEMPLATES: readonly QuestTemplate[] = [
  {
    id: 'chat_three',
    title: 'Send 3 chat messages',
    measure: { counter: 'messagesSent' },
    target: 3,
    reward: { diamonds: 2 },
    minAge: 0,
  },
  {
    id: 'answer_two',
    title: 'Answer 2 events',
    measure: { counter: 'eventsAnswered' },
    target: 2,
    reward: { money: 200 },
    minAge: 0,
  },
  {
    id: 'claim_reward',
    title: 'Claim a reward',
    measure: { counter: 'rewardsClaimed' },
    target: 1,
    reward: { energy: 20 },
    minAge: 0,
  },
  {
    id: 'live_a_day',
    title: 'Live through a game day',
    measure: { column: 'ageDays' },
    target: 1,
    reward: { money: 100 },
    minAge: 0,
  },
  {
    id: 'live_a_week',
    title: 'Live through a game week',
    measure: { column: 'ageDays' },
    target: 7,
    reward: { diamonds: 3 },
    minAge: 0,
  },
  {
    id: 'go_on_a_date',
    title: 'Go on a date',
    measure: { counter: 'dates' },
    target: 1,
    reward: { diamonds: 3 },
    // Dating opens with the teen years.
    minAge: 16,
  },
  {
    id: 'apply_for_job',
    title: 'Apply for a job',
    measure: { counter: 'jobApplications' },
    target: 1,
    reward: { money: 300 },
    // The first part-time jobs (content/jobs.ts) take 13-year-olds.
    minAge: 13,
  },
  {
    id: 'earn_money',
    title: 'Earn 1,000',
    measure: { column: 'money' },
    target: 1000,
    reward: { diamonds: 3 },
    // Earning needs a job: the first part-time jobs take 13-year-olds.
    minAge: 13,
  },
  {
    id: 'buy_item',
    title: 'Buy something in the shop',
    measure: { counter: 'purchases' },
    target: 1,
    reward: { energy: 30 },
    minAge: 0,
  },
];
