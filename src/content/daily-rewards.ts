/**
 * Daily login rewards: a cycle of rewards, one per consecutive real (UTC)
 * day the player claims. Day 1 of the cycle is the first claim, or the claim
 * after a missed day; after the last day the cycle starts over while the
 * streak keeps counting. Rewards grow through the week so that coming back
 * every day pays best (commands/login-streak.ts has the rules).
 */

/** What a day of the cycle gives. */
export interface DailyReward {
  readonly money?: number;
  readonly diamonds?: number;
  readonly energy?: number;
}

/** The 7-day cycle, day 1 first. */
export const DAILY_REWARDS: readonly DailyReward[] = [
  { money: 100 },
  { energy: 20 },
  { diamonds: 2 },
  { money: 500 },
  { energy: 50 },
  { diamonds: 5 },
  // The seventh day pays for the whole week: the streak's big prize.
  { diamonds: 15, money: 1000 },
];
