/**
 * One bot of the `llm` bench's bot process (bench/llm/chat-bots.ts): its
 * connection, what it knows of its player, the commands it has in flight
 * and its place in the chat schedule.
 */
import type WebSocket from 'ws';
import { botGroup } from './schedule.ts';
import { prng } from './talk-lines.ts';

export const BotState = { connecting: 0, live: 1, failed: 2, closed: 3 } as const;
export type BotState = (typeof BotState)[keyof typeof BotState];

export interface Question {
  readonly eventId: string;
  readonly options: readonly string[];
  next: number;
}

export interface Sent {
  readonly kind: 'talk' | 'answer' | 'speed';
  readonly at: number;
  readonly npcId: number;
}

export interface Bot {
  readonly n: number;
  readonly group: 'steady' | 'bursty';
  readonly rng: () => number;
  ws: WebSocket | undefined;
  state: BotState;
  openedAt: number;
  settle: (() => void) | undefined;
  /** The update frame key of `energy`, and the energy last seen (lowered by 5 on each talk sent). */
  energyKey: string;
  energy: number;
  npcs: number[];
  favourite: number;
  readonly sent: Map<number, Sent>;
  /** Per NPC: talks sent and not refused, awaiting a reply, oldest first (command id, sent at). */
  readonly awaiting: Map<number, { id: number; at: number }[]>;
  question: Question | undefined;
  /** Chat schedule: when the next line goes, and lines left in the current burst. */
  nextAt: number;
  burstLeft: number;
}

/** Bot `n` before it connects: its group, its own seeded generator, nothing known yet. */
export function newBot(n: number, seed: number): Bot {
  return {
    n,
    group: botGroup(n),
    rng: prng(seed * 1_000_003 + n),
    ws: undefined,
    state: BotState.connecting,
    openedAt: 0,
    settle: undefined,
    energyKey: '',
    energy: 0,
    npcs: [],
    favourite: 0,
    sent: new Map(),
    awaiting: new Map(),
    question: undefined,
    nextAt: Number.POSITIVE_INFINITY,
    burstLeft: 0,
  };
}
