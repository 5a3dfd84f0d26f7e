/// <reference lib="dom" />
/** The page's log of frames, acks and errors, and the connection status badge. */
import { byId, h, prependCapped } from './dom.ts';
import { wallTime } from './format.ts';

const LOG_MAX = 200;
const list = byId('log');
const status = byId('status');

export type LogKind = 'info' | 'frame' | 'ack' | 'error';

/** One line, newest first; the oldest go past LOG_MAX lines. */
export function log(kind: LogKind, text: string): void {
  const line = h('li', { 'data-kind': kind }, `${wallTime()} ${kind.padEnd(5)} ${text}`);
  prependCapped(list, line, LOG_MAX);
}

export function setStatus(
  state: 'offline' | 'connecting' | 'online' | 'error',
  text: string,
): void {
  status.dataset.state = state;
  status.textContent = text;
}
