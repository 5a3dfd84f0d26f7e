import { afterAll, beforeAll, expect } from 'vitest';
import { COMMANDS, type CommandName, type CommandResult } from '../../protocol/commands.ts';
import type { CommandContext } from '../../src/commands/context.ts';
import { runCommand } from '../../src/commands/handlers.ts';
import { Engine } from '../../src/engine/engine.ts';
import { removeNpc } from '../../src/sim/npc.ts';
import type { Columns } from '../../src/world/columns.ts';
import { NpcRole } from '../../src/world/life.ts';
import { DIRTY_WORDS, NPC_SLOTS } from '../../src/world/schema.ts';
import { snapshot } from './columns.ts';
import { testCommandContext } from './command-context.ts';

/**
 * Players for the love command tests (tests/commands/love*.test.ts and
 * habits.test.ts), on one engine per test file: useLoveEngine() registers
 * the hooks that start and close it.
 */

let engine: Engine;
/** The engine's columns (set when the engine starts). */
export let c: Columns;
let players = 0;
/** The test clock the players' commands see. */
export const clock = { now: Date.UTC(2026, 0, 1) };

/** Start the players' engine before the calling file's tests, and close it after them. */
export function useLoveEngine(): void {
  beforeAll(() => {
    engine = new Engine({ capacity: 256, workers: 1, tickHz: 20 });
    c = engine.world.columns;
  });
  afterAll(async () => {
    await engine.close();
  });
}

export type Ctx = CommandContext & { readonly events: number[]; coldChanges: number };

export interface Setup {
  readonly age?: number;
  readonly flags?: number;
  readonly money?: number;
  readonly energy?: number;
  /** NPCs after mother (id 0) and father (id 1), by role name with affinity. */
  readonly npcs?: readonly [keyof typeof NpcRole, number][];
}

/**
 * A fresh player of a known shape: mother and father at ids 0 and 1, then
 * the NPCs asked for from id 2; the flags, money and energy given.
 */
export function player(setup: Setup = {}): { ctx: Ctx; s: number } {
  const handle = engine.spawn({ seed: 7, player: ++players, ageYears: setup.age ?? 30 });
  const s = engine.slotOf(handle);
  const base = s * NPC_SLOTS;
  for (let k = 0; k < NPC_SLOTS; k++) removeNpc(c, base + k);
  c.npcRole[base] = NpcRole.mother;
  c.npcAffinity[base] = 50;
  c.npcRole[base + 1] = NpcRole.father;
  c.npcAffinity[base + 1] = 50;
  for (const [k, [role, affinity]] of (setup.npcs ?? []).entries()) {
    c.npcRole[base + 2 + k] = NpcRole[role];
    c.npcAffinity[base + 2 + k] = affinity;
    c.npcFamiliarity[base + 2 + k] = 40;
    c.npcAge[base + 2 + k] = 30;
  }
  c.flags[s] = setup.flags ?? 0;
  c.quitting[s] = 0;
  c.money[s] = setup.money ?? 1000;
  c.energy[s] = setup.energy ?? 100;
  c.happiness[s] = 50;
  c.stress[s] = 30;
  c.dirty.fill(0, s * DIRTY_WORDS, (s + 1) * DIRTY_WORDS);
  return { ctx: testCommandContext(engine, s, { clock }), s };
}

/** Run a command as the server does (arguments validated), and check its result against the schema. */
export function run<N extends CommandName>(
  ctx: Ctx,
  name: N,
  args: unknown = {},
): CommandResult<N> {
  const result = runCommand(ctx, name, args);
  return COMMANDS[name].result.parse(result) as CommandResult<N>;
}

function everything(ctx: Ctx, s: number) {
  return {
    columns: snapshot(c, s),
    dirty: [...c.dirty.subarray(s * DIRTY_WORDS, (s + 1) * DIRTY_WORDS)],
    cold: JSON.stringify(ctx.cold),
    coldChanges: ctx.coldChanges,
  };
}

/** The command is refused with `code`, and nothing (columns, dirty bits, PRNG, cold state) changed. */
export function expectRefused(ctx: Ctx, s: number, name: CommandName, args: unknown, code: string) {
  const before = everything(ctx, s);
  let thrown: unknown;
  try {
    runCommand(ctx, name, args);
  } catch (error) {
    thrown = error;
  }
  expect(thrown, `${name} ${JSON.stringify(args)}`).toMatchObject({ name: 'GameError', code });
  expect(everything(ctx, s)).toEqual(before);
}

export const npc = (s: number, id: number) => ({
  role: c.npcRole[s * NPC_SLOTS + id]!,
  affinity: c.npcAffinity[s * NPC_SLOTS + id]!,
  familiarity: c.npcFamiliarity[s * NPC_SLOTS + id]!,
});
