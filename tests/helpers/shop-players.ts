import { afterAll, beforeAll, expect } from 'vitest';
import type { CommandName } from '../../protocol/commands.ts';
import type { ReceiptVerifier } from '../../src/commands/context.ts';
import { runCommand } from '../../src/commands/handlers.ts';
import type { Config } from '../../src/config.ts';
import { Engine } from '../../src/engine/engine.ts';
import { copySlotToRow, ROW_STRIDE } from '../../src/persistence/row-codec.ts';
import { GameError } from '../../src/sim/game-error.ts';
import { type ColdState, coldStateFrom } from '../../src/world/cold.ts';
import { MemoryPurchases, type TestCommandContext, testCommandContext } from './command-context.ts';
import { MemoryRecords } from './memory-records.ts';

/**
 * Players for the shop command tests (tests/commands/shop*.test.ts), on one
 * engine per test file: useShopEngine() registers the hooks that start and
 * close it.
 */

export const NOW = Date.UTC(2026, 5, 1);
export const DAY_MS = 86_400_000;

/** The players' engine (set when it starts). */
export let engine: Engine;

/** Start the players' engine before the calling file's tests, and close it after them. */
export function useShopEngine(): void {
  beforeAll(() => {
    engine = new Engine({ capacity: 64, workers: 1, tickHz: 20 });
  });
  afterAll(async () => {
    await engine.close();
  });
}

let seed = 100;
export interface Player {
  ctx: TestCommandContext;
  cold: ColdState;
  records: MemoryRecords;
  clock: { now: number };
  s: number;
}

/** A new life in its own slot, with money and diamonds to spend. */
export function player(
  ageYears = 30,
  options: {
    receipts?: ReceiptVerifier;
    money?: number;
    diamonds?: number;
    purchases?: MemoryPurchases;
    config?: Partial<Config>;
  } = {},
): Player {
  const handle = engine.spawn({ seed: 7, player: seed++, ageYears });
  const s = engine.slotOf(handle);
  const c = engine.world.columns;
  c.money[s] = options.money ?? 1_000_000;
  c.diamonds[s] = options.diamonds ?? 10_000;
  const cold = coldStateFrom({});
  const purchases = options.purchases ?? new MemoryPurchases();
  const records = new MemoryRecords(purchases);
  const clock = { now: NOW };
  const ctx = testCommandContext(engine, s, {
    playerId: `p${seed}`,
    cold,
    records,
    clock,
    purchases,
    ...(options.receipts ? { receipts: options.receipts } : {}),
    ...(options.config ? { config: options.config } : {}),
  });
  return { ctx, cold, records, clock, s };
}

export async function run(
  p: Player,
  name: CommandName,
  args: unknown,
): Promise<Record<string, unknown>> {
  return (await runCommand(p.ctx, name, args)) as Record<string, unknown>;
}

/** Everything a command could change: the player's whole row and cold state. */
export function everything(p: Player): { row: number[]; cold: string } {
  const row = new Float64Array(ROW_STRIDE);
  copySlotToRow(engine.world.columns, p.s, row, 0);
  return { row: [...row], cold: JSON.stringify(p.cold) };
}

/** The command is refused with `code`, and nothing changed. */
export async function refused(
  p: Player,
  name: CommandName,
  args: unknown,
  code: string,
): Promise<void> {
  const before = everything(p);
  const audits = p.records.audit.length;
  const error = await Promise.resolve()
    .then(() => runCommand(p.ctx, name, args))
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  expect(error).toBeInstanceOf(GameError);
  expect((error as GameError).code).toBe(code);
  expect(everything(p)).toEqual(before);
  expect(p.records.audit.length).toBe(audits);
}

export const c = () => engine.world.columns;
