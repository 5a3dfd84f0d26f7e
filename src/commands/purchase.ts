import { addToField } from '../sim/effects.ts';
import { GameError } from '../sim/game-error.ts';
import { type ColdState, count, LEDGER_LIMIT, type LedgerEntry } from '../world/cold.ts';
import type { Columns } from '../world/columns.ts';
import { FIELD_INDEX as F, type FieldName } from '../world/schema.ts';
import type { CommandContext, PurchaseRecord } from './context.ts';
import { ledgerEntry, type PurchaseKey, recordInLedger, replayed } from './ledger.ts';

/**
 * The one way every purchase goes, whatever is bought. A kind of purchase
 * (an item, an energy refill, a time skip: commands/shop.ts; a diamond
 * pack: commands/in-app-purchase.ts) is a PurchaseKind: what it looks up,
 * what it costs, what refuses it, what it does. `purchase` runs it, one
 * purchase at a time per player:
 *
 * 0. (a kind with `verify`: its receipt is checked with its store first,
 *    outside the engine and the queue, unless the purchase id is a retry);
 * 1. replay: a purchase id already in the ledger (ledger.ts) gets its first
 *    result back, once the row holding it is saved, and nothing happens;
 * 2. look up the product (NOT_FOUND);
 * 3. check the life is going on, then the kind's own refusals (CONFLICT);
 * 4. check and take the price from the player's money or diamonds
 *    (INSUFFICIENT_FUNDS);
 * 5. apply the kind's change, record it in the ledger with its result;
 * 6. save the player with the purchase's audit row, durably, and answer
 *    only once that has committed (server/purchase-saver.ts).
 *
 * Steps 1-5 happen in one idle moment of the engine, and a refusal in any
 * of them changes nothing. If the save fails the purchase stays made (see
 * server/purchase-saver.ts for why) and the client gets INTERNAL; a retry
 * is answered once a save holding it commits. A kind whose change waits for
 * the save (a diamond pack: `grant`) is made only after the commit, so a
 * failed save grants nothing.
 */

/** The arguments every purchase command carries. */
export interface PurchaseArgs {
  /** The client's id of this purchase (protocol/commands/shop.ts). */
  readonly purchaseId: string;
}

/** What pays for a purchase from the player's own columns. */
export interface Charge<P, A> {
  readonly currency: 'money' | 'diamonds';
  /** The listed price, checked and taken before the kind's `apply`. */
  price(product: P): number;
  /** INSUFFICIENT_FUNDS's message. */
  tooDear(product: P, args: A): string;
}

/** What a kind's `apply` gets: the purchase, in the engine's idle moment. */
export interface Purchase<P, A, V> {
  readonly ctx: CommandContext;
  readonly c: Columns;
  readonly slot: number;
  readonly cold: ColdState;
  readonly product: P;
  readonly args: A;
  /** Wall-clock ms of the purchase (the ledger entry's time). */
  readonly now: number;
  /** What `verify` found (undefined for a kind without one). */
  readonly verified: V;
}

/** What a kind's `apply` did, or for a grant, will do. */
export interface Made<R> {
  /** The answer, kept in the ledger for retries. */
  readonly result: R;
  /** What was paid, in the kind's currency (a time skip cut short costs less than its price). */
  readonly paid: number;
  /** The store transaction an in-app purchase redeems (once across all players). */
  readonly store?: PurchaseRecord['store'];
  /**
   * A change made only once the save has committed, instead of by `apply`:
   * the saved copy has `fields` and the ledger entry; `make` then makes the
   * change to the player.
   */
  readonly grant?: {
    readonly fields: Partial<Record<FieldName, number>>;
    make(c: Columns, slot: number): void;
  };
}

/**
 * A kind of purchase, declared: `purchase` does the rest. `A` its command's
 * arguments, `P` the product looked up, `R` its result, `V` what `verify`
 * finds out.
 */
export interface PurchaseKind<A extends PurchaseArgs, P, R extends Record<string, unknown>, V> {
  /** The ledger's kind: a purchase id stays tied to this kind and `item`. */
  readonly ledger: PurchaseKey['kind'];
  /** What is bought, as the ledger and the audit row name it. */
  item(args: A): string;
  /** The product bought, or undefined when there is none by that name. */
  find(args: A): P | undefined;
  /** NOT_FOUND's message. */
  notFound(args: A): string;
  /** Refuses every purchase of the kind (NOT_FOUND) with its message, when not on sale here. */
  offered?(ctx: CommandContext): string | undefined;
  /** Whether the life must be going on (a diamond pack is bought for the account). */
  readonly needsLife: boolean;
  /** Why this life cannot buy the product now (CONFLICT), besides the price. */
  refusal?(c: Columns, slot: number, product: P): string | undefined;
  /** How it is paid from the player's columns; absent: paid with real money at a store. */
  readonly charge?: Charge<P, A>;
  /**
   * Checks outside the engine before a new purchase id is queued (a receipt
   * with its store); rejects with a GameError to refuse. Not called for a retry.
   */
  verify?(ctx: CommandContext, product: P, args: A): Promise<V>;
  /** Make the change (the price is taken), or describe its grant. */
  apply(p: Purchase<P, A, V>): Made<R>;
  /** The purchase was made and saved (not a retry): best effort, failures ignored. */
  delivered?(ctx: CommandContext, verified: V): Promise<void>;
}

type Entry = Omit<LedgerEntry, 'result'>;

/** A purchase's audit row, from its ledger entry. */
function auditRow(entry: Entry): PurchaseRecord {
  return {
    purchaseId: entry.id,
    item: `${entry.kind}:${entry.item}`,
    amount: entry.price,
    currency: entry.currency,
    at: entry.at,
  };
}

