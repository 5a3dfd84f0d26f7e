import { decode, ExtData, encode } from '@msgpack/msgpack';
import fc from 'fast-check';
import { Packr } from 'msgpackr';
import { describe, expect, it } from 'vitest';
import { decodeFrame, FrameDecodeError } from '../../protocol/codec.ts';
import {
  FRAME_LIMITS,
  type FrameLimits,
  HELLO_LIMITS,
  MAX_VALUES,
  scanFrame,
} from '../../protocol/scan-frame.ts';
import { readFrame } from '../../src/server/read-frame.ts';
import { hugeHead, REFERENCE_BOMB, recordFrame, referenceBomb } from '../helpers/hostile-frames.ts';

/** A plain MessagePack value as a JavaScript value: what any client library may send. */
type Plain = null | boolean | number | string | Uint8Array | Plain[] | { [key: string]: Plain };

const plain = fc.letrec<{ value: Plain }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.maxSafeInteger(),
    fc.double({ noNaN: true }),
    fc.string({ maxLength: 40 }),
    fc.uint8Array({ maxLength: 40 }),
    fc.array(tie('value'), { maxLength: 6 }),
    fc.dictionary(fc.string({ maxLength: 8 }), tie('value'), { maxKeys: 6 }),
  ),
})).value;

/** Values in the frame as the scan counts them: every container, key and scalar. */
function countValues(value: Plain): number {
  if (Array.isArray(value)) return 1 + value.reduce<number>((n, v) => n + countValues(v), 0);
  if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array))
    return 1 + Object.values(value).reduce<number>((n, v) => n + 1 + countValues(v), 0);
  return 1;
}

/** Depth of the deepest item: a scalar or an empty container is 0. */
function nesting(value: Plain): number {
  const items = Array.isArray(value)
    ? value
    : value !== null && typeof value === 'object' && !(value instanceof Uint8Array)
      ? Object.values(value)
      : [];
  return items.length === 0 ? 0 : 1 + Math.max(...items.map(nesting));
}

const small: FrameLimits = { maxValues: 40, maxDepth: 3 };

describe('scanFrame against an independent encoder (@msgpack/msgpack)', () => {
  it('accepts every plain value within the limits and refuses the rest, saying which', () => {
    fc.assert(
      fc.property(plain, (value) => {
        const bytes = encode(value);
        const scan = scanFrame(bytes, small);
        const values = countValues(value);
        const within = values <= small.maxValues && nesting(value) <= small.maxDepth;
        expect(scan.ok).toBe(within);
        if (scan.ok) {
          expect(scan.values).toBe(values);
          // What passed decodes, to the same value.
          expect(decodeFrame(bytes, small)).toEqual(decode(bytes));
        } else {
          expect(scan.reason).toMatch(/more than 40 values|nested deeper than 3/);
          expect(() => decodeFrame(bytes, small)).toThrow(FrameDecodeError);
        }
      }),
      { numRuns: 5000, seed: 7 },
    );
  });

  it('refuses any extension anywhere in the frame, whatever its type and length', () => {
    const ext = fc
      .record({
        type: fc.integer({ min: -128, max: 127 }),
        // 1, 2, 4, 8, 16: fixext; others ext 8; over 255: ext 16.
        data: fc.oneof(
          fc
            .constantFrom(1, 2, 4, 8, 16)
            .chain((n) => fc.uint8Array({ minLength: n, maxLength: n })),
          fc.uint8Array({ maxLength: 300 }),
        ),
      })
      .map(({ type, data }) => new ExtData(type, data));
    fc.assert(
      fc.property(plain, ext, fc.nat(), (value, extension, where) => {
        // The extension replaces one spot of the value: a map value, an array item, or the whole.
        const spots: ((e: unknown) => unknown)[] = [
          (e) => e,
          (e) => [value, e],
          (e) => ({ t: 'cmd', id: 1, name: 'x', args: { value, e } }),
          (e) => [[[e]], value],
        ];
        const bytes = encode(spots[where % spots.length]!(extension));
        const scan = scanFrame(bytes, FRAME_LIMITS);
        expect(scan.ok).toBe(false);
        expect(() => decodeFrame(bytes)).toThrow(FrameDecodeError);
      }),
      { numRuns: 3000, seed: 11 },
    );
    // The timestamp extension (-1) that encoders write for dates.
    expect(scanFrame(encode({ t: 'cmd', at: new Date() })).ok).toBe(false);
  });

  it('refuses every frame cut off mid-value, and any byte after the value', () => {
    fc.assert(
      fc.property(plain, fc.nat(), fc.integer({ min: 0, max: 255 }), (value, cut, extra) => {
        const bytes = encode(value);
        const prefix = bytes.subarray(0, cut % bytes.length);
        expect(scanFrame(prefix, FRAME_LIMITS).ok).toBe(false);
        expect(scanFrame(Uint8Array.from([...bytes, extra]), FRAME_LIMITS).ok).toBe(false);
      }),
      { numRuns: 5000, seed: 13 },
    );
  });

  it('reads t and id in place as readFrame does after decoding', () => {
    const frame = fc.record(
      {
        t: fc.oneof(fc.constantFrom('hello', 'cmd', 'dance'), fc.string({ maxLength: 6 })),
        id: fc.oneof(fc.nat(), fc.maxSafeNat(), fc.integer(), fc.double(), fc.string()),
        name: fc.string({ maxLength: 8 }),
        args: plain,
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(frame, (f) => {
        const bytes = encode(f);
        const scan = scanFrame(bytes, FRAME_LIMITS);
        const inbound = readFrame(bytes, true, FRAME_LIMITS);
        expect(scan.id).toBe(inbound.id);
        if (inbound.ok)
          expect(scan.type).toBe(
            inbound.type === 'hello' || inbound.type === 'cmd' ? inbound.type : 'other',
          );
      }),
      { numRuns: 5000, seed: 17 },
    );
  });

  it('never throws on random bytes, and refuses what the decoder would choke on', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const scan = scanFrame(bytes, FRAME_LIMITS);
        let decoded = true;
        try {
          decodeFrame(bytes);
        } catch (error) {
          expect(error).toBeInstanceOf(FrameDecodeError);
          decoded = false;
        }
        // A frame the scan passed decodes, unless it holds an integer past 2^53.
        if (scan.ok && !decoded) expect(() => decodeFrame(bytes)).toThrow(/beyond 2\^53/);
        if (!scan.ok) expect(decoded).toBe(false);
      }),
      { numRuns: 30_000, seed: 19 },
    );
  });
});

