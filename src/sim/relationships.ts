import type { Gift } from '../content/gifts.ts';
import type { Columns } from '../world/columns.ts';
import { Flag, NpcRole } from '../world/life.ts';
import { FIELD_INDEX as F } from '../world/schema.ts';
import { markDirty } from './dirty.ts';
import { addToField } from './effects.ts';
import { clampAffinity, clampFamiliarity, findNpc, turnToEx } from './npc.ts';
import { below } from './random.ts';

/**
 * Love: the rules behind dating, partners, break-ups and divorce. The
 * command handlers (commands/love.ts) check that a move is allowed, then
 * call these; marriage and children come from events (content/events),
 * which set `engaged`, `married` and `tryingForChild` and add the child.
 */

/** Romance needs affinity above this (GAME.md). */
export const ROMANCE_MIN_AFFINITY = 20;
/** Dating moves affinity +10..40 (GAME.md): a match, a romance. */
export const DATING_BONUS_MIN = 10;
export const DATING_BONUS_MAX = 40;

/** A romantic moment costs two chat lines' energy (talk costs 5). */
export const ROMANCE_ENERGY = 10;
/** A conversation's familiarity, +5..10 (GAME.md). */
export const ROMANCE_FAMILIARITY_MIN = 5;
export const ROMANCE_FAMILIARITY_MAX = 10;

/** A dinner and a show for two: six meals' worth of the hourly rules' MEAL_COST, and more. */
export const DATE_NIGHT_MONEY = 60;
/** An evening out: about what four hours of free time cost (2 an hour) and then some. */
export const DATE_NIGHT_ENERGY = 15;
/** A date night's affinity, a good positive interaction (GAME.md +5..20, upper half). */
export const DATE_AFFINITY_MIN = 10;
export const DATE_AFFINITY_MAX = 20;
/** A shared activity's familiarity, +10..20 (GAME.md). */
export const DATE_FAMILIARITY_MIN = 10;
export const DATE_FAMILIARITY_MAX = 20;
/** What a good evening does to the player: about a day's worth of good free hours. */
export const DATE_HAPPINESS = 8;
export const DATE_STRESS = -5;

/** A gift is an interaction: it makes the two a little more familiar. */
export const GIFT_FAMILIARITY = 5;

/** A new match has had one conversation: a first date's familiarity. */
export const MATCH_FAMILIARITY = 10;

/**
 * The chance of a match, in percent: a fifth of likes match by themselves;
 * each shared interest adds 15; social and happiness above or below 50 add
 * or take up to 10 each (people warm to the sociable and the cheerful).
 * Never below 5% nor above 90%: nobody is hopeless and nobody is certain.
 */
export const MATCH_BASE_PERCENT = 20;
export const MATCH_PER_SHARED_INTEREST = 15;
const MATCH_STAT_DIVISOR = 5;
const MATCH_MIN_PERCENT = 5;
const MATCH_MAX_PERCENT = 90;

/** A break-up: the ex thinks 40 less of the player; it stings. */
export const BREAK_UP_AFFINITY_DROP = 40;
export const BREAK_UP_HAPPINESS = -10;
export const BREAK_UP_STRESS = 10;

/**
 * A divorce costs a legal fee, plus half the savings above a floor: the
 * couple's money is split, but a floor of savings is left out of the split
 * so the poorer half of a marriage is not left with nothing to live on. With
 * the floor at twice the fee, what a divorce takes never exceeds half the
 * player's money (money − fee − (money − floor)/2 = money/2 when money ≥
 * floor), so a player who can pay the fee never ends in debt.
 */
export const DIVORCE_FEE = 1000;
export const DIVORCE_SAVINGS_FLOOR = 2 * DIVORCE_FEE;
export const DIVORCE_AFFINITY_DROP = 60;
export const DIVORCE_HAPPINESS = -15;
export const DIVORCE_STRESS = 15;

/** Flags that belong to being with someone, cleared when it ends. */
export const COUPLE_FLAGS = Flag.hasPartner | Flag.engaged | Flag.married | Flag.tryingForChild;

