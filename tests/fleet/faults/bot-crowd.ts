import { mintPlayerToken, secretKey } from '../../../src/server/auth.ts';
import type { BotRecord } from './bot-log.ts';
import { FaultBot, type FleetDirectory } from './fault-bot.ts';
import { SeededRandom } from './seeded-random.ts';

/** How recently every bot must have been served for the fleet to count as settled. */
const SETTLED_SERVED_WITHIN_MS = 2000;

/** The fault test's bots, started and stopped together, and the settle check. */
export class BotCrowd {
  readonly bots: FaultBot[];

  private constructor(bots: FaultBot[]) {
    this.bots = bots;
  }

  /** `count` bots (ids bot-0...), each with a token signed with `secret`, not started yet. */
  static async create(
    count: number,
    secret: string,
    directory: FleetDirectory,
    seed: number,
  ): Promise<BotCrowd> {
    const key = secretKey(secret);
    const bots = await Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const id = `bot-${i}`;
        return new FaultBot({
          id,
          token: await mintPlayerToken(id, key, 24 * 3600),
          directory,
          random: new SeededRandom(seed * 1000 + i),
        });
      }),
    );
    return new BotCrowd(bots);
  }

  start(): void {
    for (const bot of this.bots) bot.start();
  }

  async stop(): Promise<void> {
    await Promise.all(this.bots.map((b) => b.stop()));
  }

  records(): BotRecord[] {
    return this.bots.map((b) => b.record);
  }

  /** Bots with no live session, or whose process has not served them lately (a stalled one). */
  unsettled(now = Date.now()): string[] {
    return this.bots
      .filter((b) => {
        const s = b.session;
        return !s || now - s.served[s.served.length - 1]! > SETTLED_SERVED_WITHIN_MS;
      })
      .map((b) => b.id);
  }

  /**
   * Resolves when every bot has a live session served in the last moments,
   * with the time it happened; rejects after `timeoutMs` naming the bots
   * still out.
   */
  async settled(timeoutMs: number): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const out = this.unsettled();
      if (out.length === 0) return Date.now();
      if (Date.now() > deadline)
        throw new Error(
          `fleet did not settle in ${timeoutMs} ms: ${out.length} bots out (${out.slice(0, 8).join(', ')})`,
        );
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
