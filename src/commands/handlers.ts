import type { z } from 'zod';
import { COMMANDS, type CommandName, type CommandResult } from '../../protocol/commands.ts';
import { personaOf } from '../llm/persona.ts';
import { answer, setSpeed } from '../sim/actions.ts';
import { markDirty } from '../sim/dirty.ts';
import { GameError } from '../sim/game-error.ts';
import { clampFamiliarity } from '../sim/npc.ts';
import { FIELD_INDEX, NPC_SLOTS } from '../world/schema.ts';
import type { CommandContext } from './context.ts';
import { npcViews, stateSnapshot } from './views.ts';

type Args<N extends CommandName> = z.output<(typeof COMMANDS)[N]['args']>;
type Handler<N extends CommandName> = (ctx: CommandContext, args: Args<N>) => CommandResult<N>;

/** Energy a chat line costs (the original game's price). */
export const TALK_ENERGY = 5;
/** Familiarity a conversation adds (the original game gave +5..10). */
const TALK_FAMILIARITY = 5;

/**
 * The command table: one handler per command name in protocol/commands.ts,
 * checked complete by the type. A handler runs with the engine idle, checks
 * everything before it changes anything, and throws GameError to refuse.
 */
export const HANDLERS: { readonly [N in CommandName]: Handler<N> } = {
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
    if (result.next !== undefined) ctx.sendEvent(ctx.engine.catalog.indexById.get(result.next)!);
    return result;
  },

  talk(ctx, { npcId, text }) {
    const c = ctx.engine.world.columns;
    const i = ctx.slot * NPC_SLOTS + npcId;
    if (c.npcRole[i] === 0) throw new GameError('NOT_FOUND', `no NPC ${npcId}`);
    if (c.energy[ctx.slot]! < TALK_ENERGY) {
      throw new GameError('INSUFFICIENT_FUNDS', `talking costs ${TALK_ENERGY} energy`);
    }
    c.energy[ctx.slot] = c.energy[ctx.slot]! - TALK_ENERGY;
    markDirty(c, ctx.slot, FIELD_INDEX.energy);
    c.npcFamiliarity[i] = clampFamiliarity(c.npcFamiliarity[i]! + TALK_FAMILIARITY);
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
    );
  },
};

/** Validate a command's arguments with its schema and run its handler. */
export function runCommand(ctx: CommandContext, name: CommandName, rawArgs: unknown): unknown {
  const parsed = COMMANDS[name].args.safeParse(rawArgs ?? {});
  if (!parsed.success) {
    const detail = parsed.error.issues
      .map((i) => `${i.path.join('.') || 'args'}: ${i.message}`)
      .join('; ');
    throw new GameError('INVALID_ARGS', detail);
  }
  return (HANDLERS[name] as Handler<CommandName>)(ctx, parsed.data as Args<CommandName>);
}
