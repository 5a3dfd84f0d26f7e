/**
 * What the `llm` bench process says to its children over IPC: the chat bot
 * process (bench/llm/chat-bots.ts) and the probe inside the server under
 * test (bench/llm/probe.ts). Types only.
 */

/** Passed to the chat bot process as JSON in LIFETICK_CHAT_BOTS. */
export interface ChatBotsConfig {
  /** Server port on 127.0.0.1. */
  readonly port: number;
  readonly players: number;
  /** HS256 secret the server was started with; bots mint their own tokens. */
  readonly secret: string;
  /** Connections opened at once while ramping up. */
  readonly batch: number;
  /** Seeds each bot's choices (lines, NPCs, timing), so runs repeat. */
  readonly seed: number;
}

/** One way a chat reply came back, or none. */
export interface ReplyLatency {
  readonly count: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

/** Everything the chat bots counted. Times are milliseconds. */
export interface ChatBotsResult {
  readonly rampSeconds: number;
  readonly connectAttempted: number;
  readonly connectSucceeded: number;
  /** The chat phase, from the first line scheduled to the last. */
  readonly chatSeconds: number;
  /** `talk` commands sent, by group (steady, bursty), and in all. */
  readonly talksSent: number;
  readonly talksSentSteady: number;
  readonly talksSentBursty: number;
  /** Acknowledged (queued for a reply); refused, by error code. */
  readonly talksAcked: number;
  readonly talkErrors: Readonly<Record<string, number>>;
  /** Talks without an ack or error when the bots gave up waiting. */
  readonly talksUnanswered: number;
  /** Lines a player wanted to send but did not: the client saw energy below the talk price. */
  readonly heldBackForEnergy: number;
  /** `chat` frames received, in all and by `fallback` reason ("none": the model or its cache). */
  readonly replies: number;
  readonly repliesBySource: Readonly<Record<string, number>>;
  /** Acked talks with no chat frame when the bots stopped waiting. */
  readonly repliesMissing: number;
  /** Chat frames for an NPC with no talk outstanding. */
  readonly repliesUnexpected: number;
  /** From a talk's send to its reply, model or cache replies, and template ones. */
  readonly modelReply: ReplyLatency;
  readonly templateReply: ReplyLatency;
  /** Event questions answered (the clocks stop while one is pending). */
  readonly answersSent: number;
  readonly unexpectedCloses: number;
  readonly closeCodes: Readonly<Record<string, number>>;
  readonly loopDelayP99Ms: number;
}

export type ChatBotsMessage =
  | {
      readonly type: 'progress';
      readonly attempted: number;
      readonly connected: number;
      readonly failed: number;
    }
  /** Every connection settled; the bots answer questions and keep their speeds, but do not talk yet. */
  | { readonly type: 'ready'; readonly connected: number }
  /** The last line of the chat phase went out; replies are awaited for up to `graceMs`. */
  | { readonly type: 'chatEnd'; readonly sent: number }
  | { readonly type: 'result'; readonly result: ChatBotsResult };

export type ChatBenchMessage =
  /** Talk for `seconds`, then wait up to `graceMs` for the last replies and send the result. */
  | { readonly type: 'chat'; readonly seconds: number; readonly graceMs: number }
  /** Close every connection and exit. */
  | { readonly type: 'stop' };

// -- the probe in the server under test ------------------------------------------------------

export interface ProbeRequest {
  readonly type: 'probe';
  readonly seq: number;
  /** Start a new window after reading this one. */
  readonly reset: boolean;
  /** Run a full garbage collection first and report the live heap (not inside a measured window). */
  readonly gc: boolean;
}

/** The server's ticks and main thread over one window (since the last reset). */
export interface ProbeWindow {
  readonly seconds: number;
  readonly ticks: number;
  readonly tickP50Ms: number;
  readonly tickP99Ms: number;
  readonly tickMaxMs: number;
  /** The simulate phase (the workers), and apply + publish (the main thread). */
  readonly simulateP99Ms: number;
  readonly mainThreadP99Ms: number;
  readonly loopDelayP99Ms: number;
  readonly loopDelayMaxMs: number;
  /** Main-thread garbage collections: how many, their pauses summed, the longest. */
  readonly gcCount: number;
  readonly gcMs: number;
  readonly gcMaxMs: number;
}

/** The voice service and the process, now. */
export interface ProbeVoice {
  readonly rssMB: number;
  readonly heapUsedMB: number;
  readonly heapTotalMB: number;
  /** Memory outside the JS heap held by JS objects (buffers included). */
  readonly externalMB: number;
  readonly queued: number;
  readonly inFlight: number;
  /** Highest seen right after an `ask`, since start. */
  readonly queuedMax: number;
  readonly inFlightMax: number;
  /** Conversations held in memory (bounded at 20,000, least recently used dropped). */
  readonly conversations: number;
  /** Longest turn list and summary any conversation reached (caps: 50 turns, 600 characters + "…"). */
  readonly maxTurns: number;
  readonly maxSummaryChars: number;
  /** Heap used right after a full collection, when one was asked for. */
  readonly liveHeapMB?: number;
}

export interface ProbeReply {
  readonly type: 'probe';
  readonly seq: number;
  readonly window: ProbeWindow;
  readonly voice: ProbeVoice;
}