/** Remember an applied purchase: the ledger entry (with the result a retry gets back) and the counter. */
function settle(cold: ColdState, entry: Entry, result: Record<string, unknown>): void {
  recordInLedger(cold, { ...entry, result });
  count(cold, 'purchases');
}

interface Answer<R> {
  readonly result: R;
  /** The save the answer waits for. */
  readonly saving: Promise<void>;
  /** Whether this call made the purchase (not a retry answered with the first result). */
  readonly fresh: boolean;
}

/**
 * Run a purchase of `kind` for the context's player. Every refusal is a
 * GameError and changes nothing.
 */
export function purchase<A extends PurchaseArgs, P, R extends Record<string, unknown>, V>(
  ctx: CommandContext,
  kind: PurchaseKind<A, P, R, V>,
  args: A,
): Promise<R> {
  const closed = kind.offered?.(ctx);
  if (closed !== undefined) throw new GameError('NOT_FOUND', closed);
  const key: PurchaseKey = { kind: kind.ledger, item: kind.item(args) };
  // A retry needs no second look at the receipt (nor the store's time).
  if (!kind.verify || replayed(ctx.cold, args.purchaseId, key) !== undefined) {
    return queued(ctx, kind, args, key, { done: false });
  }
  return kind
    .verify(ctx, lookUp(kind, args), args)
    .then((verified) => queued(ctx, kind, args, key, { done: true, verified }));
}

type Verification<V> = { readonly done: false } | { readonly done: true; readonly verified: V };

/** Step 2: the product, or NOT_FOUND. */
function lookUp<A extends PurchaseArgs, P, R extends Record<string, unknown>, V>(
  kind: PurchaseKind<A, P, R, V>,
  args: A,
): P {
  const product = kind.find(args);
  if (product === undefined) throw new GameError('NOT_FOUND', kind.notFound(args));
  return product;
}

/** The purchase in its player's queue: made, saved, then answered. */
async function queued<A extends PurchaseArgs, P, R extends Record<string, unknown>, V>(
  ctx: CommandContext,
  kind: PurchaseKind<A, P, R, V>,
  args: A,
  key: PurchaseKey,
  verification: Verification<V>,
): Promise<R> {
  const answer = await ctx.queuePurchase(async () => {
    const made = await ctx.apply((slot, cold) =>
      make(ctx, kind, args, key, verification, slot, cold),
    );
    await made.saving;
    return made;
  });
  // The purchase is durable: the store may consider it delivered.
  if (answer.fresh && verification.done && kind.delivered)
    void kind.delivered(ctx, verification.verified).catch(() => {});
  return answer.result;
}

/** Steps 1-6 in the engine's idle moment; the answer waits for `saving`. */
function make<A extends PurchaseArgs, P, R extends Record<string, unknown>, V>(
  ctx: CommandContext,
  kind: PurchaseKind<A, P, R, V>,
  args: A,
  key: PurchaseKey,
  verification: Verification<V>,
  slot: number,
  cold: ColdState,
): Answer<R> {
  const { purchaseId } = args;
  // Checked again in the queue: a retry of the same purchase may have
  // landed while this one waited (for the store, or for earlier purchases).
  const again = replayed<R>(cold, purchaseId, key);
  if (again !== undefined) {
    const saving = ctx.savePurchase(auditRow(ledgerEntry(cold, purchaseId)!));
    return { result: again, saving, fresh: false };
  }
  if (kind.verify && !verification.done) {
    // Queued as a retry, but the ledger forgot the purchase while it waited
    // (LEDGER_LIMIT newer ones came): its receipt was never checked here.
    throw new GameError(
      'INTERNAL',
      `purchase ${purchaseId} was forgotten while it waited: it is older than the last ${LEDGER_LIMIT}`,
    );
  }
  const product = lookUp(kind, args);
  const c = ctx.engine.world.columns;
  if (kind.needsLife && c.alive[slot] !== 1) throw new GameError('CONFLICT', 'this life has ended');
  const refusal = kind.refusal?.(c, slot, product);
  if (refusal !== undefined) throw new GameError('CONFLICT', refusal);
  const charge = kind.charge;
  const price = charge ? charge.price(product) : 0;
  if (charge && c[charge.currency][slot]! < price)
    throw new GameError('INSUFFICIENT_FUNDS', charge.tooDear(product, args));
  const now = ctx.now();
  if (charge) addToField(c, slot, F[charge.currency], -price);
  const verified = (verification.done ? verification.verified : undefined) as V;
  const made = kind.apply({ ctx, c, slot, cold, product, args, now, verified });
  const entry: Entry = {
    id: purchaseId,
    kind: kind.ledger,
    item: key.item,
    price: made.paid,
    currency: charge ? charge.currency : 'real',
    at: now,
  };
  const audit: PurchaseRecord = made.store
    ? { ...auditRow(entry), store: made.store }
    : auditRow(entry);
  const grant = made.grant;
  if (!grant) {
    settle(cold, entry, made.result);
    ctx.coldChanged();
    return { result: made.result, saving: ctx.savePurchase(audit), fresh: true };
  }
  // The saved copy has the grant and its ledger entry; the player gets
  // them only once that copy has committed.
  const saved = structuredClone(cold);
  settle(saved, entry, made.result);
  const saving = ctx.savePurchase(audit, {
    fields: grant.fields,
    cold: saved,
    apply: (s, live) => {
      grant.make(c, s);
      settle(live, entry, made.result);
    },
  });
  return { result: made.result, saving, fresh: true };
}
