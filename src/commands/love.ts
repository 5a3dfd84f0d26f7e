import type { LOVE_COMMANDS } from '../../protocol/commands/love.ts';
import { candidateFrom, countBits, DATING_MIN_AGE } from '../content/dating.ts';
import { GIFT_BY_ID } from '../content/gifts.ts';
import { markDirty } from '../sim/dirty.ts';
import { addToField } from '../sim/effects.ts';
import { ageYears } from '../sim/events.ts';
import { interestNames } from '../sim/explain.ts';
import { GameError } from '../sim/game-error.ts';
import { addNpcMakingRoom, entryForNewNpc } from '../sim/npc.ts';
import { below, nextU32 } from '../sim/random.ts';
import {
  becomePartner,
  between,
  breakUp,
  DATE_NIGHT_ENERGY,
  DATE_NIGHT_MONEY,
  DATING_BONUS_MAX,
  DATING_BONUS_MIN,
  dateNight,
  divorce,
  divorceCost,
  GIFT_FAMILIARITY,
  giftAffinity,
  hasPartner,
  MATCH_FAMILIARITY,
  matchPercent,
  ROMANCE_ENERGY,
  ROMANCE_FAMILIARITY_MAX,
  ROMANCE_FAMILIARITY_MIN,
  ROMANCE_MIN_AFFINITY,
  warm,
} from '../sim/relationships.ts';
import { count } from '../world/cold.ts';
import type { Columns } from '../world/columns.ts';
import { Flag, Habit, type HabitName, NpcRole } from '../world/life.ts';
import { FIELD_INDEX as F, NPC_SLOTS } from '../world/schema.ts';
import type { CommandContext } from './context.ts';
import { energyWaived } from './core.ts';
import type { HandlerTable } from './handler.ts';
import { npcViews } from './views.ts';

/** Roles that can turn into a partner through romance: people met, and a former partner. */
const ROMANCEABLE = new Set<number>([NpcRole.friend, NpcRole.coworker, NpcRole.ex]);

/** A living life: a dead player dates nobody and quits nothing. */
function requireAlive(c: Columns, s: number): void {
  if (c.alive[s] !== 1) throw new GameError('CONFLICT', 'this life has ended');
}

/** An adult without a partner, able to date. */
function requireSingleAdult(c: Columns, s: number): void {
  requireAlive(c, s);
  if (ageYears(c, s) < DATING_MIN_AGE)
    throw new GameError('CONFLICT', `dating is for adults (${DATING_MIN_AGE}+)`);
  if (hasPartner(c, s)) throw new GameError('CONFLICT', 'you already have a partner');
}

/** The table index of NPC `npcId`, which must exist. */
function npcEntry(c: Columns, s: number, npcId: number): number {
  const i = s * NPC_SLOTS + npcId;
  if (c.npcRole[i] === 0) throw new GameError('NOT_FOUND', `no NPC ${npcId}`);
  return i;
}

/** A partner NPC `npcId` (not just anyone). */
function partnerEntry(c: Columns, s: number, npcId: number): number {
  const i = npcEntry(c, s, npcId);
  if (c.npcRole[i] !== NpcRole.partner)
    throw new GameError('CONFLICT', `NPC ${npcId} is not your partner`);
  return i;
}

/** NPC `npcId` as clients see it. */
function viewOf(c: Columns, s: number, npcId: number) {
  return npcViews(c, s).find((n) => n.id === npcId)!;
}

/** Energy the command costs, or 0 while an unlimited refill lasts; refused if the player has too little. */
function energyCost(ctx: CommandContext, amount: number, what: string): number {
  if (energyWaived(ctx.cold, ctx.now())) return 0;
  if (ctx.engine.world.columns.energy[ctx.slot]! < amount)
    throw new GameError('INSUFFICIENT_FUNDS', `${what} costs ${amount} energy`);
  return amount;
}

function requireMoney(c: Columns, s: number, amount: number, what: string): void {
  if (c.money[s]! < amount)
    throw new GameError('INSUFFICIENT_FUNDS', `${what} costs ${amount} money`);
}

