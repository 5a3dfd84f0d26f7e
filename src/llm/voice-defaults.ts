/**
 * Every default of the NPC voice service, written once (as piscina keeps
 * kDefaultOptions): the service fills what its options leave out from here,
 * and the configuration schema (src/config.ts) takes its defaults for the
 * same settings from here.
 */
export const VOICE_DEFAULTS = {
  /** Per player: one call every 3 s, with a burst of 2 (a player types; a bot floods). */
  playerRate: 1 / 3,
  playerBurst: 2,
  /** Whole process: model calls per minute and at once. */
  globalRpm: 600,
  maxConcurrent: 16,
  /** One reply's deadline, queueing and both attempts included: a player waits about this long at worst. */
  deadlineMs: 8000,
  /**
   * Longest reply asked of the model, in tokens: a text message of one or
   * two sentences is about 40; the rest is room, and the budgets hold all of it.
   */
  maxTokens: 120,
  /** Replies cached for an identical prompt, and for how long (ten minutes). */
  cacheSize: 10_000,
  cacheTtlMs: 10 * 60_000,
  /** Failed calls in a row that open the breaker, and how long it stays open. */
  breakerThreshold: 5,
  breakerCooldownMs: 30_000,
  /** Dollars per UTC day for everyone, and for one player (a cent or three a day). */
  dailyBudget: 5,
  playerDailyBudget: 0.03,
} as const;

/** The tuning numbers of the voice service, every one resolved. */
export type VoiceLimits = { readonly [K in keyof typeof VOICE_DEFAULTS]: number };

/** The model asked when none is configured (LIFETICK_LLM_MODEL; priced in cost.ts). */
export const DEFAULT_MODEL = 'gpt-4o-mini';
