/**
 * Random frames for the fuzz tests: command-shaped frames with hostile
 * arguments (tests/protocol/fuzz.test.ts dispatches them in process), and
 * structural attacks, whole hostile frames (tests/server/fuzz.test.ts sends
 * them to a real server).
 */

import { ExtData, encode } from '@msgpack/msgpack';
import fc from 'fast-check';
import { Packr } from 'msgpackr';
import { COMMAND_NAMES } from '../../protocol/commands.ts';
import { hugeHead, recordFrame, referenceBomb } from './hostile-frames.ts';

/** Keys that would reach Object.prototype if anything assigned them blindly. */
const HOSTILE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
];

const hostileMap = fc.dictionary(
  fc.oneof(fc.constantFrom(...HOSTILE_KEYS), fc.string({ maxLength: 8 })),
  fc.anything({ maxDepth: 2 }),
  {
    maxKeys: 4,
  },
);
export const commandLike = fc.record({
  t: fc.oneof(fc.constant('cmd'), fc.constant('hello'), fc.string({ maxLength: 6 })),
  id: fc.oneof(
    fc.nat(),
    fc.integer(),
    fc.double(),
    fc.string({ maxLength: 4 }),
    fc.constant(undefined),
  ),
  name: fc.oneof(fc.constantFrom(...COMMAND_NAMES, ...HOSTILE_KEYS), fc.string({ maxLength: 10 })),
  args: fc.oneof(
    hostileMap,
    fc.anything({ maxDepth: 3 }),
    fc.record({ level: fc.integer({ min: -2, max: 8 }) }),
    fc.record({ npcId: fc.integer({ min: -1, max: 9 }), text: fc.string({ maxLength: 20 }) }),
    fc.record({ eventId: fc.string({ maxLength: 12 }), optionId: fc.string({ maxLength: 6 }) }),
  ),
});

// -- structural attacks ------------------------------------------------------------

/** One hostile frame and what it is, for the failure message. */
export interface Attack {
  readonly kind: string;
  readonly bytes: Uint8Array;
}

function concat(...parts: (Uint8Array | number[])[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** `{t: 'cmd', id, name: 'characterSetup', args: <raw>}`, the raw value spliced in unread. */
export function inCommand(raw: Uint8Array, id: number): Uint8Array {
  const head = encode({ t: 'cmd', id, name: 'characterSetup' });
  return concat([0x84], head.subarray(1), encode('args'), raw);
}

/** `{t: 'hello', v: 1, token: <raw>}`, the raw value spliced in unread. */
function inHello(raw: Uint8Array): Uint8Array {
  const head = encode({ t: 'hello', v: 1 });
  return concat([0x83], head.subarray(1), encode('token'), raw);
}

const u32 = (n: number) => [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];

/** A value shared twice, so msgpackr's structured clone writes a reference. */
const packers = [
  new Packr({ structuredClone: true }),
  new Packr({ useRecords: true }),
  new Packr({ bundleStrings: true, useRecords: false }),
];

/** Raw MessagePack values, each one refused by the wire rules: the payload of an attack. */
const hostileValue: fc.Arbitrary<Attack> = fc.oneof(
  fc.integer({ min: 17, max: 20_000 }).map((n) => ({
    kind: `${n} nested arrays`,
    bytes: concat(new Uint8Array(n).fill(0x91), [0xc0]),
  })),
  fc
    .record({ n: fc.integer({ min: 1025, max: 20_000 }), item: fc.constantFrom(0x80, 0x90, 0xc0) })
    .map(({ n, item }) => ({
      kind: `array of ${n} x 0x${item.toString(16)}`,
      bytes: concat([0xdd, ...u32(n)], new Uint8Array(n).fill(item)),
    })),
  fc
    .record({
      type: fc.integer({ min: -128, max: 127 }),
      data: fc.oneof(
        fc.constantFrom(1, 2, 4, 8, 16).chain((n) => fc.uint8Array({ minLength: n, maxLength: n })),
        fc.uint8Array({ maxLength: 400 }),
      ),
    })
    .map(({ type, data }) => ({
      kind: `extension ${type} of ${data.length} bytes`,
      bytes: encode(new ExtData(type, data)),
    })),
  fc
    .record({
      levels: fc.integer({ min: 2, max: 9 }),
      width: fc.integer({ min: 2, max: 12 }),
      leaf: fc.integer({ min: 1, max: 64 }),
    })
    .map(({ levels, width, leaf }) => ({
      kind: `reference bomb ${levels}x${width}x${leaf}`,
      bytes: referenceBomb(levels, width, leaf),
    })),
  fc
    .record({
      keys: fc.array(fc.constantFrom('a', 'b', 'name', 'text'), { minLength: 1, maxLength: 4 }),
      records: fc.integer({ min: 1, max: 15 }),
    })
    .map(({ keys, records }) => ({ kind: 'msgpackr record', bytes: recordFrame(keys, records) })),
  fc
    .record({ packer: fc.nat({ max: packers.length - 1 }), text: fc.string({ minLength: 40 }) })
    .map(({ packer, text }) => {
      const shared = { text, list: [1, 2, 3] };
      return {
        kind: `msgpackr packer ${packer}`,
        bytes: packers[packer]!.pack({ a: shared, b: shared, c: [{ x: text }, { x: text }] }),
      };
    }),
  fc
    .record({
      kind: fc.constantFrom('bin', 'str') as fc.Arbitrary<'bin' | 'str'>,
      length: fc.integer({ min: 2 ** 16, max: 2 ** 32 - 1 }),
      actual: fc.nat({ max: 200 }),
    })
    .map(({ kind, length, actual }) => ({
      kind: `${kind} 32 announcing ${length} bytes`,
      bytes: hugeHead(kind, length, actual),
    })),
  fc
    .record({ size: fc.integer({ min: 2000, max: 20_000 }), bin: fc.boolean() })
    .map(({ size, bin }) => ({
      kind: `${bin ? 'binary' : 'string'} of ${size} bytes`,
      bytes: encode(bin ? new Uint8Array(size) : 'x'.repeat(size)),
    })),
);

/** Bytes cut off mid-value: a command frame with random arguments, truncated. */
const truncated: fc.Arbitrary<Attack> = fc
  .record({ frame: commandLike, cut: fc.nat() })
  .chain(({ frame, cut }) => {
    let bytes: Uint8Array;
    try {
      bytes = encode(frame, { ignoreUndefined: true });
    } catch {
      bytes = encode({ t: 'cmd', id: 1, name: 'getState', args: {} });
    }
    return fc.constant({ kind: 'truncated frame', bytes: bytes.subarray(0, cut % bytes.length) });
  });

/** A whole hostile frame: the value bare, as a command's args, or as hello's token. */
export const attack: fc.Arbitrary<Attack & { readonly welcomed: boolean }> = fc
  .record({
    value: hostileValue,
    wrap: fc.constantFrom('bare', 'cmd', 'hello'),
    welcomed: fc.boolean(),
    truncated,
    cut: fc.boolean(),
  })
  .map(({ value, wrap, welcomed, truncated, cut }) => {
    if (cut) return { ...truncated, welcomed };
    const bytes =
      wrap === 'cmd'
        ? inCommand(value.bytes, 7)
        : wrap === 'hello'
          ? inHello(value.bytes)
          : value.bytes;
    return { kind: `${value.kind} (${wrap})`, bytes, welcomed };
  });
