/** Dollars per million tokens, input and output, by model. */
export interface ModelPrice {
  readonly inputPerMillion: number;
  readonly outputPerMillion: number;
}

/** Prices of the models most used for NPC chat; configurable, and unknown models use `fallback`. */
export const DEFAULT_PRICES: Readonly<Record<string, ModelPrice>> = {
  'gpt-4o-mini': { inputPerMillion: 0.15, outputPerMillion: 0.6 },
  'gpt-4.1-mini': { inputPerMillion: 0.4, outputPerMillion: 1.6 },
  'gpt-4.1-nano': { inputPerMillion: 0.1, outputPerMillion: 0.4 },
  'gpt-4o': { inputPerMillion: 2.5, outputPerMillion: 10 },
};

export function priceOf(
  prices: Readonly<Record<string, ModelPrice>>,
  model: string,
  fallback: ModelPrice,
): ModelPrice {
  return prices[model] ?? fallback;
}

export function costOf(price: ModelPrice, promptTokens: number, completionTokens: number): number {
  return (promptTokens * price.inputPerMillion + completionTokens * price.outputPerMillion) / 1e6;
}

/** UTC days since the Unix epoch: the budgets' day. */
export function utcDayOf(now: number): number {
  return Math.floor(now / 86_400_000);
}

// About four characters a token in English text (OpenAI's rule of thumb),
// plus the few tokens each message's framing costs. Used where the server did
// not say (a response without `usage`) and for the worst case of a call.
const CHARS_PER_TOKEN = 4;
const TOKENS_PER_MESSAGE = 4;
const TOKENS_PER_REPLY_PRIMING = 3;

/** Tokens in a text, estimated. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

/** Prompt tokens of a list of messages, estimated. */
export function estimatePromptTokens(messages: readonly { readonly content: string }[]): number {
  let tokens = TOKENS_PER_REPLY_PRIMING;
  for (const m of messages) tokens += estimateTokens(m.content) + TOKENS_PER_MESSAGE;
  return tokens;
}

/** Money held back for one call in flight, until it is settled or released. */
export interface Reservation {
  readonly playerId: string;
  readonly dollars: number;
  /** The UTC day it was made on; a reservation from a day gone by holds nothing now. */
  readonly day: number;
}

/** Spend as kept in the database: dollars per UTC day, in all and per player. */
export interface DaySpend {
  readonly day: number;
  readonly total: number;
  readonly byPlayer: Iterable<readonly [string, number]>;
}

/**
 * Spending per UTC day, globally and per player, against two budgets. A call
 * reserves its worst case before it starts (its prompt and the most tokens
 * it may answer with) and is settled to what it really cost after, or
 * released if it failed; a call is refused when what is spent, what is held
 * for calls in flight and its own worst case together pass either budget. So
 * many calls at once cannot overshoot a budget together, except by what the
 * worst case underestimates: the prompt in it is estimated (about four
 * characters a token, estimateTokens), and text that tokenises denser than
 * English costs more than was held. Settled spend goes to
 * `onSpend` (the server saves it) and comes back through `restore` after a
 * restart. Memory is a few numbers per player who spent today (cleared when
 * the day turns).
 */
export class CostMeter {
  #day = 0;
  #total = 0;
  #held = 0;
  #byPlayer = new Map<string, number>();
  #heldBy = new Map<string, number>();

  constructor(
    private readonly dailyBudget: number,
    private readonly playerDailyBudget: number,
    private readonly onSpend?: (day: number, playerId: string, dollars: number) => void,
  ) {}

  #roll(now: number): void {
    const day = utcDayOf(now);
    if (day !== this.#day) {
      this.#day = day;
      this.#total = 0;
      this.#held = 0;
      this.#byPlayer = new Map();
      this.#heldBy = new Map();
    }
  }

  /** Take in the spend saved for `spend.day` (at start); ignored when that day is not today. */
  restore(spend: DaySpend, now: number): void {
    this.#roll(now);
    if (spend.day !== this.#day) return;
    this.#total += spend.total;
    for (const [playerId, dollars] of spend.byPlayer)
      this.#byPlayer.set(playerId, (this.#byPlayer.get(playerId) ?? 0) + dollars);
  }

  /**
   * Hold back `dollars` (a call's worst case) for the player, or say which
   * budget it would pass. Every reservation must be settled or released.
   */
  reserve(playerId: string, dollars: number, now: number): Reservation | 'global' | 'player' {
    this.#roll(now);
    if (this.#total + this.#held + dollars > this.dailyBudget) return 'global';
    const player = (this.#byPlayer.get(playerId) ?? 0) + (this.#heldBy.get(playerId) ?? 0);
    if (player + dollars > this.playerDailyBudget) return 'player';
    this.#held += dollars;
    this.#heldBy.set(playerId, (this.#heldBy.get(playerId) ?? 0) + dollars);
    return { playerId, dollars, day: this.#day };
  }

  /** The call cost `dollars`: charge them (today) in place of what was held. */
  settle(reservation: Reservation, dollars: number, now: number): void {
    this.release(reservation, now);
    this.#total += dollars;
    this.#byPlayer.set(
      reservation.playerId,
      (this.#byPlayer.get(reservation.playerId) ?? 0) + dollars,
    );
    this.onSpend?.(this.#day, reservation.playerId, dollars);
  }

  /** The call did not happen or failed: give back what was held. */
  release(reservation: Reservation, now: number): void {
    this.#roll(now);
    if (reservation.day !== this.#day) return;
    this.#held = Math.max(0, this.#held - reservation.dollars);
    const left = (this.#heldBy.get(reservation.playerId) ?? 0) - reservation.dollars;
    // Sums of floats drift: a player with nothing held is forgotten, not kept at 1e-19.
    if (left > 1e-12) this.#heldBy.set(reservation.playerId, left);
    else this.#heldBy.delete(reservation.playerId);
  }

  get today(): { total: number; players: number; perPlayer: number; held: number } {
    const players = this.#byPlayer.size;
    return {
      total: this.#total,
      players,
      perPlayer: players === 0 ? 0 : this.#total / players,
      held: this.#held,
    };
  }
}
