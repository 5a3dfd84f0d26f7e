/**
 * What the fault test's bots saw, as plain records the checker reads
 * (checker.ts). Times are this machine's wall clock (Date.now()), the same
 * clock the database's audit rows use.
 */

/** One connection that reached welcome, on one process, until it closed. */
export interface SessionRecord {
  readonly bot: string;
  /** Node id of the process that said welcome. */
  readonly node: string;
  readonly welcomedAt: number;
  /** Diamonds in the welcome's state. */
  readonly diamonds: number;
  /**
   * Moments the process was seen serving this player: welcome, acks and
   * updates, at most one every SERVED_EVERY_MS (the last one always kept).
   */
  readonly served: number[];
  closedAt?: number;
  closeCode?: number;
}

/** A purchase the server acknowledged. */
export interface PurchaseAckRecord {
  readonly bot: string;
  readonly node: string;
  readonly at: number;
  readonly purchaseId: string;
  readonly transactionId: string;
  readonly productId: string;
  readonly diamonds: number;
  readonly balance: number;
}

/** A purchase refused with an error code the bot does not retry (it was not applied, or was already). */
export interface PurchaseRefusalRecord {
  readonly bot: string;
  readonly node: string;
  readonly at: number;
  readonly purchaseId: string;
  readonly code: string;
}

/** A bot's whole record. */
export interface BotRecord {
  readonly bot: string;
  readonly sessions: SessionRecord[];
  readonly acks: PurchaseAckRecord[];
  readonly refusals: PurchaseRefusalRecord[];
  /** Purchases sent whose outcome the bot never learned (still unacked at the end). */
  readonly unresolved: string[];
  /** Failed connection attempts (refused, timed out, closed before welcome). */
  failedConnects: number;
  commandsAcked: number;
  commandsFailed: number;
}

/** Served moments closer together than this are not all kept. */
export const SERVED_EVERY_MS = 200;
/** Bound of one session's served moments (a session of hours at 5 a second). */
export const SERVED_KEPT = 50_000;

/** Note that `session`'s process served the player at `at`. */
export function noteServed(session: SessionRecord, at: number): void {
  const served = session.served;
  const last = served.length - 1;
  // Keep the first of each interval and always the latest moment.
  if (last >= 1 && at - served[last - 1]! < SERVED_EVERY_MS) served[last] = at;
  else if (served.length < SERVED_KEPT) served.push(at);
  else served[last] = at;
}
