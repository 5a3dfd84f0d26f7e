import { Packr, Unpackr } from 'msgpackr';

/**
 * The wire codec: plain MessagePack, readable by any MessagePack library.
 *
 * Outbound: msgpackr with records and structures off, so it writes only
 * standard types (and no timestamp extension: the protocol never sends Date
 * values). Integer-keyed maps (`update.d`) are built as `Map`s, which
 * msgpackr writes with integer keys.
 *
 * Inbound: decoded with every map as a `Map`, then rebuilt into plain,
 * prototype-free objects while checking that the value is plain MessagePack:
 * no extension types (msgpackr would turn a timestamp into a Date, and some
 * others into undefined), no integers beyond 2^53 (BigInt), string keys only,
 * bounded depth. Anything else is a `FrameDecodeError`.
 */

const packr = new Packr({
  useRecords: false,
  structuredClone: false,
  variableMapSize: true,
  // Map keys are written as they are (integers stay integers).
  mapsAsObjects: false,
});

const unpackr = new Unpackr({
  useRecords: false,
  mapsAsObjects: false,
  // 64-bit integers come back as BigInt, so values beyond 2^53 are caught
  // instead of silently rounded; safe ones become numbers again below.
  int64AsType: 'bigint',
  // Binary values are copied: uWebSockets.js reuses the message's memory once
  // the callback returns.
  copyBuffers: true,
});

/** Deepest nesting accepted inbound; command arguments are shallow. */
export const MAX_DEPTH = 16;

export class FrameDecodeError extends Error {
  override readonly name = 'FrameDecodeError';
}

export function encodeFrame(frame: unknown): Uint8Array {
  return packr.pack(frame);
}

/** A decoded inbound value: plain data only. */
export type WireValue =
  | null
  | boolean
  | number
  | string
  | Uint8Array
  | WireValue[]
  | { [key: string]: WireValue };

function sanitize(value: unknown, depth: number): WireValue {
  if (depth > MAX_DEPTH) throw new FrameDecodeError(`nested deeper than ${MAX_DEPTH}`);
  // Floats may hold any value; 64-bit integers arrive as BigInt (below).
  if (
    value === null ||
    typeof value === 'boolean' ||
    typeof value === 'string' ||
    typeof value === 'number'
  ) {
    return value;
  }
  if (value instanceof Uint8Array) return value;
  if (Array.isArray(value)) return value.map((v) => sanitize(v, depth + 1));
  if (value instanceof Map) {
    const out: { [key: string]: WireValue } = Object.create(null);
    for (const [k, v] of value) {
      if (typeof k !== 'string') throw new FrameDecodeError('map keys must be strings');
      out[k] = sanitize(v, depth + 1);
    }
    return out;
  }
  if (typeof value === 'bigint') {
    const n = Number(value);
    if (!Number.isSafeInteger(n)) throw new FrameDecodeError('integer beyond 2^53');
    return n;
  }
  if (value instanceof Date) throw new FrameDecodeError('extension types are not accepted');
  throw new FrameDecodeError('extension types are not accepted');
}

/** Decode one inbound frame; throws FrameDecodeError for anything that is not plain MessagePack. */
export function decodeFrame(bytes: Uint8Array): WireValue {
  let raw: unknown;
  try {
    raw = unpackr.unpack(bytes);
  } catch (error) {
    throw new FrameDecodeError(`not MessagePack: ${(error as Error).message}`);
  }
  return sanitize(raw, 0);
}
