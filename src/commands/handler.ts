import type { z } from 'zod';
import type { COMMANDS, CommandName, CommandResult } from '../../protocol/commands.ts';
import type { CommandContext } from './context.ts';

export type Args<N extends CommandName> = z.output<(typeof COMMANDS)[N]['args']>;

/**
 * A command's handler. It runs with the engine idle, checks everything
 * before it changes anything, and throws GameError to refuse. A handler
 * that waits on something returns a promise and follows the rules in
 * context.ts.
 */
export type Handler<N extends CommandName> = (
  ctx: CommandContext,
  args: Args<N>,
) => CommandResult<N> | Promise<CommandResult<N>>;

/** The handlers of one part of the game, keyed by command name. */
export type HandlerTable<Names extends CommandName> = { readonly [N in Names]: Handler<N> };
