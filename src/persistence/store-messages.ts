import type { ChatLine, Purchase, PurchaseSaveOutcome, StoreTransaction } from './repository.ts';

/**
 * Every message between the main thread and the persistence worker, in one
 * place. Requests carry an id; the worker answers each with the same id.
 * Rows travel as Float64Array rows of ROW_STRIDE numbers (row-codec.ts),
 * transferred, not copied.
 */
export type StoreRequest =
  | {
      readonly id: number;
      readonly op: 'open';
      readonly databaseUrl: string | undefined;
      readonly dataDir: string;
    }
  | { readonly id: number; readonly op: 'load'; readonly playerId: string }
  | {
      readonly id: number;
      readonly op: 'save';
      readonly ids: readonly string[];
      readonly versions: Float64Array;
      readonly updatedAt: Float64Array;
      readonly rows: Float64Array;
      /** Each player's cold state, already MessagePack (row-codec.ts encodeCold). */
      readonly colds: readonly Uint8Array[];
    }
  | {
      readonly id: number;
      readonly op: 'appendChat';
      readonly lines: readonly { readonly playerId: string; readonly line: ChatLine }[];
    }
  | {
      readonly id: number;
      readonly op: 'chatHistory';
      readonly playerId: string;
      readonly npcIds: readonly number[];
      readonly limit: number;
    }
  | { readonly id: number; readonly op: 'playerChat'; readonly playerId: string }
  | {
      readonly id: number;
      readonly op: 'savePurchase';
      readonly playerId: string;
      readonly version: number;
      readonly updatedAt: number;
      /** One row of ROW_STRIDE numbers. */
      readonly row: Float64Array;
      /** The cold state, already MessagePack. */
      readonly cold: Uint8Array;
      readonly purchase: Purchase;
      readonly store: StoreTransaction | undefined;
    }
  | { readonly id: number; readonly op: 'purchases'; readonly playerId: string }
  | {
      readonly id: number;
      readonly op: 'requestDeletion';
      readonly playerId: string;
      readonly at: number;
      readonly purgeAfter: number;
    }
  | { readonly id: number; readonly op: 'cancelDeletion'; readonly playerId: string }
  | {
      readonly id: number;
      readonly op: 'dueDeletions' | 'purgeDue';
      readonly now: number;
      readonly limit: number;
    }
  | { readonly id: number; readonly op: 'ping' }
  | { readonly id: number; readonly op: 'close' };

export interface LoadedPlayer {
  readonly version: number;
  readonly updatedAt: number;
  /** One row of ROW_STRIDE numbers. */
  readonly row: Float64Array;
  readonly cold: Record<string, unknown>;
}

export interface SaveOutcome {
  readonly written: number;
  /** Milliseconds the worker spent encoding and writing. */
  readonly encodeMs: number;
  readonly writeMs: number;
}

export type StoreResult =
  | { kind: 'chatHistory'; lines: ChatLine[] }
  | { kind: 'purchases'; purchases: Purchase[] }
  | { kind: 'purchase'; outcome: PurchaseSaveOutcome }
  /** cancelDeletion: whether there was a request. */
  | { kind: 'flag'; value: boolean }
  /** dueDeletions and purgeDue: player ids. */
  | { kind: 'ids'; ids: string[] }
  | { kind: 'open'; backend: string }
  | { kind: 'load'; player: LoadedPlayer | null }
  | { kind: 'save'; outcome: SaveOutcome }
  | { kind: 'done' };

export type StoreResponse =
  | { readonly id: number; readonly ok: true; readonly result: StoreResult }
  | { readonly id: number; readonly ok: false; readonly error: string };
