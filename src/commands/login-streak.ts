import { DAILY_REWARDS, type DailyReward } from '../content/daily-rewards.ts';

/** Milliseconds in a UTC day: real days are counted from the Unix epoch, in UTC. */
export const DAY_MS = 86_400_000;

/** The UTC day number (days since the Unix epoch) of a wall-clock time in ms. */
export function utcDay(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

/** The login streak as kept in the cold state (world/cold.ts `daily`). */
export interface LoginStreak {
  /** UTC day of the last claim, -1 never. */
  readonly lastClaimDay: number;
  /** Consecutive UTC days claimed up to lastClaimDay. */
  readonly streak: number;
}

/**
 * The streak a claim on `today` makes: the streak plus one after a claim
 * yesterday, 1 after a missed day (or never). 0 when today cannot be claimed:
 * already claimed, or the clock shows a day before the last claim.
 */
export function streakIfClaimed(daily: LoginStreak, today: number): number {
  if (daily.lastClaimDay >= today) return 0;
  return daily.lastClaimDay === today - 1 ? daily.streak + 1 : 1;
}

/** The streak as it stands on `today`: broken (0) once a whole day passed without a claim. */
export function currentStreak(daily: LoginStreak, today: number): number {
  return daily.lastClaimDay >= today - 1 ? daily.streak : 0;
}

/** The day of the reward cycle (1-based) that the `streak`-th consecutive claim pays. */
export function cycleDay(streak: number): number {
  return ((streak - 1) % DAILY_REWARDS.length) + 1;
}

/** The reward that the `streak`-th consecutive claim pays. */
export function rewardForStreak(streak: number): DailyReward {
  return DAILY_REWARDS[cycleDay(streak) - 1]!;
}
