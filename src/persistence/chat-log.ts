import { shardOf } from '../kit/shard-of.ts';
import type { Logger } from '../ops/log.ts';
import { FencedOutError } from './fence.ts';
import type { PlayerStore } from './player-store.ts';
import type { ChatLine } from './repository.ts';

// Lines held at most before they are written; beyond this, the oldest are
// dropped (and counted in the log) rather than growing without bound while
// the database is away. Chat history is the one thing the design lets go
// first under pressure: player state is never dropped.
const MAX_BUFFERED = 20_000;
const FLUSH_MS = 250;
const BATCH = 1000;

/**
 * Chat lines on their way to the database, batched: one message to the
 * persistence worker (and one transaction) per quarter second instead of
 * one per line.
 */
export class ChatLog {
  #buffer: { playerId: string; line: ChatLine }[] = [];
  #timer: NodeJS.Timeout | undefined;
  #dropped = 0;
  #writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: PlayerStore,
    private readonly logger: Logger,
  ) {}

  append(playerId: string, line: ChatLine): void {
    if (this.#buffer.length >= MAX_BUFFERED) {
      this.#buffer.shift();
      if (this.#dropped++ % 1000 === 0)
        this.logger.warn({ dropped: this.#dropped }, 'chat log buffer full; oldest lines dropped');
    }
    this.#buffer.push({ playerId, line });
    this.#timer ??= setTimeout(() => {
      this.#timer = undefined;
      this.flush().catch((error: unknown) =>
        this.logger.warn({ err: error }, 'chat lines not saved yet'),
      );
    }, FLUSH_MS);
  }

  /** Write everything buffered (also at shutdown). */
  flush(): Promise<void> {
    this.#writing = this.#writing.then(async () => {
      while (this.#buffer.length > 0) {
        const batch = this.#buffer.splice(0, BATCH);
        try {
          await this.store.appendChat(batch);
        } catch (error) {
          if (error instanceof FencedOutError) {
            // Fleet mode: those players belong to another process now; their
            // lines are dropped (retrying them would block every other line),
            // the rest go back to the front and are written next.
            const lost = new Set(error.shards);
            const kept = batch.filter((l) => !lost.has(shardOf(l.playerId)));
            this.#buffer.unshift(...kept);
            this.logger.warn(
              { shards: error.shards, dropped: batch.length - kept.length },
              'chat lines of lost shards dropped',
            );
            continue;
          }
          // Put them back and try again on the next line or flush.
          this.#buffer.unshift(...batch.slice(0, MAX_BUFFERED - this.#buffer.length));
          this.logger.warn({ err: error, lines: batch.length }, 'chat lines not saved yet');
          return;
        }
      }
    });
    return this.#writing;
  }

  close(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
