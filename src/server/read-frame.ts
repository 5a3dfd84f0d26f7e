import { decodeFrame, FrameDecodeError, type WireValue } from '../../protocol/codec.ts';
import { FRAME_LIMITS, type FrameLimits } from '../../protocol/scan-frame.ts';

/** What an inbound WebSocket message turned out to be. */
export type InboundFrame =
  | {
      readonly ok: true;
      readonly type: string;
      readonly frame: { readonly [key: string]: WireValue };
      readonly id: number | undefined;
    }
  | { readonly ok: false; readonly reason: string; readonly id: number | undefined };

function isMap(value: WireValue): value is { [key: string]: WireValue } {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Uint8Array)
  );
}

/**
 * Read one inbound message as far as the contract needs: binary, plain
 * MessagePack within `limits`, a map, with a string `t`. Never throws; a
 * frame that fails says why, with its `id` when it got far enough to have one.
 */
export function readFrame(
  message: ArrayBuffer | Uint8Array,
  isBinary: boolean,
  limits: FrameLimits = FRAME_LIMITS,
): InboundFrame {
  if (!isBinary)
    return {
      ok: false,
      reason: 'text frames are not accepted; send binary MessagePack',
      id: undefined,
    };
  let value: WireValue;
  try {
    value = decodeFrame(message instanceof Uint8Array ? message : new Uint8Array(message), limits);
  } catch (error) {
    if (error instanceof FrameDecodeError)
      return { ok: false, reason: error.message, id: error.id };
    return { ok: false, reason: 'not MessagePack', id: undefined };
  }
  if (!isMap(value)) return { ok: false, reason: 'a frame must be a map', id: undefined };
  const raw = value.id;
  const id = typeof raw === 'number' && Number.isSafeInteger(raw) && raw >= 0 ? raw : undefined;
  if (typeof value.t !== 'string') return { ok: false, reason: 'frame has no string t', id };
  return { ok: true, type: value.t, frame: value, id };
}
