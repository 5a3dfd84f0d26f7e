import type {
  CommandContext,
  PendingChange,
  PlayerRecords,
  PurchaseRecord,
  ReceiptVerifier,
} from '../../src/commands/context.ts';
import { DevelopmentReceiptVerifier } from '../../src/commands/receipts.ts';
import { type Config, loadConfig } from '../../src/config.ts';
import type { Engine } from '../../src/engine/engine.ts';
import type { ChatService } from '../../src/llm/chat-service.ts';
import { GameError } from '../../src/sim/game-error.ts';
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
  /** Where purchases are "saved" (share one between players to share store transactions). */
  readonly purchases?: MemoryPurchases;
}

/**
 * The database side of savePurchase, in memory, for handler tests without a
 * server: the audit rows (one per player and purchase id) and the store
 * transactions (one purchase each, across all players), with the same
 * answers as PlayerRepository.savePurchase. The real one is tested through
 * the protocol (tests/server/purchase-saver.test.ts) and on both databases
 * (tests/persistence/repository.test.ts).
 */
export class MemoryPurchases {
  readonly audit: (Omit<PurchaseRecord, 'store'> & { playerId: string })[] = [];
  readonly transactions = new Map<string, { playerId: string; purchaseId: string }>();
  /** Saves so far, retries included. */
  saves = 0;
  /** While true every save fails as a database that is away does (INTERNAL). */
  fail = false;
  /** While set, saves wait for it before they commit (a slow database). */
  gate: Promise<void> | undefined;
  #atGate = 0;
  #gateWaiters: { n: number; resolve: () => void }[] = [];

  /** Saves waiting at the gate now. */
  get atGate(): number {
    return this.#atGate;
  }

  /** Resolves once `n` saves are waiting at the gate. */
  waiting(n: number): Promise<void> {
    if (this.#atGate >= n) return Promise.resolve();
    return new Promise((resolve) => this.#gateWaiters.push({ n, resolve }));
  }

  /** What the server's PurchaseSaver.save does, minus the database. */
  async save(playerId: string, purchase: PurchaseRecord): Promise<void> {
    if (this.gate) {
      this.#atGate++;
      for (const w of this.#gateWaiters.filter((w) => this.#atGate >= w.n)) {
        this.#gateWaiters.splice(this.#gateWaiters.indexOf(w), 1);
        w.resolve();
      }
      await this.gate;
      this.#atGate--;
    }
    if (this.fail) throw new GameError('INTERNAL', 'the purchase could not be saved');
    this.saves++;
    const { store, ...audit } = purchase;
    if (store) {
      const key = `${store.platform}:${store.transactionId}`;
      const first = this.transactions.get(key);
      if (first && (first.playerId !== playerId || first.purchaseId !== purchase.purchaseId))
        throw new GameError('CONFLICT', `receipt ${store.transactionId} was already redeemed`);
      this.transactions.set(key, { playerId, purchaseId: purchase.purchaseId });
    }
    if (!this.audit.some((a) => a.playerId === playerId && a.purchaseId === audit.purchaseId))
      this.audit.push({ ...audit, playerId });
    // The commit is a later moment than the copy.
    await Promise.resolve();
  }
}

/** A test context: what handlers see, plus what they did. */
export type TestCommandContext = CommandContext & {
  readonly events: number[];
  coldChanges: number;
  readonly purchases: MemoryPurchases;
};

const noRecords: PlayerRecords = {
  chatPage: () => Promise.reject(new Error('no database in this test')),
  purchasePage: () => Promise.reject(new Error('no database in this test')),
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
): TestCommandContext {
  const cold = options.cold ?? coldStateFrom({});
  const clock = options.clock ?? { now: Date.UTC(2026, 0, 1) };
  const config = { ...loadConfig({}, []), ...options.config };
  const events: number[] = [];
  const purchases = options.purchases ?? new MemoryPurchases();
  let queue: Promise<unknown> = Promise.resolve();
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
    purchases,
    savePurchase: async (purchase: PurchaseRecord, pending?: PendingChange) => {
      await purchases.save(ctx.playerId, purchase);
      if (pending) await engine.submit(() => pending.apply(slot, cold));
    },
    queuePurchase: <T>(work: () => Promise<T>): Promise<T> => {
      const run = queue.then(work);
      queue = run.catch(() => {});
      return run;
    },
  };
  return ctx as TestCommandContext;
}
