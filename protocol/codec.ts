import { Packr, Unpackr } from 'msgpackr';
import type { ServerFrame } from './frames.ts';
import { FRAME_LIMITS, type FrameLimits, scanFrame } from './scan-frame.ts';

/**
 * The wire codec: plain MessagePack, readable by any MessagePack library.
 *
 * Outbound: msgpackr with records and structures off, so it writes only
 * standard types (and no timestamp extension: the protocol never sends Date
 * values). Integer-keyed maps (`update.d`) are built as `Map`s, which
 * msgpackr writes with integer keys.
 *
 * Inbound: first `scanFrame` (scan-frame.ts) checks in one pass over the
 * bytes that the frame is plain MessagePack within a depth cap and a budget
 * of values; msgpackr only ever decodes what passed. Then every map (decoded
 * as a `Map`) is rebuilt into a plain, prototype-free object, and integers
 * beyond 2^53 (BigInt) are refused. Anything else is a `FrameDecodeError`.
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
  // The structured clone references (extensions 0x69 and 0x70) are what
  // turn a small frame into an exponential tree; the scan already refuses
  // every extension, and this keeps msgpackr from reading them regardless.
  structuredClone: false,
  mapsAsObjects: false,
  // 64-bit integers come back as BigInt, so values beyond 2^53 are caught
  // instead of silently rounded; safe ones become numbers again below.
  int64AsType: 'bigint',
  // Binary values are copied: uWebSockets.js reuses the message's memory once
  // the callback returns.
  copyBuffers: true,
});

export class FrameDecodeError extends Error {
  override readonly name = 'FrameDecodeError';

  /** The frame's top-level `id`, when the scan read that far (to answer with it). */
  readonly id: number | undefined;

  constructor(message: string, id?: number) {
    super(message);
    this.id = id;
  }
}

/** Encode any value as the server's codec does (tests and benchmarks build raw frames with it). */
export function encodeFrame(frame: unknown): Uint8Array {
  return packr.pack(frame);
}

/** A server frame encoded once, to be sent later; its tag is kept for the metrics. */
export interface EncodedServerFrame {
  readonly t: ServerFrame['t'];
  readonly bytes: Uint8Array;
}

export function encodeServerFrame(frame: ServerFrame): EncodedServerFrame {
  return { t: frame.t, bytes: packr.pack(frame) };
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

function sanitize(value: unknown, depth: number, maxDepth: number): WireValue {
  // The scan has checked the depth already; this keeps the walk bounded on its own.
  if (depth > maxDepth) throw new FrameDecodeError(`nested deeper than ${maxDepth}`);
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
  if (Array.isArray(value)) return value.map((v) => sanitize(v, depth + 1, maxDepth));
  if (value instanceof Map) {
    const out: { [key: string]: WireValue } = Object.create(null);
    for (const [k, v] of value) {
      if (typeof k !== 'string') throw new FrameDecodeError('map keys must be strings');
      out[k] = sanitize(v, depth + 1, maxDepth);
    }
    return out;
  }
  if (typeof value === 'bigint') {
    const n = Number(value);
    if (!Number.isSafeInteger(n)) throw new FrameDecodeError('integer beyond 2^53');
    return n;
  }
  throw new FrameDecodeError('extension types are not accepted');
}

/**
 * Decode one inbound frame; throws FrameDecodeError for anything that is not
 * plain MessagePack within `limits`. Work is linear in the frame's length.
 */
export function decodeFrame(bytes: Uint8Array, limits: FrameLimits = FRAME_LIMITS): WireValue {
  const scan = scanFrame(bytes, limits);
  if (!scan.ok) throw new FrameDecodeError(scan.reason, scan.id);
  let raw: unknown;
  try {
    raw = unpackr.unpack(bytes);
  } catch (error) {
    throw new FrameDecodeError(`not MessagePack: ${(error as Error).message}`, scan.id);
  }
  try {
    return sanitize(raw, 0, limits.maxDepth);
  } catch (error) {
    if (error instanceof FrameDecodeError) throw new FrameDecodeError(error.message, scan.id);
    throw error;
  }
}