describe('scanFrame on the attacks', () => {
  it('refuses msgpackr structured-clone references, records and bundled strings', () => {
    expect(REFERENCE_BOMB.length).toBe(565);
    expect(scanFrame(REFERENCE_BOMB)).toMatchObject({
      ok: false,
      reason: 'extension types are not accepted',
    });
    expect(scanFrame(referenceBomb(3, 4, 4)).ok).toBe(false);
    expect(scanFrame(recordFrame(['a', 'b'], 4)).ok).toBe(false);
    const shared = [1, 2];
    for (const packr of [
      new Packr({ structuredClone: true }),
      new Packr({ useRecords: true }),
      new Packr({ bundleStrings: true, useRecords: false }),
    ]) {
      const bytes = packr.pack({
        t: 'cmd',
        id: 1,
        args: {
          a: shared,
          b: shared,
          c: [{ x: 1 }, { x: 2 }],
          s: 'a string long enough to bundle',
        },
      });
      expect(scanFrame(bytes).ok).toBe(false);
      expect(() => decodeFrame(bytes)).toThrow(FrameDecodeError);
    }
  });

  it('refuses a container that announces more than the budget before reading it', () => {
    // array 32 of 2^32-1 items, map 32 of 2^31 entries, in a 5-byte frame.
    expect(scanFrame(Uint8Array.from([0xdd, 0xff, 0xff, 0xff, 0xff]))).toMatchObject({
      ok: false,
      reason: `frame holds more than ${MAX_VALUES} values`,
    });
    expect(scanFrame(Uint8Array.from([0xdf, 0x80, 0, 0, 0])).ok).toBe(false);
    // 1024 empty maps fit; 1025 do not (the array itself is a value).
    expect(scanFrame(encode(Array.from({ length: MAX_VALUES - 1 }, () => ({})))).ok).toBe(true);
    expect(scanFrame(encode(Array.from({ length: MAX_VALUES }, () => ({})))).ok).toBe(false);
  });

  it('refuses lengths that run past the frame, and nesting past the cap', () => {
    expect(scanFrame(hugeHead('bin', 0xffffffff, 10)).ok).toBe(false);
    expect(scanFrame(hugeHead('str', 2 ** 31, 100)).ok).toBe(false);
    let deep: Plain = 1;
    for (let i = 0; i < 16; i++) deep = [deep];
    expect(scanFrame(encode(deep)).ok).toBe(true);
    expect(scanFrame(encode([deep]))).toMatchObject({ ok: false, reason: 'nested deeper than 16' });
    // 100,000 nested arrays: refused at depth 17, no stack involved.
    expect(scanFrame(new Uint8Array(100_000).fill(0x91)).ok).toBe(false);
  });

  it('refuses map keys that are not strings, and 0xc1', () => {
    expect(scanFrame(Uint8Array.from([0x81, 0x01, 0x02]))).toMatchObject({
      ok: false,
      reason: 'map keys must be strings',
    });
    expect(scanFrame(Uint8Array.from([0x81, 0xa1, 0x74, 0xc1])).ok).toBe(false);
  });

  it('reads only a small flat hello before welcome', () => {
    const hello = encode({ t: 'hello', v: 1, token: 'x'.repeat(300) });
    expect(scanFrame(hello, HELLO_LIMITS)).toMatchObject({ ok: true, type: 'hello' });
    const cmd = encode({ t: 'cmd', id: 4, name: 'getState', args: { a: [1] } });
    expect(scanFrame(cmd, HELLO_LIMITS)).toMatchObject({ ok: false, type: 'cmd', id: 4 });
    expect(scanFrame(encode({ t: 'hello', junk: Array(20).fill(0) }), HELLO_LIMITS).ok).toBe(false);
  });
});
