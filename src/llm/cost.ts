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

const dayOf = (now: number) => Math.floor(now / 86_400_000);

/**
 * Spending per UTC day, globally and per player, against two budgets. When
 * either is spent, NPCs answer from templates until the day turns. Memory is
 * one number per player who spent today (cleared when the day turns).
 */
export class CostMeter {
  #day = 0;
  #total = 0;
  #byPlayer = new Map<string, number>();

  constructor(
    private readonly dailyBudget: number,
    private readonly playerDailyBudget: number,
  ) {}

  #roll(now: number): void {
    const day = dayOf(now);
    if (day !== this.#day) {
      this.#day = day;
      this.#total = 0;
      this.#byPlayer = new Map();
    }
  }

  /** Which budget is spent, if any. */
  overBudget(playerId: string, now: number): 'global' | 'player' | undefined {
    this.#roll(now);
    if (this.#total >= this.dailyBudget) return 'global';
    if ((this.#byPlayer.get(playerId) ?? 0) >= this.playerDailyBudget) return 'player';
    return undefined;
  }

  add(playerId: string, dollars: number, now: number): void {
    this.#roll(now);
    this.#total += dollars;
    this.#byPlayer.set(playerId, (this.#byPlayer.get(playerId) ?? 0) + dollars);
  }

  get today(): { total: number; players: number; perPlayer: number } {
    const players = this.#byPlayer.size;
    return { total: this.#total, players, perPlayer: players === 0 ? 0 : this.#total / players };
  }
}
