import { COMMANDS, type CommandName } from '../../protocol/commands.ts';
import { GameError } from '../sim/game-error.ts';
import { CAREER_HANDLERS } from './career.ts';
import type { CommandContext } from './context.ts';
import { CORE_HANDLERS } from './core.ts';
import { DATA_RIGHTS_HANDLERS } from './data-rights.ts';
import type { Args, Handler, HandlerTable } from './handler.ts';
import { LOVE_HANDLERS } from './love.ts';
import { RETENTION_HANDLERS } from './retention.ts';
import { SHOP_HANDLERS } from './shop.ts';

/**
 * The command table: one handler per command name in protocol/commands.ts,
 * checked complete by the type. Each part of the game keeps its handlers in
 * its own file.
 */
export const HANDLERS: HandlerTable<CommandName> = {
  ...CORE_HANDLERS,
  ...CAREER_HANDLERS,
  ...LOVE_HANDLERS,
  ...RETENTION_HANDLERS,
  ...SHOP_HANDLERS,
  ...DATA_RIGHTS_HANDLERS,
};

/** Commands that exist only on a development server (config env). */
export const DEVELOPMENT_COMMANDS: ReadonlySet<CommandName> = new Set(['explainEvents']);

/**
 * Validate a command's arguments with its schema and run its handler. A
 * development command on a production server is refused as unknown.
 */
export function runCommand(
  ctx: CommandContext,
  name: CommandName,
  rawArgs: unknown,
): unknown | Promise<unknown> {
  if (DEVELOPMENT_COMMANDS.has(name) && ctx.services.config.env !== 'development') {
    throw new GameError('UNKNOWN_COMMAND', `no command ${JSON.stringify(name)}`);
  }
  const parsed = COMMANDS[name].args.safeParse(rawArgs ?? {});
  if (!parsed.success) {
    const detail = parsed.error.issues
      .map((i) => `${i.path.join('.') || 'args'}: ${i.message}`)
      .join('; ');
    throw new GameError('INVALID_ARGS', detail);
  }
  return (HANDLERS[name] as Handler<CommandName>)(ctx, parsed.data as Args<CommandName>);
}
