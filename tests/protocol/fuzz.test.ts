import { encode } from '@msgpack/msgpack';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCommandName } from '../../protocol/commands.ts';
import { ErrorCode } from '../../protocol/error-codes.ts';
import { commandFrame, helloFrame } from '../../protocol/frames.ts';
import type { CommandContext } from '../../src/commands/context.ts';
import { runCommand } from '../../src/commands/handlers.ts';
import { Engine } from '../../src/engine/engine.ts';
import { NpcVoice } from '../../src/llm/npc-voice.ts';
import { readFrame } from '../../src/server/read-frame.ts';
import { GameError } from '../../src/sim/game-error.ts';
import { testCommandContext } from '../helpers/command-context.ts';
import { commandLike } from '../helpers/fuzz-frames.ts';

const CODES = new Set<string>(Object.values(ErrorCode));

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

let engine: Engine;
let ctx: CommandContext;
beforeAll(() => {
  process.on('unhandledRejection', onUnhandled);
  engine = new Engine({ capacity: 16, workers: 1, tickHz: 20 });
  const handle = engine.spawn({ seed: 1, player: 1, ageYears: 30 });
  const chat = new NpcVoice({
    price: { inputPerMillion: 0, outputPerMillion: 0 },
    deliver: () => {},
  });
  ctx = testCommandContext(engine, engine.slotOf(handle), { playerId: 'fuzz', chat });
});
afterAll(async () => {
  ctx.chat.close();
  await engine.close();
  process.off('unhandledRejection', onUnhandled);
});

/**
 * What the server does with one inbound message, short of the socket: read
 * the frame, then validate and run a command. Returns the outcome as the
 * client would see it: "ack", or an error code. Anything else thrown is a
 * bug, and fails the property.
 */
function dispatch(bytes: Uint8Array): string {
  const inbound = readFrame(bytes, true);
  if (!inbound.ok) return ErrorCode.BAD_FRAME;
  if (inbound.type === 'hello')
    return helloFrame.safeParse(inbound.frame).success ? 'hello' : ErrorCode.UNAUTHORIZED;
  if (inbound.type !== 'cmd') return ErrorCode.BAD_FRAME;
  const parsed = commandFrame.safeParse(inbound.frame);
  if (!parsed.success) return ErrorCode.BAD_FRAME;
  if (!isCommandName(parsed.data.name)) return ErrorCode.UNKNOWN_COMMAND;
  try {
    const result = runCommand(ctx, parsed.data.name, parsed.data.args);
    // An async command (exportData, deleteAccount, ...) refuses later, here
    // from the test context's absent database; the server test (tests/server/fuzz.test.ts) sees
    // every answer, async ones included.
    if (result instanceof Promise) result.catch(() => {});
    return 'ack';
  } catch (error) {
    if (error instanceof GameError) return error.code;
    throw error;
  }
}

describe('decoder and dispatcher under random input', () => {
  it('60k random byte strings: every one gets a typed answer, nothing throws', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 96 }), (bytes) => {
        const outcome = dispatch(bytes);
        expect(outcome === 'ack' || outcome === 'hello' || CODES.has(outcome)).toBe(true);
      }),
      { numRuns: 60_000, seed: 20261122 },
    );
  });

  it('40k random MessagePack values and command-shaped frames: typed answers, no prototype pollution', () => {
    const protoKeys = Object.getOwnPropertyNames(Object.prototype).sort();
    fc.assert(
      fc.property(
        fc.oneof(
          fc.anything({ maxDepth: 3, withMap: true, withSet: false, withDate: true }),
          commandLike,
        ),
        (value) => {
          let bytes: Uint8Array;
          try {
            bytes = encode(value, { ignoreUndefined: true });
          } catch {
            return; // not encodable (e.g. a Map with object keys): nothing to send
          }
          const outcome = dispatch(bytes);
          expect(outcome === 'ack' || outcome === 'hello' || CODES.has(outcome)).toBe(true);
        },
      ),
      { numRuns: 40_000, seed: 42 },
    );
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoKeys);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(unhandled).toEqual([]);
  });
});
