import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { encodeFrame } from '../../protocol/codec.ts';
import type { CommandName } from '../../protocol/commands.ts';
import type { CommandContext } from '../../src/commands/context.ts';
import {
  CHAT_PAGE,
  EXPORT_COOLDOWN_MS,
  LEDGER_PAGE,
  PURCHASE_PAGE,
} from '../../src/commands/export.ts';
import { runCommand } from '../../src/commands/handlers.ts';
import { Engine } from '../../src/engine/engine.ts';
import { copySlotToRow, ROW_STRIDE } from '../../src/persistence/row-codec.ts';
import { GameError } from '../../src/sim/game-error.ts';
import { type ColdState, coldStateFrom, LEDGER_LIMIT } from '../../src/world/cold.ts';
import { testCommandContext } from '../helpers/command-context.ts';
import { MemoryRecords } from '../helpers/memory-records.ts';

const NOW = Date.UTC(2026, 5, 1);
const DAY_MS = 86_400_000;

let engine: Engine;
beforeAll(() => {
  engine = new Engine({ capacity: 64, workers: 1, tickHz: 20 });
});
afterAll(async () => {
  await engine.close();
});

let seed = 500;
interface Player {
  ctx: CommandContext & { coldChanges: number };
  cold: ColdState;
  records: MemoryRecords;
  clock: { now: number };
  s: number;
}

function player(): Player {
  const handle = engine.spawn({ seed: 7, player: seed++, ageYears: 30 });
  const s = engine.slotOf(handle);
  engine.world.columns.money[s] = 1_000_000;
  const cold = coldStateFrom({});
  const records = new MemoryRecords();
  const clock = { now: NOW };
  // Purchases leave their audit rows where the records read them back.
  const ctx = testCommandContext(engine, s, {
    playerId: `dr${seed}`,
    cold,
    records,
    clock,
    purchases: records.saved,
  });
  return { ctx, cold, records, clock, s };
}

async function run(p: Player, name: CommandName, args: unknown): Promise<Record<string, unknown>> {
  return (await runCommand(p.ctx, name, args)) as Record<string, unknown>;
}

/** Everything a command could change: the player's whole row and cold state. */
function everything(p: Player): { row: number[]; cold: string } {
  const row = new Float64Array(ROW_STRIDE);
  copySlotToRow(engine.world.columns, p.s, row, 0);
  return { row: [...row], cold: JSON.stringify(p.cold) };
}

/** The command is refused with `code` (the error returned), and nothing changed. */
async function refused(
  p: Player,
  name: CommandName,
  args: unknown,
  code: string,
): Promise<GameError> {
  const before = everything(p);
  const error = await Promise.resolve()
    .then(() => runCommand(p.ctx, name, args))
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  expect(error).toBeInstanceOf(GameError);
  expect((error as GameError).code).toBe(code);
  expect(everything(p)).toEqual(before);
  return error as GameError;
}

interface Page {
  playerId: string;
  exportedAt: number;
  state?: { money: number };
  cold?: Record<string, unknown>;
  ledger: Record<string, unknown>[];
  chat: { npcId: number; from: string; text: string; at: number }[];
  purchases: { purchaseId: string }[];
  next: string | null;
}

/** Every page of one export, from its start. */
async function exportAll(p: Player): Promise<Page[]> {
  const pages = [(await run(p, 'exportData', {})) as unknown as Page];
  while (pages.at(-1)!.next !== null)
    pages.push((await run(p, 'exportData', { cursor: pages.at(-1)!.next })) as unknown as Page);
  return pages;
}

/** A ledger entry as a purchase leaves it, with a result of about `resultBytes`. */
function ledgerEntry(i: number, resultBytes = 40) {
  return {
    id: `order-${i}`,
    item: 'book',
    kind: 'item' as const,
    price: 15,
    currency: 'money' as const,
    at: NOW + i,
    result: { note: 'x'.repeat(resultBytes) },
  };
}

