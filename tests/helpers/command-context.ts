import type { CommandContext, PlayerRecords, ReceiptVerifier } from '../../src/commands/context.ts';
import { DevelopmentReceiptVerifier } from '../../src/commands/receipts.ts';
import { type Config, loadConfig } from '../../src/config.ts';
import type { Engine } from '../../src/engine/engine.ts';
import type { ChatService } from '../../src/llm/chat-service.ts';
import { type ColdState, coldStateFrom } from '../../src/world/cold.ts';

export interface TestContextOptions {
  readonly playerId?: string;
  readonly chat?: ChatService;
  readonly cold?: ColdState;
  readonly config?: Partial<Config>;
  readonly receipts?: ReceiptVerifier;
  readonly records?: PlayerRecords;
  /** The wall clock handlers see; move `clock.now` to move time. */
  readonly clock?: { now: number };
}

const noRecords: PlayerRecords = {
  chatPage: () => Promise.reject(new Error('no database in this test')),
  purchasePage: () => Promise.reject(new Error('no database in this test')),
  recordPurchase: () => Promise.resolve(),
  requestDeletion: () => Promise.reject(new Error('no database in this test')),
  cancelDeletion: () => Promise.reject(new Error('no database in this test')),
};

/**
 * A command context over a real engine slot, for testing handlers without a
 * socket: what the server builds in server/command-context.ts, with the
 * cold state held here and events sent to `events`.
 */
export function testCommandContext(
  engine: Engine,
  slot: number,
  options: TestContextOptions = {},
): CommandContext & { readonly events: number[]; coldChanges: number } {
  const cold = options.cold ?? coldStateFrom({});
  const clock = options.clock ?? { now: Date.UTC(2026, 0, 1) };
  const config = { ...loadConfig({}, []), ...options.config };
  const events: number[] = [];
  const ctx = {
    engine,
    slot,
    playerId: options.playerId ?? 'test-player',
    chat: options.chat ?? {
      ask: () => {},
      conversation: () => ({ turns: [], summary: '' }),
      remember: () => {},
      close: () => {},
    },
    cold,
    services: {
      config,
      receipts: options.receipts ?? new DevelopmentReceiptVerifier(),
      records: options.records ?? noRecords,
    },
    events,
    coldChanges: 0,
    sendEvent: (event: number) => events.push(event),
    coldChanged: () => {
      ctx.coldChanges++;
    },
    now: () => clock.now,
    apply: <T>(fn: (slot: number, cold: ColdState) => T) => engine.submit(() => fn(slot, cold)),
  };
  return ctx as CommandContext & { readonly events: number[]; coldChanges: number };
}
