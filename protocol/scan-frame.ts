/**
 * The first look at an inbound frame: one linear pass over its bytes that
 * checks it is plain MessagePack, small enough in structure to decode, and
 * notes its `t` and `id` on the way, before any decoder sees it.
 *
 * Why: a decoder does work in proportion to what the bytes *say*, not to how
 * many there are. msgpackr reads extension types no option turns off
 * (records, bundled strings, BigInt, RegExp, typed arrays) and, unless told
 * not to, structured clone references, which hand out one object many times:
 * a 565-byte frame becomes a tree of billions of nodes for whatever walks
 * it. The wire is plain MessagePack only
 * (protocol/PROTOCOL.md), so anything else is refused here, and a frame that
 * passes costs the decoder at most `maxValues` values.
 *
 * The pass allocates nothing per value: the open containers live in a fixed
 * typed-array stack, and the only object made is the result.
 */

/** What a frame may hold. */
export interface FrameLimits {
  /** Total values, containers and map keys included. */
  readonly maxValues: number;
  /** Deepest nesting: the top-level value is at depth 0, its items at 1. */
  readonly maxDepth: number;
}

/** The deepest nesting any caller may ask for (the size of the scan's stack). */
const STACK_SIZE = 64;

/** Deepest nesting accepted inbound; command arguments are shallow (a record inside args is at depth 3). */
export const MAX_DEPTH = 16;

/**
 * Values one frame may hold after welcome. The largest command a client
 * sends today is characterSetup with a full appearance: 16 pairs plus the
 * frame and its other fields, under 60 values; 1024 leaves that 16 times
 * over for commands yet to come. Each value is at least one byte, so a 16 KiB
 * frame could otherwise ask for 16,384 objects (empty maps).
 */
export const MAX_VALUES = 1024;

/** Limits of a frame after welcome. */
export const FRAME_LIMITS: FrameLimits = { maxValues: MAX_VALUES, maxDepth: MAX_DEPTH };

/**
 * Limits of a frame before welcome: only hello is read then, one flat map of
 * three keys (7 values). 16 values and one level of nesting leave a client
 * room for a key or two more, nothing that costs anything to refuse.
 */
export const HELLO_LIMITS: FrameLimits = { maxValues: 16, maxDepth: 2 };

/** The frame types the server tells apart before decoding. */
export const FrameKind = { hello: 'hello', cmd: 'cmd', other: 'other' } as const;
export type FrameKind = (typeof FrameKind)[keyof typeof FrameKind];

/**
 * The verdict on one frame. `type` and `id` come from the top-level map's
 * `t` and `id` as far as the scan got (the last occurrence wins, as in the
 * decoder), so a refused frame can still be answered with its id.
 */
export type FrameScan =
  | {
      readonly ok: true;
      readonly type: FrameKind;
      readonly id: number | undefined;
      readonly values: number;
    }
  | {
      readonly ok: false;
      readonly reason: string;
      readonly type: FrameKind;
      readonly id: number | undefined;
    };

// Remaining items of each open container, and whether it is a map. Shared by
// every call: the scan is synchronous and never re-entered.
const remaining = new Float64Array(STACK_SIZE + 1);
const isMap = new Uint8Array(STACK_SIZE + 1);
// Float ids are read through this scratch space (a frame's bytes need not be aligned).
const scratch = new DataView(new ArrayBuffer(8));

/** Which top-level key was just read. */
const KEY_NONE = 0;
const KEY_T = 1;
const KEY_ID = 2;

/** Does `bytes[at, at + length)` spell `word` (ASCII)? */
function spells(bytes: Uint8Array, at: number, length: number, word: string): boolean {
  if (length !== word.length) return false;
  for (let i = 0; i < length; i++) if (bytes[at + i] !== word.charCodeAt(i)) return false;
  return true;
}

function uint(bytes: Uint8Array, at: number, size: number): number {
  let n = 0;
  for (let i = 0; i < size; i++) n = n * 256 + bytes[at + i]!;
  return n;
}

/**
 * The value of a number whose head byte is `head` and payload starts at
 * `at`, when it is a command id (an integer in 0..2^53-1); undefined
 * otherwise. Mirrors what readFrame accepts after decoding.
 */