describe('exportData', () => {
  let p: Player;
  beforeEach(() => {
    p = player();
  });

  it('gives a small history in one page: snapshot, cold state, ledger, chat and purchases', async () => {
    await run(p, 'purchaseItem', { itemId: 'book', purchaseId: 'exp-1' });
    p.records.chat = [
      { npcId: 1, from: 'player', text: 'hi', at: 1 },
      { npcId: 1, from: 'npc', text: 'hello', at: 2 },
    ];
    const data = (await run(p, 'exportData', {})) as unknown as Page;
    expect(data.playerId).toBe(p.ctx.playerId);
    expect(data.exportedAt).toBe(NOW);
    expect(data.next).toBeNull();
    expect(data.state!.money).toBe(engine.world.columns.money[p.s]);
    const { ledger, ...cold } = JSON.parse(JSON.stringify(p.cold)) as ColdState;
    expect(data.cold).toEqual(cold);
    expect(data.ledger).toEqual(ledger);
    expect(data.ledger.map((e) => e.id)).toEqual(['exp-1']);
    expect(data.chat).toEqual(p.records.chat);
    expect(data.purchases).toEqual([
      { purchaseId: 'exp-1', item: 'item:book', amount: 15, currency: 'money', at: NOW },
    ]);
    // A copy, not the live state.
    (data.cold as ColdState).inventory.book = 99;
    data.ledger[0]!.price = 0;
    expect(p.cold.inventory.book).toBe(1);
    expect(p.cold.ledger[0]!.price).toBe(15);
  });

  it('pages through a long history: every line, entry and purchase once, in order', async () => {
    const lines = 2 * CHAT_PAGE + 37;
    p.records.chat = Array.from({ length: lines }, (_, i) => ({
      npcId: i % 8,
      from: i % 2 === 0 ? ('player' as const) : ('npc' as const),
      text: `line ${i}`,
      at: i,
    }));
    for (let i = 0; i < LEDGER_PAGE + 3; i++) p.cold.ledger.push(ledgerEntry(i));
    const bought = PURCHASE_PAGE + 1;
    for (let i = 0; i < bought; i++)
      await p.records.recordPurchase(p.ctx.playerId, {
        purchaseId: `buy-${i}`,
        item: 'item:book',
        amount: 15,
        currency: 'money',
        at: i,
      });
    const pages = await exportAll(p);
    expect(pages).toHaveLength(3);
    expect(pages.map((page) => page.chat.length)).toEqual([CHAT_PAGE, CHAT_PAGE, 37]);
    expect(pages.map((page) => page.ledger.length)).toEqual([LEDGER_PAGE, 3, 0]);
    expect(pages.map((page) => page.purchases.length)).toEqual([PURCHASE_PAGE, 1, 0]);
    expect(pages.flatMap((page) => page.chat)).toEqual(p.records.chat);
    expect(pages.flatMap((page) => page.ledger.map((e) => e.id))).toEqual(
      p.cold.ledger.map((e) => e.id),
    );
    expect(pages.flatMap((page) => page.purchases.map((x) => x.purchaseId))).toEqual(
      Array.from({ length: bought }, (_, i) => `buy-${i}`),
    );
    // The snapshot and the cold state come once; every page says which export it is.
    expect(pages.map((page) => page.state !== undefined)).toEqual([true, false, false]);
    expect(pages.map((page) => page.cold !== undefined)).toEqual([true, false, false]);
    expect(new Set(pages.map((page) => page.exportedAt))).toEqual(new Set([NOW]));
    // A finished section is not read again.
    expect(p.records.pagesRead).toEqual([
      'chat>0',
      'purchases@0',
      `chat>${CHAT_PAGE}`,
      `purchases@${PURCHASE_PAGE}`,
      `chat>${2 * CHAT_PAGE}`,
    ]);
  });

  it('keeps every page well under the 1 MiB a socket may hold, however full the history', async () => {
    // The largest of everything: a full ledger of results as big as a time
    // skip's (32 events listed), chat lines of 500 three-byte characters,
    // purchase ids of 128 characters.
    for (let i = 0; i < LEDGER_LIMIT; i++) p.cold.ledger.push(ledgerEntry(i, 4000));
    p.records.chat = Array.from({ length: 3 * CHAT_PAGE }, (_, i) => ({
      npcId: i % 8,
      from: 'player' as const,
      text: '€'.repeat(500),
      at: NOW + i,
    }));
    for (let i = 0; i < 3 * PURCHASE_PAGE; i++)
      await p.records.recordPurchase(p.ctx.playerId, {
        purchaseId: `${i}-`.padEnd(128, 'p'),
        item: 'inApp:diamonds_1000',
        amount: 9999,
        currency: 'real',
        at: NOW + i,
      });
    const pages = await exportAll(p);
    expect(pages.length).toBe(LEDGER_LIMIT / LEDGER_PAGE);
    const largest = Math.max(
      ...pages.map((result) => encodeFrame({ t: 'ack', id: 1, result }).byteLength),
    );
    expect(largest).toBeLessThan(512 * 1024);
  });

  it('starts at most one export an hour: RATE_LIMITED with the time left, changing nothing', async () => {
    const first = (await run(p, 'exportData', {})) as unknown as Page;
    expect(p.cold.exportStartedAt).toBe(NOW);
    p.clock.now = NOW + 60_000;
    const error = await refused(p, 'exportData', {}, 'RATE_LIMITED');
    expect(error.retryAfterMs).toBe(EXPORT_COOLDOWN_MS - 60_000);
    expect(error.message).toMatch(/3540 s/);
    // A null cursor (what some MessagePack clients send for none) is a start too.
    await refused(p, 'exportData', { cursor: null }, 'RATE_LIMITED');
    p.clock.now = NOW + EXPORT_COOLDOWN_MS;
    const second = (await run(p, 'exportData', {})) as unknown as Page;
    expect(second.exportedAt).toBe(NOW + EXPORT_COOLDOWN_MS);
    expect(first.exportedAt).toBe(NOW);
  });

  it('takes a cursor only from the latest export, for an hour; a malformed one is INVALID_ARGS', async () => {
    p.records.chat = Array.from({ length: CHAT_PAGE + 1 }, (_, i) => ({
      npcId: 0,
      from: 'player' as const,
      text: `l${i}`,
      at: i,
    }));
    const first = (await run(p, 'exportData', {})) as unknown as Page;
    expect(first.next).not.toBeNull();
    p.clock.now = NOW + EXPORT_COOLDOWN_MS - 1;
    expect(((await run(p, 'exportData', { cursor: first.next })) as unknown as Page).chat).toEqual([
      p.records.chat.at(-1),
    ]);
    p.clock.now = NOW + EXPORT_COOLDOWN_MS;
    await refused(p, 'exportData', { cursor: first.next }, 'CONFLICT');
    // A new export: the old one's cursors are void, even within their hour.
    const again = (await run(p, 'exportData', {})) as unknown as Page;
    p.clock.now += 1000;
    await refused(p, 'exportData', { cursor: first.next }, 'CONFLICT');
    await run(p, 'exportData', { cursor: again.next });
    for (const cursor of ['', 'abc', '1.2.3', '1.2.3.4.5', `${NOW}.-1.0.0`, 'x'.repeat(65)])
      await refused(p, 'exportData', { cursor }, 'INVALID_ARGS');
    await refused(p, 'exportData', { cursor: '123.x.x.x' }, 'CONFLICT');
  });

  it('costs no cooldown when the database cannot be read', async () => {
    const broken = new MemoryRecords();
    broken.chatPage = () => Promise.reject(new Error('database away'));
    const ctx = testCommandContext(engine, p.s, {
      playerId: p.ctx.playerId,
      cold: p.cold,
      records: broken,
      clock: p.clock,
    });
    await expect(runCommand(ctx, 'exportData', {})).rejects.toThrow(/database away/);
    expect(p.cold.exportStartedAt).toBe(0);
    await run(p, 'exportData', {});
  });
});

