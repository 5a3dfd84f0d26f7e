import { isCommandName } from '../../protocol/commands.ts';
import { ErrorCode } from '../../protocol/error-codes.ts';
import type { CommandFrame } from '../../protocol/frames.ts';
import { runCommand } from '../commands/handlers.ts';
import type { CommandLog } from '../ops/command-log.ts';
import type { Logger } from '../ops/log.ts';
import { GameError } from '../sim/game-error.ts';
import { type CommandContextParts, commandContext } from './command-context.ts';
import type { Outbound } from './outbound.ts';
import type { Session } from './session.ts';
import { wireErrorCode } from './wire-error-code.ts';

/**
 * Runs a live session's well-formed `cmd` frames: the command table, with
 * the engine idle, and the answer (ack or error) when it settles. Each
 * answered command is a line in the command log.
 */
export class CommandRunner {
  readonly #parts: CommandContextParts;
  readonly #out: Outbound;
  readonly #commandLog: Pick<CommandLog, 'record'>;
  readonly #logger: Logger;

  constructor(
    parts: CommandContextParts,
    out: Outbound,
    commandLog: Pick<CommandLog, 'record'>,
    logger: Logger,
  ) {
    this.#parts = parts;
    this.#out = out;
    this.#commandLog = commandLog;
    this.#logger = logger;
  }

  /** `received`: performance.now() when the frame arrived, for the latency log. */
  run(session: Session, frame: CommandFrame, received: number): void {
    const { name, args, id } = frame;
    const out = this.#out;
    if (!isCommandName(name)) {
      out.error(
        session,
        ErrorCode.UNKNOWN_COMMAND,
        `no command ${JSON.stringify(name.slice(0, 64))}`,
        id,
      );
      this.#commandLog.record('(unknown)', received, ErrorCode.UNKNOWN_COMMAND);
      return;
    }
    this.#parts.engine
      .submit(() =>
        // The session may have been replaced while this command waited for
        // the simulate phase; the slot is still the player's, so it applies.
        runCommand(commandContext(this.#parts, out, session), name, args),
      )
      .then(
        (result) => {
          out.send(session, result === undefined ? { t: 'ack', id } : { t: 'ack', id, result });
          this.#commandLog.record(name, received);
        },
        (error: unknown) => {
          if (error instanceof GameError) {
            const code = wireErrorCode(error.code);
            out.error(session, code, error.message, id, error.retryAfterMs);
            this.#commandLog.record(name, received, code);
            return;
          }
          this.#logger.error(
            { err: error, command: name, playerId: session.playerId },
            'command failed',
          );
          out.error(session, ErrorCode.INTERNAL, 'internal error', id);
          this.#commandLog.record(name, received, ErrorCode.INTERNAL);
        },
      );
  }
}
