import type { CommandResult } from '../../protocol/commands.ts';
import { GameError } from '../sim/game-error.ts';
import type { ColdState } from '../world/cold.ts';
import type { CommandContext } from './context.ts';
import { stateSnapshot } from './views.ts';

type ExportPage = CommandResult<'exportData'>;

/**
 * How long after one export began the next may begin; the first one's
 * cursors work for as long. A copy of one's data is asked for now and then,
 * not every minute, and an hour is ample for a client to fetch every page.
 */
export const EXPORT_COOLDOWN_MS = 3_600_000;

// Page sizes, so that a page stays under 512 KiB however full (the socket
// closes past 1 MiB waiting; updates stop at 64 KiB, so they never add much):
// - ledger entries: a time skip's kept result lists up to 32 events and the
//   achievements unlocked, about 3.5 KB in MessagePack at most (measured with
//   the catalog's longest ids and titles); 50 of them are under 200 KB;
// - chat lines: at most 500 UTF-16 units, so at most 1.5 KB of UTF-8 plus
//   about 30 bytes of keys; 100 of them are under 160 KB;
// - purchases: a purchase id of up to 128 characters and short fields, about
//   250 bytes at most; 200 of them are under 50 KB;
// - the first page's snapshot and cold state (bounded lists) are a few KB.
export const LEDGER_PAGE = 50;
export const CHAT_PAGE = 100;
export const PURCHASE_PAGE = 200;

/** Where an export has got to. A section that is done is undefined. */
interface Position {
  readonly startedAt: number;
  /** The next ledger entry's index. */
  readonly ledger: number | undefined;
  /** The seq of the last chat line sent (0: none yet). */
  readonly chat: number | undefined;
  /** Purchases sent so far. */
  readonly purchases: number | undefined;
}

const DONE = 'x';

function encodeCursor(p: Position): string | null {
  if (p.ledger === undefined && p.chat === undefined && p.purchases === undefined) return null;
  return [p.startedAt, p.ledger ?? DONE, p.chat ?? DONE, p.purchases ?? DONE].join('.');
}

/** The cursor's shape is checked by the command's schema; this reads it. */
function decodeCursor(cursor: string): Position {
  const [startedAt, ledger, chat, purchases] = cursor
    .split('.')
    .map((part) => (part === DONE ? undefined : Number(part)));
  return { startedAt: startedAt ?? 0, ledger, chat, purchases };
}

/** RATE_LIMITED while the last export's cooldown runs. */
function assertCooldownOver(cold: ColdState, now: number): void {
  const last = cold.exportStartedAt;
  if (last === 0) return;
  const wait = Math.min(EXPORT_COOLDOWN_MS, last + EXPORT_COOLDOWN_MS - now);
  if (wait > 0) {
    throw new GameError(
      'RATE_LIMITED',
      `one export an hour: the next may start in ${Math.ceil(wait / 1000)} s`,
      wait,
    );
  }
}

/**
 * exportData: a new export (no cursor), or the next page of the current one.
 * Everything is checked before anything is read; the database is read first,
 * then the live state in one idle moment, where a new export's start is
 * recorded (so a page that fails costs no cooldown).
 */
export async function exportData(
  ctx: CommandContext,
  cursor: string | undefined,
): Promise<ExportPage> {
  const now = ctx.now();
  let from: Position;
  if (cursor === undefined) {
    assertCooldownOver(ctx.cold, now);
    from = { startedAt: now, ledger: 0, chat: 0, purchases: 0 };
  } else {
    from = decodeCursor(cursor);
    if (from.startedAt !== ctx.cold.exportStartedAt || now - from.startedAt >= EXPORT_COOLDOWN_MS) {
      throw new GameError(
        'CONFLICT',
        'that export is over (a cursor works for an hour, and only for the latest export): start again without a cursor',
      );
    }
  }
  const { records } = ctx.services;
  const playerId = ctx.playerId;
  // One more than a page: whether it came says whether there is a next page.
  const [chat, purchases] = await Promise.all([
    from.chat === undefined ? [] : records.chatPage(playerId, from.chat, CHAT_PAGE + 1),
    from.purchases === undefined
      ? []
      : records.purchasePage(playerId, from.purchases, PURCHASE_PAGE + 1),
  ]);
  return ctx.apply((slot, cold) => {
    const first = cursor === undefined;
    if (first) {
      // Another export may have begun while this one read the database.
      assertCooldownOver(cold, now);
      cold.exportStartedAt = from.startedAt;
      ctx.coldChanged();
    }
    const ledger =
      from.ledger === undefined
        ? []
        : cold.ledger.slice(from.ledger, from.ledger + LEDGER_PAGE + 1);
    const next: Position = {
      startedAt: from.startedAt,
      ledger: ledger.length > LEDGER_PAGE ? from.ledger! + LEDGER_PAGE : undefined,
      chat: chat.length > CHAT_PAGE ? chat[CHAT_PAGE - 1]!.seq : undefined,
      purchases: purchases.length > PURCHASE_PAGE ? from.purchases! + PURCHASE_PAGE : undefined,
    };
    const page: ExportPage = {
      playerId,
      exportedAt: from.startedAt,
      ledger: structuredClone(ledger.slice(0, LEDGER_PAGE)),
      chat: chat
        .slice(0, CHAT_PAGE)
        .map((l) => ({ npcId: l.npcId, from: l.from, text: l.text, at: l.at })),
      purchases: purchases.slice(0, PURCHASE_PAGE).map((p) => ({
        purchaseId: p.purchaseId,
        item: p.item,
        amount: p.amount,
        currency: p.currency,
        at: p.at,
      })),
      next: encodeCursor(next),
    };
    if (!first) return page;
    const { ledger: _inPages, ...rest } = structuredClone(cold);
    return {
      ...page,
      state: stateSnapshot(
        ctx.engine.world.columns,
        slot,
        ctx.engine.catalog,
        playerId,
        (npcId) => ctx.chat.conversation(playerId, npcId).turns,
        cold,
      ),
      cold: rest,
    };
  });
}