describe('deleteAccount and cancelDeletion', () => {
  let p: Player;
  beforeEach(() => {
    p = player();
  });

  it('deleteAccount records the request (database first), 30 days of grace; twice is CONFLICT', async () => {
    const result = await run(p, 'deleteAccount', {});
    expect(result).toEqual({ requestedAt: NOW, purgeAfter: NOW + 30 * DAY_MS });
    expect(p.cold.deletion).toEqual(result);
    expect(p.records.deletions.get(p.ctx.playerId)).toEqual({
      at: NOW,
      purgeAfter: NOW + 30 * DAY_MS,
    });
    await refused(p, 'deleteAccount', {}, 'CONFLICT');
    expect(await run(p, 'cancelDeletion', {})).toEqual({ cancelled: true });
    expect(p.cold.deletion).toBeNull();
    expect(p.records.deletions.size).toBe(0);
    await refused(p, 'cancelDeletion', {}, 'CONFLICT');
  });

  it('changes nothing when the database cannot take the request', async () => {
    p.records.fail = true;
    const before = everything(p);
    await expect(run(p, 'deleteAccount', {})).rejects.toThrow(/database away/);
    expect(everything(p)).toEqual(before);
    p.records.fail = false;
    await run(p, 'deleteAccount', {});
    p.records.fail = true;
    await expect(run(p, 'cancelDeletion', {})).rejects.toThrow(/database away/);
    expect(p.cold.deletion).not.toBeNull();
  });

  it('undoes the database write when the player left before the change landed', async () => {
    const gone = {
      ...p.ctx,
      apply: () => Promise.reject(new GameError('NOT_FOUND', 'the player left')),
    };
    await expect(runCommand(gone, 'deleteAccount', {})).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(p.records.deletions.size).toBe(0);
    expect(p.cold.deletion).toBeNull();
    await run(p, 'deleteAccount', {});
    const filed = p.records.deletions.get(p.ctx.playerId);
    await expect(runCommand(gone, 'cancelDeletion', {})).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(p.records.deletions.get(p.ctx.playerId)).toEqual(filed);
    expect(p.cold.deletion).not.toBeNull();
  });

  it('honours the configured grace period', async () => {
    const q = player();
    const ctx = testCommandContext(engine, q.s, {
      cold: q.cold,
      records: q.records,
      clock: q.clock,
      config: { deletionGraceDays: 2 },
    });
    const result = (await runCommand(ctx, 'deleteAccount', {})) as { purgeAfter: number };
    expect(result.purgeAfter).toBe(NOW + 2 * DAY_MS);
  });
});
