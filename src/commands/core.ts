import type { CORE_COMMANDS } from '../../protocol/commands/core.ts';
import { personaOf } from '../llm/persona.ts';
import { answer, setSpeed } from '../sim/actions.ts';
import { markDirty } from '../sim/dirty.ts';
import { addToField } from '../sim/effects.ts';
import { ageYears } from '../sim/events.ts';
import { explainEvents, interestNames } from '../sim/explain.ts';
import { GameError } from '../sim/game-error.ts';
import { count, DEVICE_TOKEN_LIMIT } from '../world/cold.ts';
import { DAYS_PER_YEAR, MINUTES_PER_HOUR } from '../world/life.ts';
import { FIELD_INDEX, NPC_SLOTS } from '../world/schema.ts';
import type { HandlerTable } from './handler.ts';
import { playerStatistics } from './statistics.ts';
import { npcViews, stateSnapshot } from './views.ts';

/** Energy a chat line costs (the original game's price). */
export const TALK_ENERGY = 5;

/** Energy is free while an unlimited refill lasts. */
export function energyWaived(cold: { unlimitedEnergyUntil: number }, now: number): boolean {
  return cold.unlimitedEnergyUntil > now;
}

export const CORE_HANDLERS: HandlerTable<keyof typeof CORE_COMMANDS> = {
  setSpeed(ctx, { level }) {
    setSpeed(ctx.engine.world.columns, ctx.slot, level);
    return { speed: level };
  },

  answer(ctx, { eventId, optionId }) {
    const result = answer(
      ctx.engine.world.columns,
      ctx.slot,
      ctx.engine.catalog,
      eventId,
      optionId,
    );
    count(ctx.cold, 'eventsAnswered');
    ctx.coldChanged();
    if (result.next !== undefined) ctx.sendEvent(ctx.engine.catalog.indexById.get(result.next)!);
    return result;
  },

  talk(ctx, { npcId, text }) {
    const c = ctx.engine.world.columns;
    const i = ctx.slot * NPC_SLOTS + npcId;
    if (c.npcRole[i] === 0) throw new GameError('NOT_FOUND', `no NPC ${npcId}`);
    const free = energyWaived(ctx.cold, ctx.now());
    if (!free && c.energy[ctx.slot]! < TALK_ENERGY) {
      throw new GameError('INSUFFICIENT_FUNDS', `talking costs ${TALK_ENERGY} energy`);
    }
    if (!free) {
      c.energy[ctx.slot] = c.energy[ctx.slot]! - TALK_ENERGY;
      markDirty(c, ctx.slot, FIELD_INDEX.energy);
    }
    // Familiarity and affinity move when the reply lands (the conversation's
    // +5..10 and its sentiment), not here: one chat line, one change.
    ctx.chat.ask({
      playerId: ctx.playerId,
      npcId,
      role: c.npcRole[i]!,
      affinity: c.npcAffinity[i]!,
      familiarity: c.npcFamiliarity[i]!,
      npcAge: c.npcAge[i]!,
      playerMood: c.happiness[ctx.slot]!,
      text,
    });
    count(ctx.cold, 'messagesSent');
    ctx.coldChanged();
    return { queued: true };
  },

  retrievePerson(ctx, { npcId }) {
    const c = ctx.engine.world.columns;
    const npc = npcViews(c, ctx.slot).find((n) => n.id === npcId);
    if (!npc) throw new GameError('NOT_FOUND', `no NPC ${npcId}`);
    const i = ctx.slot * NPC_SLOTS + npcId;
    const persona = personaOf(
      ctx.playerId,
      npcId,
      {
        role: c.npcRole[i]!,
        age: c.npcAge[i]!,
        affinity: c.npcAffinity[i]!,
        familiarity: c.npcFamiliarity[i]!,
      },
      c.happiness[ctx.slot]!,
    );
    const conversation = ctx.chat.conversation(ctx.playerId, npcId);
    return {
      npc,
      name: persona.name,
      traits: [...persona.traits],
      memory: conversation.summary,
      messages: conversation.turns.map((t) => ({ from: t.from, text: t.text, at: t.at })),
    };
  },

  getState(ctx) {
    return stateSnapshot(
      ctx.engine.world.columns,
      ctx.slot,
      ctx.engine.catalog,
      ctx.playerId,
      (npcId) => ctx.chat.conversation(ctx.playerId, npcId).turns,
      ctx.cold,
    );
  },

  markConversationAsRead(ctx, { npcId }) {
    if (ctx.engine.world.columns.npcRole[ctx.slot * NPC_SLOTS + npcId] === 0)
      throw new GameError('NOT_FOUND', `no NPC ${npcId}`);
    const readAt = ctx.now();
    ctx.cold.readAt[String(npcId)] = readAt;
    ctx.coldChanged();
    return { npcId, readAt };
  },

  characterSetup(ctx, { firstName, lastName, sex, pronoun, appearance }) {
    const c = ctx.engine.world.columns;
    if (c.ageDays[ctx.slot]! >= DAYS_PER_YEAR) {
      throw new GameError('CONFLICT', 'the character can only be set up in their first year');
    }
    const chosen = pronoun ?? (sex === 'female' ? 'she' : sex === 'male' ? 'he' : 'they');
    ctx.cold.profile = { firstName, lastName, sex, pronoun: chosen, appearance: appearance ?? {} };
    ctx.coldChanged();
    return { firstName, lastName, sex, pronoun: chosen };
  },

  claimEvent(ctx, { eventId }) {
    const at = ctx.cold.claimable.indexOf(eventId);
    const i = ctx.engine.catalog.indexById.get(eventId);
    if (at < 0 || i === undefined)
      throw new GameError('NOT_FOUND', `no reward of ${eventId} waiting to be claimed`);
    const reward = ctx.engine.catalog.defs[i]!.reward ?? {};
    const c = ctx.engine.world.columns;
    if (reward.money) addToField(c, ctx.slot, FIELD_INDEX.money, reward.money);
    if (reward.diamonds) addToField(c, ctx.slot, FIELD_INDEX.diamonds, reward.diamonds);
    if (reward.energy) addToField(c, ctx.slot, FIELD_INDEX.energy, reward.energy);
    ctx.cold.claimable.splice(at, 1);
    count(ctx.cold, 'rewardsClaimed');
    ctx.coldChanged();
    return { eventId, reward: { ...reward } };
  },

  deviceToken(ctx, { platform, token }) {
    const tokens = ctx.cold.deviceTokens.filter((d) => d.token !== token);
    tokens.push({ platform, token, at: ctx.now() });
    // Bounded: a sixth device replaces the one registered longest ago.
    while (tokens.length > DEVICE_TOKEN_LIMIT) tokens.shift();
    ctx.cold.deviceTokens = tokens;
    ctx.coldChanged();
    return { devices: tokens.length };
  },

  getPlayerStatistics(ctx) {
    return playerStatistics(ctx.engine.world.columns, ctx.slot, ctx.cold);
  },

  explainEvents(ctx) {
    if (ctx.services.config.env !== 'development') {
      // Production does not have the command at all (see runCommand), so
      // reaching here means a development server.
      throw new GameError('UNKNOWN_COMMAND', 'explainEvents is a development command');
    }
    const c = ctx.engine.world.columns;
    return {
      age: ageYears(c, ctx.slot),
      hour: Math.floor(c.minuteOfDay[ctx.slot]! / MINUTES_PER_HOUR),
      likes: interestNames(c.interests[ctx.slot]!),
      dislikes: interestNames(c.dislikes[ctx.slot]!),
      candidates: explainEvents(c, ctx.slot, ctx.engine.catalog),
    };
  },
};