function habitState(c: Columns, s: number, habit: HabitName) {
  const { flag, bit } = Habit[habit];
  return {
    habit,
    active: (c.flags[s]! & flag) !== 0,
    quitting: (c.quitting[s]! & bit) !== 0,
  };
}

function setFlags(c: Columns, s: number, flags: number): void {
  c.flags[s] = flags >>> 0;
  markDirty(c, s, F.flags);
}

function setQuitting(c: Columns, s: number, bits: number): void {
  c.quitting[s] = bits;
  markDirty(c, s, F.quitting);
}

export const LOVE_HANDLERS: HandlerTable<keyof typeof LOVE_COMMANDS> = {
  getSwipeCharacter(ctx) {
    const c = ctx.engine.world.columns;
    const s = ctx.slot;
    requireSingleAdult(c, s);
    const years = ageYears(c, s);
    const candidate = candidateFrom(nextU32(c, s), years);
    ctx.cold.swipe = { candidate: candidate.id, at: ctx.now() };
    count(ctx.cold, 'swipesShown');
    ctx.coldChanged();
    return {
      candidateId: candidate.id,
      name: candidate.name,
      age: candidate.age,
      traits: [...candidate.traits],
      interests: interestNames(candidate.interests),
      sharedInterests: interestNames(candidate.interests & c.interests[s]!),
    };
  },

  swipeMatch(ctx, { candidateId, like }) {
    const c = ctx.engine.world.columns;
    const s = ctx.slot;
    if (ctx.cold.swipe === null || ctx.cold.swipe.candidate !== candidateId)
      throw new GameError('NOT_FOUND', `candidate ${candidateId} is not the one shown`);
    requireSingleAdult(c, s);
    if (like && entryForNewNpc(c, s) < 0)
      throw new GameError('CONFLICT', 'your relationship table is full');

    ctx.cold.swipe = null;
    if (!like) {
      count(ctx.cold, 'swipesPassed');
      ctx.coldChanged();
      return { matched: false, chance: 0 };
    }
    count(ctx.cold, 'swipesLiked');
    const candidate = candidateFrom(candidateId, ageYears(c, s));
    const chance = matchPercent(
      countBits(candidate.interests & c.interests[s]!),
      c.social[s]!,
      c.happiness[s]!,
    );
    if (below(c, s, 100) >= chance) {
      ctx.coldChanged();
      return { matched: false, chance };
    }
    const i = addNpcMakingRoom(
      c,
      s,
      NpcRole.partner,
      candidate.age,
      between(c, s, DATING_BONUS_MIN, DATING_BONUS_MAX),
      MATCH_FAMILIARITY,
    );
    setFlags(c, s, c.flags[s]! | Flag.hasPartner);
    count(ctx.cold, 'matches');
    ctx.coldChanged();
    return { matched: true, chance, npc: viewOf(c, s, i - s * NPC_SLOTS) };
  },

  romance(ctx, { npcId }) {
    const c = ctx.engine.world.columns;
    const s = ctx.slot;
    requireAlive(c, s);
    const i = npcEntry(c, s, npcId);
    const role = c.npcRole[i]!;
    const becomes = role !== NpcRole.partner;
    if (becomes && !ROMANCEABLE.has(role))
      throw new GameError('CONFLICT', `NPC ${npcId} is family, not a romance`);
    if (becomes && ageYears(c, s) < DATING_MIN_AGE)
      throw new GameError('CONFLICT', `romance is for adults (${DATING_MIN_AGE}+)`);
    if (becomes && hasPartner(c, s)) throw new GameError('CONFLICT', 'you already have a partner');
    if (c.npcAffinity[i]! <= ROMANCE_MIN_AFFINITY)
      throw new GameError('CONFLICT', `romance needs affinity above ${ROMANCE_MIN_AFFINITY}`);
    const energy = energyCost(ctx, ROMANCE_ENERGY, 'romance');

    if (energy > 0) addToField(c, s, F.energy, -energy);
    const gain = between(c, s, DATING_BONUS_MIN, DATING_BONUS_MAX);
    const familiarity = between(c, s, ROMANCE_FAMILIARITY_MIN, ROMANCE_FAMILIARITY_MAX);
    if (becomes) becomePartner(c, s, i, 0);
    warm(c, i, gain, familiarity);
    count(ctx.cold, 'romances');
    ctx.coldChanged();
    return { npc: viewOf(c, s, npcId), becamePartner: becomes };
  },

  dateNight(ctx, { npcId }) {
    const c = ctx.engine.world.columns;
    const s = ctx.slot;
    requireAlive(c, s);
    const i = partnerEntry(c, s, npcId);
    requireMoney(c, s, DATE_NIGHT_MONEY, 'a date night');
    const energy = energyCost(ctx, DATE_NIGHT_ENERGY, 'a date night');

    addToField(c, s, F.money, -DATE_NIGHT_MONEY);
    if (energy > 0) addToField(c, s, F.energy, -energy);
    dateNight(c, s, i);
    count(ctx.cold, 'dates');
    ctx.coldChanged();
    return { npc: viewOf(c, s, npcId) };
  },

  partnerGift(ctx, { npcId, giftId }) {
    const c = ctx.engine.world.columns;
    const s = ctx.slot;
    requireAlive(c, s);
    const i = npcEntry(c, s, npcId);
    const gift = GIFT_BY_ID.get(giftId);
    if (gift === undefined) throw new GameError('NOT_FOUND', `no gift ${JSON.stringify(giftId)}`);
    requireMoney(c, s, gift.price, gift.name);

    addToField(c, s, F.money, -gift.price);
    const affinity = giftAffinity(c, i, gift);
    warm(c, i, affinity, GIFT_FAMILIARITY);
    count(ctx.cold, 'gifts');
    ctx.coldChanged();
    return { npc: viewOf(c, s, npcId), giftId: gift.id, price: gift.price, affinity };
  },

  breakUp(ctx, { npcId }) {
    const c = ctx.engine.world.columns;
    const s = ctx.slot;
    requireAlive(c, s);
    const i = partnerEntry(c, s, npcId);
    if ((c.flags[s]! & Flag.married) !== 0)
      throw new GameError('CONFLICT', 'you are married: a marriage ends in divorce');

    breakUp(c, s, i);
    count(ctx.cold, 'breakUps');
    ctx.coldChanged();
    return { npc: viewOf(c, s, npcId) };
  },

  divorce(ctx, { npcId }) {
    const c = ctx.engine.world.columns;
    const s = ctx.slot;
    requireAlive(c, s);
    const i = partnerEntry(c, s, npcId);
    if ((c.flags[s]! & Flag.married) === 0)
      throw new GameError('CONFLICT', 'you are not married: break up instead');
    const { fee, settlement } = divorceCost(c.money[s]!);
    requireMoney(c, s, fee, 'the legal fee of a divorce');

    divorce(c, s, i, fee + settlement);
    count(ctx.cold, 'divorces');
    ctx.coldChanged();
    return { npc: viewOf(c, s, npcId), fee, settlement };
  },

  quitHabit(ctx, { habit }) {
    const c = ctx.engine.world.columns;
    const s = ctx.slot;
    requireAlive(c, s);
    const { flag, bit } = Habit[habit];
    const flags = c.flags[s]!;
    if ((flags & flag) === 0) throw new GameError('CONFLICT', `you have no ${habit} habit to quit`);
    if (habit === 'exercise') {
      setFlags(c, s, flags & ~flag);
    } else {
      if ((c.quitting[s]! & bit) !== 0)
        throw new GameError('CONFLICT', `you are already quitting ${habit}`);
      setQuitting(c, s, c.quitting[s]! | bit);
      count(ctx.cold, 'quitAttempts');
      ctx.coldChanged();
    }
    return habitState(c, s, habit);
  },

  stopQuitHabit(ctx, { habit }) {
    const c = ctx.engine.world.columns;
    const s = ctx.slot;
    requireAlive(c, s);
    const { flag, bit } = Habit[habit];
    if (habit === 'exercise') {
      if ((c.flags[s]! & flag) !== 0) throw new GameError('CONFLICT', 'you already exercise');
      setFlags(c, s, c.flags[s]! | flag);
    } else {
      if ((c.quitting[s]! & bit) === 0)
        throw new GameError('CONFLICT', `you are not quitting ${habit}`);
      setQuitting(c, s, c.quitting[s]! & ~bit);
    }
    return habitState(c, s, habit);
  },
};
