import { Packr, Unpackr } from 'msgpackr';
import type { WebSocketLike } from './client-options.ts';
import type { ClientFrame, DecodedServerFrame } from './frames.ts';
import { isServerFrame } from './server-frame-guard.ts';

/** The SDK's side of the wire: encoding what it sends, decoding what it receives. */

const packr = new Packr({ useRecords: false, variableMapSize: true });
const unpackr = new Unpackr({ useRecords: false, mapsAsObjects: true, int64AsType: 'number' });

/** Encode and send one frame. */
export function send(ws: WebSocketLike, frame: ClientFrame): void {
  ws.send(packr.pack(frame));
}

/**
 * One message from the server as a frame of a type this SDK knows;
 * undefined for anything else (not binary, not MessagePack, an unknown
 * type), which is ignored.
 */
export function decodeServerFrame(data: unknown): DecodedServerFrame | undefined {
  const bytes =
    data instanceof ArrayBuffer
      ? new Uint8Array(data)
      : data instanceof Uint8Array
        ? data
        : undefined;
  if (!bytes) return undefined;
  let value: unknown;
  try {
    value = unpackr.unpack(bytes);
  } catch {
    return undefined;
  }
  return isServerFrame(value) ? value : undefined;
}
