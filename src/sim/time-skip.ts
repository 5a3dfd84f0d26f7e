import { ACHIEVEMENTS } from '../content/achievements.ts';
import type { Catalog } from '../content/catalog.ts';
import type { EventDef } from '../content/event-schema.ts';
import { JOBS } from '../content/jobs.ts';
import type { TimeSkip } from '../content/time-skips.ts';
import type { Columns } from '../world/columns.ts';
import { ageInYears } from '../world/life.ts';
import { FIELD_INDEX as F } from '../world/schema.ts';
import { skipTime } from './actions.ts';
import { addToField } from './effects.ts';

/**
 * A paid time skip (content/time-skips.ts): the life runs forward through
 * the same rules ticks use (skipTime), and the skip says what happened on
 * the way. A skip cut short, by a question or the end of the life, costs
 * only the part that ran.
 */

/**
 * Events listed one by one in a time skip's summary (eventCount says how
 * many fired in all). The summary is kept in the ledger for retries, up to
 * LEDGER_LIMIT of them in the saved cold state, so it is bounded: 32 is
 * about what a month of messages brings, at under 2 KiB.
 */
export const SKIP_EVENTS_LISTED = 32;

/** An event as a skip's summary names it. */
export interface EventSummary {
  readonly id: string;
  readonly title: string;
  readonly kind: EventDef['kind'];
}

/** The parts of a life a time skip moves, as they are at one moment. */
export interface LifeSnapshot {
  readonly ageYears: number;
  readonly ageDays: number;
  readonly money: number;
  readonly energy: number;
  readonly happiness: number;
  readonly health: number;
  /** Job id (content/jobs.ts), null when not working. */
  readonly job: string | null;
  readonly alive: boolean;
}

/** What a time skip did. */
export interface SkipSummary {
  /** Diamonds the skip costs: its price for the part that ran, rounded up. */
  readonly price: number;
  /** Diamonds given back because the skip stopped early. */
  readonly refunded: number;
  readonly minutesPassed: number;
  /** The first SKIP_EVENTS_LISTED events that fired on the way, in order. */
  readonly events: EventSummary[];
  /** How many events fired in all. */
  readonly eventCount: number;
  /** Ids of the achievements unlocked on the way. */
  readonly achievements: string[];
  /** The question that stopped the clock, if one did. */
  readonly stoppedBy: EventSummary | null;
  /** Catalog index of that question (-1: none): it goes to the client as if fired in a tick. */
  readonly question: number;
  /** Ids of the fired messages whose rewards now wait to be claimed, in order. */
  readonly rewards: string[];
  readonly before: LifeSnapshot;
  readonly after: LifeSnapshot;
}

/** Why the life cannot skip time now (diamonds aside), or undefined when it can. */
export function skipRefusal(c: Columns, s: number): string | undefined {
  if (c.pendingEvent[s] !== 0) return 'a question is waiting: answer it before skipping time';
  return undefined;
}

export function eventSummary(cat: Catalog, event: number): EventSummary {
  const def = cat.defs[event]!;
  return { id: def.id, title: def.title, kind: def.kind };
}

export function lifeSnapshot(c: Columns, s: number): LifeSnapshot {
  const job = c.job[s]!;
  return {
    ageYears: ageInYears(c.ageDays[s]!),
    ageDays: c.ageDays[s]!,
    money: c.money[s]!,
    energy: c.energy[s]!,
    happiness: c.happiness[s]!,
    health: c.health[s]!,
    job: job > 0 ? (JOBS[job - 1]?.id ?? null) : null,
    alive: c.alive[s] === 1,
  };
}

/**
 * Run the skip on a life that has paid its full price (the caller has
 * checked skipRefusal and taken `skip.diamonds`), give back the price of
 * the part that did not run, and say what happened.
 */
export function runTimeSkip(c: Columns, s: number, cat: Catalog, skip: TimeSkip): SkipSummary {
  const before = lifeSnapshot(c, s);
  const skipped = skipTime(c, s, cat, skip.minutes);
  const events: EventSummary[] = [];
  const rewards: string[] = [];
  for (const event of skipped.events) {
    if (events.length < SKIP_EVENTS_LISTED) events.push(eventSummary(cat, event));
    // A message with a reward waits to be claimed, as when it fires in a tick.
    if (cat.claimable[event] === 1) rewards.push(cat.defs[event]!.id);
  }
  const price = Math.ceil((skip.diamonds * skipped.minutes) / skip.minutes);
  if (price < skip.diamonds) addToField(c, s, F.diamonds, skip.diamonds - price);
  const question = c.pendingEvent[s]! - 1;
  return {
    price,
    refunded: skip.diamonds - price,
    minutesPassed: skipped.minutes,
    events,
    eventCount: skipped.events.length,
    achievements: skipped.achievements.map((k) => ACHIEVEMENTS.defs[k]!.id),
    stoppedBy: question >= 0 ? eventSummary(cat, question) : null,
    question,
    rewards,
    before,
    after: lifeSnapshot(c, s),
  };
}
