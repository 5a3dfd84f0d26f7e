import { z } from 'zod';
import { personView, stateSnapshot } from './frames.ts';

/**
 * Every command: its arguments and its result. Argument objects are strict:
 * an unknown key is INVALID_ARGS, not silently ignored. The server's handler
 * table is keyed by exactly these names.
 */
export const COMMANDS = {
  setSpeed: {
    summary:
      'Set the game speed: 0 pauses; 1..5 run 5, 10, 100, 250, 5000 game minutes per second.',
    args: z.object({ level: z.number().int().min(0).max(5) }).strict(),
    result: z.object({ speed: z.number().int() }),
    errors: ['INVALID_ARGS'],
  },
  answer: {
    summary:
      'Answer the pending question or dilemma step. The clock resumes, or the next dilemma step becomes pending (and arrives as an event frame).',
    args: z
      .object({ eventId: z.string().min(1).max(64), optionId: z.string().min(1).max(64) })
      .strict(),
    result: z.object({ next: z.string().optional() }),
    errors: ['INVALID_ARGS', 'NOT_FOUND', 'CONFLICT', 'INSUFFICIENT_FUNDS'],
  },
  talk: {
    summary:
      'Send a chat line to one of your NPCs (costs 5 energy). Acked at once; the reply arrives later as a chat frame.',
    args: z
      .object({ npcId: z.number().int().min(0).max(7), text: z.string().min(1).max(500) })
      .strict(),
    result: z.object({ queued: z.literal(true) }),
    errors: ['INVALID_ARGS', 'NOT_FOUND', 'INSUFFICIENT_FUNDS'],
  },
  retrievePerson: {
    summary:
      'One NPC in full: who they are, the relationship, what they remember and the last 50 messages.',
    args: z.object({ npcId: z.number().int().min(0).max(7) }).strict(),
    result: personView,
    errors: ['INVALID_ARGS', 'NOT_FOUND'],
  },
  getState: {
    summary: 'The full snapshot, as in welcome.state.',
    args: z.object({}).strict(),
    result: stateSnapshot,
    errors: [],
  },
} as const;

export type CommandName = keyof typeof COMMANDS;
export type CommandArgs<N extends CommandName> = z.input<(typeof COMMANDS)[N]['args']>;
export type CommandResult<N extends CommandName> = z.output<(typeof COMMANDS)[N]['result']>;

export const COMMAND_NAMES = Object.keys(COMMANDS) as CommandName[];

/** Own-property lookup: `constructor`, `__proto__` and friends are not commands. */
export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}
