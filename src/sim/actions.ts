import type { Catalog } from '../content/catalog.ts';
import type { Columns } from '../world/columns.ts';
import { FIELD_INDEX } from '../world/schema.ts';
import { advance } from './advance.ts';
import { MAX_SPEED } from './clock.ts';
import { markDirty } from './dirty.ts';
import { applyEffects, canAfford, payCost } from './effects.ts';
import { ACHIEVEMENT_REPORT, type FiredEvents, recordHistory } from './events.ts';
import { GameError } from './game-error.ts';

/**
 * What a player can do to their own life, as pure functions over the
 * columns. They run on the main thread while no simulate phase is in flight.
 * Each checks everything before changing anything, so a refused action
 * leaves the player exactly as it found them.
 */

export function setSpeed(c: Columns, s: number, level: number): void {
  if (!Number.isInteger(level) || level < 0 || level > MAX_SPEED) {
    throw new GameError('INVALID_ARGS', `speed level must be an integer 0..${MAX_SPEED}`);
  }
  if (c.speed[s] !== level) {
    c.speed[s] = level;
    markDirty(c, s, FIELD_INDEX.speed);
  }
}

export interface AnswerResult {
  /** Id of the next dilemma step, now pending, if the option leads to one. */
  readonly next?: string;
}

/** Answer the pending question or dilemma step with one of its options. */
export function answer(
  c: Columns,
  s: number,
  cat: Catalog,
  eventId: string,
  optionId: string,
): AnswerResult {
  const pending = c.pendingEvent[s]! - 1;
  const i = cat.indexById.get(eventId);
  if (i === undefined) throw new GameError('NOT_FOUND', `no event ${eventId}`);
  if (pending < 0 || pending !== i)
    throw new GameError('CONFLICT', `event ${eventId} is not waiting for an answer`);
  const option = cat.options[i]!.find((o) => o.id === optionId);
  if (!option) throw new GameError('NOT_FOUND', `event ${eventId} has no option ${optionId}`);
  if (!canAfford(c, s, option)) {
    throw new GameError('INSUFFICIENT_FUNDS', `option ${optionId} costs more than you have`);
  }
  payCost(c, s, option);
  applyEffects(c, s, option.effects);
  if (option.next >= 0) recordHistory(c, s, option.next);
  c.pendingEvent[s] = option.next + 1;
  markDirty(c, s, FIELD_INDEX.pendingEvent);
  return option.next >= 0 ? { next: cat.defs[option.next]!.id } : {};
}

export interface SkipResult {
  readonly minutes: number;
  /** Catalog indices of the events that fired on the way, in order. */
  readonly events: readonly number[];
  /** Achievements unlocked on the way (indices in content/achievements.ts). */
  readonly achievements: readonly number[];
}

/** Fast-forward a player (a paid time skip, or catching up a returning player). */
export function skipTime(c: Columns, s: number, cat: Catalog, minutes: number): SkipResult {
  if (!Number.isInteger(minutes) || minutes < 0) {
    throw new GameError('INVALID_ARGS', 'minutes must be a non-negative integer');
  }
  const out: FiredEvents = [];
  const done = advance(c, s, minutes, cat, out);
  const events: number[] = [];
  const achievements: number[] = [];
  // Achievement reports are not catalog events: they come back on their own.
  for (let k = 1; k < out.length; k += 2) {
    const report = out[k]!;
    if (report >= ACHIEVEMENT_REPORT) achievements.push(report - ACHIEVEMENT_REPORT);
    else events.push(report);
  }
  return { minutes: done, events, achievements };
}