function idValue(bytes: Uint8Array, head: number, at: number): number | undefined {
  let n: number;
  if (head <= 0x7f) n = head;
  else if (head >= 0xcc && head <= 0xcf) n = uint(bytes, at, 1 << (head - 0xcc));
  else if (head >= 0xd0 && head <= 0xd3) {
    const size = 1 << (head - 0xd0);
    if (bytes[at]! >= 0x80) return undefined; // negative
    n = uint(bytes, at, size);
  } else if (head === 0xca || head === 0xcb) {
    const size = head === 0xca ? 4 : 8;
    for (let i = 0; i < size; i++) scratch.setUint8(i, bytes[at + i]!);
    n = head === 0xca ? scratch.getFloat32(0) : scratch.getFloat64(0);
  } else return undefined;
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

/**
 * Scan one frame. Never throws; work and memory are linear in the frame's
 * length, whatever its bytes claim.
 */
export function scanFrame(bytes: Uint8Array, limits: FrameLimits = FRAME_LIMITS): FrameScan {
  if (limits.maxDepth > STACK_SIZE) throw new RangeError(`maxDepth above ${STACK_SIZE}`);
  const end = bytes.length;
  let type: FrameKind = FrameKind.other;
  let id: number | undefined;
  const fail = (reason: string): FrameScan => ({ ok: false, reason, type, id });
  if (end === 0) return fail('empty frame');

  let pos = 0;
  let depth = 0; // open containers; the next value's depth
  let values = 0;
  let topKey = KEY_NONE;
  for (;;) {
    if (pos >= end) return fail('frame ends in the middle of a value');
    // In a map of n entries, `remaining` counts 2n items down: keys at even counts.
    const isKey = depth > 0 && isMap[depth] === 1 && remaining[depth]! % 2 === 0;
    const head = bytes[pos++]!;
    if (++values > limits.maxValues)
      return fail(`frame holds more than ${limits.maxValues} values`);
    let children = 0;
    let map = false;
    let payload = 0; // bytes after the head (and after any length field)
    let isString = false;
    if (head <= 0x7f || head >= 0xe0) {
      // positive or negative fixint
    } else if (head <= 0x8f) {
      children = (head & 0x0f) * 2;
      map = true;
    } else if (head <= 0x9f) {
      children = head & 0x0f;
    } else if (head <= 0xbf) {
      payload = head & 0x1f;
      isString = true;
    } else {
      // The length fields: 1, 2 or 4 bytes, checked to be inside the frame first.
      let lengthSize = 0;
      switch (head) {
        case 0xc0: // nil
        case 0xc2: // false
        case 0xc3: // true
          break;
        case 0xc4: // bin 8
        case 0xd9: // str 8
          lengthSize = 1;
          break;
        case 0xc5: // bin 16
        case 0xda: // str 16
        case 0xdc: // array 16
        case 0xde: // map 16
          lengthSize = 2;
          break;
        case 0xc6: // bin 32
        case 0xdb: // str 32
        case 0xdd: // array 32
        case 0xdf: // map 32
          lengthSize = 4;
          break;
        case 0xca: // float 32
        case 0xce: // uint 32
        case 0xd2: // int 32
          payload = 4;
          break;
        case 0xcb: // float 64
        case 0xcf: // uint 64
        case 0xd3: // int 64
          payload = 8;
          break;
        case 0xcc: // uint 8
        case 0xd0: // int 8
          payload = 1;
          break;
        case 0xcd: // uint 16
        case 0xd1: // int 16
          payload = 2;
          break;
        case 0xc1:
          return fail('byte 0xc1 is never used in MessagePack');
        default:
          // 0xc7-0xc9 ext 8/16/32, 0xd4-0xd8 fixext: msgpackr's records,
          // references, bundled strings, timestamps, anything.
          return fail('extension types are not accepted');
      }
      if (lengthSize > 0) {
        if (lengthSize > end - pos) return fail('frame ends in the middle of a value');
        const length = uint(bytes, pos, lengthSize);
        pos += lengthSize;
        if (head === 0xdc || head === 0xdd) children = length;
        else if (head === 0xde || head === 0xdf) {
          children = length * 2;
          map = true;
        } else {
          payload = length;
          isString = head >= 0xd9;
        }
      }
    }
    if (isKey && !isString) return fail('map keys must be strings');
    if (payload > end - pos) return fail('frame ends in the middle of a value');
    // The top-level map's `t` and `id`, read in place.
    if (depth === 1 && isMap[1] === 1) {
      if (isKey) {
        topKey = spells(bytes, pos, payload, 't')
          ? KEY_T
          : spells(bytes, pos, payload, 'id')
            ? KEY_ID
            : KEY_NONE;
      } else {
        if (topKey === KEY_T) {
          type =
            isString && spells(bytes, pos, payload, 'hello')
              ? FrameKind.hello
              : isString && spells(bytes, pos, payload, 'cmd')
                ? FrameKind.cmd
                : FrameKind.other;
        } else if (topKey === KEY_ID) id = idValue(bytes, head, pos);
        topKey = KEY_NONE;
      }
    }
    pos += payload;
    if (depth > 0) remaining[depth] = remaining[depth]! - 1;
    if (children > 0) {
      if (depth + 1 > limits.maxDepth) return fail(`nested deeper than ${limits.maxDepth}`);
      // Every item is a value: refuse a container that announces more than
      // the budget has left before reading any of it.
      if (children > limits.maxValues - values)
        return fail(`frame holds more than ${limits.maxValues} values`);
      depth++;
      remaining[depth] = children;
      isMap[depth] = map ? 1 : 0;
    }
    while (depth > 0 && remaining[depth] === 0) depth--;
    if (depth === 0) break;
  }
  if (pos !== end) return fail('bytes after the end of the value');
  return { ok: true, type, id, values };
}