/** A uniform integer in [min, max] from the player's PRNG. */
export function between(c: Columns, s: number, min: number, max: number): number {
  return min + below(c, s, max - min + 1);
}

/** Whether the player is with someone: the flag, or a partner in the NPC table. */
export function hasPartner(c: Columns, s: number): boolean {
  return (c.flags[s]! & Flag.hasPartner) !== 0 || findNpc(c, s, NpcRole.partner) >= 0;
}

/** The chance (percent) that liking a candidate is a match. */
export function matchPercent(sharedInterests: number, social: number, happiness: number): number {
  const p =
    MATCH_BASE_PERCENT +
    MATCH_PER_SHARED_INTEREST * sharedInterests +
    Math.trunc((social - 50) / MATCH_STAT_DIVISOR) +
    Math.trunc((happiness - 50) / MATCH_STAT_DIVISOR);
  return p < MATCH_MIN_PERCENT ? MATCH_MIN_PERCENT : p > MATCH_MAX_PERCENT ? MATCH_MAX_PERCENT : p;
}

/** NPC entry `i` becomes the player's partner, `gain` affinity warmer. */
export function becomePartner(c: Columns, s: number, i: number, gain: number): void {
  c.npcRole[i] = NpcRole.partner;
  c.npcAffinity[i] = clampAffinity(c.npcAffinity[i]! + gain);
  c.flags[s] = (c.flags[s]! | Flag.hasPartner) >>> 0;
  markDirty(c, s, F.flags);
}

/** Affinity and familiarity gained with NPC entry `i`. */
export function warm(c: Columns, i: number, affinity: number, familiarity: number): void {
  c.npcAffinity[i] = clampAffinity(c.npcAffinity[i]! + affinity);
  c.npcFamiliarity[i] = clampFamiliarity(c.npcFamiliarity[i]! + familiarity);
}

/** What a gift is worth to NPC entry `i`: all of it to a partner, half (at least 1) to anyone else. */
export function giftAffinity(c: Columns, i: number, gift: Gift): number {
  return c.npcRole[i] === NpcRole.partner ? gift.affinity : Math.max(1, gift.affinity >> 1);
}

/** An evening out with partner entry `i`; the caller has taken the money and energy. */
export function dateNight(c: Columns, s: number, i: number): void {
  warm(
    c,
    i,
    between(c, s, DATE_AFFINITY_MIN, DATE_AFFINITY_MAX),
    between(c, s, DATE_FAMILIARITY_MIN, DATE_FAMILIARITY_MAX),
  );
  addToField(c, s, F.happiness, DATE_HAPPINESS);
  addToField(c, s, F.stress, DATE_STRESS);
}

/** It is over with partner entry `i`: they become an ex and the couple's flags go. */
function endCouple(c: Columns, s: number, i: number, drop: number, divorced: boolean): void {
  turnToEx(c, i, drop);
  let flags = c.flags[s]! & ~COUPLE_FLAGS;
  if (divorced) flags |= Flag.divorced;
  c.flags[s] = flags >>> 0;
  markDirty(c, s, F.flags);
}

/** Break up with (unmarried) partner entry `i`. */
export function breakUp(c: Columns, s: number, i: number): void {
  endCouple(c, s, i, BREAK_UP_AFFINITY_DROP, false);
  addToField(c, s, F.happiness, BREAK_UP_HAPPINESS);
  addToField(c, s, F.stress, BREAK_UP_STRESS);
}

/** What a divorce costs a player with `money`: the fee and the spouse's half of the savings above the floor. */
export function divorceCost(money: number): { fee: number; settlement: number } {
  return {
    fee: DIVORCE_FEE,
    settlement: Math.floor(Math.max(0, money - DIVORCE_SAVINGS_FLOOR) / 2),
  };
}

/** Divorce spouse entry `i`, paying `total` (from divorceCost); the caller checked the fee. */
export function divorce(c: Columns, s: number, i: number, total: number): void {
  endCouple(c, s, i, DIVORCE_AFFINITY_DROP, true);
  addToField(c, s, F.money, -total);
  addToField(c, s, F.happiness, DIVORCE_HAPPINESS);
  addToField(c, s, F.stress, DIVORCE_STRESS);
}
