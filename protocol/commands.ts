import type { z } from 'zod';
import { CAREER_COMMANDS } from './commands/career.ts';
import { CORE_COMMANDS } from './commands/core.ts';
import { DATA_RIGHTS_COMMANDS } from './commands/data-rights.ts';
import { LOVE_COMMANDS } from './commands/love.ts';
import { RETENTION_COMMANDS } from './commands/retention.ts';
import { SHOP_COMMANDS } from './commands/shop.ts';

/**
 * Every command: its arguments and its result, one file per part of the
 * game under protocol/commands/. Argument objects are strict: an unknown key
 * is INVALID_ARGS, not silently ignored. The server's handler table is keyed
 * by exactly these names.
 */
export const COMMANDS = {
  ...CORE_COMMANDS,
  ...CAREER_COMMANDS,
  ...LOVE_COMMANDS,
  ...RETENTION_COMMANDS,
  ...SHOP_COMMANDS,
  ...DATA_RIGHTS_COMMANDS,
} as const;

export type CommandName = keyof typeof COMMANDS;
export type CommandArgs<N extends CommandName> = z.input<(typeof COMMANDS)[N]['args']>;
export type CommandResult<N extends CommandName> = z.output<(typeof COMMANDS)[N]['result']>;

export const COMMAND_NAMES = Object.keys(COMMANDS) as CommandName[];

/** Own-property lookup: `constructor`, `__proto__` and friends are not commands. */
export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}
