/**
 * The persistence worker: owns the database connection (SQLite's
 * synchronous calls never run on the main thread), turns the column
 * blocks a flush copied into raw rows and writes them in batched
 * transactions. It handles one
 * request at a time, in order, and drops one whose caller has given up
 * (its deadline passed while it waited behind a slow one).
 */
import { parentPort } from 'node:worker_threads';
import { FencedOutError } from '../src/persistence/fence.ts';
import { HOT_LAYOUT } from '../src/persistence/hot-layout.ts';
import { openRepository } from '../src/persistence/open-repository.ts';
import { blocksToRows, rawFromRow } from '../src/persistence/raw-rows.ts';
import type { PlayerRecord, PlayerRepository } from '../src/persistence/repository.ts';
import { decodeCold, encodeCold } from '../src/persistence/row-codec.ts';
import { decodeSavedHot } from '../src/persistence/saved-hot.ts';
import {
  type StoreFailure,
  type StoreRequest,
  type StoreResponse,
  type StoreResult,
  storeClock,
} from '../src/persistence/store-messages.ts';

const port = parentPort!;
let repo: PlayerRepository | undefined;
// A save from a caller with no cold state for a player writes the empty map.
const EMPTY_COLD = encodeCold({});

function need(): PlayerRepository {
  if (!repo) throw new Error('store is not open');
  return repo;
}

async function handle(request: StoreRequest): Promise<StoreResult> {
  switch (request.op) {
    case 'open': {
      repo = openRepository(request.databaseUrl, request.dataDir);
      await repo.migrate();
      await repo.registerLayout(HOT_LAYOUT.id, HOT_LAYOUT.description);
      return { kind: 'open', backend: repo.kind };
    }
    case 'load': {
      const record = await need().load(request.playerId);
      if (!record) return { kind: 'load', player: null };
      const row = decodeSavedHot(record);
      return {
        kind: 'load',
        player: {
          version: record.version,
          updatedAt: record.updatedAt,
          row,
          cold: decodeCold(record.cold),
        },
      };
    }
    case 'save': {
      const started = performance.now();
      const n = request.ids.length;
      const hot = blocksToRows(request.blocks, n);
      const rowBytes = HOT_LAYOUT.rowBytes;
      const colds: (Uint8Array | undefined)[] = new Array(n).fill(undefined);
      request.coldAt.forEach((at, k) => {
        const cold = request.colds[k]!;
        colds[at] = cold.byteLength > 0 ? cold : EMPTY_COLD;
      });
      const records: PlayerRecord[] = request.ids.map((id, i) => ({
        id,
        version: request.versions[i]!,
        updatedAt: request.updatedAt[i]!,
        hot: Buffer.from(hot.buffer, i * rowBytes, rowBytes),
        hotLayout: HOT_LAYOUT.id,
        cold: colds[i],
      }));
      const encoded = performance.now();
      const written = await need().saveBatch(records, request.claim);
      return {
        kind: 'save',
        outcome: { written, encodeMs: encoded - started, writeMs: performance.now() - encoded },
      };
    }
    case 'appendChat':
      await need().appendChatBatch(request.lines, request.claim);
      return { kind: 'done' };
    case 'chatHistory': {
      const lines = [];
      for (const npcId of request.npcIds)
        lines.push(...(await need().chatHistory(request.playerId, npcId, request.limit)));
      return { kind: 'chatHistory', lines };
    }
    case 'savePurchase': {
      const record: PlayerRecord = {
        id: request.playerId,
        version: request.version,
        updatedAt: request.updatedAt,
        hot: rawFromRow(request.row, 0),
        hotLayout: HOT_LAYOUT.id,
        cold: request.cold.byteLength > 0 ? request.cold : EMPTY_COLD,
      };
      return {
        kind: 'purchase',
        outcome: await need().savePurchase(record, request.purchase, request.store, request.claim),
      };
    }
    case 'chatPage':
      return {
        kind: 'chatPage',
        lines: await need().chatPage(request.playerId, request.afterSeq, request.limit),
      };
    case 'purchasePage':
      return {
        kind: 'purchases',
        purchases: await need().purchasePage(request.playerId, request.offset, request.limit),
      };
    case 'addSpend':
      await need().addSpend(request.rows);
      return { kind: 'done' };
    case 'spendOn':
      return { kind: 'spend', rows: await need().spendOn(request.day) };
    case 'dropSpendBefore':
      return { kind: 'count', value: await need().dropSpendBefore(request.day) };
    case 'requestDeletion':
      await need().requestDeletion(request.playerId, request.at, request.purgeAfter);
      return { kind: 'done' };
    case 'cancelDeletion':
      return { kind: 'flag', value: await need().cancelDeletion(request.playerId) };
    case 'dueDeletions':
      return { kind: 'ids', ids: await need().dueDeletions(request.now, request.limit) };
    case 'purgeDue':
      return { kind: 'ids', ids: await need().purgeDue(request.now, request.limit) };
    case 'ping':
      await need().ping();
      return { kind: 'done' };
    case 'close':
      await repo?.close();
      repo = undefined;
      return { kind: 'done' };
  }
}

// Requests run one after another: a save's transaction never interleaves
// with a load, and the order the main thread sent is the order applied.
let queue: Promise<void> = Promise.resolve();
port.on('message', (request: StoreRequest) => {
  queue = queue.then(async () => {
    let response: StoreResponse;
    if (storeClock() > request.deadline) {
      // Nobody waits for this answer any more (the main thread has already
      // failed the request): running it now would change the database behind
      // the caller's back. The answer is only for the record.
      port.postMessage({
        id: request.id,
        ok: false,
        error: {
          kind: 'database',
          message: `${request.op} dropped: its caller gave up before it could run`,
        },
      } satisfies StoreResponse);
      return;
    }
    try {
      response = { id: request.id, ok: true, result: await handle(request) };
    } catch (error) {
      response = { id: request.id, ok: false, error: failureOf(error) };
    }
    const transfer =
      response.ok && response.result.kind === 'load' && response.result.player
        ? [response.result.player.row.buffer as ArrayBuffer]
        : [];
    port.postMessage(response, transfer);
  });
  // Only the answer's postMessage can throw above (a result that cannot be
  // cloned): answer with the error instead, so the caller is not left
  // waiting and the queue keeps running.
  queue = queue.catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    port.postMessage({
      id: request.id,
      ok: false,
      error: { kind: 'database', message: `could not send the result: ${message}` },
    } satisfies StoreResponse);
  });
});

/** An error as it crosses to the main thread: a fenced-out write keeps its shards. */
function failureOf(error: unknown): StoreFailure {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof FencedOutError)
    return { kind: 'fencedOut', message, shards: [...error.shards] };
  return { kind: 'database', message };
}
